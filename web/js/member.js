// The member's phone: whose device this is, the meeting's phase, the item under consideration
// and its base proposal. Later: the speaking queue, proposals, votes.
import { startPage, common } from './page.js'

startPage({
  as: 'member',
  components: {
    member: () => ({
      ...common,
      personName() {
        return this.$store.app.person?.name ?? ''
      },
      groupSuffix() {
        const id = this.$store.app.person?.group
        const group = this.view()?.groups?.find((g) => g.id === id)
        return group ? ` (${this.local(group.name)})` : ''
      },
    }),
  },
})
