// The chair's console: runs the meeting by mouse or by keyboard alone — agenda, roll call and
// quorum, the speaking queue with its timer, proposals, the voting order, votes and the
// decision, the question hour, recess. Every command is decided by the server (chamber/rules);
// this page only offers what the state allows and shows the server's refusal when it says no.
//
// Keyboard (listed on the page): N next item, C close item, P recess/resume, M mark the next
// person called present, S give the floor to the next speaker, E end the speech, T add a minute,
// A accept the first reply or point of order waiting for the chair, V open the vote / close it,
// R declare the result, D declare the decision, U undo the last floor action.
//
// Undo (where the rules allow): a removed or refused request is added back for the same person
// and kind on the chair's behalf, then moved back to its former place; a moved request is moved
// back; a closed speakers' list or discussion is opened again. Giving the floor and ending a
// speech are facts of the meeting and are not undone.
import { startPage, common, commands, confirmation, quorumReading, signOut } from './page.js'
import * as hall from '/displays/hall.js'

const OUTCOMES = ['handled', 'tabled', 'returned', 'withdrawn', 'removed']
const TICK_MS = 1000

// Keys of the strings built from protocol values (test_strings finds them here).
const KIND_KEYS = {
  speech: 'c_kind_speech', reply: 'c_kind_reply', seconding: 'c_kind_seconding',
  point_of_order: 'c_kind_point_of_order', group_address: 'c_kind_group_address',
  presentation: 'c_kind_presentation',
}
const ADDABLE_KINDS = ['speech', 'reply', 'seconding', 'point_of_order', 'group_address', 'presentation']
const PROPOSAL_KEYS = {
  base: 'c_prop_base', counter: 'c_prop_counter', rejection: 'c_prop_rejection', tabling: 'c_prop_tabling',
  return: 'c_prop_return', independent: 'c_prop_independent', rider: 'c_prop_rider',
}
const PROPOSAL_KINDS = ['counter', 'rejection', 'tabling', 'return', 'independent', 'rider']
const PROPOSAL_STATE_KEYS = {
  made: 'c_pstate_made', withdrawn: 'c_pstate_withdrawn', merged: 'c_pstate_merged',
  lapsed: 'c_pstate_lapsed', decided: 'c_pstate_decided',
}
const STEP_KEYS = {
  interrupt: 'c_step_interrupt', pair: 'c_step_pair', amount: 'c_step_amount', rejection: 'c_step_rejection',
  independent: 'c_step_independent', rider: 'c_step_rider',
}
const VOTE_STATE_KEYS = {
  prepared: 'c_vstate_prepared', open: 'c_vstate_open', closed: 'c_vstate_closed',
  result_declared: 'c_vstate_result_declared', set_aside: 'c_vstate_set_aside',
}
const DECIDED_BY_KEYS = {
  majority: 'c_decided_majority', qualified: 'c_decided_qualified', chair_vote: 'c_decided_chair_vote',
  casting_vote: 'c_decided_casting_vote', jaa_wins: 'c_decided_jaa_wins',
}
const GROUP_STATE_KEYS = {
  spoke: 'c_gstate_spoke', passed: 'c_gstate_passed', waiting: 'c_gstate_waiting', not_requested: 'c_gstate_not_requested',
}
const CHOICE_KEYS = { jaa: 'c_choice_jaa', ei: 'c_choice_ei', tyhja: 'c_choice_tyhja', poissa: 'c_choice_poissa', esteellinen: 'c_choice_esteellinen' }
const CHOICES = ['jaa', 'ei', 'tyhja', 'poissa', 'esteellinen']
const DISCUSSION_KEYS = { not_open: 'c_discussion_not_open', open: 'c_discussion_open', ended: 'c_discussion_ended' }
const MODES = { electronic: 'c_mode_electronic', roll_call: 'c_mode_roll_call' }
// The classes of speech, each with its time limit (SQ-8; chamber/rules/speaking.py CLASSES).
const CLASS_KEYS = {
  ordinary: 'c_class_ordinary', reply: 'c_class_reply', point_of_order: 'c_class_point_of_order',
  seconding: 'c_class_seconding', group_address: 'c_class_group_address', presentation: 'c_class_presentation',
  priority: 'c_class_priority',
}
const MAX_LIMIT_SECONDS = 36000
const BASIS_KEYS = { declared: 'c_basis_declared', council: 'c_basis_council' }
// What a side of an edited step may name besides a proposal (docs/protocol.md, voting order).
const SIDE_WORDS = { base: 'c_prop_base', winner: 'c_side_winner', continue: 'c_side_continue' }

