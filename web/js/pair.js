// Opened by the QR code on a member's card (/pair#CODE): trade the one-time code for this
// phone's device cookie. The code travels in the fragment, so it never reaches a server log.
// (?lang= on API calls picks the language of the server's error messages.)
import { startPage, common, adoptRosterLang } from './page.js'

startPage({
  components: {
    pair: () => ({
      ...common,
      state: 'pairing', // pairing | paired | failed | nocode
      name: '',
      error: '',

      async init() {
        const code = decodeURIComponent(location.hash.slice(1))
        // A used code is worthless; keep it out of the history, so Back or reload cannot
        // replay it and show a confusing "already used".
        history.replaceState(null, '', location.pathname + location.search)
        if (!code) {
          this.state = 'nocode'
          return
        }
        try {
          const response = await fetch(`/api/pair?lang=${this.lang()}`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ code }),
          })
          const body = await response.json()
          if (response.ok) {
            this.name = body.person.name
            adoptRosterLang(body.person.lang)
            this.state = 'paired'
          } else {
            this.error = body.error?.message ?? response.statusText
            this.state = 'failed'
          }
        } catch {
          this.error = this.t('network_error')
          this.state = 'failed'
        }
      },
    }),
  },
})
