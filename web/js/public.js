// The public's read-only page. A meeting closed to the public shows that and nothing else:
// the server sends no more than that (view.closed_session), or refuses the connection (4004).
import { startPage, common } from './page.js'

startPage({
  as: 'public',
  components: {
    publicView: () => ({
      ...common,
      inClosedSession() {
        return this.closedSession() || this.refusedCode() === 4004
      },
    }),
  },
})
