// The secretary's console: attendance (roll call answers, arrivals and departures, absences,
// substitutes), the roster and the agenda to prepare and correct (preparation.js), pairing cards
// to print, speaking time (the chart and its table), and the paired devices with revocation.
import { startPage, common, commands, confirmation, quorumReading, signOut } from './page.js'
import { preparation } from './preparation.js'
import { electionBoard } from './board.js'

const KIND_KEYS = { member: 'c_person_member', substitute: 'c_person_substitute', official: 'c_person_official' }
const STATE_KEYS = {
  present: 'c_state_present', absent: 'c_state_absent', reported: 'c_state_reported',
  replaced: 'c_state_replaced', sitting: 'c_state_sitting', free: 'c_state_free',
}
const LANG_KEYS = { fi: 'c_lang_fi', sv: 'c_lang_sv', en: 'c_lang_en' }
// The minutes come in the council's languages, one or both side by side.
const MINUTES_LANG_KEYS = { fi: 'c_lang_fi', sv: 'c_lang_sv', both: 'c_minutes_both' }
const MOVE_KEYS = { arrived: 'c_move_arrived', departed: 'c_move_departed' }
// Each breakdown of the speaking time: its name, its label column and its rows in the JSON.
const BREAKDOWNS = {
  group: { name: 'c_stats_by_group', label: 'c_stats_group', rows: 'groups' },
  member: { name: 'c_stats_by_member', label: 'c_stats_speaker', rows: 'members' },
  language: { name: 'c_stats_by_language', label: 'c_stats_language', rows: 'languages' },
}
const SPOKEN_KEYS = { fi: 'c_stats_lang_fi', sv: 'c_stats_lang_sv', en: 'c_stats_lang_en' }

