// The hall screen: read from the back row, in every language of the council at once.
// A kiosk: no interaction, the display key comes in the URL (?key=), and it reconnects forever.
// What it shows follows the meeting (hall.js stage()): the item; the speaker with the timer and
// the queue; the vote in progress; the result with the seat map; elections: the combined
// candidate list, the ballot, the result with comparative numbers and every lot drawn.
import { startPage, common, param } from '/static/js/page.js'
import { loadStrings, makeT } from '/static/js/i18n.js'
import * as hall from './hall.js'

const clock = new hall.ServerClock()

const live = startPage({
  as: 'display',
  key: param('key'),
  components: {
    screen: () => ({
      ...common,
      strings: {}, // lang -> t(), for each language on the screen
      now: Date.now(),

      init() {
        // A quarter second, so the timer never skips a second; nothing but the clock and the
        // timer depends on `now`.
        setInterval(() => (this.now = clock.now()), 250)
        Alpine.effect(() => this.languages().forEach((lang) => this.loadLanguage(lang)))
      },

      // The council's languages; a closed-session view names them only through its title.
      languages() {
        const meeting = this.meeting()
        if (!meeting) return [this.lang()]
        return meeting.languages || Object.keys(meeting.title)
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
        const t = this.strings[lang]
        return t ? t(key, params) : ''
      },
      // A page string in every language of the screen: [{lang, text}].
      both(key, params) {
        return this.languages().map((lang) => ({ lang, text: this.tIn(lang, key, params) }))
      },
      // The same, once where the languages say it alike ("Lista 2" / "Lista 2").
      bothOnce(key, params) {
        return this.both(key, params).filter((b, i, all) => all.findIndex((o) => o.text === b.text) === i)
      },
      // A text of the council ({fi, sv}) in every language of the screen that it has.
      texts(text) {
        if (!text) return []
        if (typeof text === 'string') return [{ lang: this.languages()[0], text }]
        const out = this.languages().filter((lang) => text[lang]).map((lang) => ({ lang, text: text[lang] }))
        return out.length ? out : [{ lang: this.languages()[0], text: Object.values(text)[0] || '' }]
      },
      council() {
        const meeting = this.meeting()
        return (meeting && meeting.council) || ''
      },
      titles() {
        const meeting = this.meeting()
        return meeting ? this.texts(meeting.title) : []
      },
      record() {
        return hall.record(this.view())
      },
      clock() {
        return new Intl.DateTimeFormat(this.languages()[0], { hour: '2-digit', minute: '2-digit' }).format(this.now)
      },
      stage() {
        if (this.refusedCode() === 4001) return 'refused'
        if (this.phase() === 'recess') return 'recess'
        return hall.listsOnShow(this.view()) ? 'candidate_lists' : hall.stage(this.view())
      },
      is(stage) {
        return this.stage() === stage
      },
      // The string key of what to show when no item is: why, in the screen's words.
      message() {
        if (this.refusedCode() === 4001) return 'screen_bad_key'
        if (this.closedSession()) return 'closed_session'
        if (this.phase() === 'recess') return 'idle_recess'
        if (this.currentItem()) return ''
        return this.phase() ? 'idle_' + this.phase() : ''
      },

      // --- the item ---
      itemTitles() {
        const item = this.currentItem()
        return item ? this.texts(item.title) : []
      },
      quorum() {
        const view = this.view()
        const att = view && view.attendance
        if (!att || !att.quorum || this.phase() !== 'open' || !att.declaration) return null
        return att.quorum
      },
      quorumLine() {
        const q = this.quorum()
        if (!q) return []
        const key = q.quorate ? 's_quorum_yes' : 's_quorum_no'
        return this.both(key, { present: q.present, seats: q.seats, needed: q.needed })
      },
      quorate() {
        const q = this.quorum()
        return q && q.quorate ? 'yes' : 'no'
      },
      disqualifiedNames() {
        return hall.disqualified(this.view()).join(', ')
      },
      // The order the lot drew among groups of equal size, shown as a lot while the round is open.
      groupLots() {
        return hall.groupLots(this.view()).join('; ')
      },

      // --- the floor ---
      speechKind() {
        const s = this.speech()
        return s ? this.both(hall.kindKey(s)) : []
      },
      timerNote() {
        return this.both(this.timerNoteKey())
      },
      // Fewer names when proposals need room beside them.
      queueSize() {
        return this.proposals().length > 0 ? 5 : 8
      },
      queue() {
        return hall.queue(this.view(), this.queueSize())
      },
      queueMore() {
        const view = this.view()
        const waiting = (view && view.floor && view.floor.waiting) || []
        const more = waiting.length - this.queueSize()
        return more > 0 ? this.both('s_queue_more', { count: more }) : []
      },
      // The queue and the proposals beside the speech, the item or the combined candidate list,
      // when there are any.
      hasSide() {
        return (this.is('speech') || this.is('item') || this.is('candidate_lists')) &&
          (this.queue().length > 0 || this.proposals().length > 0)
      },
      kindOf(request) {
        return request.kind === 'ordinary' ? [] : this.both(request.kindKey)
      },
      discussionOpen() {
        const view = this.view()
        return Boolean(view && view.floor && view.floor.discussion === 'open')
      },
      proposals() {
        return hall.proposals(this.view())
      },
      baseTexts() {
        const item = this.currentItem()
        return item ? this.texts(item.base_proposal) : []
      },
      secondedNote(p) {
        return this.both(p.seconded ? 's_seconded' : 's_not_seconded')
      },

      // --- votes ---
      vote() {
        const view = this.view()
        return view ? view.vote : null
      },
      voteTitle() {
        const v = this.vote()
        if (!v) return []
        return this.both(v.mode === 'roll_call' ? 's_vote_roll_call' : 's_vote_number', { number: v.number })
      },
      sideTexts(side) {
        const v = this.vote()
        return v && v[side] ? this.texts(v[side].label) : []
      },
      sideProposal(side) {
        const v = this.vote()
        return v && v[side] ? this.texts(v[side].text) : []
      },
      ...hall.floorReading,
      ...hall.voteReading,
      counts() {
        const r = this.result()
        if (!r) return []
        return hall.CHOICES.filter((c) => c !== 'esteellinen' || r.counts[c] > 0).map((c) => ({
          choice: c, key: hall.CHOICE_KEYS[c], symbol: hall.SYMBOLS[c], count: r.counts[c],
        }))
      },
      winnerTexts() {
        const r = this.result()
        const v = this.vote()
        if (!r || !r.winner) return []
        return this.texts(v[r.winner].label)
      },
      winnerSide() {
        const r = this.result()
        return r && r.winner ? r.winner : 'none'
      },
      winnerHeading() {
        const r = this.result()
        if (!r) return []
        if (!r.winner) return this.both('s_awaiting_casting_vote')
        return this.both(r.winner === 'jaa' ? 's_jaa_won' : 's_ei_won')
      },
      decidedNote() {
        const r = this.result()
        if (!r) return []
        if (r.decided_by === 'casting_vote' || r.decided_by === 'chair_vote') return this.both('s_decided_by_chair')
        return []
      },
      decisionTexts() {
        const view = this.view()
        return view && view.decision ? this.texts(view.decision) : []
      },
      seatRows() {
        return hall.seatRows(this.view(), this.result())
      },
      seatLabel(seat) {
        return seat.seat + ' ' + seat.fullName + ': ' + this.tIn(this.languages()[0], hall.CHOICE_KEYS[seat.choice] || 's_no_choice')
      },
      names() {
        return hall.namesByChoice(this.view(), this.result())
      },
      joined(list) {
        return list.join(', ')
      },

      // --- elections ---
      election() {
        const view = this.view()
        return view ? view.election : null
      },
      electionTitles() {
        const e = this.election()
        return e ? this.texts(e.title) : []
      },
      electionKind() {
        const e = this.election()
        if (!e) return []
        if (e.paper) return this.both('s_election_paper')
        return this.both(e.secret ? 's_election_secret' : 's_election_open')
      },
      candidates() {
        const e = this.election()
        return e ? e.candidates.map((n) => hall.candidateName(this.view(), n)) : []
      },
      proportional() {
        const e = this.election()
        return Boolean(e && e.kind === 'proportional')
      },
      electionLists() {
        const e = this.election()
        return e ? hall.candidateLists(this.view(), e.lists) : []
      },
      // The board's combined list before the ballot (KRS §30), with the lot that numbered it.
      combined() {
        const view = this.view()
        return view ? view.candidate_lists : null
      },
      combinedLists() {
        const c = this.combined()
        return c ? hall.candidateLists(this.view(), c.lists) : []
      },
      combinedSeats() {
        const c = this.combined()
        return c ? this.both('s_seats', { seats: c.seats }) : []
      },
      numberingLot() {
        const c = this.combined()
        return c && c.lot ? c.lot.order.join(', ') : ''
      },
      listLabel(list) {
        return this.bothOnce('s_list_number', { number: list.number })
      },
      electionRows() {
        return hall.electionRows(this.view(), this.election())
      },
      scoreHeading() {
        return this.both(this.proportional() ? 's_comparative' : 's_votes')
      },
      rowScore(r) {
        return this.proportional() ? r.comparative : r.votes
      },
      // "varajäsen / ersättare" before a personal deputy's name (LAW-19), the slash in the text
      deputyWords() {
        return this.bothOnce('s_deputy').map((b, i) => ({ lang: b.lang, text: (i ? ' / ' : '') + b.text }))
      },
      rowList(r) {
        return r.list === null ? [] : this.bothOnce('s_list_number', { number: r.list })
      },
      lots() {
        return hall.electionLots(this.view(), this.election())
      },
      runoffPending() {
        const e = this.election()
        return Boolean(e && e.state === 'runoff_needed')
      },
      runoffNames() {
        const e = this.election()
        return e && e.runoff ? e.runoff.map((c) => hall.candidateName(this.view(), c)).join(' – ') : ''
      },
      progressWords() {
        const e = this.election()
        return this.both(e && e.paper ? 's_handed_in' : 's_voted')
      },
      electionVoted() {
        const e = this.election()
        return e ? e.voted : 0
      },
      electionEligible() {
        const e = this.election()
        return e ? e.eligible : 0
      },
      electionBlank() {
        const e = this.election()
        return e ? this.both('s_blank_invalid', { blank: e.blank || 0, invalid: e.invalid || 0 }) : []
      },
      showVoters() {
        const e = this.election()
        return Boolean(e && !e.secret)
      },
    }),
  },
})

if (live) clock.follow(live)
