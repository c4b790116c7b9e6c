// The election board's work on the secretary's console (vaalilautakunta / valnämnd, RULES.md
// EL-P2…EL-P4; its secretary is the council's): the candidate lists handed in for an item, each
// signed by councillors whose first is the list's agent (asiamies / ombud), corrected by handing
// the agent's list in again; each candidate on a row of its own with the personal deputy paired
// (henkilökohtainen varajäsen, LAW-19) and, for the 40 % gender quota warning (LAW-20), genders; the combined list (ehdokaslistojen yhdistelmä / sammanställning);
// and with paper ballots, who handed one in and the board's count with its sum checked live
// (valid + blank + invalid = handed in). Spread into the secretary's component; the server
// decides (chamber/rules/elections.py) and its refusal is shown where the command was sent.

import * as hall from '/displays/hall.js'

export function electionBoard() {
  return {
    boardItem: '', // the item whose lists are shown ('' until chosen: the current one)
    listDraft: blankList(),
    boardError: '',
    boardSeats: '',
    countRows: [], // one per candidate (or list) of the open paper ballot: {key, label, value}
    countValid: '',
    countBlank: '0',
    countInvalid: '0',
    countFor: '', // the ballot (election and round) the count form was made for

    // A board command: its refusal is shown here, in the section, where it was sent.
    async boardRun(cmd, args) {
      this.boardError = ''
      const ok = await this.run(cmd, args)
      if (!ok) {
        this.boardError = this.error
        this.error = ''
      }
      return ok
    },

    // ---- which item ----
    boardItems() {
      return this.agenda().filter((i) => i.state !== 'closed')
    },
    selectedItem() {
      const chosen = Number(this.boardItem)
      if (chosen && this.boardItems().some((i) => i.number === chosen)) return chosen
      return this.currentItem()?.number ?? this.boardItems()[0]?.number ?? null
    },
    boardItemLabel(item) {
      return this.t('item_heading', { number: item.number, title: this.local(item.title) })
    },
    nominations() {
      const n = this.selectedItem()
      return (n && this.view()?.election_board?.nominations?.[String(n)]) || null
    },
    // In the order handed in; once combined, by list number.
    submittedLists() {
      const lists = this.nominations()?.lists ?? []
      return this.nominations()?.combined ? [...lists].sort((a, b) => a.number - b.number) : lists
    },
    hasLists() {
      return this.submittedLists().length > 0
    },
    listsClosed() {
      return !!this.nominations()?.election
    },
    mayHandIn() {
      return this.selectedItem() !== null && !this.listsClosed() && this.phase() !== 'closed'
    },
    candidateLabel(id) {
      return hall.candidateName(this.view(), id)
    },
    listCandidates(list) {
      return list.candidates.map((c, i) => `${i + 1}. ` + (list.deputies[c]
        ? this.t('c_el_with_deputy', { name: this.candidateLabel(c), deputy: this.candidateLabel(list.deputies[c]) })
        : this.candidateLabel(c))).join(', ')
    },
    listSigned(list) {
      const [agent, ...others] = list.signatories
      return [this.t('c_board_agent_badge', { name: this.name(agent) }), ...others.map((p) => this.name(p))].join(', ')
    },
    listNumber(list) {
      return list.number ? this.t('c_board_number', { number: list.number }) : '—'
    },
    combinedText() {
      const n = this.nominations()
      if (!n || !n.combined) return this.t('c_board_not_combined')
      const lot = n.lot ? this.t('c_board_numbering_lot', { order: n.lot.order.join(', ') }) : this.t('c_board_numbering_submission')
      return this.t('c_board_combined', { seats: n.seats }) + ' ' + lot
    },

    // ---- a list handed in, or the agent's correction ----
    councillors() {
      return this.people().filter((p) => p.kind !== 'official')
    },
    otherSigners() {
      return this.councillors().filter((p) => p.id !== this.listDraft.agent)
    },
    isSigner(id) {
      return this.listDraft.others.includes(id)
    },
    toggleSigner(id) {
      const others = this.listDraft.others
      this.listDraft.others = others.includes(id) ? others.filter((p) => p !== id) : [...others, id]
    },
    correcting() {
      return this.submittedLists().some((l) => l.agent === this.listDraft.agent)
    },
    editList(list) {
      this.listDraft = {
        name: list.name, agent: list.agent, others: list.signatories.slice(1),
        rows: list.candidates.map((c) => {
          const deputy = list.deputies[c] || ''
          return candidateRow(this.candidateLabel(c), list.genders[c], deputy && this.candidateLabel(deputy), list.genders[deputy])
        }),
      }
      this.boardError = ''
      this.$nextTick(() => this.$refs.listName.focus())
    },
    newList() {
      this.listDraft = blankList()
      this.boardError = ''
    },
    // ---- the candidate rows: a candidate, the deputy paired, their genders ----
    addRow() {
      this.listDraft.rows = [...this.listDraft.rows, candidateRow()]
      const key = this.listDraft.rows[this.listDraft.rows.length - 1].key
      this.$nextTick(() => document.getElementById('list-candidate-' + key)?.focus())
    },
    removeRow(row) {
      this.listDraft.rows = this.listDraft.rows.filter((r) => r !== row)
      if (!this.listDraft.rows.length) this.listDraft.rows = [candidateRow()]
    },
    rowLegend(row) {
      return this.t('c_board_candidate_n', { number: this.listDraft.rows.indexOf(row) + 1 })
    },
    removeRowAria(row) {
      return this.t('c_board_remove_row', { number: this.listDraft.rows.indexOf(row) + 1 })
    },
    rowId(row, part) {
      return `list-${part}-${row.key}`
    },
    candidateInputId(row) {
      return this.rowId(row, 'candidate')
    },
    candidateGenderId(row) {
      return this.rowId(row, 'candidate-gender')
    },
    deputyInputId(row) {
      return this.rowId(row, 'deputy')
    },
    deputyGenderId(row) {
      return this.rowId(row, 'deputy-gender')
    },
    // A name as the roster has it ("First Last", one person only) is that councillor; any other
    // name is a candidate (or deputy) from outside the council, as written.
    personId(name) {
      const full = name.trim().toLowerCase()
      const matches = this.people().filter((p) => (p.first + ' ' + p.last).toLowerCase() === full)
      return matches.length === 1 ? matches[0].id : name.trim()
    },
    async submitList() {
      const d = this.listDraft
      const rows = d.rows.filter((r) => r.candidate.trim())
      if (!d.name.trim() || !d.agent || !rows.length || d.rows.some((r) => !r.candidate.trim() && r.deputy.trim())) {
        this.boardError = this.t('c_board_incomplete')
        return
      }
      const ok = await this.boardRun('submit_candidate_list', {
        item: this.selectedItem(), name: d.name.trim(), signatories: [d.agent, ...d.others.filter((p) => p !== d.agent)],
        candidates: rows.map((r) => this.personId(r.candidate)),
        deputies: rows.map((r) => (r.deputy.trim() ? this.personId(r.deputy) : null)),
        genders: rows.map((r) => r.gender || null),
        deputy_genders: rows.map((r) => (r.deputy.trim() && r.deputyGender) || null),
      })
      if (ok) this.listDraft = blankList()
    },
    withdrawList(list) {
      this.ask(this.t('c_board_confirm_withdraw', { name: list.name }), this.t('c_board_withdraw'),
        () => this.boardRun('withdraw_candidate_list', { item: this.selectedItem(), agent: list.agent }))
    },
    combineLists() {
      this.boardRun('combine_candidate_lists', { item: this.selectedItem(), seats: this.whole(this.boardSeats) ?? 0 })
    },

    // ---- paper ballots of the open election (closed_ballot_mode = paper) ----
    paperBallot() {
      const e = this.view()?.election
      return e && e.state === 'open' && e.paper ? e : null
    },
    ballotRecord() {
      return this.view()?.election_board?.ballot ?? null
    },
    handedIn() {
      return this.ballotRecord()?.voted ?? []
    },
    notHandedIn() {
      return this.ballotRecord()?.not_voted ?? []
    },
    handedInText() {
      const e = this.paperBallot()
      return e ? this.t('c_board_handed_in', { voted: e.voted, eligible: e.eligible }) : ''
    },
    markAria(id) {
      return this.t('c_board_mark_label', { name: this.name(id) })
    },
    unmarkAria(id) {
      return this.t('c_board_unmark_label', { name: this.name(id) })
    },
    markHandedIn(id) {
      this.boardRun('cast_ballot', { person: id })
    },
    unmark(id) {
      this.boardRun('cancel_ballot_mark', { person: id })
    },
    counted() {
      return this.ballotRecord()?.count ?? null
    },
    // The form is made again for each ballot (a run-off, a ballot taken again).
    watchBallot() {
      this.$watch(() => this.ballotKey(), () => this.resetCount())
      this.resetCount()
    },
    ballotKey() {
      const e = this.paperBallot()
      return e ? `${e.election}:${e.round}` : ''
    },
    resetCount() {
      const e = this.paperBallot()
      this.countFor = this.ballotKey()
      this.countValid = ''
      this.countBlank = '0'
      this.countInvalid = '0'
      if (!e) {
        this.countRows = []
        return
      }
      this.countRows = e.kind === 'proportional'
        ? e.lists.map((l) => ({ key: String(l.number), label: this.t('c_board_number', { number: l.number }) + ' ' + l.name, value: '0' }))
        : e.candidates.map((c) => ({ key: c, label: this.candidateLabel(c), value: '0' }))
    },
    countInputId(row) {
      return 'count-' + this.countRows.indexOf(row)
    },
    whole(value) {
      const n = Number(value)
      return Number.isInteger(n) && n >= 0 && String(value).trim() !== '' ? n : null
    },
    countSum() {
      return ['countValid', 'countBlank', 'countInvalid'].reduce((sum, k) => sum + (this.whole(this[k]) ?? 0), 0)
    },
    countVotes() {
      return this.countRows.reduce((sum, row) => sum + (this.whole(row.value) ?? 0), 0)
    },
    // The live check: the ballots add up to those handed in, and the votes fit the valid ballots.
    sumMatches() {
      return this.countSum() === this.handedIn().length
    },
    votesFit() {
      const e = this.paperBallot()
      const valid = this.whole(this.countValid) ?? 0
      const most = e && e.kind === 'majority' ? e.seats * valid : valid
      return this.countVotes() >= valid && this.countVotes() <= most
    },
    sumText() {
      return this.t('c_board_sum', { sum: this.countSum(), handed_in: this.handedIn().length }) + ' — ' +
        this.t(this.sumMatches() ? 'c_board_sum_ok' : 'c_board_sum_bad')
    },
    votesText() {
      const e = this.paperBallot()
      const valid = this.whole(this.countValid) ?? 0
      const most = e && e.kind === 'majority' ? e.seats * valid : valid
      return this.t('c_board_votes', { votes: this.countVotes(), valid, most }) + ' — ' +
        this.t(this.votesFit() ? 'c_board_sum_ok' : 'c_board_sum_bad')
    },
    countComplete() {
      return this.whole(this.countValid) !== null && this.whole(this.countBlank) !== null &&
        this.whole(this.countInvalid) !== null && this.countRows.every((row) => this.whole(row.value) !== null)
    },
    async enterCount() {
      if (!this.countComplete()) {
        this.boardError = this.t('c_board_count_incomplete')
        return
      }
      const totals = {}
      for (const row of this.countRows) totals[row.key] = this.whole(row.value)
      await this.boardRun('enter_ballot_count', {
        count: { totals, valid: this.whole(this.countValid), blank: this.whole(this.countBlank), invalid: this.whole(this.countInvalid) },
      })
    },
    countedText() {
      const c = this.counted()
      return c ? this.t('c_board_entered', { valid: c.valid, blank: c.blank, invalid: c.invalid }) : ''
    },
  }
}

function blankList() {
  return { name: '', agent: '', others: [], rows: [candidateRow()] }
}

let rowKeys = 0

// One place on a list: the candidate and the personal deputy paired, each with a gender ('f',
// 'm', or '' unknown); the key names the row's inputs.
function candidateRow(candidate = '', gender = '', deputy = '', deputyGender = '') {
  rowKeys += 1
  return { key: rowKeys, candidate, gender: gender || '', deputy, deputyGender: deputyGender || '' }
}
