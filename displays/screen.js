// The hall screen: read from the back row, in every language of the council at once.
// A kiosk: no interaction, the display key comes in the URL (?key=), and it reconnects forever.
// Later: the speaker with timer, the queue, votes and results with the seat map.
import { startPage, common, param } from '/static/js/page.js'
import { loadStrings, makeT } from '/static/js/i18n.js'

startPage({
  as: 'display',
  key: param('key'),
  components: {
    screen: () => ({
      ...common,
      strings: {}, // lang -> t(), for each language on the screen
      now: Date.now(),

      init() {
        setInterval(() => (this.now = Date.now()), 1000)
        Alpine.effect(() => this.languages().forEach((lang) => this.loadLanguage(lang)))
      },

      // The council's languages; a closed-session view names them only through its title.
      languages() {
        const meeting = this.meeting()
        if (!meeting) return [this.lang()]
        return meeting.languages ?? Object.keys(meeting.title)
      },
      async loadLanguage(lang) {
        if (lang in this.strings) return
        this.strings[lang] = null // loading
        try {
          this.strings[lang] = makeT(await loadStrings(lang))
        } catch {
          delete this.strings[lang]
          setTimeout(() => this.loadLanguage(lang), 3000)
        }
      },
      tIn(lang, key, params) {
        return this.strings[lang]?.(key, params) ?? ''
      },
      council() {
        return this.meeting()?.council ?? ''
      },
      clock() {
        return new Intl.DateTimeFormat(this.languages()[0], { hour: '2-digit', minute: '2-digit' }).format(this.now)
      },
      // The string key of what to show when no item is: why, in the screen's words.
      message() {
        if (this.refusedCode() === 4001) return 'screen_bad_key'
        if (this.closedSession()) return 'closed_session'
        if (this.currentItem()) return ''
        return this.phase() ? 'idle_' + this.phase() : ''
      },
    }),
  },
})
