// The secretary's console: pairing cards to print, and the paired devices with revocation.
// Later: roster, seats, substitutes, agenda, minutes.
import { startPage, common, confirmation, signOut } from './page.js'

startPage({
  as: 'secretary',
  components: {
    signOut,
    secretary: () => ({
      ...common,
      ...confirmation(),
      devices: [],
      error: '',
      unauthorised: false,

      init() {
        this.loadDevices()
      },

      signedOut() {
        return this.unauthorised || this.refusedCode() === 4001
      },
      groups() {
        return this.view()?.groups ?? []
      },
      cardsUrl(group) {
        return '/secretary/cards?group=' + encodeURIComponent(group.id)
      },
      groupLabel(group) {
        return this.t('pairing_cards_group', { group: this.local(group.name), count: group.size })
      },
      when(ms) {
        if (!ms) return '—'
        return new Intl.DateTimeFormat(this.lang(), { dateStyle: 'short', timeStyle: 'short' }).format(ms)
      },
      deviceState(device) {
        return device.revoked ? this.t('device_revoked_at', { when: this.when(device.revoked) }) : this.t('device_active')
      },

      async loadDevices() {
        const response = await this.api('/api/devices')
        if (response) this.devices = (await response.json()).devices
      },
      askRevoke(device) {
        const name = device.name
        this.ask(this.t('confirm_revoke', { name }), this.t('revoke'), async () => {
          if (await this.api(`/api/devices/${device.id}/revoke`, { method: 'POST' })) this.loadDevices()
        })
      },
      // fetch, with the server's refusal shown on the page; the response only if it succeeded.
      async api(url, options) {
        this.error = ''
        let response
        try {
          response = await fetch(`${url}?lang=${this.lang()}`, options)
        } catch {
          this.error = this.t('network_error')
          return null
        }
        if (response.ok) return response
        if (response.status === 401) this.unauthorised = true
        else this.error = (await response.json()).error?.message ?? response.statusText
        return null
      },
    }),
  },
})
