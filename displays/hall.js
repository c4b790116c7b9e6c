// What the hall sees, shared by the hall screen, the livestream overlay and the public page:
// plain functions of a view (docs/protocol.md §5), no Alpine, no DOM.

// The string key of each kind of speech or request (its `class` first: a speech by the board
// chair is of class "priority"). Literal keys, so tests/e2e/test_strings.py sees them used.
const KIND_KEYS = {
  point_of_order: 's_kind_point_of_order',
  reply: 's_kind_reply',
  seconding: 's_kind_seconding',
  group_address: 's_kind_group_address',
  presentation: 's_kind_presentation',
  priority: 's_kind_priority',
  ordinary: 's_kind_speech',
  speech: 's_kind_speech',
}
export function kindKey(entry) {
  return KIND_KEYS[entry.class] || KIND_KEYS[entry.kind] || 's_kind_speech'
}

// The choices of a vote, in the order the minutes list them (VT-3, VT-5), each with a shape
// so that colour is never the only cue.
export const CHOICES = ['jaa', 'ei', 'tyhja', 'poissa', 'esteellinen']
export const CHOICE_KEYS = {
  jaa: 's_choice_jaa',
  ei: 's_choice_ei',
  tyhja: 's_choice_tyhja',
  poissa: 's_choice_poissa',
  esteellinen: 's_choice_esteellinen',
}
export const SYMBOLS = { jaa: '✓', ei: '✕', tyhja: '○', poissa: '–', esteellinen: '⊘', none: '·' }

const PROPOSAL_KEYS = {
  counter: 's_proposal_counter',
  rejection: 's_proposal_rejection',
  tabling: 's_proposal_tabling',
  return: 's_proposal_return',
  independent: 's_proposal_independent',
  rider: 's_proposal_rider',
}
export function proposalKey(kind) {
  return PROPOSAL_KEYS[kind] || 's_proposal_counter'
}

// --- people ---------------------------------------------------------------------------

const indexes = new WeakMap()
function index(view) {
  const people = view && view.people
  if (!people) return new Map()
  let found = indexes.get(people)
  if (!found) {
    found = new Map(people.map((p) => [p.id, p]))
    indexes.set(people, found)
  }
  return found
}
export function person(view, id) {
  return index(view).get(id) || null
}
export function personName(view, id) {
  const p = person(view, id)
  return p ? `${p.first} ${p.last}` : id || ''
}
export function groupName(view, groupId) {
  const group = ((view && view.groups) || []).find((g) => g.id === groupId)
  return group ? group.name : ''
}
// The group a person belongs to (a speech's `group` is set only for group addresses).
export function personGroup(view, id) {
  const p = person(view, id)
  return p ? groupName(view, p.group) : ''
}

// --- the server's clock ------------------------------------------------------------------

// Countdowns run on the server's clock: the live client keeps the offset from `server_time`
// (welcome, snapshot, view, pong), and the page ticks by itself (nothing is broadcast per second).
export class ServerClock {
  offset = 0
  live = null
  follow(live) {
    this.live = live
    live.addEventListener('status', () => {
      if (live.status === 'live' && live.welcome && live.welcome.server_time) {
        this.offset = live.welcome.server_time - Date.now()
      }
    })
    return this
  }
  now() {
    if (this.live && typeof this.live.serverNow === 'function') return this.live.serverNow()
    return Date.now() + this.offset
  }
}

// The timer of the speech on the floor: counts down from started_at over limit + extension,
// warns warn_at seconds before the end, then shows the overrun. A speech without a limit
// counts up. state: running | warn | over | open (no limit).
export function speechTimer(floor, now) {
  const speech = floor && floor.current
  if (!speech) return null
  const elapsed = Math.max(0, now - speech.started_at)
  if (speech.limit_seconds === null || speech.limit_seconds === undefined) {
    return { state: 'open', text: clockText(elapsed), seconds: Math.floor(elapsed / 1000) }
  }
  const limit = (speech.limit_seconds + (speech.extended_seconds || 0)) * 1000
  const left = limit - elapsed
  if (left < 0) return { state: 'over', text: '+' + clockText(-left), seconds: Math.floor(left / 1000) }
  const warnAt = (floor.warn_at_seconds || 0) * 1000
  return { state: left <= warnAt ? 'warn' : 'running', text: clockText(left, true), seconds: Math.ceil(left / 1000) }
}

function clockText(ms, up = false) {
  const total = up ? Math.ceil(ms / 1000) : Math.floor(ms / 1000)
  const minutes = Math.floor(total / 60)
  const seconds = total % 60
  return `${minutes}:${String(seconds).padStart(2, '0')}`
}

// --- what the hall is looking at ----------------------------------------------------------

