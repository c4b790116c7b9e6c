// The member's phone (issue #6): whose device this is, the item and its base proposal, the floor
// (speaker, timer, queue, own place), proposals and seconding, attendance (roll call, absence,
// disqualification), and, while a vote or an election is open, a full-screen ballot.
//
// What the phone shows as recorded always comes from the server (`me.vote.choice`,
// `me.election.voted`), never from the tap. Buttons appear only when the action is allowed by
// the view; whatever the server still refuses is shown with its own message.
import { startPage, common, confirmation } from './page.js'

// Keys of the strings for values of the protocol (named here, so tests/e2e/test_strings.py
// sees them used).
const KIND_KEYS = {
  speech: 'm_kind_speech',
  reply: 'm_kind_reply',
  seconding: 'm_kind_seconding',
  point_of_order: 'm_kind_point_of_order',
  group_address: 'm_kind_group_address',
  presentation: 'm_kind_presentation',
}
const ASK_KEYS = {
  speech: 'm_ask_speech',
  reply: 'm_ask_reply',
  seconding: 'm_ask_seconding',
  point_of_order: 'm_ask_point_of_order',
  group_address: 'm_ask_group_address',
}
const PROPOSAL_KEYS = {
  counter: 'm_pkind_counter',
  rejection: 'm_pkind_rejection',
  tabling: 'm_pkind_tabling',
  return: 'm_pkind_return',
  independent: 'm_pkind_independent',
  rider: 'm_pkind_rider',
}
const PROPOSAL_STATE_KEYS = {
  withdrawn: 'm_pstate_withdrawn',
  lapsed: 'm_pstate_lapsed',
  decided: 'm_pstate_decided',
}
const CHOICE_KEYS = { jaa: 'm_jaa', ei: 'm_ei', tyhja: 'm_tyhja', poissa: 'm_poissa', esteellinen: 'm_esteellinen' }
const REFUSAL_KEYS = {
  not_present: 'm_refusal_not_present',
  disqualified: 'm_refusal_disqualified',
  replaced: 'm_refusal_replaced',
  not_seated: 'm_refusal_not_seated',
  not_councillor: 'm_refusal_not_councillor',
}
const IN_PROGRESS = ['prepared', 'open', 'closed']