const live = startPage({
  as: 'chair',
  components: {
    signOut,
    quorumBadge: () => ({
      ...common,
      ...quorumReading,
    }),
    chair: () => ({
      ...common,
      ...commands(live),
      ...confirmation(),
      ...quorumReading,
      outcomes: OUTCOMES,
      outcome: 'handled',
      addKinds: ADDABLE_KINDS,
      proposalKinds: PROPOSAL_KINDS,
      now: Date.now(),
      groupRound: true,
      voteMode: 'electronic',
      addPerson: '',
      addKind: 'speech',
      propMover: '',
      propKind: 'counter',
      propText: '',
      secondProposal: '',
      secondPerson: '',
      ranking: [],
      rankingFor: '',
      checkerPicks: ['', ''], // resized to the council's count when the view comes (init)
      lastUndo: null, // {label, action}: the last floor action that can be undone
      reasonText: '',
      askingReason: false,
      showDecided: false, // the proposals and voting order unfolded during a vote
      electionKind: 'majority',
      electionTitle: { fi: '', sv: '' }, // in the council's languages: the hall shows both
      electionCandidates: [], // roster ids, or names as typed for candidates outside the roster
      electionOther: '',
      electionSeats: 1,
      electionSecret: true,
      electionAbsolute: false,
      demanders: [],
      announcement: '',
      marking: [],
      limitKind: 'ordinary', // the time limit being set for the item (SQ-8)
      limitMinutes: '',
      limitSeconds: '',
      limitNone: false,
      disqPerson: '', // the disqualification being recorded (LAW-9)
      disqBasis: 'declared',
      minorityProposal: '', // the tabling a minority demands (VO-6b), and who demand it
      minorityPicks: [],
      editing: false, // the voting order being edited: its steps, and the refusal of a step
      editSteps: [],
      stepError: null,

      init() {
        document.addEventListener('keydown', (event) => this.onKey(event))
        setInterval(() => { this.now = Date.now() }, TICK_MS)
        this.$watch(() => this.minutes()?.count, (count) => {
          if (count && count !== this.checkerPicks.length) this.checkerPicks = Array(count).fill('')
        })
      },

      // ---- people ----
      people() {
        return this.view()?.people ?? []
      },
      person(id) {
        return this.people().find((p) => p.id === id) ?? null
      },
      name(id) {
        const p = this.person(id)
        return p ? p.first + ' ' + p.last : id ?? ''
      },
      groupName(id) {
        const g = (this.view()?.groups ?? []).find((x) => x.id === id)
        return g ? this.local(g.name) : id ?? ''
      },
      nameWithGroup(id) {
        const p = this.person(id)
        if (!p) return id ?? ''
        return this.name(id) + (p.group ? ' (' + this.groupName(p.group) + ')' : '')
      },
      acting() {
        const ids = this.attendance()?.acting ?? []
        return ids.map((id) => this.person(id)).filter(Boolean)
      },

      // ---- agenda and meeting ----
      agenda() {
        return this.view()?.agenda ?? []
      },
      itemState(item) {
        if (item.state === 'closed' && item.outcome) return this.t('outcome_' + item.outcome)
        return this.t('item_state_' + item.state)
      },
      canTakeUp(item) {
        return this.phase() === 'open' && item.state === 'pending'
      },
      canCloseItem() {
        return this.phase() === 'open' && this.currentItem() !== null
      },
      canCloseMeeting() {
        return (this.phase() === 'open' || this.phase() === 'recess') && this.currentItem() === null
      },
      sitting() {
        return this.phase() === 'open'
      },
      signInUrl() {
        return '/login?next=/chair'
      },
      openMeeting() {
        this.run('open_meeting')
      },
      takeUp(number) {
        this.run('take_up_item', { item: number })
      },
      // The next pending item after the current one (or after the last closed one, between
      // items). Items set aside earlier are not revisited by N: the chair takes them up by name.
      takeUpNext() {
        const items = this.agenda()
        const closed = items.filter((i) => i.state === 'closed').map((i) => i.number)
        const after = this.currentItem()?.number ?? Math.max(0, ...closed)
        const next = items.find((i) => i.state === 'pending' && i.number > after)
        if (next) this.takeUp(next.number)
        else this.error = this.t('no_more_items')
      },
      toggleRecess() {
        this.run(this.phase() === 'recess' ? 'resume' : 'recess')
      },
      askCloseItem() {
        const item = this.currentItem()
        if (!item) {
          this.error = this.t('idle_open')
          return
        }
        const outcome = this.outcome
        this.ask(
          this.t('confirm_close_item', { number: item.number, outcome: this.t('outcome_' + outcome) }),
          this.t('close_item'),
          () => this.run('close_item', { item: item.number, outcome }),
        )
      },
      askCloseMeeting() {
        this.ask(this.t('confirm_close_meeting'), this.t('close_meeting'), () => this.run('close_meeting'))
      },
      attachments() {
        return this.currentItem()?.attachments ?? []
      },

      // ---- attendance and roll call ----
      rollCall() {
        return this.attendance()?.roll_call ?? null
      },
      rollCallRows() {
        const call = this.rollCall()
        if (!call) return []
        return call.called.map((id) => ({ id, answer: id in call.answers ? call.answers[id] : null }))
      },
      answerText(row) {
        if (row.answer === true) return this.t('c_present')
        if (row.answer === false) return this.t('c_absent')
        return this.t('c_not_answered')
      },
      answerState(row) {
        return row.answer === true ? 'present' : row.answer === false ? 'absent' : 'open'
      },
      rollCallCount() {
        const call = this.rollCall()
        if (!call) return ''
        const answers = Object.values(call.answers)
        return this.t('c_roll_call_count', {
          present: answers.filter((a) => a === true).length,
          answered: answers.length,
          called: call.called.length,
        })
      },
      // Marks sent but not yet in the view are skipped, so M pressed quickly goes down the list.
      nextUncalled() {
        return this.rollCallRows().find((r) => r.answer === null && !this.marking.includes(r.id)) ?? null
      },
      isNextCalled(row) {
        const next = this.nextUncalled()
        return next !== null && next.id === row.id
      },
      startRollCall() {
        this.run('start_roll_call')
      },
      markPresent(id) {
        this.marking = [...this.marking, id]
        this.run('mark_present', { person: id }).then(() => {
          this.marking = this.marking.filter((m) => m !== id)
        })
      },
      markAbsent(id) {
        this.run('mark_absent', { person: id })
      },
      markNextPresent() {
        const next = this.nextUncalled()
        if (!next) {
          this.error = this.rollCall() ? this.t('c_roll_call_all_answered') : this.t('c_no_roll_call')
          return
        }
        this.markPresent(next.id)
      },
      confirmOwn() {
        this.run('confirm_presence')
      },
      endRollCall() {
        const open = this.rollCallRows().filter((r) => r.answer === null).length
        this.ask(this.t('c_confirm_end_roll_call', { count: open }), this.t('c_end_roll_call'), () => this.run('end_roll_call'))
      },
      canDeclareQuorum() {
        return this.sitting() && !this.rollCall()
      },
      declareQuorum() {
        const q = this.quorum()
        this.ask(this.t('c_confirm_declare_quorum', { present: q.present, needed: q.needed }),
          this.t('c_declare_quorum'), () => this.run('declare_quorum', { lawful: true }))
      },
      declarationText() {
        const d = this.attendance()?.declaration
        if (!d) return this.t('c_quorum_not_declared')
        return this.t(d.quorate && d.lawful ? 'c_declared_quorate' : 'c_declared_not_quorate',
          { present: d.present, needed: d.needed, time: this.clock(d.at) })
      },
      absentMembers() {
        const a = this.attendance()
        if (!a) return []
        return Object.entries(a.places).filter(([member, occupant]) => occupant === member && !a.present.includes(member))
          .map(([member]) => member)
      },
      presentNames() {
        return (this.attendance()?.present ?? []).map((id) => this.name(id))
      },

      // ---- disqualification on the item under consideration (esteellisyys / jäv, LAW-9) ----
      // Every disqualification recorded on the item, those in force first; an ended one stays
      // listed with its end, as the minutes keep it.
      disqualifications() {
        const item = this.currentItem()?.number
        const a = this.attendance()
        if (!item || !a) return []
        return (a.disqualifications ?? []).filter((d) => d.item === item)
          .sort((x, y) => (x.ended_at === null ? 0 : 1) - (y.ended_at === null ? 0 : 1) || x.declared_at - y.declared_at)
          .map((d) => {
            const occupant = d.ended_at === null ? a.places[d.person] : undefined
            return {
              key: d.person + '-' + d.declared_at, person: d.person, active: d.ended_at === null,
              text: this.t(d.basis === 'council' ? 'c_disq_council' : 'c_disq_declared', { name: this.name(d.person) }),
              state: d.ended_at === null ? '' : this.t('c_disq_ended', { time: this.clock(d.ended_at) }),
              substitute: occupant && occupant !== d.person ? this.t('c_disq_substitute', { name: this.name(occupant) }) : '',
            }
          })
      },
      disqualificationNone() {
        return this.t('c_disq_none', { number: this.currentItem()?.number ?? '' })
      },
      // Whom the chair can record as disqualified: those who may act on the item now.
      disqCandidates() {
        return this.acting()
      },
      bases() {
        return Object.keys(BASIS_KEYS)
      },
      basisText(basis) {
        return this.t(BASIS_KEYS[basis])
      },
      declareDisqualification() {
        const item = this.currentItem()?.number
        const person = this.disqPerson
        if (!person) {
          this.error = this.t('c_choose_person')
          return
        }
        const basis = this.disqBasis
        this.ask(this.t('c_confirm_disq', { name: this.name(person), number: item, basis: this.basisText(basis) }),
          this.t('c_declare_disq'), () => this.run('declare_disqualification', { item, person, basis }).then((ok) => {
            if (ok) this.disqPerson = ''
          }))
      },
      endDisqualification(row) {
        const item = this.currentItem()?.number
        this.ask(this.t('c_confirm_end_disq', { name: this.name(row.person), number: item }), this.t('c_end_disq'),
          () => this.run('end_disqualification', { item, person: row.person }))
      },

      // ---- the minutes checkers and what a closed meeting releases (KRS §34) ----
      minutes() {
        return this.view()?.minutes ?? null
      },
      checkersText() {
        const chosen = this.minutes()?.checkers ?? []
        return chosen.length ? chosen.map((id) => this.name(id)).join(', ') : this.t('c_no_checkers')
      },
      pickChecker(event) {
        this.checkerPicks[Number(event.target.dataset.n)] = event.target.value
      },
      chooseCheckers() {
        const checkers = this.checkerPicks.filter(Boolean)
        if (checkers.length !== this.checkerPicks.length) {
          this.error = this.t('c_checkers_incomplete')
          return
        }
        this.run('choose_minutes_checkers', { checkers })
      },
      canRelease(item) {
        return this.meeting()?.public === false && item.state === 'closed' && !this.isReleased(item)
      },
      isReleased(item) {
        return (this.minutes()?.released ?? []).includes(item.number)
      },
      release(number) {
        this.ask(this.t('c_confirm_release_item', { number }), this.t('c_release_item'),
          () => this.run('release_item', { item: number }))
      },

      // ---- the floor ----
      floor() {
        return this.view()?.floor ?? null
      },
      discussion() {
        return this.floor()?.discussion ?? 'not_open'
      },
      discussionText() {
        return this.t(DISCUSSION_KEYS[this.discussion()])
      },
      speech() {
        return this.floor()?.current ?? null
      },
      waiting() {
        return this.floor()?.waiting ?? []
      },
      awaitingChair() {
        return this.floor()?.awaiting_chair ?? []
      },
      groupRoundGroups() {
        const round = this.floor()?.group_round
        return round ? round.groups : []
      },
      groupRoundOpen() {
        return this.floor()?.group_round?.open === true
      },
      // The lots that ordered groups of equal size in the round (SQ-4), as drawn.
      groupLots() {
        const round = this.floor()?.group_round
        if (!round) return []
        return (round.lots ?? []).map((lot) => this.t('c_group_lot', { order: lot.order.map((g) => this.groupName(g)).join(', ') }))
      },
      groupState(g) {
        return this.t(GROUP_STATE_KEYS[g.state])
      },
      kindText(kind) {
        return KIND_KEYS[kind] ? this.t(KIND_KEYS[kind]) : kind
      },
      requestLabel(r) {
        let text = this.kindText(r.kind)
        if (r.kind === 'group_address' && r.group) text += ' · ' + this.groupName(r.group)
        if (r.replies_to) text += ' · ' + this.t('c_replies_to', { name: this.name(this.speechPerson(r.replies_to)) })
        if (r.moved) text += ' · ' + this.t('c_moved')
        return text
      },
      speechPerson(speechId) {
        const s = (this.floor()?.speeches ?? []).find((x) => x.speech === speechId)
        return s ? s.person : ''
      },
      waitedText(r) {
        return this.t('c_waited', { time: this.duration(this.serverNow() - r.requested_at) })
      },
      // The server's clock (live.js corrects for this machine's), re-read every tick.
      serverNow() {
        return this.now + live.clockOffset
      },
      duration(ms) {
        const s = Math.max(0, Math.floor(ms / 1000))
        const m = Math.floor(s / 60)
        return m + ':' + String(s % 60).padStart(2, '0')
      },
      clock(ms) {
        if (!ms) return ''
        return new Intl.DateTimeFormat(this.lang(), { hour: '2-digit', minute: '2-digit' }).format(ms)
      },
      allowedSeconds() {
        const s = this.speech()
        if (!s || s.limit_seconds === null) return null
        return s.limit_seconds + s.extended_seconds
      },
      elapsedSeconds() {
        const s = this.speech()
        return s ? Math.max(0, Math.floor((this.serverNow() - s.started_at) / 1000)) : 0
      },
      timerText() {
        const s = this.speech()
        if (!s) return ''
        const allowed = this.allowedSeconds()
        if (allowed === null) return this.duration(this.elapsedSeconds() * 1000)
        const left = allowed - this.elapsedSeconds()
        if (left < 0) return this.t('c_overrun', { time: this.duration(-left * 1000) })
        return this.duration(left * 1000)
      },
      timerState() {
        const allowed = this.allowedSeconds()
        if (allowed === null || !this.speech()) return 'normal'
        const left = allowed - this.elapsedSeconds()
        if (left < 0) return 'over'
        if (left <= (this.floor()?.warn_at_seconds ?? 30)) return 'warn'
        return 'normal'
      },
      timerLabel() {
        const state = this.timerState()
        if (state === 'over') return this.t('c_time_over')
        if (state === 'warn') return this.t('c_time_warn')
        return this.allowedSeconds() === null ? this.t('c_time_unlimited') : this.t('c_time_left')
      },
      topTimer() {
        const s = this.speech()
        return s ? this.name(s.person) + ' ' + this.timerText() : ''
      },
      speechHeading() {
        const s = this.speech()
        if (!s) return ''
        return this.t('c_on_the_floor', { name: this.nameWithGroup(s.person), kind: this.kindText(s.kind) })
      },
      openDiscussion() {
        this.run('open_discussion', { group_round: this.groupRound })
      },
      giveFloor(r) {
        if (r) {
          const first = this.waiting()[0]
          if (first && first.request !== r.request) {
            this.askReason(this.t('c_reason_out_of_turn', { name: this.name(r.person) }), this.t('c_reason_default_out_of_turn'),
              (reason) => this.run('give_floor', { request: r.request, reason }))
            return
          }
          this.run('give_floor', { request: r.request })
        } else {
          // No check against the view here: a speech ended a moment ago may not be in it yet,
          // and the server takes the commands in the order sent.
          this.run('give_floor')
        }
      },
      endSpeech() {
        this.run('end_speech')
      },
      extendSpeech() {
        this.run('extend_speech', { seconds: 60 })
      },
      accept(r) {
        this.run('accept_request', { request: r.request })
      },
      acceptFirst() {
        const r = this.awaitingChair()[0]
        if (!r) {
          this.error = this.t('c_nothing_awaiting')
          return
        }
        this.accept(r)
      },
      refusable(r) {
        return r.kind === 'reply' || r.kind === 'point_of_order'
      },
      refuse(r) {
        const again = { person: r.person, kind: r.kind }
        this.run('refuse_request', { request: r.request }).then(() => {
          if (!this.error) this.remember('request', this.t('c_undo_refuse', { name: this.name(r.person) }), () => this.addBack(again, null))
        })
      },
      remove(r) {
        const place = r.place ?? null
        const again = { person: r.person, kind: r.kind }
        this.askReason(this.t('c_reason_remove', { name: this.name(r.person) }), '', (reason) => {
          this.run('remove_request', { request: r.request, reason }).then(() => {
            if (!this.error) this.remember('request', this.t('c_undo_remove', { name: this.name(r.person) }), () => this.addBack(again, place))
          })
        })
      },
      move(r, delta) {
        const from = r.place
        const to = from + delta
        if (to < 1 || to > this.waiting().length) return
        this.askReason(this.t('c_reason_move', { name: this.name(r.person), place: to }), this.t('c_reason_default_move'), (reason) => {
          this.run('move_request', { request: r.request, position: to, reason }).then(() => {
            if (!this.error) {
              this.remember('request', this.t('c_undo_move', { name: this.name(r.person) }),
                () => this.run('move_request', { request: r.request, position: from, reason: this.t('c_reason_undo') }))
            }
          })
        })
      },
      isFirst(r) {
        return r.place === 1
      },
      isLast(r) {
        return r.place === this.waiting().length
      },
      // A request removed or refused by mistake comes back on the chair's behalf, at its place.
      async addBack(again, place) {
        const before = new Set(this.waiting().map((w) => w.request))
        await this.run('request_floor', { kind: again.kind, on_behalf_of: again.person })
        if (this.error || !place) return
        for (let i = 0; i < 30; i++) {
          const added = this.waiting().find((w) => !before.has(w.request) && w.person === again.person && w.kind === again.kind)
          if (added) {
            if (added.place !== place) this.run('move_request', { request: added.request, position: place, reason: this.t('c_reason_undo') })
            return
          }
          await new Promise((resolve) => setTimeout(resolve, 100))
        }
      },
      addOnBehalf() {
        if (!this.addPerson) {
          this.error = this.t('c_choose_person')
          return
        }
        this.run('request_floor', { kind: this.addKind, on_behalf_of: this.addPerson })
      },
      listClosed() {
        return this.floor()?.list_closed === true
      },
      closeList() {
        this.run('close_speakers_list').then(() => {
          if (!this.error) this.remember('list', this.t('c_undo_close_list'), () => this.run('reopen_speakers_list'))
        })
      },
      reopenList() {
        this.run('reopen_speakers_list')
      },
      closeGroupRound() {
        this.ask(this.t('c_confirm_close_group_round'), this.t('c_close_group_round'), () => this.run('close_group_round'))
      },
      passGroup(g) {
        this.run('pass_group_address', { group: g.group })
      },
      closeDiscussion() {
        const open = this.waiting().length + this.awaitingChair().length
        this.ask(this.t('c_confirm_close_discussion', { count: open }), this.t('c_close_discussion'), () => {
          this.run('close_discussion').then(() => {
            if (!this.error) this.remember('discussion', this.t('c_undo_close_discussion'), () => this.run('reopen_discussion'))
          })
        })
      },
      reopenDiscussion() {
        this.run('reopen_discussion')
      },

      // ---- the item's time limits (SQ-8): the council's decision for this item, else the rules ----
      limitText(seconds) {
        return seconds === null ? this.t('c_no_limit') : this.duration(seconds * 1000)
      },
      timeLimitRows() {
        const floor = this.floor()
        if (!floor) return []
        return Object.keys(CLASS_KEYS).map((cls) => {
          const now = floor.time_limits[cls]
          const rule = floor.default_time_limits[cls]
          return {
            cls, label: this.t(CLASS_KEYS[cls]), value: this.limitText(now),
            note: now === rule ? '' : this.t('c_limit_default', { time: this.limitText(rule) }),
          }
        })
      },
      limitClasses() {
        return Object.keys(CLASS_KEYS)
      },
      className(cls) {
        return this.t(CLASS_KEYS[cls])
      },
      // The form starts from the limit now in force for the class chosen.
      prefillLimit() {
        const seconds = this.floor()?.time_limits?.[this.limitKind] ?? null
        this.limitNone = seconds === null
        this.limitMinutes = seconds === null ? '' : String(Math.floor(seconds / 60))
        this.limitSeconds = seconds === null ? '' : String(seconds % 60)
      },
      setTimeLimit() {
        let seconds = null
        if (!this.limitNone) {
          const minutes = Number(this.limitMinutes || 0)
          const extra = Number(this.limitSeconds || 0)
          seconds = minutes * 60 + extra
          if (!Number.isInteger(minutes) || !Number.isInteger(extra) || minutes < 0 || extra < 0 || extra > 59 ||
              seconds < 1 || seconds > MAX_LIMIT_SECONDS) {
            this.error = this.t('c_limit_invalid')
            return
          }
        }
        this.run('set_time_limit', { kind: this.limitKind, seconds })
      },
      remember(kind, label, action) {
        this.lastUndo = { kind, label, action, item: this.currentItem()?.number }
        this.announcement = this.t('c_undo_available', { action: label })
      },
      undoLabel() {
        return this.lastUndo ? this.lastUndo.label : ''
      },
      // An undo is offered only while the state it would restore still makes sense.
      canUndo() {
        const u = this.lastUndo
        if (!u || u.item !== this.currentItem()?.number) return false
        if (u.kind === 'discussion') return this.discussion() === 'ended' && !this.summaryConfirmed()
        if (u.kind === 'list') return this.discussion() === 'open' && this.listClosed()
        return this.discussion() === 'open'
      },
      undo() {
        if (!this.canUndo()) {
          this.error = this.t('c_nothing_to_undo')
          return
        }
        const { action } = this.lastUndo
        this.lastUndo = null
        this.announcement = ''
        action()
      },

      // ---- proposals ----
      proposalsPart() {
        return this.view()?.proposals ?? null
      },
      proposals() {
        return this.proposalsPart()?.proposals ?? []
      },
      openProposals() {
        return this.proposals().filter((p) => p.state === 'made')
      },
      proposalKind(kind) {
        return this.t(PROPOSAL_KEYS[kind])
      },
      proposalState(p) {
        let text = this.t(PROPOSAL_STATE_KEYS[p.state])
        if (p.state === 'made') text = p.in_vote ? this.t('c_in_vote') : this.t('c_not_seconded')
        return text
      },
      // A tabling proposal to choose for the minority right (VO-6b): which, and whose.
      tablingOption(p) {
        return `${this.proposalHeading(p)} (${this.names(p.movers)})`
      },
      proposalHeading(p) {
        return this.proposalKind(p.kind) + ' ' + p.id.replace('p', '') + (p.amount !== null ? ' · ' + this.euros(p.amount) : '')
      },
      // The sum an appropriation's base grants (the agenda's, or as the preparing body changed it).
      baseAmount() {
        const amount = this.proposalsPart()?.base?.amount
        return amount === null || amount === undefined ? '' : this.t('c_item_amount', { amount: this.euros(amount) })
      },
      names(ids) {
        return (ids ?? []).map((id) => this.name(id)).join(', ')
      },
      moversText(p) {
        return this.t('c_movers', { names: this.names(p.movers) })
      },
      secondersText(p) {
        return p.seconders.length ? this.t('c_seconders', { names: this.names(p.seconders) }) : this.t('c_no_seconders')
      },
      summaryConfirmed() {
        return this.proposalsPart()?.confirmed === true
      },
      canPropose() {
        return this.sitting() && this.currentItem() !== null && !this.summaryConfirmed()
      },
      recordProposal() {
        if (!this.propMover || !this.propText.trim()) {
          this.error = this.t('c_proposal_incomplete')
          return
        }
        this.run('record_proposal', { mover: this.propMover, kind: this.propKind, text: this.propText }).then(() => {
          if (!this.error) this.propText = ''
        })
      },
      recordSeconding() {
        if (!this.secondProposal || !this.secondPerson) {
          this.error = this.t('c_seconding_incomplete')
          return
        }
        this.run('second_proposal', { proposal: this.secondProposal, person: this.secondPerson })
      },
      confirmSummary() {
        const lapsing = this.openProposals().filter((p) => !p.in_vote).length
        this.ask(this.t('c_confirm_summary', { count: lapsing }), this.t('c_confirm_summary_button'), () => this.run('confirm_summary'))
      },

      // ---- tabling on a minority's demand (VO-6b) ----
      // The rules' fraction and what it takes now ("needed", of those present for the item), or
      // null when the rules give no such right.
      minority() {
        return this.order()?.minority_tabling ?? null
      },
      tablingProposals() {
        return this.openProposals().filter((p) => p.kind === 'tabling')
      },
      canTableByMinority() {
        return this.minority() !== null && this.sitting() && this.decision() === null && this.tablingProposals().length > 0
      },
      minorityTabling() {
        const open = this.tablingProposals()
        return open.find((p) => p.id === this.minorityProposal) ?? open[0] ?? null
      },
      // Those who may act on the item; the tabling's movers and seconders count already.
      minorityRows() {
        const p = this.minorityTabling()
        if (!p) return []
        const counted = new Set([...p.movers, ...p.seconders])
        return this.acting().map((person) => ({
          id: person.id, name: this.nameWithGroup(person.id), counted: counted.has(person.id),
          checked: counted.has(person.id) || this.minorityPicks.includes(person.id),
        }))
      },
      toggleMinorityDemander(id) {
        this.minorityPicks = this.minorityPicks.includes(id) ? this.minorityPicks.filter((p) => p !== id) : [...this.minorityPicks, id]
      },
      minorityDemanderCount() {
        return this.minorityRows().filter((row) => row.checked).length
      },
      minorityCountText() {
        const m = this.minority()
        return m ? this.t('c_minority_count', { count: this.minorityDemanderCount(), needed: m.needed, numerator: m.numerator,
          denominator: m.denominator, present: m.present }) : ''
      },
      minorityReached() {
        const m = this.minority()
        return m !== null && this.minorityDemanderCount() >= m.needed ? 'yes' : 'no'
      },
      tableByMinority() {
        const p = this.minorityTabling()
        const m = this.minority()
        const counted = new Set([...p.movers, ...p.seconders])
        const demanders = this.minorityRows().filter((row) => row.checked && !counted.has(row.id)).map((row) => row.id)
        const args = demanders.length ? { proposal: p.id, demanders } : { proposal: p.id }
        this.ask(this.t('c_confirm_minority', { count: this.minorityDemanderCount(), needed: m.needed }), this.t('c_minority_table'),
          () => this.run('table_by_minority', args).then((ok) => {
            if (ok) this.minorityPicks = []
          }))
      },

      // ---- voting order ----
      order() {
        return this.view()?.voting_order ?? null
      },
      steps() {
        return this.order()?.steps ?? []
      },
      counters() {
        return this.proposals().filter((p) => p.kind === 'counter' && p.in_vote)
      },
      needsRanking() {
        return this.counters().length >= 2 && !this.order()?.approved
      },
      // The chair's ranking as edited here: the server's, or the counters in order of making.
      rankingList() {
        const ids = this.counters().map((p) => p.id)
        const key = ids.join(',')
        if (this.rankingFor !== key) {
          const server = this.order()?.ranking ?? []
          this.ranking = server.length === ids.length ? [...server] : ids
          this.rankingFor = key
        }
        return this.ranking.map((id, i) => ({ id, place: i + 1, last: i === this.ranking.length - 1 }))
      },
      rankMove(id, delta) {
        const list = [...this.ranking]
        const i = list.indexOf(id)
        const j = i + delta
        if (j < 0 || j >= list.length) return
        ;[list[i], list[j]] = [list[j], list[i]]
        this.ranking = list
      },
      proposalById(id) {
        return this.proposals().find((p) => p.id === id) ?? null
      },
      proposalShort(id) {
        const p = this.proposalById(id)
        if (!p) return id
        return this.proposalHeading(p) + ' (' + this.names(p.movers) + '): ' + this.local(p.text)
      },
      saveRanking() {
        this.run('rank_proposals', { order: this.ranking })
      },
      sideText(step, side) {
        const ref = step[side]
        if (ref === 'base') return this.t('c_prop_base')
        if (ref === 'winner') return this.t('c_side_winner')
        if (ref === 'continue') return this.t('c_side_continue')
        if (ref === null) {
          if (step.kind === 'independent') return this.t('c_side_no_addition')
          if (step.kind === 'amount') return this.t('c_side_reject_amount')
          return this.t('c_side_reject')
        }
        const p = this.proposalById(ref)
        return p ? this.proposalHeading(p) + ' (' + this.names(p.movers) + ')' : ref
      },
      stepKind(step) {
        return this.t(STEP_KEYS[step.kind])
      },
      stepNumber(index) {
        return index + 1
      },
      orderMissing() {
        const missing = this.order()?.missing
        return missing === 'ranking_required' ? this.t('c_ranking_required') : missing ? missing : ''
      },
      orderState() {
        const o = this.order()
        if (!o) return ''
        if (o.approved) return o.edited ? this.t('c_order_approved_edited') : this.t('c_order_approved')
        return this.t('c_order_suggested')
      },
      canApproveOrder() {
        return this.summaryConfirmed() && this.order() && !this.order().approved && this.steps().length > 0 && !this.order().missing
      },
      approveOrder() {
        this.ask(this.t('c_confirm_approve_order', { count: this.steps().length }), this.t('c_approve_order'), () => this.run('approve_voting_order'))
      },

      // ---- the chair's own order (VO-R8): edited step by step, checked by the server for sense ----
      canEditOrder() {
        return this.summaryConfirmed() && this.order() !== null && !this.order().approved && this.vote() === null
      },
      startEditing() {
        this.editSteps = this.steps().map((s) => ({ kind: s.kind, jaa: s.jaa, ei: s.ei }))
        this.stepError = null
        this.editing = true
      },
      cancelEditing() {
        this.editing = false
        this.stepError = null
      },
      // Each edited step with what the selects show and the server's refusal of it, if any.
      editRows() {
        const last = this.editSteps.length - 1
        return this.editSteps.map((s, n) => ({
          n, number: n + 1, kind: s.kind, jaa: s.jaa, ei: s.ei, first: n === 0, last: n === last,
          error: this.stepError && this.stepError.n === n ? this.stepError.message : '',
        }))
      },
      // A refusal of the order as a whole (a proposal never voted on), under the steps.
      orderError() {
        return this.stepError && this.stepError.n === null ? this.stepError.message : ''
      },
      // The three choices of a step, each a labelled select: its kind, its JAA side, its EI side.
      stepFields(row) {
        return [
          { field: 'kind', label: this.t('c_step_kind'), options: this.stepKinds(row) },
          { field: 'jaa', label: this.t('c_step_jaa'), options: this.sideChoices(row, 'jaa') },
          { field: 'ei', label: this.t('c_step_ei'), options: this.sideChoices(row, 'ei') },
        ].map((f) => ({ ...f, n: row.n, id: `step-${f.field}-${row.n}` }))
      },
      stepKinds(row) {
        return Object.keys(STEP_KEYS).map((kind) => ({ value: kind, label: this.t(STEP_KEYS[kind]), selected: kind === row.kind }))
      },
      // The choices for a side: nothing, the words, and every proposal in the vote.
      sideChoices(row, side) {
        const chosen = row[side] ?? ''
        const words = [{ value: '', label: this.t('c_side_none') },
          ...Object.entries(SIDE_WORDS).map(([value, key]) => ({ value, label: this.t(key) }))]
        const proposals = this.proposals().filter((p) => p.in_vote)
          .map((p) => ({ value: p.id, label: this.proposalHeading(p) + ' (' + this.names(p.movers) + ')' }))
        return [...words, ...proposals].map((o) => ({ ...o, selected: o.value === chosen }))
      },
      stepLabel(row, key) {
        return this.t(key, { number: row.number })
      },
      editStep(event) {
        const n = Number(event.target.dataset.n)
        const field = event.target.dataset.field
        const value = event.target.value
        this.editSteps = this.editSteps.map((s, i) => (i === n ? { ...s, [field]: field === 'kind' ? value : value || null } : s))
        this.stepError = null
      },
      moveStep(row, delta) {
        const list = [...this.editSteps]
        const j = row.n + delta
        if (j < 0 || j >= list.length) return
        ;[list[row.n], list[j]] = [list[j], list[row.n]]
        this.editSteps = list
        this.stepError = null
      },
      removeStep(row) {
        this.editSteps = this.editSteps.filter((_, i) => i !== row.n)
        this.stepError = null
      },
      addStep() {
        this.editSteps = [...this.editSteps, { kind: 'pair', jaa: null, ei: null }]
        this.stepError = null
      },
      approveEdited() {
        this.ask(this.t('c_confirm_approve_edited', { count: this.editSteps.length }), this.t('c_approve_edited'),
          () => this.sendEdited())
      },
      // The refusal names the step that makes no sense (params.step): shown beside that step,
      // and a refusal of the whole order under the steps.
      async sendEdited() {
        this.error = ''
        this.sending++
        try {
          const reply = await live.send('approve_voting_order', { steps: this.editSteps })
          if (reply.ok) {
            this.editing = false
            this.stepError = null
          } else {
            const step = reply.error.params?.step
            this.stepError = { n: Number.isInteger(step) ? step - 1 : null, message: reply.error.message }
          }
        } catch (refused) {
          this.error = refused.message
        } finally {
          this.sending--
        }
      },

      // ---- votes ----
      vote() {
        return this.view()?.vote ?? null
      },
      // Once voting has begun, the proposals and the voting order fold to their headings so the
      // vote itself stays in view on a laptop; the vote panel names both sides.
      folded() {
        return this.vote() !== null && !this.showDecided
      },
      toggleDecided() {
        this.showDecided = !this.showDecided
      },
      voteState() {
        return this.vote()?.progress?.state ?? null
      },
      voteOpen() {
        return this.voteState() === 'open'
      },
      voteClosed() {
        return this.voteState() === 'closed'
      },
      voteHeading() {
        const v = this.vote()
        if (!v) return ''
        return this.t('c_vote_heading', { number: v.number, mode: this.t(MODES[v.mode]), state: this.t(VOTE_STATE_KEYS[v.progress.state]) })
      },
      modes() {
        return Object.keys(MODES)
      },
      modeText(mode) {
        return this.t(MODES[mode])
      },
      sideLabel(side) {
        const v = this.vote()
        return v ? this.local(v[side].label) : ''
      },
      sideBody(side) {
        const v = this.vote()
        return v ? this.local(v[side].text) : ''
      },
      progressText() {
        const p = this.vote()?.progress
        if (!p) return ''
        return this.t('c_voted_of', { voted: p.voted, eligible: p.eligible })
      },
      progressPercent() {
        const p = this.vote()?.progress
        return p && p.eligible ? Math.round((100 * p.voted) / p.eligible) : 0
      },
      decision() {
        return this.view()?.decision ?? null
      },
      decisionText() {
        return this.local(this.decision())
      },
      // Whether a vote can be opened now: the order approved (or an interruption pending) and no
      // vote in progress. The server decides; this only chooses which button to show.
      canOpenVote() {
        const state = this.voteState()
        const busy = state === 'open' || state === 'closed' || state === 'prepared'
        return this.sitting() && this.currentItem() !== null && !busy && this.decision() === null
      },
      openVote() {
        this.run('open_vote', { mode: this.voteMode })
      },
      askCloseVote() {
        const p = this.vote()?.progress
        this.ask(this.t('c_confirm_close_vote', { voted: p.voted, eligible: p.eligible }), this.t('c_close_vote'), () => this.run('close_vote'))
      },
      result() {
        return this.vote()?.result ?? null
      },
      resultRows() {
        const r = this.result()
        if (!r) return []
        return CHOICES.map((c) => ({ choice: c, label: this.t(CHOICE_KEYS[c]), count: r.counts[c], names: this.names(r[c]) }))
          .filter((row) => row.count > 0 || row.choice !== 'esteellinen')
      },
      winnerText() {
        const r = this.result()
        if (!r) return ''
        if (r.winner === null) return this.t('c_tie_casting_needed')
        const side = r.winner === 'jaa' ? this.t('c_choice_jaa') : this.t('c_choice_ei')
        return this.t('c_winner', { side, label: this.sideLabel(r.winner) })
      },
      decidedBy() {
        const r = this.result()
        return r ? this.t(DECIDED_BY_KEYS[r.decided_by]) : ''
      },
      needsCastingVote() {
        return this.voteClosed() && this.result() && this.result().winner === null
      },
      castingVote(choice) {
        const side = choice === 'jaa' ? this.t('c_choice_jaa') : this.t('c_choice_ei')
        this.ask(this.t('c_confirm_casting_vote', { side }), this.t('c_casting_vote'), () => this.run('casting_vote', { choice }))
      },
      canDeclareResult() {
        return this.voteClosed() && this.result() && this.result().winner !== null
      },
      declareResult() {
        this.ask(this.t('c_confirm_declare_result', { text: this.winnerText() }), this.t('c_declare_result'), () => this.run('declare_result'))
      },
      demandRollCall() {
        this.ask(this.t('c_confirm_redo_roll_call'), this.t('c_redo_roll_call'), () => this.run('demand_roll_call'))
      },
      // The chair votes too (chair_votes), from the console.
      myChoice() {
        return this.$store.app.me?.vote?.choice ?? null
      },
      iMayVote() {
        const mine = this.$store.app.me?.vote
        return this.voteOpen() && this.vote().mode === 'electronic' && mine && mine.eligible
      },
      castOwn(choice) {
        this.run('cast_vote', { choice })
      },
      choicePressed(choice) {
        return this.myChoice() === choice ? 'true' : 'false'
      },
      choiceText(choice) {
        return this.t(CHOICE_KEYS[choice])
      },
      rollCallVote() {
        return this.voteOpen() && this.vote().mode === 'roll_call'
      },
      calledName() {
        const called = this.vote()?.progress?.called
        return called ? this.name(called) : this.t('c_nobody_called')
      },
      callNext() {
        this.run('call_next')
      },
      recordAnswer(choice) {
        this.run('record_answer', { choice })
      },
      canDeclareDecision() {
        return this.sitting() && this.currentItem() !== null && this.decision() === null && !this.runoffPending() &&
          (this.vote() === null || this.voteState() === 'result_declared' || this.voteState() === 'set_aside')
      },
      declareDecision() {
        this.ask(this.t('c_confirm_declare_decision'), this.t('c_declare_decision'), () => this.run('declare_decision'))
      },

      // ---- elections (vaalit / val, RULES.md §10): majority or proportional, run-off, lots ----
      election() {
        return this.view()?.election ?? null
      },
      electionOpen() {
        return this.election()?.state === 'open'
      },
      runoffPending() {
        return this.election()?.state === 'runoff_needed'
      },
      isProportionalElection() {
        return this.election()?.kind === 'proportional'
      },
      paperElection() {
        return !!this.election()?.paper
      },
      // A new election is set up while no ballot is open and no run-off waits (ME-4).
      canSetUpElection() {
        return this.sitting() && this.currentItem() !== null && !this.electionOpen() && !this.runoffPending()
      },
      electionHow() {
        const e = this.election()
        if (!e) return ''
        const parts = [this.t(e.kind === 'proportional' ? 'c_el_proportional' : 'c_el_majority')]
        if (e.round > 1) parts.push(this.t('c_el_round', { number: e.round }))
        parts.push(this.t(e.secret ? 'c_el_how_secret' : 'c_el_how_open'))
        if (e.paper) parts.push(this.t('c_el_how_paper'))
        return parts.join(' · ')
      },
      candidateName(id) {
        return hall.candidateName(this.view(), id)
      },
      electionCandidatesText() {
        return this.t('c_el_candidates_line', { names: (this.election()?.candidates ?? []).map((c) => this.candidateName(c)).join(', ') })
      },
      councillors() {
        return this.people().filter((p) => p.kind !== 'official')
      },
      oneSeat() {
        return Number(this.electionSeats) === 1
      },
      toggleCandidate(id) {
        const list = [...this.electionCandidates]
        const i = list.indexOf(id)
        if (i >= 0) list.splice(i, 1)
        else list.push(id)
        this.electionCandidates = list
      },
      isCandidate(id) {
        return this.electionCandidates.includes(id)
      },
      addOtherCandidate() {
        const name = this.electionOther.trim()
        if (name && !this.electionCandidates.includes(name)) this.electionCandidates = [...this.electionCandidates, name]
        this.electionOther = ''
      },
      removeCandidate(id) {
        this.electionCandidates = this.electionCandidates.filter((c) => c !== id)
      },
      chosenCandidates() {
        return this.electionCandidates.map((id) => ({ id, name: this.candidateName(id), remove: this.t('c_el_remove', { name: this.candidateName(id) }) }))
      },
      chosenText() {
        return this.t('c_el_chosen', { count: this.electionCandidates.length })
      },
      councilHas(lang) {
        return (this.meeting()?.languages ?? []).includes(lang)
      },
      // The title in each language given; empty when none is.
      electionTitleArg() {
        const title = {}
        for (const lang of ['fi', 'sv']) {
          const text = this.councilHas(lang) ? this.electionTitle[lang].trim() : ''
          if (text) title[lang] = text
        }
        return title
      },
      openElection() {
        const title = Object.keys(this.electionTitleArg()).length > 0
        if (this.electionKind === 'proportional') {
          if (!title) {
            this.error = this.t('c_election_incomplete')
            return
          }
          this.run('open_election', { kind: 'proportional', title: this.electionTitleArg(), demanders: this.actingDemanders() })
          return
        }
        if (!title || !this.electionCandidates.length) {
          this.error = this.t('c_election_incomplete')
          return
        }
        this.run('open_election', {
          kind: 'majority', title: this.electionTitleArg(), seats: Number(this.electionSeats) || 1,
          candidates: this.electionCandidates, secret: this.electionSecret,
          absolute_majority: this.electionAbsolute && this.oneSeat(),
        })
      },
      // EL-M5: as many candidates as seats and nobody demands a ballot.
      canElectWithoutBallot() {
        return this.electionCandidates.length > 0 && this.electionCandidates.length === Number(this.electionSeats)
      },
      electWithoutBallot() {
        if (!Object.keys(this.electionTitleArg()).length) {
          this.error = this.t('c_election_incomplete')
          return
        }
        const names = this.electionCandidates.map((c) => this.candidateName(c)).join(', ')
        this.ask(this.t('c_el_confirm_without', { names }), this.t('c_el_without_ballot'),
          () => this.run('elect_without_ballot', {
            title: this.electionTitleArg(), elected: this.electionCandidates, seats: Number(this.electionSeats),
          }))
      },
      // The board's combined list of the item (KRS §30) and the demand (LAW-18), counted live.
      combinedList() {
        return this.view()?.candidate_lists ?? null
      },
      combinedListUsable() {
        const c = this.combinedList()
        return !!(c && c.election === null)
      },
      combinedHeading() {
        const c = this.combinedList()
        return c ? this.t('c_el_combined', { seats: c.seats }) : ''
      },
      // Each list on one line, a candidate with the personal deputy paired (LAW-19).
      listRows(lists) {
        return hall.candidateLists(this.view(), lists).map((l) => ({
          number: l.number,
          text: this.t('c_el_list_line', {
            number: l.number, name: l.name,
            names: l.entries.map((c) => (c.deputy ? this.t('c_el_with_deputy', { name: c.name, deputy: c.deputy }) : c.name)).join(', '),
          }),
        }))
      },
      combinedRows() {
        return this.listRows(this.combinedList()?.lists ?? [])
      },
      electionLists() {
        return this.listRows(this.election()?.lists ?? [])
      },
      toggleDemander(id) {
        this.demanders = this.demanders.includes(id) ? this.demanders.filter((p) => p !== id) : [...this.demanders, id]
      },
      isDemander(id) {
        return this.demanders.includes(id)
      },
      // Only those who may act on the item count (one who left since being ticked does not).
      actingDemanders() {
        const acting = this.attendance()?.acting ?? []
        return this.demanders.filter((p) => acting.includes(p))
      },
      demandMet() {
        const c = this.combinedList()
        return !!c && this.actingDemanders().length >= c.demand_needed
      },
      demandText() {
        const c = this.combinedList()
        if (!c) return ''
        return this.t('c_el_demand_count', { count: this.actingDemanders().length, needed: c.demand_needed, present: c.present, seats: c.seats }) +
          ' — ' + this.t(this.demandMet() ? 'c_el_demand_enough' : 'c_el_demand_short')
      },
      // Paper ballots: the board's count, entered on the secretary's console, announced here.
      boardCount() {
        return this.view()?.election_board?.ballot?.count ?? null
      },
      boardCountText() {
        const count = this.boardCount()
        if (!count) return this.t('c_el_no_count')
        const e = this.election()
        const totals = Object.entries(count.totals)
          .map(([key, n]) => (e.kind === 'proportional' ? this.t('c_el_list_short', { number: key }) : this.candidateName(key)) + ' ' + n)
          .join(', ')
        return this.t('c_el_board_count', { valid: count.valid, blank: count.blank, invalid: count.invalid }) + (totals ? ': ' + totals : '')
      },
      canCloseElection() {
        return this.electionOpen() && (!this.paperElection() || this.boardCount() !== null)
      },
      closeElection() {
        const e = this.election()
        if (!this.canCloseElection()) {
          this.error = this.t('c_el_no_count')
          return
        }
        if (this.paperElection()) {
          this.ask(this.t('c_el_confirm_announce', { count: this.boardCountText() }), this.t('c_el_announce'), () => this.run('close_election'))
          return
        }
        this.ask(this.t('c_confirm_close_vote', { voted: e.voted, eligible: e.eligible }), this.t('c_close_election'), () => this.run('close_election'))
      },
      restartBallot() {
        this.ask(this.t('c_el_confirm_restart'), this.t('c_el_restart'), () => this.run('restart_ballot'))
      },
      electionProgress() {
        const e = this.election()
        if (!e) return ''
        return this.t(e.paper ? 'c_el_handed_in' : 'c_voted_of', { voted: e.voted, eligible: e.eligible })
      },
      runoffNames() {
        return (this.election()?.runoff ?? []).map((c) => this.candidateName(c)).join(', ')
      },
      runoffText() {
        return this.t('c_el_runoff', { names: this.runoffNames() })
      },
      openRunoff() {
        this.ask(this.t('c_el_confirm_runoff', { names: this.runoffNames() }), this.t('c_el_open_runoff'), () => this.run('open_runoff'))
      },
      // The result in ranking order: votes, or comparative numbers (EL-P6) with each one's list.
      electionResult() {
        const proportional = this.isProportionalElection()
        return hall.electionRows(this.view(), this.election())
          .map((r) => ({ ...r, list: r.list ?? '', score: proportional ? r.comparative : r.votes }))
      },
      electionResultCaption() {
        const e = this.election()
        if (!e) return ''
        return this.t('c_el_result', { blank: e.blank ?? 0, invalid: e.invalid ?? 0 })
      },
      electedMark(row) {
        return row.elected ? this.t('c_elected') : ''
      },
      // Personal deputies are elected with their principals (LAW-19, EL-P5): a column when paired.
      electionHasDeputies() {
        return Object.keys(this.election()?.deputies ?? {}).length > 0
      },
      // LAW-20: women or men below 40 % of the elected, or of their deputies — a warning only.
      quotaWarnings() {
        const quota = this.view()?.election_board?.gender_quota?.[this.election()?.election] ?? {}
        return [['elected', 'c_el_quota_elected'], ['deputies', 'c_el_quota_deputies']].filter(([who]) => quota[who])
          .map(([who, key]) => this.t(key, { women: quota[who].f, men: quota[who].m, unknown: quota[who].unknown }))
      },
      electionLots() {
        return hall.electionLots(this.view(), this.election()).map((lot) => this.t('c_el_lot', lot))
      },

      // ---- question hour ----
      questionHour() {
        return this.view()?.question_hour ?? null
      },
      qhRunning() {
        const q = this.questionHour()
        return q !== null && q.started_at !== null && q.ended_at === null
      },
      canStartQuestionHour() {
        const q = this.questionHour()
        return this.sitting() && this.currentItem() === null && (q === null || (q.started_at === null))
      },
      qhWaiting() {
        return this.questionHour()?.waiting ?? []
      },
      qhCurrent() {
        return this.questionHour()?.current ?? null
      },
      questionText(q) {
        return this.t('c_question_by', { name: this.name(q.person), to: q.addressee ? this.name(q.addressee) : '—' }) + ': ' + q.text
      },
      startQuestionHour() {
        this.run('start_question_hour')
      },
      takeQuestion() {
        this.run('take_question')
      },
      giveAnswer() {
        this.run('give_answer')
      },
      giveFollowUp() {
        this.run('give_follow_up')
      },
      endQuestionHour() {
        this.ask(this.t('c_confirm_end_question_hour'), this.t('c_end_question_hour'), () => this.run('end_question_hour'))
      },

      // ---- the question, with a reason for the minutes when the rules ask for one ----
      askReason(title, preset, action) {
        this.reasonText = preset
        this.askingReason = true
        this.ask(title, this.t('c_ok'), () => {
          const reason = this.reasonText.trim()
          if (!reason) this.error = this.t('c_reason_required')
          else action(reason)
        })
        this.$nextTick(() => this.$refs.reasonInput.focus())
      },
      dismissed() {
        this.onConfirm = null
        this.askingReason = false
      },

      // ---- keyboard ----
      onKey(event) {
        if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return
        // Typing in a field or working in a dialog is not a shortcut.
        if (event.target.closest('input, select, textarea, dialog[open]')) return
        const shortcut = {
          n: () => this.takeUpNext(),
          c: () => this.askCloseItem(),
          p: () => this.toggleRecess(),
          m: () => this.markNextPresent(),
          s: () => this.giveFloor(null),
          e: () => this.endSpeech(),
          t: () => this.extendSpeech(),
          a: () => this.acceptFirst(),
          v: () => this.voteKey(),
          r: () => (this.canDeclareResult() ? this.declareResult() : (this.error = this.t('c_no_result_to_declare'))),
          // The server says whether the decision can be declared: the last result may be on its way.
          d: () => (this.currentItem() && !this.decision() ? this.declareDecision() : (this.error = this.t('c_no_decision_yet'))),
          u: () => this.undo(),
        }[event.key.toLowerCase()]
        if (!shortcut) return
        event.preventDefault()
        shortcut()
      },
      voteKey() {
        if (this.voteOpen()) this.askCloseVote()
        else if (this.electionOpen()) this.closeElection()
        else if (this.canOpenVote()) this.openVote()
        else this.error = this.t('c_no_vote_to_open')
      },
    }),
  },
})

