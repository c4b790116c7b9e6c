// What every page has in common: the Alpine store its components read, the language, the live
// connection, and the small components that appear on several pages (status bar, language
// switcher). A page module calls startPage() at load; Alpine (loaded with `defer` after the
// module) then fires `alpine:init`, where the components get registered before anything renders.
//
// Alpine here is the CSP build: HTML expressions stay simple (names, calls, comparisons), so
// logic lives in component methods. See web/vendor/README.md.

import { Live } from './live.js'
import { LANGS, chosenLang, pickLang, rememberLang, loadStrings, makeT } from './i18n.js'

// Each language named in itself, as a switcher should show it.
const LANG_NAMES = { fi: 'Suomi', sv: 'Svenska', en: 'English' }

// Methods shared by page components (spread into each; methods only, since spreading an object
// would freeze getters into values).
export const common = {
  t(key, params) {
    return this.$store.app.t(key, params)
  },
  lang() {
    return this.$store.app.lang
  },
  view() {
    return this.$store.app.view
  },
  meeting() {
    return this.$store.app.view?.meeting ?? null
  },
  closedSession() {
    return this.$store.app.view?.closed_session === true
  },
  // A text of the council ({fi, sv}) in the viewer's language, else the council's first one.
  local(text, lang = this.lang()) {
    if (!text) return ''
    if (typeof text === 'string') return text
    const fallback = this.meeting()?.languages?.[0]
    return text[lang] ?? text[fallback] ?? Object.values(text)[0] ?? ''
  },
  meetingTitle() {
    return this.local(this.meeting()?.title)
  },
  phase() {
    return this.meeting()?.phase ?? ''
  },
  phaseLabel() {
    return this.phase() ? this.t('phase_' + this.phase()) : ''
  },
  currentItem() {
    const view = this.$store.app.view
    return view?.agenda?.find((item) => item.number === view.current_item) ?? null
  },
  currentItemHeading() {
    const item = this.currentItem()
    return item ? this.t('item_heading', { number: item.number, title: this.local(item.title) }) : ''
  },
  currentProposal() {
    return this.local(this.currentItem()?.base_proposal)
  },
  // What to say when no item is under consideration.
  idleText() {
    return this.phase() ? this.t('idle_' + this.phase()) : ''
  },
  refusedCode() {
    return this.$store.app.refusal?.code ?? 0
  },
  // Whole euros as the viewer's language writes them: "1 200 000 €" (an appropriation, VO-R4).
  euros(amount) {
    return new Intl.NumberFormat(this.lang() === 'en' ? 'en-GB' : this.lang(), {
      style: 'currency', currency: 'EUR', maximumFractionDigits: 0,
    }).format(amount)
  },
}

// Quorum at a glance (MTG-2), for the consoles (methods only, spread into a component like
// `common`, whose `view()` and `phase()` they use).
export const quorumReading = {
  attendance() {
    return this.view()?.attendance ?? null
  },
  quorum() {
    return this.attendance()?.quorum ?? { present: 0, seats: 0, needed: 0, quorate: false }
  },
  hasQuorumInfo() {
    return this.attendance() !== null
  },
  quorumText() {
    const q = this.quorum()
    return this.t('c_quorum_line', { present: q.present, seats: q.seats, needed: q.needed })
  },
  quorumState() {
    return this.quorum().quorate ? 'ok' : 'lost'
  },
  quorumWord() {
    return this.quorum().quorate ? this.t('c_quorate') : this.t('c_not_quorate')
  },
  // Loud only once the meeting is sitting: before the roll call nobody is present yet.
  quorumLost() {
    const a = this.attendance()
    return this.phase() === 'open' && a !== null && a.declaration !== null && !this.quorum().quorate
  },
}

// For consoles: send a command, count it while unanswered (it may wait out a reconnect), and
// show the server's refusal, which comes in the language of the connection. Resolves to whether
// the command was accepted.
export function commands(live) {
  return {
    error: '',
    sending: 0,
    async run(cmd, args) {
      this.error = ''
      this.sending++
      try {
        const reply = await live.send(cmd, args)
        if (!reply.ok) this.error = reply.error.message
        return reply.ok
      } catch (refused) {
        this.error = refused.message
        return false
      } finally {
        this.sending--
      }
    },
  }
}