// One of: closed_session, idle (no item), vote, election, speech, result, election_result, item.
// A vote or ballot in progress comes first; a speech on the floor next; a result stays up until
// the discussion goes on or the next item is taken up.
export function stage(view) {
  if (!view) return 'idle'
  if (view.closed_session) return 'closed_session'
  if (view.current_item === null || view.current_item === undefined) return 'idle'
  const vote = view.vote
  const election = view.election
  // A vote put to the council (prepared) shows its question before it opens.
  if (vote && vote.progress && (vote.progress.state === 'open' || vote.progress.state === 'prepared')) return 'vote'
  if (election && election.state === 'open') return 'election'
  const floor = view.floor
  if (floor && floor.current) return 'speech'
  const discussing = floor && floor.discussion === 'open'
  if (!discussing && election && election.state !== 'open') return 'election_result'
  if (!discussing && vote && vote.result) return 'result'
  return 'item'
}

// The requests waiting for the floor, in order, with names.
export function queue(view, limit = 8) {
  const waiting = (view && view.floor && view.floor.waiting) || []
  return waiting.slice(0, limit).map((r) => ({
    id: r.request,
    place: r.place,
    name: personName(view, r.person),
    group: personGroup(view, r.person),
    kind: r.class === 'ordinary' ? 'ordinary' : r.class || r.kind,
    kindKey: kindKey(r),
  }))
}

// The proposals on the table (made and not withdrawn), with their movers and seconding.
export function proposals(view) {
  const summary = view && view.proposals
  if (!summary || !summary.proposals) return []
  return summary.proposals
    .filter((p) => p.state === 'made' || p.state === 'decided')
    .map((p) => ({
      id: p.id,
      kindKey: proposalKey(p.kind),
      movers: p.movers.map((id) => personName(view, id)).join(', '),
      seconded: p.seconders.length > 0,
      text: p.text,
      amount: p.amount,
    }))
}

// Where the record stood at the last decision: its hash's first digits in groups of four, as
// `chamber verify --anchor` takes them (docs/record.md). Null before the first one.
export function record(view) {
  const r = view && view.record
  return r ? { seq: r.seq, hash: r.hash.match(/.{1,4}/g).join(' ') } : null
}

// Who is disqualified on the item under consideration.
export function disqualified(view) {
  const att = view && view.attendance
  if (!att || !att.disqualified || att.item === null) return []
  return Object.keys(att.disqualified[String(att.item)] || {}).map((id) => personName(view, id))
}

// The lots that ordered groups of equal size in the round of group addresses while it is open
// (SQ-4): for each, the groups' names in the order drawn.
export function groupLots(view) {
  const round = view && view.floor && view.floor.group_round
  if (!round || !round.open) return []
  return (round.lots || []).map((lot) => lot.order.map((g) => groupName(view, g)).join(', '))
}

// Each person's choice in a closed vote: id -> jaa | ei | tyhja | poissa | esteellinen.
export function choicesOf(result) {
  const choice = {}
  if (!result) return choice
  for (const c of CHOICES) for (const id of result[c] || []) choice[id] = c
  return choice
}

function sortName(view, id) {
  const p = person(view, id)
  return p ? `${p.last} ${p.first}` : id
}

// The names per choice, for the lists beside the seat map.
export function namesByChoice(view, result) {
  if (!result) return []
  return CHOICES.filter((c) => (result[c] || []).length > 0).map((c) => ({
    choice: c,
    key: CHOICE_KEYS[c],
    symbol: SYMBOLS[c],
    count: result[c].length,
    names: [...result[c]].sort((a, b) => sortName(view, a).localeCompare(sortName(view, b), 'fi')).map((id) => personName(view, id)),
  }))
}

// The seat map: the seating plan's labels (A1, A2, ..., B1, ...) read as rows by their letters,
// each row a group's block, seats in number order; each seat shows who sits in it (a substitute
// in a member's place) and that person's choice.
export function seatRows(view, result) {
  const people = (view && view.people) || []
  const places = (view && view.attendance && view.attendance.places) || {}
  const choice = choicesOf(result)
  const rows = new Map()
  for (const p of people) {
    if (!p.seat) continue
    const match = /^([^\d]*)(\d*)/.exec(p.seat)
    const block = match[1] || p.group || ''
    const number = Number.parseInt(match[2] || '0', 10)
    if (!rows.has(block)) rows.set(block, { block, groups: new Map(), seats: [] })
    const row = rows.get(block)
    row.groups.set(p.group, (row.groups.get(p.group) || 0) + 1)
    const sitter = places[p.id] || p.id
    const who = person(view, sitter) || p
    row.seats.push({
      seat: p.seat,
      number,
      person: who.id,
      name: who.last,
      fullName: `${who.first} ${who.last}`,
      choice: choice[who.id] || choice[p.id] || 'none',
    })
  }
  return [...rows.values()]
    .sort((a, b) => a.block.localeCompare(b.block, 'fi', { numeric: true }))
    .map((row) => {
      const group = [...row.groups.entries()].sort((a, b) => b[1] - a[1])[0][0]
      row.seats.sort((a, b) => a.number - b.number || a.seat.localeCompare(b.seat))
      return {
        block: row.block,
        group: groupName(view, group),
        seats: row.seats.map((s) => ({ ...s, symbol: SYMBOLS[s.choice] })),
      }
    })
}

