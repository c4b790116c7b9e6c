// The public's read-only page, readable on a phone: the same live information as the hall
// screen, in the viewer's language. A meeting closed to the public shows that and nothing else:
// the server sends the public no more than that (view.closed_session).
import { startPage, common } from './page.js'
import * as hall from '/displays/hall.js'

const clock = new hall.ServerClock()

const live = startPage({
  as: 'public',
  components: {
    publicView: () => ({
      ...common,
      now: Date.now(),

      init() {
        setInterval(() => (this.now = clock.now()), 250)
      },
      inClosedSession() {
        return this.closedSession()
      },
      stage() {
        return hall.stage(this.view())
      },
      recordText() {
        const r = hall.record(this.view())
        return r ? this.t('s_record', r) : ''
      },
      is(stage) {
        return this.stage() === stage
      },

      // --- the decisions, once the minutes are published ---
      published() {
        return this.view()?.published ?? null
      },
      publishedText() {
        const at = this.published()?.at
        return at ? this.t('p_published_on', { date: new Date(at).toLocaleDateString(this.lang()) }) : ''
      },
      minutesUrl() {
        return `/api/minutes?lang=${this.lang() === 'sv' ? 'sv' : 'fi'}&format=pdf`
      },
      decisions() {
        return this.published()?.items ?? []
      },
      decisionHeading(d) {
        return this.t('item_heading', { number: d.number, title: this.local(d.title) })
      },
      appeals() {
        return this.published()?.appeal ?? []
      },
      appealOf(d) {
        const a = this.appeals().find((x) => x.way === d.appeal)
        return a ? this.appealTitle(a) : ''
      },
      appealTitle(a) {
        return a.title[this.lang()] ?? a.title.fi
      },
      appealText(a) {
        return a.text[this.lang()] ?? a.text.fi
      },

      // --- the item ---
      quorumText() {
        const view = this.view()
        const att = view && view.attendance
        if (!att || !att.quorum || !att.declaration || this.phase() !== 'open') return ''
        const q = att.quorum
        return this.t(q.quorate ? 's_quorum_yes' : 's_quorum_no', { present: q.present, seats: q.seats, needed: q.needed })
      },
      quorate() {
        const view = this.view()
        return view && view.attendance && view.attendance.quorum && view.attendance.quorum.quorate ? 'yes' : 'no'
      },
      disqualifiedNames() {
        return hall.disqualified(this.view()).join(', ')
      },

      // --- the floor ---
      speechKind() {
        const s = this.speech()
        return s ? this.t(hall.kindKey(s)) : ''
      },
      timerNote() {
        return this.t(this.timerNoteKey())
      },
      queue() {
        return hall.queue(this.view(), 50)
      },
      kindText(request) {
        return request.kind === 'ordinary' ? '' : this.t(request.kindKey)
      },
      proposals() {
        return hall.proposals(this.view())
      },
      secondedText(p) {
        return this.t(p.seconded ? 's_seconded' : 's_not_seconded')
      },

      // --- votes ---
      vote() {
        const view = this.view()
        return view ? view.vote : null
      },
      voteTitle() {
        const v = this.vote()
        if (!v) return ''
        return this.t(v.mode === 'roll_call' ? 's_vote_roll_call' : 's_vote_number', { number: v.number })
      },
      sideLabel(side) {
        const v = this.vote()
        return v && v[side] ? this.local(v[side].label) : ''
      },
      sideText(side) {
        const v = this.vote()
        return v && v[side] ? this.local(v[side].text) : ''
      },
      votedText() {
        const v = this.vote()
        return v ? this.t('s_ov_voted', { voted: v.progress.voted, eligible: v.progress.eligible }) : ''
      },
      ...hall.floorReading,
      ...hall.voteReading,
      counts() {
        const r = this.result()
        if (!r) return []
        return hall.CHOICES.filter((c) => c !== 'esteellinen' || r.counts[c] > 0).map((c) => ({
          choice: c, label: this.t(hall.CHOICE_KEYS[c]), symbol: hall.SYMBOLS[c], count: r.counts[c],
        }))
      },
      winnerSide() {
        const r = this.result()
        return r && r.winner ? r.winner : 'none'
      },
      winnerText() {
        const r = this.result()
        if (!r) return ''
        if (!r.winner) return this.t('s_awaiting_casting_vote')
        return this.t(r.winner === 'jaa' ? 's_jaa_won' : 's_ei_won') + ': ' + this.local(this.vote()[r.winner].label)
      },
      decidedByChair() {
        const r = this.result()
        return Boolean(r && (r.decided_by === 'casting_vote' || r.decided_by === 'chair_vote'))
      },
      decisionText() {
        const view = this.view()
        return view && view.decision ? this.local(view.decision) : ''
      },
      names() {
        return hall.namesByChoice(this.view(), this.result()).map((g) => ({ ...g, label: this.t(g.key) }))
      },
      seatRows() {
        return hall.seatRows(this.view(), this.result())
      },
      seatLabel(seat) {
        return seat.seat + ' ' + seat.fullName + ': ' + this.t(hall.CHOICE_KEYS[seat.choice] || 's_no_choice')
      },
      joined(list) {
        return list.join(', ')
      },

      // --- elections ---
      election() {
        const view = this.view()
        return view ? view.election : null
      },
      electionTitle() {
        const e = this.election()
        return e ? this.local(e.title) : ''
      },
      electionKind() {
        const e = this.election()
        return e ? this.t(e.secret ? 's_election_secret' : 's_election_open') : ''
      },
      candidates() {
        const e = this.election()
        if (!e) return []
        const names = e.kind === 'proportional' ? e.lists.flatMap((l) => l.candidates) : e.candidates
        return names.map((n) => (hall.person(this.view(), n) ? hall.personName(this.view(), n) : n))
      },
      electionVotedText() {
        const e = this.election()
        return e ? this.t('s_ov_voted', { voted: e.voted, eligible: e.eligible }) : ''
      },
      electionRows() {
        return hall.electionRows(this.view(), this.election())
      },
      electionBlank() {
        const e = this.election()
        return e ? this.t('s_blank_invalid', { blank: e.blank || 0, invalid: e.invalid || 0 }) : ''
      },
      showVoters() {
        const e = this.election()
        return Boolean(e && !e.secret)
      },
    }),
  },
})

if (live) clock.follow(live)
