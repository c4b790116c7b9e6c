// The secretary's preparation of the meeting: the roster (people, groups, the council's size, a
// roster file) and the agenda (items in the council's languages, base proposals, attachment links,
// the sum an appropriation grants, an agenda file). Spread into the secretary's component; the
// server decides what is allowed (chamber/rules/preparation.py) and its refusal is shown in the
// dialog that sent the edit.

export const ROLES = ['chair', 'vice_chair', 'group_chair', 'board_chair', 'mayor', 'committee_chair']
const KINDS = ['member', 'substitute', 'official']
// What may still be corrected in a person once the meeting is open (as on the server).
const CORRECTABLE = ['first', 'last', 'seat', 'lang']

export function preparation() {
  return {
    personDraft: blankPerson(),
    personIsNew: true,
    groupDraft: { id: '', name: '' },
    groupIsNew: true,
    itemDraft: blankItem(1, ['fi', 'sv']),
    itemIsNew: true,
    seatsDraft: '',
    // A roster or agenda file: {name, data} once the server has read it, waiting for the
    // secretary's go-ahead; `error` its refusal, in the page's language: `refused` is the file it
    // refused, read again when the language changes so that the refusal follows it.
    files: { roster: blankFile(), agenda: blankFile() },

    preparing() {
      return this.phase() === 'draft'
    },
    editable() {
      return this.phase() === 'draft' || this.phase() === 'open' || this.phase() === 'recess'
    },
    preparationNote() {
      if (this.preparing()) return this.t('c_prep_draft')
      return this.editable() ? this.t('c_prep_open') : this.t('c_prep_closed')
    },
    kinds() {
      return KINDS
    },
    roles() {
      return ROLES
    },
    roleName(role) {
      return this.t('c_role_' + role)
    },
    rolesText(p) {
      return (p.roles ?? []).map((r) => this.roleName(r)).join(', ') || '—'
    },

    // ---- people ----
    newPerson() {
      this.personDraft = blankPerson(this.groups()[0]?.id ?? '')
      this.personIsNew = true
      this.openDialog('personDialog')
    },
    editPerson(p) {
      this.personDraft = { ...blankPerson(), ...p, seat: p.seat ?? '', order: p.order ?? '', deputy_of: p.deputy_of ?? '',
        group: p.group ?? '', roles: [...(p.roles ?? [])] }
      this.personIsNew = false
      this.openDialog('personDialog')
    },
    locked(field) {
      return !this.preparing() && !CORRECTABLE.includes(field)
    },
    isSubstitute() {
      return this.personDraft.kind === 'substitute'
    },
    deputyChoices() {
      return this.people().filter((p) => p.kind === 'member' && p.group === this.personDraft.group)
    },
    async savePerson() {
      const d = this.personDraft
      const person = {
        id: d.id.trim(), first: d.first, last: d.last, kind: d.kind, lang: d.lang,
        group: d.group || null, seat: String(d.seat).trim() || null, roles: d.roles,
        order: d.kind === 'substitute' && String(d.order).trim() ? Number(d.order) : null,
        deputy_of: d.kind === 'substitute' && d.deputy_of ? d.deputy_of : null,
      }
      if (await this.run(this.personIsNew ? 'add_person' : 'change_person', { person })) this.closeDialog('personDialog')
    },
    removePerson(p) {
      this.ask(this.t('c_confirm_remove_person', { name: this.name(p.id) }), this.t('c_delete'),
        () => this.run('remove_person', { person: p.id }))
    },

    // ---- the council's size (seats): quorum is two thirds of it, so it is set before opening ----
    seats() {
      return this.view()?.seats ?? 0
    },
    councilSize() {
      return this.t('c_council_size', { seats: this.seats() })
    },
    editSeats() {
      this.seatsDraft = String(this.seats())
      this.openDialog('seatsDialog')
    },
    async saveSeats() {
      const seats = this.seatsDraft.trim()
      if (await this.run('set_seats', { seats: /^\d+$/.test(seats) ? Number(seats) : seats })) this.closeDialog('seatsDialog')
    },

    // ---- groups ----
    newGroup() {
      this.groupDraft = { id: '', name: '' }
      this.groupIsNew = true
      this.openDialog('groupDialog')
    },
    renameGroup(group) {
      this.groupDraft = { id: group.id, name: group.name }
      this.groupIsNew = false
      this.openDialog('groupDialog')
    },
    async saveGroup() {
      if (await this.run('save_group', { group: this.groupDraft.id.trim(), name: this.groupDraft.name })) {
        this.closeDialog('groupDialog')
      }
    },
    mayRemoveGroup(group) {
      return this.preparing() && !this.people().some((p) => p.group === group.id)
    },
    removeGroup(group) {
      this.ask(this.t('c_confirm_remove_group', { group: this.local(group.name) }), this.t('c_delete'),
        () => this.run('remove_group', { group: group.id }))
    },

    // ---- a roster or agenda file: read by the server, shown, then sent as one command ----
    readRosterFile(event) {
      this.chooseFile('roster', event.target)
    },
    readAgendaFile(event) {
      this.chooseFile('agenda', event.target)
    },
    chooseFile(kind, input) {
      const file = input.files[0]
      input.value = '' // the same file chosen again, corrected, is read again
      this.files[kind] = blankFile()
      if (file) this.readFile(kind, file)
    },
    async readFile(kind, file) {
      const url = `/api/${kind}-file?name=${encodeURIComponent(file.name)}&lang=${this.lang()}`
      let response
      try {
        response = await fetch(url, { method: 'POST', body: file })
      } catch {
        this.files[kind] = { ...blankFile(), error: this.t('network_error'), refused: file }
        return
      }
      const body = await response.json()
      this.files[kind] = response.ok
        ? { ...blankFile(), name: file.name, data: body[kind] }
        : { ...blankFile(), error: body.error?.message ?? response.statusText, refused: file }
    },
    // The refusals again in the language just chosen.
    readRefusedAgain() {
      for (const kind of Object.keys(this.files)) {
        if (this.files[kind].refused) this.readFile(kind, this.files[kind].refused)
      }
    },
    rosterFileSummary() {
      const r = this.files.roster.data
      if (!r) return ''
      const count = (kind) => r.people.filter((p) => p.kind === kind).length
      return this.t('c_roster_file_summary', { name: r.name, seats: r.seats, members: count('member'),
        substitutes: count('substitute'), officials: count('official'), groups: r.groups.length })
    },
    replaceRoster() {
      const file = this.files.roster
      this.ask(this.t('c_confirm_replace_roster', { file: file.name }), this.t('c_replace_roster'), async () => {
        if (await this.run('replace_roster', { roster: file.data })) this.files.roster = blankFile()
      })
    },
    agendaFileItems() {
      return this.files.agenda.data ?? []
    },
    agendaFileSummary() {
      const items = this.agendaFileItems()
      return this.t('c_agenda_file_summary', { count: items.length,
        appropriations: items.filter((item) => item.base_amount !== null).length })
    },
    replaceAgenda() {
      const file = this.files.agenda
      this.ask(this.t('c_confirm_replace_agenda', { file: file.name }), this.t('c_replace_agenda'), async () => {
        if (await this.run('replace_agenda', { agenda: file.data })) this.files.agenda = blankFile()
      })
    },
    cancelFile(kind) {
      this.files[kind] = blankFile()
    },

    // ---- agenda ----
    mayEditItem(item) {
      return this.editable() && item.taken_up_at === null
    },
    itemState(item) {
      if (item.state === 'current') return this.t('c_item_current')
      if (item.state === 'closed') return this.t('c_item_closed')
      return item.taken_up_at !== null ? this.t('c_item_set_aside') : ''
    },
    // An appropriation's sum, as the minutes write it; '' for any other item.
    itemAmount(item) {
      return item.base_amount === null || item.base_amount === undefined ? '' : this.t('c_item_amount', { amount: this.euros(item.base_amount) })
    },
    missingLanguages(item) {
      const missing = this.languages().filter((l) => !item.title[l])
      return missing.length ? this.t('c_missing_translation', { langs: missing.map((l) => this.langName(l)).join(', ') }) : ''
    },
    newItem() {
      const last = this.agenda().reduce((n, item) => Math.max(n, item.number), 0)
      this.itemDraft = blankItem(last + 1, this.languages())
      this.itemIsNew = true
      this.openDialog('itemDialog')
    },
    editItem(item) {
      this.itemDraft = {
        number: item.number,
        title: { ...texts(this.languages()), ...item.title },
        base_proposal: { ...texts(this.languages()), ...item.base_proposal },
        attachments: item.attachments.map((a) => ({ ...a })),
        appropriation: item.base_amount !== null,
        base_amount: item.base_amount === null ? '' : String(item.base_amount),
      }
      this.itemIsNew = false
      this.openDialog('itemDialog')
    },
    addAttachment() {
      this.itemDraft.attachments.push({ title: '', url: '' })
    },
    dropAttachment(index) {
      this.itemDraft.attachments.splice(index, 1)
    },
    attachmentLabel(index, what) {
      return this.t(what === 'url' ? 'c_attachment_url_n' : 'c_attachment_title_n', { n: index + 1 })
    },
    async saveItem() {
      const d = this.itemDraft
      const attachments = d.attachments
        .filter((a) => a.url.trim())
        .map((a) => ({ title: a.title.trim() || a.url.trim(), url: a.url.trim() }))
      const args = { number: Number(d.number), title: d.title, base_proposal: d.base_proposal, attachments,
        base_amount: d.appropriation ? wholeEuros(d.base_amount) : null }
      if (await this.run('save_item', args)) this.closeDialog('itemDialog')
    },
    removeItem(item) {
      this.ask(this.t('c_confirm_remove_item', { number: item.number, title: this.local(item.title) }), this.t('c_delete'),
        () => this.run('remove_item', { item: item.number }))
    },

    // ---- the dialogs ----
    openDialog(ref) {
      this.error = ''
      this.$refs[ref].showModal()
    },
    closeDialog(ref) {
      this.$refs[ref].close()
    },
  }
}

function blankPerson(group = '') {
  return { id: '', first: '', last: '', kind: 'member', group, seat: '', lang: 'fi', order: '', roles: [], deputy_of: '' }
}

function blankItem(number, langs) {
  return { number, title: texts(langs), base_proposal: texts(langs), attachments: [], appropriation: false, base_amount: '' }
}

function blankFile() {
  return { name: '', data: null, error: '', refused: null }
}

// A sum typed as people write it ("1 200 000"): a number if it is whole euros, else as typed, for
// the server to refuse in the secretary's language.
function wholeEuros(typed) {
  const digits = String(typed).replace(/[\s\u00a0\u202f]/g, '')
  return /^\d{1,15}$/.test(digits) ? Number(digits) : typed // beyond 15 digits a Number is no longer exact
}

// An empty text in each language, for a form to fill.
function texts(langs) {
  return Object.fromEntries(langs.map((l) => [l, '']))
}
