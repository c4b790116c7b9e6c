// The livestream overlay (an OBS or vMix browser source, 1920x1080, transparent): a lower third
// with the speaker, the group and the timer (else the item under consideration), and a banner
// with a vote's result that appears when the result is declared and leaves by itself.
// URL (docs/overlay.md): ?key=K&lang=fi|sv|en&position=bottom|top&margin=48&banner=12
// margin: the broadcast's safe area in px; banner: seconds the result stays on air.
// It shows nothing on air that is not the meeting: no connection warnings, and nothing at all
// of a meeting closed to the public.
import { startPage, common, param } from '/static/js/page.js'
import * as hall from './hall.js'

function number(name, fallback, min, max) {
  const value = Number.parseInt(param(name) ?? '', 10)
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback
}
const margin = number('margin', 48, 0, 400)
const bannerSeconds = number('banner', 12, 3, 600)
// CSSOM is allowed by the page's CSP (style attributes are not).
document.documentElement.style.setProperty('--safe', `${margin}px`)

const clock = new hall.ServerClock()

const live = startPage({
  as: 'display',
  key: param('key'),
  components: {
    overlay: () => ({
      ...common,
      ...hall.floorReading, // its timer() below shows a timer only while a speech is the stage
      position: param('position') === 'top' ? 'top' : 'bottom',
      now: Date.now(),
      seen: null, // results already declared when the overlay started, or already shown
      banner: null, // {kicker, counts, outcome} while on air
      bannerUntil: 0,

      init() {
        setInterval(() => {
          this.now = clock.now()
          if (this.banner && Date.now() > this.bannerUntil) this.banner = null
        }, 250)
        Alpine.effect(() => this.watchResults(this.view()))
      },

      // A result declared while the overlay is on air goes up as a banner, once.
      watchResults(view) {
        if (!view || view.closed_session) return
        const key = this.resultKey(view)
        if (this.seen === null) {
          this.seen = new Set(key ? [key] : [])
          return
        }
        if (!key || this.seen.has(key)) return
        this.seen.add(key)
        this.banner = this.makeBanner(view)
        this.bannerUntil = Date.now() + bannerSeconds * 1000
      },
      resultKey(view) {
        const v = view.vote
        if (v && v.result && v.result.final) return `vote:${view.current_item}:${v.vote}`
        const e = view.election
        if (e && e.state === 'decided') return `election:${view.current_item}:${e.election}:${e.round}`
        return null
      },
      makeBanner(view) {
        const v = view.vote
        if (v && v.result && v.result.final) {
          const r = v.result
          return {
            kicker: this.t('s_vote_number', { number: v.number }) + ' · ' + this.t('item_number', { number: view.current_item }),
            counts: ['jaa', 'ei', 'tyhja', 'poissa']
              .map((c) => ({ choice: c, symbol: hall.SYMBOLS[c], label: this.t(hall.CHOICE_KEYS[c]), count: r.counts[c] })),
            outcome: r.winner
              ? this.t(r.winner === 'jaa' ? 's_jaa_won' : 's_ei_won') + ': ' + this.local(v[r.winner].label)
              : this.t('s_awaiting_casting_vote'),
          }
        }
        const e = view.election
        const elected = hall.electionRows(view, e).filter((row) => row.elected).map((row) => row.name)
        return {
          kicker: this.local(e.title),
          counts: [],
          outcome: this.t('s_elected') + ': ' + elected.join(', '),
        }
      },
      showBanner() {
        return this.banner !== null && !this.closedSession()
      },
      bannerKicker() {
        return this.banner ? this.banner.kicker : ''
      },
      bannerCounts() {
        return this.banner ? this.banner.counts : []
      },
      bannerOutcome() {
        return this.banner ? this.banner.outcome : ''
      },

      stage() {
        return hall.stage(this.view())
      },
      shown() {
        if (this.closedSession()) return false
        return this.phase() === 'recess' || (this.phase() === 'open' && this.currentItem() !== null)
      },
      voteOpen() {
        const view = this.view()
        return Boolean(view && view.vote && view.vote.progress && view.vote.progress.state === 'open')
      },
      speaking() {
        return this.phase() === 'open' && this.stage() === 'speech'
      },
      kicker() {
        const s = this.speech()
        if (this.speaking() && s) return this.t(hall.kindKey(s))
        const item = this.currentItem()
        if (this.phase() === 'open' && this.voteOpen()) {
          return this.t('item_number', { number: item.number }) + ' · ' + this.t('s_vote_number', { number: this.view().vote.number })
        }
        return item ? this.t('item_number', { number: item.number }) : ''
      },
      headline() {
        if (this.phase() === 'recess') return this.t('phase_recess')
        const s = this.speech()
        if (this.speaking() && s) return this.speakerName()
        if (this.voteOpen()) return this.t('s_ov_vote_open')
        return this.local(this.currentItem()?.title)
      },
      subline() {
        if (this.phase() !== 'open') return ''
        const s = this.speech()
        if (this.speaking() && s) return this.speakerGroup()
        if (this.voteOpen()) {
          const p = this.view().vote.progress
          return this.t('s_ov_voted', { voted: p.voted, eligible: p.eligible })
        }
        return ''
      },
      timer() {
        return this.speaking() ? hall.floorReading.timer.call(this) : { state: 'none', text: '' }
      },
      hasTimer() {
        return this.timer().state !== 'none'
      },
      timerLabel() {
        return this.t(this.timerNoteKey())
      },
    }),
  },
})

if (live) clock.follow(live)