// The board's combined list is on show in the hall until the election is opened on it (KRS §30:
// at least five minutes before the election's roll call), where the hall would show the item
// or an earlier result.
export function listsOnShow(view) {
  const lists = view && view.candidate_lists
  return Boolean(lists && lists.election === null) && ['item', 'result', 'election_result'].includes(stage(view))
}

// A candidate: a roster id is a person, anything else a name as the lists give it.
export function candidateName(view, id) {
  return person(view, id) ? personName(view, id) : id
}

// The candidate lists with their numbers (the combined list, or the election's own lists); each
// entry a candidate with the personal deputy paired on the list ('' for none, LAW-19).
export function candidateLists(view, lists) {
  return (lists || []).map((l) => ({
    number: l.number,
    name: l.name,
    candidates: l.candidates.map((c) => candidateName(view, c)),
    entries: l.candidates.map((c) => ({ id: c, name: candidateName(view, c), deputy: deputyName(view, l.deputies, c) })),
  }))
}

// A candidate's personal deputy by name, '' when none is paired (LAW-19).
export function deputyName(view, deputies, candidate) {
  const deputy = (deputies || {})[candidate]
  return deputy ? candidateName(view, deputy) : ''
}

// The election's results in ranking order: name, votes (or comparative number, with the
// candidate's list), elected, and the personal deputy who is elected with the candidate (EL-P5).
// While a run-off waits (ME-4), nobody is elected yet: the two who meet in it are marked.
export function electionRows(view, election) {
  if (!election || !election.totals) return []
  const elected = new Set(election.state === 'decided' ? election.elected || [] : [])
  const runoff = new Set(election.state === 'runoff_needed' ? election.runoff || [] : [])
  const names = election.ranking && election.ranking.length ? election.ranking : Object.keys(election.totals)
  const voters = election.voters || null
  const listOf = (name) => (election.lists || []).find((l) => l.candidates.includes(name))
  return names.map((name) => ({
    id: name,
    name: candidateName(view, name),
    votes: election.totals[name] !== undefined ? election.totals[name] : null,
    comparative: election.comparative_numbers ? election.comparative_numbers[name] || '' : '',
    list: listOf(name) ? listOf(name).number : null,
    deputy: deputyName(view, election.deputies, name),
    elected: elected.has(name),
    runoff: runoff.has(name),
    voters: voters && voters[name] ? voters[name].map((id) => personName(view, id)).join(', ') : '',
  }))
}

// Each lot of the election (arpa ratkaisi / lotten avgjorde, EL-P7): who tied, the order drawn.
export function electionLots(view, election) {
  return ((election && election.lots) || []).map((lot) => ({
    tied: lot.tied.map((c) => candidateName(view, c)).join(', '),
    order: lot.order.map((c) => candidateName(view, c)).join(', '),
  }))
}

// The speech on the floor as the hall screen, the overlay and the public page read it: methods
// for a component that has `view()` and `now` (the server's clock).
export const floorReading = {
  speech() {
    const view = this.view()
    return view && view.floor ? view.floor.current : null
  },
  speakerName() {
    const s = this.speech()
    return s ? personName(this.view(), s.person) : ''
  },
  // A group address speaks for its group; anyone else is shown with their own group.
  speakerGroup() {
    const s = this.speech()
    if (!s) return ''
    return s.group ? groupName(this.view(), s.group) : personGroup(this.view(), s.person)
  },
  timer() {
    return speechTimer(this.view() && this.view().floor, this.now) || { state: 'none', text: '' }
  },
  // The string key of what the timer shows: time left, time over, or no limit.
  timerNoteKey() {
    const state = this.timer().state
    if (state === 'over') return 's_overrun'
    if (state === 'open') return 's_no_limit'
    return 's_time_left'
  },
}

// The vote's progress and result as the hall screen and the public page read them: methods for a
// component that has `vote()` and `view()`.
export const voteReading = {
  voteOpen() {
    const v = this.vote()
    return Boolean(v && v.progress.state === 'open')
  },
  voted() {
    const v = this.vote()
    return v ? v.progress.voted : 0
  },
  eligible() {
    const v = this.vote()
    return v ? v.progress.eligible : 0
  },
  calledName() {
    const v = this.vote()
    return v && v.progress.called ? personName(this.view(), v.progress.called) : ''
  },
  result() {
    const v = this.vote()
    return v ? v.result : null
  },
}