const live = startPage({
  as: 'member',
  components: {
    member: () => ({
      ...common,
      ...confirmation(),
      now: Date.now(),
      error: '', // the server's refusal of the last action, in the member's language
      busy: {}, // action key -> true while unanswered
      voteTap: null, // the choice tapped and not yet answered
      voteError: '',
      picks: [], // the election ballot being filled in; cleared once sent
      pickedList: null,
      ballotBusy: false,
      ballotError: '',
      proposalOpen: false,
      draftKind: 'counter',
      draftText: '',
      questionText: '',
      draftAmount: '',
      dissentText: '',
      minutesBasis: null, // the basis of the draft opened, see readMinutes

      init() {
        setInterval(() => {
          this.now = live.serverNow()
        }, 1000)
      },

      // ---- who and what -------------------------------------------------------------------
      me() {
        return this.$store.app.me
      },
      myId() {
        const me = this.me()
        return me && me.person ? me.person.id : ''
      },
      personName() {
        return this.$store.app.person?.name ?? ''
      },
      groupSuffix() {
        const id = this.$store.app.person?.group
        const group = this.view()?.groups?.find((g) => g.id === id)
        return group ? ` (${this.local(group.name)})` : ''
      },
      person(id) {
        return this.view()?.people?.find((p) => p.id === id) ?? null
      },
      nameOf(id) {
        const p = this.person(id)
        return p ? `${p.first} ${p.last}` : id
      },
      namesOf(ids) {
        return (ids ?? []).map((id) => this.nameOf(id)).join(', ')
      },
      groupName(id) {
        const group = this.view()?.groups?.find((g) => g.id === id)
        return group ? this.local(group.name) : ''
      },
      // "Aino Laine (SDP / Socialdemokraterna)"
      nameWithGroup(id) {
        const p = this.person(id)
        const group = p ? this.groupName(p.group) : ''
        return group ? `${this.nameOf(id)} (${group})` : this.nameOf(id)
      },
      ready() {
        return !this.refusedCode() && this.me() !== null && this.view() !== null
      },
      itemNumber() {
        return this.currentItem()?.number ?? null
      },

      // ---- screens --------------------------------------------------------------------------
      screen() {
        if (!this.ready()) return 'main'
        if (this.voteInProgress()) return 'vote'
        if (this.electionOpen()) return 'election'
        return 'main'
      },

      // Told to a screen reader when the screen turns into a ballot.
      announcement() {
        const screen = this.screen()
        if (screen === 'vote' && this.voteState() === 'open') return this.t('m_announce_vote', { number: this.vote().number })
        if (screen === 'election') return this.t('m_announce_election', { title: this.electionTitle() })
        return ''
      },

      // ---- own status (attendance, #3) -------------------------------------------------------
      rollCallWaiting() {
        const me = this.me()
        return !!(me && me.roll_call && me.roll_call.answered === null)
      },
      rollCallAnswered() {
        const me = this.me()
        return !!(me && me.roll_call && me.roll_call.answered === true)
      },
      confirmPresence() {
        this.act('confirm_presence', {}, 'presence')
      },
      isPresent() {
        return !!this.me()?.present
      },
      presenceText() {
        return this.t(this.isPresent() ? 'm_status_present' : 'm_status_not_present')
      },
      sittingFor() {
        const id = this.me()?.sitting_for
        return id ? this.t('m_status_sitting_for', { name: this.nameOf(id) }) : ''
      },
      isSubstitute() {
        return this.me()?.person?.kind === 'substitute'
      },
      isDisqualified() {
        return !!this.me()?.disqualified
      },
      // Only what the member declared is theirs to withdraw; what the council decided, the chair ends.
      canEndDisqualification() {
        const on = this.view()?.attendance?.disqualified?.[String(this.itemNumber())] ?? {}
        return this.isDisqualified() && on[this.myId()] === 'declared'
      },
      disqualifiedText() {
        return this.t('m_status_disqualified', { number: this.itemNumber() })
      },
      mayAct() {
        return !!this.me()?.may_act
      },
      // Why the member may not act on the item, in words (never colour alone).
      refusalText() {
        const code = this.me()?.refusal
        if (!code) return ''
        return this.t(REFUSAL_KEYS[code] ?? 'm_refusal_other')
      },
      absenceReported() {
        return !!this.me()?.absence_reported
      },
      // A councillor's: an official has no seat to report absent from (the rules say not_councillor).
      canReportAbsence() {
        return this.ready() && this.phase() !== 'closed' && !this.isPresent() && !this.absenceReported() &&
          !this.rollCallWaiting() && this.isCouncillor()
      },
      isCouncillor() {
        return this.me()?.person?.kind !== 'official'
      },
      reportAbsence() {
        this.ask(this.t('m_confirm_absence'), this.t('m_report_absence'), () => this.act('report_absence', {}, 'absence'))
      },
      // ---- the minutes' checking (KRS §34) ------------------------------------------------
      minutes() {
        return this.view()?.minutes ?? null
      },
      isChecker() {
        return this.me()?.checker === true
      },
      minutesPublished() {
        return this.minutes()?.published === true
      },
      approvedMinutes() {
        return this.me()?.approved_minutes === true
      },
      minutesDraftUrl() {
        return `/api/minutes?lang=${this.lang() === 'sv' ? 'sv' : 'fi'}`
      },
      // The draft this checker opened, by its basis: the approval names it, so a draft changed
      // since is refused (minutes_changed) rather than approved unread.
      readMinutes() {
        this.minutesBasis = this.minutes()?.basis ?? null
      },
      minutesRead() {
        return this.minutesBasis !== null && this.minutesBasis === this.minutes()?.basis
      },
      approveMinutes() {
        const basis = this.minutesBasis
        this.ask(this.t('m_minutes_confirm'), this.t('m_minutes_approve'),
          () => this.act('approve_minutes', { basis }, 'minutes'))
      },
      approvalsText() {
        const m = this.minutes()
        if (!m) return ''
        return this.t('m_minutes_approvals', { approved: m.approved_by.length, checkers: m.checkers.length })
      },
      // A councillor's: an official has no seat to be disqualified from (the rules say not_councillor).
      canDeclareDisqualification() {
        return this.itemNumber() !== null && !this.isDisqualified() && this.phase() !== 'closed' && this.isCouncillor()
      },
      declareDisqualification() {
        const item = this.itemNumber()
        this.ask(this.t('m_confirm_disqualification', { number: item }), this.t('m_declare_disqualification_short'),
          () => this.act('declare_disqualification', { item }, 'disqualification'))
      },
      declareDisqualificationLabel() {
        return this.t('m_declare_disqualification', { number: this.itemNumber() })
      },
      endDisqualification() {
        this.act('end_disqualification', { item: this.itemNumber(), person: this.myId() }, 'disqualification')
      },

      // ---- the item ----------------------------------------------------------------------------
      baseText() {
        const base = this.view()?.proposals?.base
        return base ? this.local(base.text) : this.currentProposal()
      },
      baseAmount() {
        const amount = this.view()?.proposals?.base?.amount
        return amount === null || amount === undefined ? '' : this.euros(amount)
      },
      attachments() {
        return this.currentItem()?.attachments ?? []
      },
      decisionText() {
        return this.local(this.view()?.decision)
      },
      // LAW-15: a member who opposed the decision records a dissenting opinion right after it.
      canDissent() {
        return !!this.decisionText() && this.mayAct() && !this.dissentRecorded()
      },
      dissentRecorded() {
        return this.me()?.dissent === true
      },
      setDissentText(event) {
        this.dissentText = event.target.value
      },
      async registerDissent() {
        const text = this.dissentText.trim()
        const reply = await this.act('register_dissent', text ? { text } : {}, 'dissent')
        if (reply.ok) this.dissentText = '' // the server's `me.dissent` now says it is recorded
      },

      // ---- the floor (#4) ---------------------------------------------------------------------
      floor() {
        return this.view()?.floor ?? null
      },
      discussionStarted() {
        const floor = this.floor()
        return !!(floor && floor.item === this.itemNumber() && floor.discussion !== 'not_open')
      },
      discussionOpen() {
        const floor = this.floor()
        return !!(floor && floor.discussion === 'open' && floor.item === this.itemNumber())
      },
      discussionText() {
        return this.floor()?.discussion === 'ended' ? this.t('m_discussion_ended') : ''
      },
      speech() {
        return this.floor()?.current ?? null
      },
      speakerName() {
        const s = this.speech()
        return s ? this.nameWithGroup(s.person) : ''
      },
      speechKind() {
        const s = this.speech()
        return s ? this.kindLabel(s.kind) : ''
      },
      kindLabel(kind) {
        return this.t(KIND_KEYS[kind] ?? 'm_kind_speech')
      },
      iAmSpeaking() {
        return this.speech()?.person === this.myId()
      },
      endMySpeech() {
        this.act('end_speech', {}, 'end_speech')
      },
      // Seconds left (negative: over time), or null when the speech has no limit.
      secondsLeft() {
        const s = this.speech()
        if (!s || s.limit_seconds === null) return null
        const end = s.started_at + (s.limit_seconds + (s.extended_seconds || 0)) * 1000
        return Math.ceil((end - this.now) / 1000)
      },
      timerText() {
        const left = this.secondsLeft()
        const s = this.speech()
        if (left === null) {
          return s ? this.t('m_timer_elapsed', { time: clock(Math.max(0, Math.floor((this.now - s.started_at) / 1000))) }) : ''
        }
        return left >= 0 ? this.t('m_timer_left', { time: clock(left) }) : this.t('m_timer_over', { time: clock(-left) })
      },
      timerState() {
        const left = this.secondsLeft()
        if (left === null) return 'none'
        if (left < 0) return 'over'
        return left <= (this.floor()?.warn_at_seconds ?? 30) ? 'warn' : 'ok'
      },
      // Own open requests, the nearest turn first (those awaiting the chair last).
      myRequests() {
        const turn = (r) => (r.place === null ? Infinity : r.place)
        return [...(this.me()?.requests ?? [])].sort((a, b) => turn(a) - turn(b))
      },
      // A request a group chair made for the group's speaker says whose it is.
      placeText(r) {
        const kind = r.person === this.myId() ? this.kindLabel(r.kind) : `${this.kindLabel(r.kind)} (${this.nameOf(r.person)})`
        if (r.awaiting_chair) return this.t('m_place_awaiting', { kind })
        return this.t('m_place', { kind, place: this.ordinal(r.place), of: r.of })
      },
      ordinal(n) {
        return ordinal(n, this.lang())
      },
      withdrawLabel(r) {
        return this.t('m_withdraw_request', { kind: this.kindLabel(r.kind) })
      },
      withdraw(r) {
        this.act('withdraw_request', { request: r.request }, 'withdraw_' + r.request)
      },
      waiting() {
        return this.floor()?.waiting ?? []
      },
      awaitingChair() {
        return this.floor()?.awaiting_chair ?? []
      },
      isMine(r) {
        return r.person === this.myId()
      },
      queueLine(r) {
        return `${this.nameOf(r.person)} – ${this.kindLabel(r.kind)}`
      },
      youText() {
        return this.t('m_you')
      },
      // The kinds of request the server's rules accept from this phone now (`me.may_request`,
      // chamber/rules/speaking.py): exactly those buttons, never a list of the page's own. The
      // group address has its own buttons, with passing the turn.
      requestKinds() {
        return (this.me()?.may_request ?? []).filter((kind) => kind !== 'group_address')
      },
      askLabel(kind) {
        return this.t(ASK_KEYS[kind])
      },
      askFor(kind) {
        this.act('request_floor', { kind }, 'ask_' + kind)
      },
      isBusy(key) {
        return !!this.busy[key]
      },
      // Group chairs: the group's address while the round is open and the group has not asked.
      canAskGroupAddress() {
        return (this.me()?.may_request ?? []).includes('group_address')
      },
      askGroupAddress() {
        this.act('request_floor', { kind: 'group_address' }, 'ask_group_address')
      },
      passGroupAddress() {
        this.act('pass_group_address', {}, 'pass_group')
      },

      // ---- proposals (#5) ---------------------------------------------------------------------
      proposals() {
        return (this.view()?.proposals?.proposals ?? []).filter((p) => p.state !== 'merged')
      },
      proposalsOpen() {
        const p = this.view()?.proposals
        return !!(p && !p.confirmed && this.itemNumber() !== null && !this.voteInProgress())
      },
      canPropose() {
        return this.proposalsOpen() && this.mayAct()
      },
      proposalHeading(p) {
        const kind = this.t(PROPOSAL_KEYS[p.kind] ?? 'm_pkind_counter')
        return `${kind} (${this.namesOf(p.movers)})`
      },
      proposalAmount(p) {
        return p.amount === null || p.amount === undefined ? '' : this.euros(p.amount)
      },
      proposalText(p) {
        return this.local(p.text)
      },
      secondersText(p) {
        return p.seconders.length ? this.t('m_seconded_by', { names: this.namesOf(p.seconders) }) : this.t('m_not_seconded')
      },
      proposalState(p) {
        return PROPOSAL_STATE_KEYS[p.state] ? this.t(PROPOSAL_STATE_KEYS[p.state]) : ''
      },
      canSecond(p) {
        const me = this.myId()
        return this.canPropose() && p.state === 'made' && !p.movers.includes(me) && !p.seconders.includes(me)
      },
      iSeconded(p) {
        return p.seconders.includes(this.myId())
      },
      secondLabel(p) {
        return this.t('m_second_label', { proposal: this.proposalHeading(p) })
      },
      second(p) {
        this.act('second_proposal', { proposal: p.id }, 'second_' + p.id)
      },
      canWithdrawProposal(p) {
        return this.proposalsOpen() && p.state === 'made' && p.movers.includes(this.myId())
      },
      withdrawProposalLabel(p) {
        return this.t('m_withdraw_proposal_label', { proposal: this.proposalHeading(p) })
      },
      withdrawProposal(p) {
        this.ask(this.t('m_confirm_withdraw_proposal'), this.t('m_withdraw_proposal'),
          () => this.act('withdraw_proposal', { proposal: p.id }, 'withdraw_' + p.id))
      },
      proposalKinds() {
        return Object.keys(PROPOSAL_KEYS)
      },
      proposalKindLabel(kind) {
        return this.t(PROPOSAL_KEYS[kind])
      },
      needsAmount() {
        const amount = this.view()?.proposals?.base?.amount
        return amount !== null && amount !== undefined && this.draftKind === 'counter'
      },
      toggleProposalForm() {
        this.proposalOpen = !this.proposalOpen
      },
      proposalFormExpanded() {
        return this.proposalOpen ? 'true' : 'false'
      },
      setProposalKind(event) {
        this.draftKind = event.target.value
      },
      setProposalText(event) {
        this.draftText = event.target.value
      },
      setProposalAmount(event) {
        this.draftAmount = event.target.value
      },
      async submitProposal() {
        const args = { kind: this.draftKind, text: this.draftText }
        if (this.needsAmount() && this.draftAmount !== '') args.amount = Number.parseInt(this.draftAmount, 10)
        const reply = await this.act('make_proposal', args, 'proposal')
        if (reply && reply.ok) {
          this.draftText = ''
          this.draftAmount = ''
          this.proposalOpen = false
        }
      },

      // ---- question hour (kyselytunti / frågestund, #4) ------------------------------------------
      questionHourOpen() {
        const hour = this.view()?.question_hour
        return !!(hour && hour.enabled && hour.ended_at === null && this.me()?.person)
      },
      myQuestions() {
        const hour = this.view()?.question_hour
        const mine = this.me()?.person?.id
        if (!hour) return []
        return [...hour.waiting, ...hour.deferred].filter((q) => q.person === mine)
      },
      questionLine(q) {
        return this.t(q.late ? 'm_question_late' : 'm_question_filed', { number: q.question.replace('q', '') })
      },
      setQuestionText(event) {
        this.questionText = event.target.value
      },
      async submitQuestion() {
        const reply = await this.act('file_question', { text: this.questionText }, 'question')
        if (reply && reply.ok) this.questionText = ''
      },

      // ---- votes (#5) -------------------------------------------------------------------------
      vote() {
        return this.view()?.vote ?? null
      },
      myVote() {
        return this.me()?.vote ?? null
      },
      voteInProgress() {
        const v = this.vote()
        const mine = this.myVote()
        return !!(v && mine && v.vote === mine.vote && IN_PROGRESS.includes(v.progress.state))
      },
      voteState() {
        return this.vote()?.progress?.state ?? ''
      },
      voteHeading() {
        const v = this.vote()
        return v ? this.t('m_vote_heading', { number: v.number, item: this.itemNumber() }) : ''
      },
      isRollCallVote() {
        return this.vote()?.mode === 'roll_call'
      },
      sideLabel(side) {
        const v = this.vote()
        return v ? this.local(v[side].label) : ''
      },
      sideText(side) {
        const v = this.vote()
        return v ? this.local(v[side].text) : ''
      },
      choiceName(choice) {
        return this.t(CHOICE_KEYS[choice])
      },
      choiceMeaning(choice) {
        return choice === 'tyhja' ? this.t('m_tyhja_means') : this.sideLabel(choice)
      },
      choiceAria(choice) {
        return `${this.choiceName(choice)}: ${this.choiceMeaning(choice)}`
      },
      mayVote() {
        const mine = this.myVote()
        return !!(mine && mine.eligible && this.voteState() === 'open' && !this.isRollCallVote())
      },
      notEligibleText() {
        const mine = this.myVote()
        if (!mine || mine.eligible) return ''
        return this.refusalText() || this.t('m_vote_not_eligible')
      },
      recordedChoice() {
        return this.myVote()?.choice ?? null
      },
      pressed(choice) {
        return this.recordedChoice() === choice ? 'true' : 'false'
      },
      recordedText() {
        const choice = this.recordedChoice()
        if (!choice) return this.t('m_vote_none_yet')
        return this.t('m_vote_recorded', { choice: this.choiceName(choice), meaning: this.choiceMeaning(choice) })
      },
      // What became of the tap still unanswered: sending, or waiting for the connection.
      tapText() {
        if (!this.voteTap) return ''
        const params = { choice: this.choiceName(this.voteTap) }
        return this.t(this.$store.app.status === 'live' ? 'm_vote_sending' : 'm_vote_offline', params)
      },
      async castVote(choice) {
        this.voteTap = choice
        this.voteError = ''
        const reply = await this.send('cast_vote', { choice, vote: this.myVote().vote })
        this.voteTap = null
        if (!reply.ok) {
          this.voteError = this.t('m_vote_not_recorded', { reason: reply.error.message })
          // The ballot may be gone by the time a late refusal arrives (the vote closed while
          // the phone was offline): say it where the member now looks.
          if (this.screen() !== 'vote') this.error = this.voteError
        }
      },
      progressText() {
        const p = this.vote()?.progress
        return p ? this.t('m_vote_progress', { voted: p.voted, eligible: p.eligible }) : ''
      },
      calledNow() {
        return !!this.myVote()?.called
      },
      calledName() {
        const id = this.vote()?.progress?.called
        return id ? this.t('m_roll_call_vote_called', { name: this.nameOf(id) }) : ''
      },
      // [KRS §21]: a vote taken electronically is taken again by roll call on a member's demand.
      canDemandRollCall() {
        return this.voteState() === 'closed' && !this.isRollCallVote() && this.mayAct()
      },
      demandRollCall() {
        this.ask(this.t('m_confirm_roll_call'), this.t('m_demand_roll_call'),
          () => this.act('demand_roll_call', {}, 'roll_call'))
      },
      result() {
        return this.vote()?.result ?? null
      },
      resultRows() {
        const r = this.result()
        if (!r) return []
        return ['jaa', 'ei', 'tyhja', 'poissa', 'esteellinen']
          .filter((c) => c !== 'esteellinen' || r.counts.esteellinen > 0)
          .map((c) => ({ choice: c, label: this.choiceName(c), count: r.counts[c], winner: r.winner === c }))
      },
      rowLabel(row) {
        return row.winner ? `${row.label} – ${this.t('m_result_winner_mark')}` : row.label
      },
      resultText() {
        const r = this.result()
        if (!r) return ''
        if (r.winner === null) return this.t('m_result_tie_waiting')
        return this.t('m_result_won', { choice: this.choiceName(r.winner), meaning: this.sideLabel(r.winner) })
      },
      resultHow() {
        const r = this.result()
        if (!r) return ''
        if (r.decided_by === 'chair_vote') return this.t('m_result_by_chair_vote')
        if (r.decided_by === 'casting_vote') return this.t('m_result_by_casting_vote')
        return ''
      },
      resultFinal() {
        return this.t(this.result()?.final ? 'm_result_declared' : 'm_result_not_declared')
      },
      // The member's own line in the count (from the server's record).
      myResultChoice() {
        const r = this.result()
        const me = this.myId()
        if (!r || !me) return ''
        const choice = ['jaa', 'ei', 'tyhja', 'poissa', 'esteellinen'].find((c) => (r[c] ?? []).includes(me))
        return choice ? this.t('m_result_mine', { choice: this.choiceName(choice) }) : ''
      },
      voteSetAside() {
        return this.voteState() === 'set_aside'
      },
      showLastResult() {
        return !!(this.result() && !this.voteInProgress() && this.vote().progress.state === 'result_declared')
      },

      // ---- elections (#5) ---------------------------------------------------------------------
      election() {
        return this.view()?.election ?? null
      },
      myBallot() {
        return this.me()?.election ?? null
      },
      electionOpen() {
        const e = this.election()
        return !!(e && e.state === 'open' && !e.unanimous && this.myBallot() && this.myBallot().election === e.election)
      },
      electionTitle() {
        return this.local(this.election()?.title)
      },
      electionHint() {
        const e = this.election()
        if (!e) return ''
        if (e.kind === 'proportional') return this.t('m_election_pick_list')
        return e.seats > 1 ? this.t('m_election_pick_many', { seats: e.seats }) : this.t('m_election_pick_one')
      },
      secretText() {
        const e = this.election()
        if (e?.paper) return this.t('m_election_paper_secret')
        return e?.secret ? this.t('m_election_secret') : this.t('m_election_open_ballot')
      },
      // Closed paper ballots (closed_ballot_mode = paper): the member hands a paper ballot to the
      // election board, and the phone shows no ballot; the staff mark it handed in.
      paperBallot() {
        return !!this.election()?.paper
      },
      handInPaper() {
        const b = this.myBallot()
        return this.paperBallot() && !!(b && b.eligible && !b.voted)
      },
      mayCastBallot() {
        const b = this.myBallot()
        return !this.paperBallot() && !!(b && b.eligible && !b.voted)
      },
      ballotRecorded() {
        return !!this.myBallot()?.voted
      },
      ballotRecordedText() {
        return this.t(this.paperBallot() ? 'm_ballot_handed_in' : 'm_ballot_recorded')
      },
      ballotNotEligible() {
        const b = this.myBallot()
        return !!(b && !b.eligible)
      },
      isProportional() {
        return this.election()?.kind === 'proportional'
      },
      multiSeat() {
        return (this.election()?.seats ?? 1) > 1
      },
      candidates() {
        return this.election()?.candidates ?? []
      },
      lists() {
        return this.election()?.lists ?? []
      },
      listLabel(l) {
        const names = l.candidates.map((c) => this.nameOf(c)).join(', ')
        return this.t('m_election_list', { number: l.number, name: l.name || '', names })
      },
      picked(c) {
        return this.picks.includes(c)
      },
      togglePick(c) {
        if (this.multiSeat()) {
          this.picks = this.picked(c) ? this.picks.filter((p) => p !== c) : [...this.picks, c]
        } else {
          this.picks = [c]
        }
      },
      pickBlank() {
        this.picks = []
        this.pickedList = null
      },
      blankPicked() {
        return this.isProportional() ? this.pickedList === null : this.picks.length === 0
      },
      blankGroup() {
        if (this.isProportional()) return 'list'
        return this.multiSeat() ? 'blank' : 'candidate'
      },
      pickList(n) {
        this.pickedList = n
      },
      listPicked(n) {
        return this.pickedList === n
      },
      tooMany() {
        return this.picks.length > (this.election()?.seats ?? 1)
      },
      ballotSummary() {
        if (this.isProportional()) {
          return this.pickedList === null ? this.t('m_election_blank') : this.t('m_election_list_short', { number: this.pickedList })
        }
        return this.picks.length ? this.namesOf(this.picks) : this.t('m_election_blank')
      },
      castBallot() {
        this.ask(this.t('m_confirm_ballot', { choice: this.ballotSummary() }), this.t('m_cast_ballot'), () => this.sendBallot())
      },
      async sendBallot() {
        const args = this.isProportional() ? (this.pickedList === null ? {} : { list: this.pickedList }) : { names: [...this.picks] }
        this.ballotBusy = true
        this.ballotError = ''
        const reply = await this.send('cast_ballot', args)
        this.ballotBusy = false
        // Once cast, the choice leaves the page: only "your ballot is recorded" remains.
        this.picks = []
        this.pickedList = null
        if (!reply.ok) this.ballotError = reply.error.message
      },
      ballotSendingText() {
        return this.t(this.$store.app.status === 'live' ? 'm_ballot_sending' : 'm_ballot_offline')
      },
      electionProgress() {
        const e = this.election()
        if (!e) return ''
        return this.t(e.paper ? 'm_election_handed_in' : 'm_vote_progress', { voted: e.voted, eligible: e.eligible })
      },
      // After the close: who was elected, or (ME-4) the two who meet in the run-off.
      electedText() {
        const e = this.election()
        if (!e || e.state === 'open' || !e.elected) return ''
        if (e.state === 'runoff_needed') return this.t('m_election_runoff', { names: this.namesOf(e.runoff ?? []) })
        return this.t('m_election_elected', { names: this.namesOf(e.elected) })
      },
      showElectionResult() {
        const e = this.election()
        return !!(e && e.state !== 'open' && e.elected && e.elected.length)
      },
      electionTotals() {
        const e = this.election()
        if (!e || !e.totals) return []
        return Object.entries(e.totals)
          .sort((a, b) => b[1] - a[1])
          .map(([key, votes]) => ({ key, votes, label: e.kind === 'proportional' ? this.t('m_election_list_short', { number: key }) : this.nameOf(key) }))
      },

      // ---- sending ----------------------------------------------------------------------------
      async send(cmd, args) {
        try {
          return await live.send(cmd, args)
        } catch (refused) {
          return { ok: false, error: { message: refused.message } }
        }
      },
      // Send a command; while unanswered its button says so; a refusal is shown with the
      // server's reason.
      async act(cmd, args, key) {
        this.error = ''
        this.busy[key] = true
        const reply = await this.send(cmd, args)
        delete this.busy[key]
        if (!reply.ok) this.error = reply.error.message
        return reply
      },
      dismissError() {
        this.error = ''
      },
      offlineNote() {
        return this.$store.app.status === 'live' ? '' : this.t('m_offline_note')
      },
    }),
  },
})

function clock(seconds) {
  const m = Math.floor(seconds / 60)
  const s = seconds % 60
  return `${m}:${String(s).padStart(2, '0')}`
}

// 3 -> "3." (fi), "3:e" (sv), "3rd" (en).
export function ordinal(n, lang) {
  if (lang === 'fi') return `${n}.`
  if (lang === 'sv') {
    const last = n % 10
    const lastTwo = n % 100
    return `${n}:${(last === 1 || last === 2) && lastTwo !== 11 && lastTwo !== 12 ? 'a' : 'e'}`
  }
  const lastTwo = n % 100
  if (lastTwo >= 11 && lastTwo <= 13) return `${n}th`
  return `${n}${{ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] ?? 'th'}`
}
