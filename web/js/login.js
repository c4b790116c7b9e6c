// Sign-in for the chair and the secretary; then on to the page asked for (?next=) or the console.
import { startPage, common, param } from './page.js'

// Only a page of this site: an open redirect would make the sign-in page a phishing tool.
function safeNext(next) {
  if (!next) return null
  const url = new URL(next, location.origin)
  return url.origin === location.origin ? url.pathname + url.search + url.hash : null
}

startPage({
  components: {
    login: () => ({
      ...common,
      role: safeNext(param('next'))?.startsWith('/secretary') ? 'secretary' : 'chair',
      password: '',
      error: '',
      busy: false,

      async submit() {
        this.error = ''
        this.busy = true
        try {
          const response = await fetch(`/api/login?lang=${this.lang()}`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ role: this.role, password: this.password }),
          })
          if (response.ok) {
            location.assign(safeNext(param('next')) ?? '/' + this.role)
            return
          }
          this.error = (await response.json()).error?.message ?? response.statusText
        } catch {
          this.error = this.t('network_error')
        } finally {
          this.busy = false
        }
      },
    }),
  },
})