// For an action that cannot be undone: ask(text, label, action) opens the page's
// <dialog x-ref="confirm" @close="dismissed"> whose <form method="dialog" @submit="confirmed">
// has a "yes" and a "no" button. The action runs on the form's submit, within the key press or
// click that confirmed it: the dialog's close event comes later, after a shortcut pressed at
// once (C, confirm, N) would already have moved the hall on.
export function confirmation() {
  return {
    confirmText: '',
    confirmLabel: '',
    onConfirm: null,
    ask(text, label, action) {
      this.confirmText = text
      this.confirmLabel = label
      this.onConfirm = action
      this.$refs.confirm.showModal()
    },
    confirmed(event) {
      const action = event.submitter?.value === 'yes' ? this.onConfirm : null
      this.onConfirm = null
      if (action) action()
    },
    dismissed() {
      this.onConfirm = null
    },
  }
}

// The consoles' sign-out button.
export function signOut() {
  return {
    ...common,
    async signOut() {
      await fetch('/api/logout', { method: 'POST' })
      location.assign('/login')
    },
  }
}

// Reads the display key and the like from the page's URL.
export function param(name) {
  return new URLSearchParams(location.search).get(name)
}

// as: the role for the live connection (null: the page has none); key: a display key;
// components: {name: () => ({...})} registered with Alpine.data. Returns the Live connection
// (or null), for components that send commands.
export function startPage({ as = null, key = null, components = {} } = {}) {
  const live = as ? new Live({ as, key, lang: chosenLang() }) : null

  document.addEventListener('alpine:init', () => {
    Alpine.store('app', {
      lang: pickLang(),
      t: makeT({}),
      status: live ? live.status : 'none',
      refusal: null,
      person: null, // from welcome: {id, name, group, lang}
      view: null,
      me: null,
    })
    const app = Alpine.store('app')

    Alpine.data('statusBar', () => ({
      ...common,
      status() {
        return this.$store.app.status
      },
      label() {
        return this.t('status_' + this.status())
      },
    }))

    Alpine.data('langSwitch', () => ({
      ...common,
      langs: LANGS,
      choose(lang) {
        rememberLang(lang)
        // An explicit ?lang= would otherwise win over this choice on the next reload.
        const url = new URL(location.href)
        url.searchParams.delete('lang')
        history.replaceState(null, '', url)
        useLang(app, lang)
        live?.setLang(lang)
      },
      langName(lang) {
        return LANG_NAMES[lang]
      },
      pressed(lang) {
        return lang === this.lang() ? 'true' : 'false'
      },
    }))

    for (const [name, factory] of Object.entries(components)) Alpine.data(name, factory)

    useLang(app, app.lang)
    if (live) follow(live, app)
  })

  return live
}

function follow(live, app) {
  live.addEventListener('status', () => {
    app.status = live.status
    app.refusal = live.refusal
    app.person = live.welcome?.person ?? null
    if (app.person) adoptRosterLang(app.person.lang)
  })
  live.addEventListener('change', () => {
    app.view = live.view
    app.me = live.me
  })
  live.start()
}

// Shows the page in a person's roster language, unless the viewer chose a language.
export function adoptRosterLang(rosterLang) {
  const lang = pickLang(rosterLang)
  if (lang !== Alpine.store('app').lang) useLang(Alpine.store('app'), lang)
}

let wantedLang = null

async function useLang(app, lang) {
  wantedLang = lang
  let strings
  try {
    strings = await loadStrings(lang)
  } catch {
    // The server is restarting, most likely: a kiosk screen must come back by itself.
    setTimeout(() => useLang(app, lang), 3000)
    return
  }
  if (wantedLang !== lang) return // a later choice overtook this one
  app.lang = lang
  app.t = makeT(strings)
  document.documentElement.lang = lang
  document.title = app.t(document.body.dataset.title)
  document.body.classList.add('ready')
}