const live = startPage({
  as: 'secretary',
  components: {
    signOut,
    secretary: () => ({
      ...common,
      ...confirmation(),
      ...commands(live),
      ...preparation(),
      ...electionBoard(),
      ...quorumReading,
      devices: [],
      apiError: '',
      unauthorised: false,
      filter: '',
      breakdowns: Object.keys(BREAKDOWNS),
      statsBy: 'group',
      stats: null,
      statsLoaded: 0, // bumped at each load: the chart's URL changes with it
      statsClosed: null, // the items closed when the figures were loaded
      minutesLangs: Object.keys(MINUTES_LANG_KEYS),

      init() {
        this.loadDevices()
        this.$watch(() => this.lang(), () => this.readRefusedAgain())
        live.addEventListener('change', () => {
          if (this.closedItems() !== this.statsClosed) this.loadStatistics()
        })
      },

      signedOut() {
        return this.unauthorised || this.refusedCode() === 4001
      },
      groups() {
        return this.view()?.groups ?? []
      },
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
      clock(ms) {
        return new Intl.DateTimeFormat(this.lang(), { hour: '2-digit', minute: '2-digit' }).format(ms)
      },
      deviceState(device) {
        return device.revoked ? this.t('device_revoked_at', { when: this.when(device.revoked) }) : this.t('device_active')
      },

      // ---- quorum (quorumReading) and the roll call ----
      rollCall() {
        return this.attendance()?.roll_call ?? null
      },

      // ---- attendance, by group ----
      // One section a group, then the officials (no group); each filtered by the search.
      sections() {
        const groups = this.groups().map((g) => ({ key: g.id, group: g, heading: this.groupHeading(g), rows: this.rowsOf(g.id) }))
        const officials = { key: '', group: null, heading: this.t('c_officials'), rows: this.rowsOf(null) }
        return officials.rows.length ? [...groups, officials] : groups
      },
      rowsOf(groupId) {
        const q = this.filter.trim().toLowerCase()
        return this.people()
          .filter((p) => (p.group ?? null) === groupId)
          .filter((p) => !q || (p.first + ' ' + p.last).toLowerCase().includes(q))
          .sort((a, b) => kindRank(a) - kindRank(b) || (a.order ?? 0) - (b.order ?? 0) || a.last.localeCompare(b.last, 'fi'))
      },
      groupHeading(group) {
        return this.t('c_group_heading', { group: this.local(group.name), count: group.size })
      },
      // Officials are listed with their roles; attendance is kept for councillors.
      rowState(p) {
        return p.kind === 'official' ? 'official' : this.personState(p)
      },
      stateCell(p) {
        return p.kind === 'official' ? this.rolesText(p) : this.stateText(p)
      },
      kindText(p) {
        const text = this.t(KIND_KEYS[p.kind] ?? 'c_person_member')
        return p.kind === 'substitute' && p.order ? text + ' ' + p.order : text
      },
      isPresent(p) {
        return (this.attendance()?.present ?? []).includes(p.id)
      },
      substitutionOf(p) {
        return (this.attendance()?.substitutions ?? []).find((s) => s.substitute === p.id) ?? null
      },
      replacedBy(p) {
        const occupant = this.attendance()?.places?.[p.id]
        return occupant && occupant !== p.id ? occupant : null
      },
      reported(p) {
        return (this.attendance()?.absence_notices ?? []).includes(p.id)
      },
      personState(p) {
        if (this.replacedBy(p)) return 'replaced'
        if (this.substitutionOf(p)) return 'sitting'
        if (this.isPresent(p)) return 'present'
        if (this.reported(p)) return 'reported'
        if (p.kind === 'substitute') return 'free'
        return 'absent'
      },
      stateText(p) {
        const state = this.personState(p)
        let text = this.t(STATE_KEYS[state])
        if (state === 'replaced') text += ': ' + this.name(this.replacedBy(p))
        if (state === 'sitting') text += ': ' + this.name(this.substitutionOf(p).member)
        if (state === 'sitting' && !this.isPresent(p)) text += ' · ' + this.t('c_state_not_arrived')
        if (this.reported(p) && state !== 'reported') text += ' · ' + this.t('c_state_reported')
        const answer = this.rollCallAnswer(p)
        if (answer !== undefined) text += ' · ' + this.t(answer === true ? 'c_rc_present' : answer === false ? 'c_rc_absent' : 'c_rc_open')
        return text
      },
      // During a roll call: undefined if the person is not called, else true/false/null.
      rollCallAnswer(p) {
        const call = this.rollCall()
        if (!call || !call.called.includes(p.id)) return undefined
        return p.id in call.answers ? call.answers[p.id] : null
      },
      called(p) {
        return this.rollCallAnswer(p) !== undefined
      },
      mayArrive(p) {
        return p.kind !== 'official' && !this.isPresent(p) && !this.called(p) && (p.kind !== 'substitute' || this.substitutionOf(p) !== null)
      },
      mayLeave(p) {
        return p.kind !== 'official' && this.isPresent(p)
      },
      mayReport(p) {
        return !this.isPresent(p) && !this.reported(p) && this.phase() !== 'closed' && p.kind !== 'official'
      },
      emptyPlace(p) {
        const next = this.attendance()?.next_substitutes ?? {}
        // During a roll call only those who reported absence: the others may still answer.
        return p.kind === 'member' && p.id in next && (this.reported(p) || !this.rollCall())
      },
      proposedSubstitute(p) {
        return (this.attendance()?.next_substitutes ?? {})[p.id] ?? null
      },
      seatLabel(p) {
        const s = this.proposedSubstitute(p)
        return s ? this.t('c_seat_substitute_named', { name: this.name(s) }) : this.t('c_no_substitute')
      },
      seatAria(p) {
        const s = this.proposedSubstitute(p)
        return s ? this.t('c_seat_substitute_for', { name: this.name(s), member: this.name(p.id) }) : this.t('c_no_substitute')
      },
      markPresent(p) {
        this.run('mark_present', { person: p.id })
      },
      markAbsent(p) {
        this.run('mark_absent', { person: p.id })
      },
      arrive(p) {
        this.run('record_arrival', { person: p.id })
      },
      leave(p) {
        this.ask(this.t('c_confirm_departure', { name: this.name(p.id) }), this.t('c_record_departure'),
          () => this.run('record_departure', { person: p.id }))
      },
      reportAbsence(p) {
        this.run('report_absence', { person: p.id })
      },
      seatSubstitute(p) {
        const s = this.proposedSubstitute(p)
        if (!s) {
          this.error = this.t('c_no_substitute')
          return
        }
        this.ask(this.t('c_confirm_seat', { substitute: this.name(s), member: this.name(p.id) }), this.t('c_seat_substitute'),
          () => this.run('seat_substitute', { member: p.id, substitute: s }))
      },
      releaseSubstitute(p) {
        const s = this.substitutionOf(p)
        this.ask(this.t('c_confirm_release', { substitute: this.name(p.id), member: this.name(s.member) }), this.t('c_release_substitute'),
          () => this.run('release_substitute', { substitute: p.id }))
      },
      movements() {
        return [...(this.attendance()?.movements ?? [])].reverse().slice(0, 12)
      },
      movementText(mv) {
        const during = mv.during ? ' · ' + this.t('item_number', { number: mv.during }) : ''
        return this.clock(mv.at) + ' ' + this.name(mv.person) + ': ' + this.t(MOVE_KEYS[mv.kind]) + during
      },

      // ---- agenda, both languages ----
      agenda() {
        return this.view()?.agenda ?? []
      },
      languages() {
        return this.meeting()?.languages ?? ['fi', 'sv']
      },
      textIn(text, lang) {
        return text && text[lang] ? text[lang] : '—'
      },
      langName(lang) {
        return this.t(LANG_KEYS[lang])
      },
      itemNumber(item) {
        return this.t('item_number', { number: item.number })
      },

      // ---- the minutes: drafted from the log, checked by the checkers, published here ----
      minutes() {
        return this.view()?.minutes ?? null
      },
      minutesUrl(lang, format) {
        return `/api/minutes?lang=${lang}&format=${format}`
      },
      minutesFile(lang) {
        return `${this.meeting()?.id ?? 'minutes'}-${lang}.pdf`
      },
      minutesLinkText(lang, format) {
        return this.t(format === 'pdf' ? 'c_minutes_pdf' : 'c_minutes_page', { lang: this.t(MINUTES_LANG_KEYS[lang]) })
      },
      checkerRows() {
        const m = this.minutes()
        return (m?.checkers ?? []).map((id) => ({ id, name: this.name(id), approved: m.approved_by.includes(id) }))
      },
      minutesPublished() {
        return this.minutes()?.published === true
      },
      minutesReady() {
        return this.minutes()?.ready === true
      },
      minutesStateText() {
        if (this.minutesPublished()) return this.t('c_minutes_published')
        if (this.phase() !== 'closed') return this.t('c_minutes_draft_open')
        return this.t(this.minutesReady() ? 'c_minutes_ready' : 'c_minutes_waiting')
      },
      publishMinutes() {
        this.ask(this.t('c_confirm_publish_minutes'), this.t('c_publish_minutes'), () => this.run('publish_minutes', {}))
      },

      // ---- speaking time: loaded again on request and whenever an item is closed ----
      closedItems() {
        return this.agenda().filter((item) => item.state === 'closed').length
      },
      async loadStatistics() {
        this.statsClosed = this.closedItems()
        const response = await this.api('/api/statistics')
        if (!response) return
        this.stats = await response.json()
        this.statsLoaded++
      },
      chartUrl() {
        if (!this.statsLoaded) return ''
        return `/api/statistics?lang=${this.lang()}&by=${this.statsBy}&format=svg&v=${this.statsLoaded}`
      },
      breakdownName(by) {
        return this.t(BREAKDOWNS[by].name)
      },
      statsEmpty() {
        return !this.stats || this.stats.total.speeches === 0
      },
      statsCaption() {
        return this.t('c_stats_caption', { by: this.breakdownName(this.statsBy).toLocaleLowerCase(this.lang()) })
      },
      statsHeadings() {
        const label = BREAKDOWNS[this.statsBy].label
        const group = this.statsBy === 'member' ? [{ key: 'c_stats_group' }] : []
        return [{ key: label }, ...group, { key: 'c_stats_speeches', figure: true }, { key: 'c_stats_time', figure: true }]
      },
      statsRows() {
        const total = this.stats?.total
        if (!total) return []
        const groups = Object.fromEntries(total.groups.map((g) => [g.group, this.statsGroupName(g)]))
        return total[BREAKDOWNS[this.statsBy].rows].map((r) => ({
          key: r.person ?? r.lang ?? r.group ?? '',
          label: this.statsLabel(r),
          group: groups[r.group] ?? '',
          ...this.figures(r),
        }))
      },
      statsTotal() {
        return this.stats ? this.figures(this.stats.total) : { speeches: '', time: '' }
      },
      statsLabel(row) {
        if (this.statsBy === 'member') return row.name
        if (this.statsBy === 'language') return this.t(SPOKEN_KEYS[row.lang])
        return this.statsGroupName(row)
      },
      statsGroupName(g) {
        return g.group === null ? this.t('c_officials') : g.name
      },
      figures(row) {
        const whole = Math.round(row.seconds)
        return { speeches: row.speeches, time: Math.floor(whole / 60) + ':' + String(whole % 60).padStart(2, '0') }
      },

      // ---- devices ----
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
        this.apiError = ''
        let response
        try {
          response = await fetch(`${url}?lang=${this.lang()}`, options)
        } catch {
          this.apiError = this.t('network_error')
          return null
        }
        if (response.ok) return response
        if (response.status === 401) this.unauthorised = true
        else this.apiError = (await response.json()).error?.message ?? response.statusText
        return null
      },
    }),
  },
})

function kindRank(p) {
  return { member: 0, substitute: 1, official: 2 }[p.kind] ?? 3
}
