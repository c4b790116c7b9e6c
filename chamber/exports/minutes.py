"""The minutes (pöytäkirja / protokoll), issue 16: drawn from the event log, never typed by hand.

RULES.md §11 and [KRS §§33–34]: the council's minutes are made in Finnish and Swedish, and two
councillors chosen at the meeting check them. `draft` projects a replayed `Meeting` and its log
into `Minutes`; `to_html` writes them as one standalone page in one language or in the council's
languages side by side, and `to_pdf` prints that page as PDF/A-2b.

Most of the minutes are the meeting's own state; the log is read again only for what the state
keeps no history of:
* who sat in which item (läsnä asioissa / närvarande i ärendena), with the item under
  consideration when someone arrived, left, or was seated or released as a substitute: the state
  holds who is present now, so the log is applied once more and each place's occupant noted as
  each item is taken up and at every change of attendance during it. A change between two items
  is told with the next item taken up ("ennen 4 §:ää" / "före § 4");
* who chaired: the chair's commands name the person in the log (`chair:m01`);
* each round of an election and its lots: a run-off replaces the first round in the state.

The wording of a decision is the minutes' own (`decision_text`), the counts are worded as in
the decision summary (`count_words`), and the appeal instructions are `appeal.instructions`.
A secret ballot's choices are never shown, only its totals (EL-M4); every vote on a matter is
open, so its names per option are (VT-5, LAW-13). The discussion record (who spoke, the kind of
speech, when) is an appendix; the question hour is not in it (KT-2), and of a meeting closed to
the public only the items the chair released have one.

The model knows no place of meeting: the minutes leave that line out. The log's event the draft
is drawn from (`rules.minutes.basis`) and its hash are printed in full, so that
`chamber verify --anchor` can hold the printed minutes to the record (docs/record.md).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

from ..i18n import LANGUAGES, message
from ..rules import Meeting, Recorded, apply
from ..rules.agenda import CLOSED as ITEM_CLOSED
from ..rules.attendance import ARRIVED, COUNCIL, DEPARTED, places
from ..rules.elections import (
    DECIDED,
    PROPORTIONAL,
    RUNOFF_NEEDED,
    Election,
    comparative_display,
    gender_quota_warning,
)
from ..rules.minutes import basis
from ..rules.proposals import INDEPENDENT, LAPSED, MADE, MERGED, RIDER, WITHDRAWN, base_text, on_item
from ..rules.votes import SET_ASIDE, Vote, WORDS, decision_text, euros, proposal_label, side_texts, vote
from ..rules.voting_order import EI, JAA, WINNER, Step, order_of
from .appeal import instructions
from .statistics import council_text
from .summary import CLOSED_OUTCOMES, Count, count_words, date_text, languages_asked, names_text, vote_count

ZONE = ZoneInfo("Europe/Helsinki")  # the council's clock: the log keeps UTC milliseconds
PDF_VARIANT = "pdf/a-2b"  # ISO 19005-2, level B (docs/minutes.md says why)
OPTIONS = ("jaa", "ei", "tyhja", "poissa", "esteellinen")  # the vote's rows, VT-5
SEATED, RELEASED = "seated", "released"  # a substitute's changes; arrivals and departures as the rules name them
APPEALED = ("tabled", "returned")  # closed without a decision on the substance: still a decision to appeal (or not)

Texts = dict[str, str]  # a text by language
Col = tuple[str, int]  # a table column: its heading's label code and its width in %


# --- what the minutes say ------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """A change in attendance (MTG-1): an arrival, a departure, a substitute seated or released."""

    person: str
    name: str
    kind: str  # ARRIVED, DEPARTED, SEATED, RELEASED
    at: int
    item: int | None  # the item under consideration, or the next one taken up; None before the first / after the last
    before: bool  # between items: before `item` was taken up
    member: str | None = None  # a substitute's: the name of the member whose place it is


@dataclass(frozen=True)
class Attendee:
    """Someone present at the meeting, with the items they sat in (läsnä / närvarande)."""

    person: str
    name: str
    group: str
    kind: str  # member or substitute
    for_members: tuple[str, ...]  # a substitute's: whose places (names)
    items: tuple[int, ...]  # the items they sat in, agenda order
    whole: bool  # every item taken up
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class Absentee:
    """A member who sat in no item and was never present (poissa / frånvarande)."""

    person: str
    name: str
    group: str
    substitutes: tuple[str, ...]  # who sat in the place (names)
    reported: bool  # reported being unable to attend (estynyt / förhindrad)


@dataclass(frozen=True)
class Quorum:
    """The chair's finding (laillisuus ja päätösvaltaisuus / laglighet och beslutförhet)."""

    at: int
    item: int | None
    lawful: bool
    quorate: bool
    present: int
    seats: int
    needed: int


@dataclass(frozen=True)
class Checker:
    """A minutes checker and what they approved: this draft, an earlier one, or none yet."""

    person: str
    name: str
    state: str  # approved, approved_earlier, not_approved
    basis: int | None


@dataclass(frozen=True)
class Proposal:
    """A proposal made on the item, with its movers and seconders by name."""

    id: str
    kind: str
    label: Texts  # "Vastaehdotus (Aino Laine)", by language (votes.proposal_label)
    text: Texts
    movers: tuple[str, ...]
    seconders: tuple[str, ...]
    state: str  # proposals.MADE, WITHDRAWN, MERGED, LAPSED, DECIDED
    merged_into: Texts | None
    outcome: str | None  # riders and additions: adopted, rejected, not_voted


@dataclass(frozen=True)
class OrderStep:
    """One vote of the approved order, as the council approved it (the winner not yet known)."""

    number: int
    jaa: Texts
    ei: Texts


@dataclass(frozen=True)
class VoteRecord:
    """One vote as VT-5 records it: what was put against what, how, and who voted how."""

    number: int
    interrupting: bool  # a tabling or return voted during the discussion (VO-R1)
    mode: str  # electronic or roll_call
    jaa: Texts
    ei: Texts
    names: dict[str, tuple[str, ...]]  # OPTIONS -> names, alphabetical
    winner: str | None  # JAA or EI
    count: Count | None  # the winning side first
    casting_vote: str | None
    replaces: int | None  # the number of the vote this roll call took again (VT-2)
    set_aside: bool  # taken again by roll call: this result did not decide
    demanded_by: tuple[str, ...]
    quorum_override: bool


@dataclass(frozen=True)
class Round:
    """One round of an election: its totals and who came out elected (or into the run-off)."""

    number: int
    voted: int
    totals: tuple[tuple[str, int], ...]  # candidate (majority) or list number (proportional), most first
    blank: int
    invalid: int
    comparative: tuple[tuple[str, str], ...]  # proportional: candidate -> "53,167", by ranking
    elected: tuple[str, ...]
    runoff: bool  # nobody had more than half: the two first meet again (ME-4)
    voters: dict[str, tuple[str, ...]]  # an open election only: candidate -> voters' names


@dataclass(frozen=True)
class ElectionRecord:
    """An election on the item (vaali / val); never a secret ballot's choices (EL-M4)."""

    title: Texts
    kind: str
    seats: int
    secret: bool
    absolute_majority: bool
    unanimous: bool  # elected without a ballot (EL-M5)
    lists: tuple[tuple[int, str, tuple[str, ...]], ...]  # number, name, candidates
    rounds: tuple[Round, ...]
    elected: tuple[str, ...]  # once decided
    demanders: tuple[str, ...] = ()  # who demanded the proportional election (LAW-18)
    paper: bool = False  # closed paper ballots, counted by the election board (EL-P4)
    deputies: dict[str, str] = field(default_factory=dict)  # candidate -> personal deputy (LAW-19), names
    elected_deputies: tuple[tuple[str, str], ...] = ()  # (deputy, principal) elected with them, names
    gender_quota: dict[str, dict[str, int] | None] | None = None  # LAW-20 warning: elected, deputies


@dataclass(frozen=True)
class Lot:
    """A lot drawn (arpa ratkaisi / lotten avgjorde): what was tied and the order drawn."""

    title: Texts | None  # the election's; None: the order of group addresses or of candidate lists
    tied: tuple[str, ...]
    order: tuple[str, ...]
    lists: bool = False  # the numbers of the combined candidate list (EL-P3)


@dataclass(frozen=True)
class Dissent:
    name: str
    text: Texts  # empty until the written text is handed in (LAW-15)


@dataclass(frozen=True)
class SpeechRecord:
    """A speech of the discussion record: who, what kind (speaking.speech_class), when."""

    name: str
    kind: str
    start: int
    end: int | None


@dataclass(frozen=True)
class ItemMinutes:
    """One agenda item (§) as the minutes record it, every text by language."""

    number: int
    title: Texts
    state: str  # not_reached, unfinished, closed
    base: Texts  # the base proposal as it stood (PR-1)
    base_amount: int | None
    base_changed: bool
    changes: tuple[Change, ...]
    disqualified: tuple[tuple[str, str, int | None], ...]  # name, basis (declared or council), when it ended
    proposals: tuple[Proposal, ...]
    summary_confirmed: bool
    order: tuple[OrderStep, ...]  # empty: no order was approved
    order_edited: bool
    votes: tuple[VoteRecord, ...]
    elections: tuple[ElectionRecord, ...]
    decision: Texts  # the minutes' wording (votes.decision_text); {} without a decision
    minority: int | None  # tabled without a vote on the demand of this many (VO-6b)
    minority_names: tuple[str, ...]  # ... who they were, alphabetically; () where not recorded
    outcome: str | None  # tabled, returned, withdrawn or removed when closed without a decision
    dissents: tuple[Dissent, ...]
    lots: tuple[Lot, ...]
    appeal: dict[str, tuple[str, ...]]  # paragraphs by language; {} when nothing was decided
    speeches: tuple[SpeechRecord, ...]  # the discussion record; () when it is not published


@dataclass(frozen=True)
class Minutes:
    """The minutes of one meeting, as the log stands at `basis`."""

    meeting: str
    body: str  # the roster's name of the body
    council: bool  # a council (valtuusto / fullmäktige): its members are councillors
    title: Texts
    date: str  # ISO
    place: Texts  # empty: not recorded
    public: bool
    languages: tuple[str, ...]  # the council's, in its order
    phase: str
    opened_at: int | None
    closed_at: int | None
    chairs: tuple[str, ...]  # who chaired (names), in order
    secretary: str
    present: tuple[Attendee, ...]
    absent: tuple[Absentee, ...]
    quorum: tuple[Quorum, ...]
    checkers: tuple[Checker, ...]
    published_at: int | None
    basis: int
    handled: tuple[int, ...]  # the items taken up, agenda order
    items: tuple[ItemMinutes, ...]


# --- the projection ------------------------------------------------------------------------------


def draft(meeting: Meeting, events: list[Recorded], items: Collection[int] | None = None) -> Minutes:
    """The minutes of `meeting`, replayed from `events`; of only `items` when given (what a
    meeting closed to the public has released)."""
    m = meeting
    if m.roster is None:
        raise ValueError(f"meeting '{m.id}' has no roster: its log holds no setup")
    walk = _walk(events)
    handled = [i.number for i in m.agenda if i.taken_up_at is not None]
    current = basis(m)
    return Minutes(
        meeting=m.id, body=m.roster.name, council=m.rules.body == "council", title=dict(m.title),
        date=m.date or (_local(m.opened_at).date().isoformat() if m.opened_at else ""), place={},
        public=m.public, languages=tuple(m.rules.languages), phase=m.phase,
        opened_at=m.opened_at, closed_at=m.closed_at,
        chairs=tuple(m.name_of(p) for p in walk.chairs) or ((m.roster.chair.name,) if m.roster.chair else ()),
        secretary=m.roster.secretary,
        present=_present(m, walk, handled), absent=_absent(m, walk),
        quorum=tuple(Quorum(d.at, d.during, d.lawful, d.quorate, d.present, d.seats, d.needed)
                     for d in m.attendance.declarations),
        checkers=tuple(_checker(m, c, current) for c in m.minutes.checkers),
        published_at=m.minutes.published_at, basis=current, handled=tuple(handled),
        items=tuple(_item(m, walk, i.number) for i in m.agenda if items is None or i.number in items),
    )


class _Walk:
    """What only the log tells: who sat in which item, the changes, the chairs, the rounds."""

    def __init__(self) -> None:
        self.attended: dict[str, list[int]] = {}
        self.present: set[str] = set()
        self.changes: list[Change] = []
        self.chairs: list[str] = []
        self.rounds: dict[str, list[Round]] = {}
        self.lots: dict[int, list[Lot]] = {}


def _walk(events: list[Recorded]) -> _Walk:
    """Apply the log once more, noting each place's occupant whenever attendance or the item
    under consideration changes, and the changes as they happen."""
    w, m = _Walk(), Meeting()
    seen: tuple[object, ...] | None = None
    waiting: list[Change] = []  # between items: told with the next item taken up
    taken = False
    for ev in events:
        was_present = set(m.attendance.present)
        apply(m, ev)
        role, _, person = ev.actor.partition(":")
        if role == "chair" and person and person not in w.chairs:
            w.chairs.append(person)
        if m.roster is None:
            continue
        if ev.type == "item_taken_up":
            taken = True
            w.changes += [_at_item(c, ev.data["item"]) for c in waiting]
            waiting = []
        during = m.current.number if m.current else None
        for change in _changes(m, ev, was_present, during, taken):
            if during is None and taken:
                waiting.append(change)
            else:
                w.changes.append(change)
        key = (m.revisions.get("attendance"), during, m.revisions.get("lifecycle"))
        if key != seen:
            seen = key
            w.present |= m.attendance.present
            if during is not None:
                for occupant in places(m, during).values():
                    if occupant in m.attendance.present and during not in w.attended.setdefault(occupant, []):
                        w.attended[occupant].append(during)
        if ev.type == "election_closed":
            _round(m, w, ev.data["election"])
    w.changes += waiting  # after the last item: item None
    return w


def _changes(m: Meeting, ev: Recorded, was_present: set[str], during: int | None, taken: bool) -> list[Change]:
    """The changes in attendance an event records; a roll call's, once an item has been taken up,
    by whom it found present or not (the first one's is the attendance list itself)."""
    d = ev.data
    if ev.type in (ARRIVED, DEPARTED):
        return [Change(d["person"], m.name_of(d["person"]), ev.type, ev.at, during, False)]
    if ev.type in ("substitute_seated", "substitute_released"):
        kind = SEATED if ev.type == "substitute_seated" else RELEASED
        return [Change(d["substitute"], m.name_of(d["substitute"]), kind, ev.at, during, False, m.name_of(d["member"]))]
    if ev.type in ("roll_call_answered", "roll_call_ended") and taken:
        now = m.attendance.present
        return [Change(p, m.name_of(p), ARRIVED if p in now else DEPARTED, ev.at, during, False)
                for p in m.roster.alphabetical(now ^ was_present)]  # type: ignore[union-attr]
    return []


def _at_item(change: Change, item: int) -> Change:
    return Change(change.person, change.name, change.kind, change.at, item, True, change.member)


def _round(m: Meeting, w: _Walk, election: str) -> None:
    """An election's round as it was closed: the state keeps only the last one."""
    e = next(e for e in m.elections if e.id == election)
    outcome = e.outcome
    assert outcome is not None
    if e.kind == PROPORTIONAL:
        totals = sorted(e.totals.items(), key=lambda kv: int(kv[0]))
    else:
        totals = sorted(e.totals.items(), key=lambda kv: (-kv[1], kv[0]))
    decimals = m.rules.comparative_number_display_decimals
    comparative = tuple((m.name_of(c), comparative_display(e.scores[c], decimals)) for c in outcome.ranking
                        if c in e.scores)
    voters = {} if e.secret else {
        c: tuple(m.roster.alphabetical(v for v, names in e.open_ballots.items() if c in names))  # type: ignore[union-attr]
        for c, _ in totals}
    named = tuple((c if e.kind == PROPORTIONAL else m.name_of(c), n) for c, n in totals)  # a list by its number
    w.rounds.setdefault(e.id, []).append(Round(
        e.round, len(e.voted), named, e.blank, e.invalid, comparative, _names(m, outcome.elected),
        e.state == RUNOFF_NEEDED, {m.name_of(c): tuple(m.name_of(p) for p in people) for c, people in voters.items()}))
    w.lots.setdefault(e.item, []).extend(Lot(dict(e.title), _names(m, lot["tied"]), _names(m, lot["order"]))
                                         for lot in outcome.lots)


def _list_lot(m: Meeting, item: int) -> list[Lot]:
    """The lot that numbered the combined candidate list of the item (EL-P3), if one did."""
    n = m.nominations.get(item)
    lot = n.numbering_lot() if n is not None else None
    return [] if lot is None else [Lot(None, tuple(lot["tied"]), tuple(lot["order"]), lists=True)]


def _group_lots(m: Meeting, item: int) -> list[Lot]:
    """The lots that ordered groups of equal size in the round of group addresses (SQ-4), as
    the round recorded them when the discussion was opened."""
    queue = m.speaking.get(item)
    if queue is None or queue.group_round is None:
        return []
    names = {g.id: g.name for g in m.roster.groups}  # type: ignore[union-attr]
    return [Lot(None, tuple(sorted(names[g] for g in lot["tied"])), tuple(names[g] for g in lot["order"]))
            for lot in queue.group_round.lots]


def _present(m: Meeting, w: _Walk, handled: list[int]) -> tuple[Attendee, ...]:
    roster = m.roster
    assert roster is not None
    people = [p for p in roster.alphabetical(w.present | set(w.attended))
              if (person := roster.person(p)) is not None and person.kind != "official"]
    groups = {g.id: g.name for g in roster.groups}
    out = []
    for p in people:
        person = roster.person(p)
        assert person is not None
        # a member disqualified on an item took no part in it (LAW-3, LAW-9), even if seated when it was taken up
        sat = [n for n in handled if n in w.attended.get(p, []) and p not in m.attendance.disqualified.get(n, {})]
        for_members = tuple(dict.fromkeys(m.name_of(s.member) for s in m.attendance.substitutions if s.substitute == p))
        out.append(Attendee(p, person.name, groups.get(person.group or "", ""), person.kind, for_members,
                            tuple(sat), bool(sat) and sat == handled,
                            tuple(c for c in w.changes if c.person == p)))
    return tuple(out)


def _absent(m: Meeting, w: _Walk) -> tuple[Absentee, ...]:
    roster = m.roster
    assert roster is not None
    groups = {g.id: g.name for g in roster.groups}
    away = [p.id for p in roster.members if p.id not in w.present and p.id not in w.attended]
    return tuple(Absentee(
        p, m.name_of(p), groups.get(roster.person(p).group or "", ""),  # type: ignore[union-attr]
        tuple(dict.fromkeys(m.name_of(s.substitute) for s in m.attendance.substitutions if s.member == p)),
        p in m.attendance.absence_notices) for p in roster.alphabetical(away))


def _checker(m: Meeting, person: str, current: int) -> Checker:
    approved = m.minutes.approvals.get(person)
    state = "not_approved" if approved is None else "approved" if approved == current else "approved_earlier"
    return Checker(person, m.name_of(person), state, approved)


def _item(m: Meeting, w: _Walk, number: int) -> ItemMinutes:
    item = m.item(number)
    assert item is not None
    record = on_item(m, number)
    d = m.decisions.get(number)
    state = "not_reached" if item.taken_up_at is None else "closed" if item.state == ITEM_CLOSED else "unfinished"
    elections = tuple(_election(m, w, e) for e in m.elections if e.item == number)
    outcome = item.outcome if d is None and item.outcome in CLOSED_OUTCOMES else None
    decided = d is not None or any(e.elected for e in elections) or outcome in APPEALED
    order = order_of(m, number)
    released = m.public or number in m.minutes.released
    return ItemMinutes(
        number=number, title=dict(item.title), state=state,
        base=base_text(m, number), base_amount=record.base_amount, base_changed=record.base_text is not None,
        changes=tuple(c for c in w.changes if c.item == number),
        disqualified=_disqualified(m, number),
        proposals=tuple(_proposal(m, number, p.id) for p in record.proposals),
        summary_confirmed=record.summary_confirmed,
        order=tuple(OrderStep(n, _step_label(m, number, s, JAA), _step_label(m, number, s, EI))
                    for n, s in enumerate(order.steps, start=1)) if order.approved else (),
        order_edited=order.approved and order.edited,
        votes=tuple(_vote(m, v) for v in m.votes if v.item == number and v.result is not None),
        elections=elections,
        decision=(decision_text(m, number) or {}) if d is not None else {},
        minority=d.minority if d is not None else None,
        minority_names=_names(m, m.roster.alphabetical(d.demanders)) if d is not None and m.roster else (),  # type: ignore[union-attr]
        outcome=outcome,
        dissents=tuple(Dissent(m.name_of(p), dict(t)) for p, t in d.dissents.items()) if d is not None else (),
        lots=(*_group_lots(m, number), *_list_lot(m, number), *w.lots.get(number, [])),
        appeal={lang: tuple(instructions(m, number, lang)) for lang in LANGUAGES} if decided else {},
        speeches=tuple(SpeechRecord(m.name_of(s.person), s.speech_class, s.started_at, s.ended_at)
                       for s in m.speaking[number].speeches) if released and number in m.speaking else (),
    )


def _disqualified(m: Meeting, item: int) -> tuple[tuple[str, str, int | None], ...]:
    """Everyone disqualified on the item, alphabetically, with the time it ended if it did: an
    ended disqualification stays in the minutes."""
    on_item = [d for d in m.attendance.disqualifications if d.item == item]
    order = m.roster.alphabetical(dict.fromkeys(d.person for d in on_item))  # type: ignore[union-attr]
    return tuple((m.name_of(d.person), d.basis, d.ended_at)
                 for d in sorted(on_item, key=lambda d: (order.index(d.person), d.declared_at)))


def _proposal(m: Meeting, item: int, proposal_id: str) -> Proposal:
    record = on_item(m, item)
    p = record.proposal(proposal_id)
    assert p is not None
    outcome = None
    if p.kind in (RIDER, INDEPENDENT):
        d = m.decisions.get(item)
        voted = any(v.item == item and v.state != SET_ASIDE and proposal_id in (v.question.jaa, v.question.ei)
                    and v.result is not None for v in m.votes)
        adopted = d is not None and proposal_id in (d.riders if p.kind == RIDER else d.additions)
        outcome = "adopted" if adopted else "rejected" if voted else "not_voted"
    return Proposal(p.id, p.kind, proposal_label(m, item, p.id), dict(p.text),
                    tuple(m.name_of(x) for x in p.movers), tuple(m.name_of(x) for x in p.seconders), p.state,
                    proposal_label(m, item, p.merged_into) if p.merged_into else None, outcome)


def _step_label(m: Meeting, item: int, step: Step, side: str) -> Texts:
    """One side of a step of the approved order; the winner of the vote before it by name."""
    if step.side(side) == WINNER:
        return {lang: message("minutes_doc_winner", lang) for lang in LANGUAGES}
    return dict(side_texts(m, item, step, side)["label"])


def _vote(m: Meeting, v: Vote) -> VoteRecord:
    r = v.result
    assert r is not None
    names = {option: tuple(m.name_of(p) for p in getattr(r, option)) for option in OPTIONS}
    replaced = vote(m, v.replaces) if v.replaces else None
    return VoteRecord(
        v.number, v.step is None, v.mode, dict(side_texts(m, v.item, v.question, JAA)["label"]),
        dict(side_texts(m, v.item, v.question, EI)["label"]), names, r.winner,
        vote_count(r) if r.winner is not None else None, v.casting_vote,
        replaced.number if replaced is not None else None, v.state == SET_ASIDE,
        tuple(m.name_of(p) for p in v.demands), v.quorum_override)


def _election(m: Meeting, w: _Walk, e: Election) -> ElectionRecord:
    return ElectionRecord(
        dict(e.title), e.kind, e.seats, e.secret, e.absolute_majority, e.unanimous,
        tuple((lst.number, lst.name, _names(m, lst.candidates)) for lst in e.lists), tuple(w.rounds.get(e.id, [])),
        _names(m, _elected(e)), _names(m, m.roster.alphabetical(e.demanders)), e.paper,  # type: ignore[union-attr]
        {m.name_of(c): m.name_of(d) for c, d in e.deputies.items()},
        tuple((m.name_of(e.deputies[c]), m.name_of(c)) for c in _elected(e) if c in e.deputies),
        gender_quota_warning(m, e))


def _elected(e: Election) -> tuple[str, ...]:
    """Who was elected, once decided (EL-P5: their personal deputies with them)."""
    return e.outcome.elected if e.state == DECIDED and e.outcome is not None else ()


def _names(m: Meeting, people: Collection[str]) -> tuple[str, ...]:
    return tuple(m.name_of(p) for p in people)


# --- the page ------------------------------------------------------------------------------------


def languages(minutes: Minutes, lang: str) -> tuple[str, ...]:
    """The languages asked: fi, sv or en, or `both`: the council's side by side."""
    return languages_asked(minutes.languages, lang)


def to_html(minutes: Minutes, lang: str, anchor: tuple[int, str]) -> str:
    """The minutes as one standalone, accessible page, for the screen and for print: in `lang`,
    or with `both` in the council's languages side by side, each column in its own language.
    `anchor` is the seq and hash of the event they are drawn from, printed in full."""
    langs = languages(minutes, lang)
    parts: list[Callable[[str], str]] = [lambda one: _meeting_part(minutes, one)]
    parts += [lambda one, item=item: _item_part(minutes, item, one) for item in minutes.items]
    parts.append(lambda one: _checking_part(minutes, one))
    if any(item.speeches for item in minutes.items):
        parts.append(lambda one: _discussion_part(minutes, one))
    body = "\n".join(_columns(part, langs) for part in parts)
    return (f'<!DOCTYPE html>\n<html lang="{langs[0]}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{_e(_both(langs, lambda one: _document_title(minutes, one)))}</title>\n"
            f'<meta name="author" content="{_e(minutes.body)}">\n'
            f'<meta name="description" content="{_e(_both(langs, lambda one: _t("title", one)))}: '
            f'{_e(minutes.meeting)}">\n'
            f'<meta name="generator" content="chamber">\n{_created(minutes)}'
            f"<style>\n{_page_css(minutes, langs)}{STYLE}</style>\n{NARROW}</head>\n<body>\n"
            f"{_masthead(minutes, langs)}\n<main>\n{body}\n{_record(anchor, langs)}\n</main>\n</body>\n</html>\n")


def to_pdf(html: str) -> bytes:
    """The page printed as PDF/A-2b (tagged, its fonts embedded): A4, page numbers, the running
    header. WeasyPrint is imported here: only the PDF needs it, and it takes a while to load."""
    from weasyprint import HTML

    return HTML(string=html).write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)


def _columns(part: Callable[[str], str], langs: tuple[str, ...]) -> str:
    """One part of the minutes in each language asked: side by side, each in its own language."""
    if len(langs) == 1:
        return f'<div class="part">\n{part(langs[0])}\n</div>'
    columns = "\n".join(f'<div class="column" lang="{one}">\n{part(one)}\n</div>' for one in langs)
    return f'<div class="part pair">\n{columns}\n</div>'


def _masthead(mn: Minutes, langs: tuple[str, ...]) -> str:
    state = "" if mn.published_at is not None else (
        f'<p class="draft">{_spans(langs, lambda one: _t("draft", one))}</p>')
    titles = "".join(f'<p class="meeting-title"{_lang_attr(one, langs)}>{_e(_title(mn, one))}</p>' for one in langs)
    return (f'<header class="masthead">\n<p class="body-name">{_e(mn.body)}</p>\n'
            f'<h1>{_spans(langs, lambda one: _t("title", one))}</h1>\n{titles}\n{state}\n</header>')


def _record(anchor: tuple[int, str], langs: tuple[str, ...]) -> str:
    """The log's event the minutes are drawn from, its hash in full, and how to check it."""
    seq, digest = anchor
    grouped = " ".join(digest[i:i + 4] for i in range(0, len(digest), 4))
    said = "".join(f'<p{_lang_attr(one, langs)}>{_e(_t("anchor", one, seq=seq))}</p>' for one in langs)
    verify = " / ".join(f'<span{_lang_attr(one, langs)}>{_e(_t("verify", one))}</span>' for one in langs)
    return (f'<section class="record" aria-labelledby="record-heading">\n'
            f'<h2 id="record-heading">{_spans(langs, lambda one: _t("record", one))}</h2>\n{said}\n'
            f'<p class="hash"><code data-hash="{_e(digest)}">{_e(grouped)}</code></p>\n'
            f'<p>{verify}: <code>chamber verify --anchor "{_e(grouped)}"</code></p>\n</section>')


# --- the meeting ---------------------------------------------------------------------------------


def _meeting_part(mn: Minutes, lang: str) -> str:
    rows = [("body", _e(mn.body)), ("date", _e(date_text(mn.date, lang)))]
    if mn.place:
        rows.append(("place", _council(mn.place, lang)))
    rows.append(("began", _e(_clock(mn.opened_at, lang)) if mn.opened_at else _e(_t("not_opened", lang))))
    if mn.opened_at:
        overnight = mn.closed_at is not None and _local(mn.closed_at).date() != _local(mn.opened_at).date()
        rows.append(("ended", _e(_clock(mn.closed_at, lang, day=overnight)) if mn.closed_at
                     else _e(_t("in_session", lang))))
    rows += [("chair", _e(", ".join(mn.chairs))), ("secretary", _e(mn.secretary))]
    rows.append(("checkers", _e(", ".join(c.name for c in mn.checkers)) or _e(message("no_minutes_checkers", lang))))
    facts = "\n".join(f'<tr><th scope="row">{_e(_t(code, lang))}</th><td>{value}</td></tr>' for code, value in rows)
    closed = "" if mn.public else f'<p class="notice">{_e(_t("not_public", lang))}</p>\n'
    return (f'<section aria-labelledby="{lang}-meeting">\n<h2 id="{lang}-meeting">{_e(_t("meeting", lang))}</h2>\n'
            f'{closed}<table class="facts">\n<tbody>\n{facts}\n</tbody>\n</table>\n'
            f"{_present_table(mn, lang)}\n{_absent_table(mn, lang)}\n{_quorum(mn, lang)}\n</section>")


def _present_table(mn: Minutes, lang: str) -> str:
    rows = []
    for a in mn.present:
        items = _t("whole_meeting", lang) if a.whole else _ranges(a.items, mn.handled) or "—"
        role = _t("substitute" + ("" if mn.council else "_other"), lang)
        remarks = [_t("in_place", lang, role=role, names=", ".join(a.for_members)) if a.for_members else role] \
            if a.kind == "substitute" else []
        remarks += [_change_words(c, lang) for c in a.changes]
        rows.append(f'<tr>{_person_cell(a.name, a.group)}<td>{_e(items)}</td><td>{_e("; ".join(remarks))}</td></tr>')
    cols = (("name_group", 40), ("items_attended", 22), ("remarks", 38))
    return _table(f"{lang}-present", _t("present", lang), cols, rows, lang)


def _absent_table(mn: Minutes, lang: str) -> str:
    rows = [f'<tr>{_person_cell(a.name, a.group)}<td>{_e(", ".join(a.substitutes))}</td>'
            f'<td>{_e(_t("absence_reported", lang) if a.reported else "")}</td></tr>' for a in mn.absent]
    cols = (("name_group", 40), ("substituted_by", 30), ("remarks", 30))
    return _table(f"{lang}-absent", _t("absent", lang), cols, rows, lang)


def _person_cell(name: str, group: str) -> str:
    """A person's row heading: the name, and the group under it."""
    under = f'<br><span class="group">{_e(group)}</span>' if group else ""
    return f'<th scope="row">{_e(name)}{under}</th>'


def _table(ident: str, heading: str, cols: tuple[Col, ...], rows: list[str], lang: str) -> str:
    """A table of people under its heading; "Nobody." when there are none."""
    if not rows:
        return f'<h3 id="{ident}">{_e(heading)}</h3>\n<p>{_e(_t("nobody", lang))}</p>'
    return f'<h3 id="{ident}">{_e(heading)}</h3>\n' + _tabular(f' aria-labelledby="{ident}"', "", cols, rows, lang)


def _quorum(mn: Minutes, lang: str) -> str:
    found = [f'<p>{_e(_clock(q.at, lang))}{_e(_where(q.item, False, lang))}: '
             f'{_e(_t("lawful" if q.lawful else "not_lawful", lang))} '
             f'{_e(_t("quorate" if q.quorate else "not_quorate", lang, present=q.present, seats=q.seats, needed=q.needed))}'
             f"</p>" for q in mn.quorum] or [f'<p>{_e(_t("no_quorum_declared", lang))}</p>']
    return f'<h3>{_e(_t("quorum", lang))}</h3>\n' + "\n".join(found)


def _change_words(c: Change, lang: str) -> str:
    """"saapui klo 18.05 ennen 4 §:ää", "tuli sijaiseksi klo 19.02 5 §:n aikana"."""
    return _t(c.kind, lang, time=_time(c.at)) + _where(c.item, c.before, lang)


def _where(item: int | None, before: bool, lang: str) -> str:
    if item is None:
        return ""
    return " " + _t("before" if before else "during", lang, number=item)


def _ranges(items: tuple[int, ...], handled: tuple[int, ...]) -> str:
    """"§ 1–4, 6": runs of items next to each other among those taken up."""
    runs: list[list[int]] = []
    for n in items:
        if runs and n in handled and handled.index(n) == handled.index(runs[-1][-1]) + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ("§ " + ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else f"{r[0]}" for r in runs)) if runs else ""


# --- an item -------------------------------------------------------------------------------------


def _item_part(mn: Minutes, item: ItemMinutes, lang: str) -> str:
    ident = f"{lang}-item-{item.number}"
    heading = message("summary_item", lang, {"number": item.number, "title": council_text(item.title, lang)})
    head = f'<section class="item" aria-labelledby="{ident}">\n<h2 id="{ident}">{_council_heading(heading, item.title, lang)}</h2>'
    if item.state == "not_reached":
        return f'{head}\n<p>{_e(_t("not_reached", lang))}</p>\n</section>'
    parts = [head, _base(item, lang)]
    if item.changes:
        parts.append(_h3("attendance_changes", lang) + _list(
            f"{_e(c.name)} {_e(_change_words(c, lang))}" for c in item.changes))
    if item.disqualified:
        parts.append(_h3("disqualifications", lang) + "\n".join(
            f'<p>{_e(_disqualified_words(n, b, ended, lang))}</p>' for n, b, ended in item.disqualified))
    parts.append(_proposals(item, lang))
    if item.order:
        steps = _list(_e(_t("step", lang, number=s.number, jaa=s.jaa.get(lang, ""), ei=s.ei.get(lang, "")))
                      for s in item.order)
        edited = f'<p>{_e(_t("order_edited", lang))}</p>' if item.order_edited else ""
        parts.append(f'{_h3("voting_order", lang)}<p>{_e(_t("order_approved", lang))}</p>\n{edited}{steps}')
    if item.votes:
        parts.append(_h3("votes", lang) + "\n".join(_vote_part(mn, item.number, v, lang) for v in item.votes))
    balloted = [e for e in item.elections if not e.unanimous]  # elected unanimously: the decision says it
    if balloted:
        parts.append(_h3("elections", lang) + "\n".join(_election_part(e, lang) for e in balloted))
    if item.lots:
        parts.append(_h3("lots", lang) + "\n".join(f"<p>{_e(_lot_words(lot, lang))}</p>" for lot in item.lots))
    parts.append(_decision(item, lang))
    riders = [p for p in item.proposals if p.kind == RIDER and p.outcome is not None and p.state == MADE]
    if riders:
        parts.append(_h3("riders", lang) + "\n".join(
            f'<p><strong>{_e(p.label.get(lang, ""))}</strong>: {_council(p.text, lang)} '
            f'{_e(_t("rider_" + (p.outcome or ""), lang))}</p>' for p in riders))
    if item.dissents:
        parts.append(_h3("dissents", lang) + "\n".join(
            f'<p>{_e(_t("dissent", lang, name=d.name))}</p>' + (f"\n<blockquote>{_paragraphs(d.text, lang)}</blockquote>"
                                                               if d.text else "") for d in item.dissents))
    if item.appeal:
        parts.append(_h3("appeal", lang) + "\n".join(f'<p class="appeal">{_e(p)}</p>' for p in item.appeal[lang]))
    return "\n".join(parts) + "\n</section>"


def _base(item: ItemMinutes, lang: str) -> str:
    amount = f'<p>{_e(_t("amount", lang, amount=euros(item.base_amount)))}</p>\n' if item.base_amount is not None else ""
    changed = f'<p>{_e(_t("base_changed", lang))}</p>\n' if item.base_changed else ""
    text = _paragraphs(item.base, lang) if item.base else ""
    return f'{_h3("base_proposal", lang)}{changed}{text}\n{amount}'.rstrip("\n")


def _proposals(item: ItemMinutes, lang: str) -> str:
    if not item.proposals:
        return f'{_h3("proposals", lang)}<p>{_e(_t("no_proposals", lang))}</p>'
    out = []
    for p in item.proposals:
        label = p.label.get(lang, "")
        facts = [(_t("proposer", lang), ", ".join(p.movers))]
        if p.seconders:
            facts.append((_t("seconders", lang), ", ".join(p.seconders)))
        said = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in facts)
        state = p.state if p.state in (LAPSED, WITHDRAWN, MERGED) else None
        fate = _t(state, lang, what=label, into=(p.merged_into or {}).get(lang, "")) if state else \
            _t(f"addition_{p.outcome}", lang) if p.kind == INDEPENDENT and p.outcome in ("adopted", "rejected") else ""
        fate = f'<p class="fate">{_e(fate)}</p>' if fate else ""
        out.append(f'<div class="proposal">\n<h4>{_e(label)}</h4>\n{_paragraphs(p.text, lang)}\n<dl>{said}</dl>\n{fate}</div>')
    confirmed = f'<p>{_e(_t("summary_confirmed", lang))}</p>' if item.summary_confirmed else ""
    return _h3("proposals", lang) + "\n".join(out) + confirmed


def _vote_part(mn: Minutes, item: int, v: VoteRecord, lang: str) -> str:
    side = {JAA: _t("side_jaa", lang), EI: _t("side_ei", lang)}
    notes = [_t(v.mode, lang) + "."]
    if v.interrupting:
        notes.append(_t("interrupting", lang))
    if v.replaces is not None:
        notes.append(_t("replaces", lang, number=v.replaces))
    if v.quorum_override:
        notes.append(_t("quorum_override", lang))
    sides = "".join(f'<dt>{_e(_t("side_proposal", lang, side=side[s]))}</dt><dd>{_e(texts.get(lang, ""))}</dd>'
                    for s, texts in ((JAA, v.jaa), (EI, v.ei)))
    rows = [f'<tr><th scope="row">{_e(_t(o, lang))}</th><td class="n">{len(v.names[o])}</td>'
            f'<td>{_e(", ".join(v.names[o]))}</td></tr>' for o in OPTIONS if o != "esteellinen" or v.names[o]]
    result = []
    if v.set_aside:
        result.append(_t("set_aside", lang, names=", ".join(v.demanded_by)))
    elif v.winner is not None and v.count is not None:
        if v.casting_vote is not None:
            result.append(_t("casting_vote", lang, side=side[v.casting_vote]))
        result.append(f'{_t("vote_outcome", lang, body=_body(mn, lang), side=side[v.winner])} '
                      f"{count_words(v.count, lang)}")
    ident = f"{lang}-item-{item}-vote-{v.number}"
    table = _tabular(f' aria-labelledby="{ident}"', "", (("option", 22), ("count", 13), ("names", 65)), rows, lang)
    return (f'<div class="vote">\n<h4 id="{ident}">{_e(_t("vote", lang, number=v.number))}</h4>\n'
            + "".join(f"<p>{_e(n)}</p>" for n in notes) + f"\n<dl>{sides}</dl>\n{table}\n"
            + "".join(f'<p class="outcome">{_e(r)}</p>' for r in result) + "\n</div>")


def _election_part(e: ElectionRecord, lang: str) -> str:
    title = council_text(e.title, lang)
    how = [_t("election_" + e.kind, lang), _t("seats", lang, seats=e.seats),
           _t("secret" if e.secret else "open_ballot", lang)]
    if e.paper:
        how.append(_t("paper", lang))
    if e.absolute_majority:
        how.append(_t("absolute_majority", lang))
    out = [f'<div class="election">\n<h4>{_council_heading(title, e.title, lang)}</h4>\n<p>{_e(", ".join(how))}.</p>']
    if e.demanders:
        out.append(f'<p>{_e(_t("demanders", lang, names=names_text(e.demanders, lang)))}</p>')
    if e.lists:
        rows = [f'<tr><th scope="row">{_e(_t("list", lang, number=n))}</th><td>{_e(name)}</td>'
                f'<td>{_e(", ".join(_with_deputy(e, c, lang) for c in candidates))}</td></tr>'
                for n, name, candidates in e.lists]
        out.append(_grid(_t("list_heading", lang), (("list_heading", 20), ("name", 30), ("candidate", 50)), rows, lang))
    out += [_round_part(e, r, lang) for r in e.rounds]  # who was elected: the decision says it
    out += [f'<p class="warning">{_e(words)}</p>' for words in _quota_words(e, lang)]
    return "\n".join(out) + "\n</div>"


def _with_deputy(e: ElectionRecord, candidate: str, lang: str) -> str:
    """A candidate on a list with the personal deputy paired (LAW-19)."""
    deputy = e.deputies.get(candidate)
    return _t("with_deputy", lang, name=candidate, deputy=deputy) if deputy else candidate


def _quota_words(e: ElectionRecord, lang: str) -> list[str]:
    """The LAW-20 warning, of the elected and of their deputies, as the chair was shown it; the
    published minutes say that the quota is not met, not anyone's gender."""
    quota = e.gender_quota or {}
    return [_t(f"gender_quota_{who}", lang) for who, n in quota.items() if n]


def _round_part(e: ElectionRecord, r: Round, lang: str) -> str:
    caption = _t("round", lang, number=r.number) if len(e.rounds) > 1 else council_text(e.title, lang)
    yes = _t("yes", lang)
    if e.kind == PROPORTIONAL:
        rows = [f'<tr><th scope="row">{_e(_t("list", lang, number=n))}</th><td class="n">{votes}</td></tr>'
                for n, votes in r.totals]
        lists = {c: n for n, _, candidates in e.lists for c in candidates}
        ranked = [f'<tr><th scope="row">{_e(c)}</th><td>{_e(_t("list", lang, number=lists.get(c, "")))}</td>'
                  f'<td class="n">{_e(score)}</td><td>{_e(yes if c in r.elected else "")}</td></tr>'
                  for c, score in r.comparative]
        tables = _grid(caption, (("list_heading", 50), ("vote_count", 50)), rows, lang) + "\n" + _grid(
            caption, (("candidate", 34), ("list_heading", 22), ("comparative", 26), ("elected", 18)), ranked, lang)
    else:
        voters = bool(r.voters)
        rows = [f'<tr><th scope="row">{_e(c)}</th><td class="n">{votes}</td><td>{_e(yes if c in r.elected else "")}</td>'
                + (f'<td>{_e(", ".join(r.voters.get(c, ())))}</td>' if voters else "") + "</tr>" for c, votes in r.totals]
        cols = (("candidate", 28), ("vote_count", 16), ("elected", 16), ("voters", 40)) if voters else \
            (("candidate", 50), ("vote_count", 25), ("elected", 25))
        tables = _grid(caption, cols, rows, lang)
    ballots = f'<p>{_e(_t("ballots", lang, voted=r.voted, blank=r.blank, invalid=r.invalid))}</p>'
    runoff = f'<p>{_e(_t("runoff", lang))}</p>' if r.runoff else ""
    return f"{tables}\n{ballots}{runoff}"


def _grid(caption: str, cols: tuple[Col, ...], rows: list[str], lang: str) -> str:
    """A table with its caption."""
    return _tabular("", f"<caption>{_e(caption)}</caption>\n", cols, rows, lang)


def _tabular(attrs: str, caption: str, cols: tuple[Col, ...], rows: list[str], lang: str) -> str:
    """A table of fixed column widths (in %), so that no name can push it out of its column."""
    widths = "".join(f'<col style="width: {width}%">' for _, width in cols)
    heads = "".join(f'<th scope="col">{_e(_t(code, lang))}</th>' for code, _ in cols)
    return (f"<table{attrs}>\n{caption}<colgroup>{widths}</colgroup>\n<thead><tr>{heads}</tr></thead>\n<tbody>\n"
            + "\n".join(rows) + "\n</tbody>\n</table>")


def _disqualified_words(name: str, basis: str, ended: int | None, lang: str) -> str:
    """"X ilmoitti olevansa esteellinen eikä osallistunut asian käsittelyyn", or, when it ended
    during the meeting, when ("… esteellisyys päättyi klo 18.05")."""
    label = "disqualified_council" if basis == COUNCIL else "disqualified"
    if ended is None:
        return _t(label, lang, name=name)
    return _t(label + "_ended", lang, name=name, time=_time(ended))


def _lot_words(lot: Lot, lang: str) -> str:
    tied, order = ", ".join(lot.tied), ", ".join(lot.order)
    if lot.lists:
        return _t("lot_lists", lang, tied=tied, order=order)
    if lot.title is None:
        return _t("lot_groups", lang, tied=tied, order=order)
    return _t("lot", lang, title=council_text(lot.title, lang), tied=tied, order=order)


def _decision(item: ItemMinutes, lang: str) -> str:
    said = [council_text(item.decision, lang)] if item.decision else []
    if item.minority is not None and item.minority_names:
        said.append(_t("minority_named", lang, count=item.minority, names=names_text(item.minority_names, lang)))
    elif item.minority is not None:
        said.append(_t("minority", lang, count=item.minority))
    for e in item.elections:
        if e.elected and not e.unanimous:
            said.append(message("summary_elected", lang, {"title": council_text(e.title, lang),
                                                         "names": names_text(e.elected, lang)}))
        if e.elected_deputies:  # EL-P5: the deputies follow their principals
            pairs = [_t("deputy_pair", lang, deputy=d, principal=p) for d, p in e.elected_deputies]
            said.append(_t("elected_deputies", lang, title=council_text(e.title, lang), names=names_text(pairs, lang)))
    said += [_t("elected_unanimously", lang, title=council_text(e.title, lang), names=names_text(e.elected, lang))
             for e in item.elections if e.unanimous]
    if item.outcome is not None:
        said.append(message(f"summary_outcome_{item.outcome}", lang))
    if not said:
        said.append(_t("unfinished" if item.state == "unfinished" else "no_decision", lang))
    return _h3("decision", lang) + "\n".join(f'<p class="decision">{_e(s)}</p>' for s in said)


# --- the checking and the discussion -------------------------------------------------------------


def _checking_part(mn: Minutes, lang: str) -> str:
    rows = [f'<tr><th scope="row">{_e(c.name)}</th><td>{_e(_t(c.state, lang, basis=c.basis))}</td></tr>'
            for c in mn.checkers]
    table = _grid(_t("checkers", lang), (("name", 45), ("state", 55)), rows, lang) if rows else \
        f'<p>{_e(message("no_minutes_checkers", lang))}</p>'
    state = _t("published", lang, when=_clock(mn.published_at, lang, day=True)) if mn.published_at is not None \
        else message("minutes_not_published", lang)
    return (f'<section aria-labelledby="{lang}-checking">\n<h2 id="{lang}-checking">{_e(_t("checking", lang))}</h2>\n'
            f'{table}\n<p class="publication">{_e(state)}</p>\n</section>')


def _discussion_part(mn: Minutes, lang: str) -> str:
    out = [f'<section class="appendix" aria-labelledby="{lang}-discussion">\n'
           f'<h2 id="{lang}-discussion">{_e(_t("discussion", lang))}</h2>\n<p>{_e(_t("discussion_note", lang))}</p>']
    for item in (i for i in mn.items if i.speeches):
        rows = [f'<tr><th scope="row">{_e(s.name)}</th><td>{_e(message("chapter_kind_" + s.kind, lang))}</td>'
                f'<td>{_time(s.start, seconds=True)}</td>'
                f'<td>{_time(s.end, seconds=True) if s.end is not None else _e(_t("running", lang))}</td></tr>'
                for s in item.speeches]
        heading = message("summary_item", lang, {"number": item.number, "title": council_text(item.title, lang)})
        out.append(_grid(heading, (("speaker", 32), ("kind", 32), ("began", 18), ("ended", 18)), rows, lang))
    return "\n".join(out) + "\n</section>"


# --- words and markup ----------------------------------------------------------------------------


def _t(code: str, lang: str, **params: object) -> str:
    """A fixed label of the minutes in `lang` (chamber/i18n/minutes_document.json)."""
    return message(f"minutes_doc_{code}", lang, params)


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _h3(code: str, lang: str) -> str:
    return f"<h3>{_e(_t(code, lang))}</h3>\n"


def _list(entries: object) -> str:
    return "<ul>\n" + "\n".join(f"<li>{entry}</li>" for entry in entries) + "\n</ul>"  # type: ignore[attr-defined]


def _body(mn: Minutes, lang: str) -> str:
    return WORDS["body" if mn.council else "other_body"][lang]


def _title(mn: Minutes, lang: str) -> str:
    return council_text(mn.title, lang) or mn.meeting


def _document_title(mn: Minutes, lang: str) -> str:
    return f"{_t('title', lang)}: {_title(mn, lang)}"


def _written_in(texts: Texts, lang: str) -> str:
    """The language `council_text` takes the text in: `lang`, else Finnish, else the first."""
    return lang if texts.get(lang) else "fi" if texts.get("fi") else next(iter(texts), lang)


def _council(texts: Texts, lang: str) -> str:
    """A council's text inline, marked with its own language when it is not `lang`."""
    written = _written_in(texts, lang)
    text = _e(council_text(texts, lang))
    return text if written == lang else f'<span lang="{written}">{text}</span>'


def _council_heading(text: str, texts: Texts, lang: str) -> str:
    written = _written_in(texts, lang)
    return _e(text) if written == lang else f'<span lang="{written}">{_e(text)}</span>'


def _paragraphs(texts: Texts, lang: str) -> str:
    """A council's text as paragraphs (a blank line parts them), marked with its own language."""
    written = _written_in(texts, lang)
    attr = "" if written == lang else f' lang="{written}"'
    paragraphs = [p.strip() for p in council_text(texts, lang).split("\n\n") if p.strip()]
    return "\n".join(f'<p class="text"{attr}>' + "<br>".join(_e(line) for line in p.splitlines()) + "</p>"
                     for p in paragraphs)


def _both(langs: tuple[str, ...], make: Callable[[str], str]) -> str:
    return " / ".join(make(one) for one in langs)


def _spans(langs: tuple[str, ...], make: Callable[[str], str]) -> str:
    """A label in every language asked, each marked with its language when there are two."""
    if len(langs) == 1:
        return _e(make(langs[0]))
    return " / ".join(f'<span lang="{one}">{_e(make(one))}</span>' for one in langs)


def _lang_attr(lang: str, langs: tuple[str, ...]) -> str:
    return f' lang="{lang}"' if len(langs) > 1 else ""


def _local(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, ZONE)


def _time(ms: int, seconds: bool = False) -> str:
    """Helsinki time as Finnish and Swedish minutes write it: 18.05 (18.05.30)."""
    return _local(ms).strftime("%H.%M.%S" if seconds else "%H.%M")


def _clock(ms: int | None, lang: str, day: bool = False) -> str:
    """"klo 18.05" / "kl. 18.05"; with `day`, "16.3.2026 klo 18.05"."""
    if ms is None:
        return ""
    if day:
        return _t("day_clock", lang, date=date_text(_local(ms).date().isoformat(), lang), time=_time(ms))
    return _t("clock", lang, time=_time(ms))


def _created(mn: Minutes) -> str:
    """The PDF's creation date: the meeting's close (or opening), so the same log prints alike."""
    moment = mn.closed_at or mn.opened_at
    if moment is None:
        return ""
    return f'<meta name="dcterms.created" content="{_local(moment).isoformat(timespec="seconds")}">\n'


def _css_string(text: str) -> str:
    """Text as a CSS string for the page's margin boxes; nothing in it can end the style sheet."""
    cleaned = " ".join(text.split()).replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
    return f'"{cleaned}"'


def _page_css(mn: Minutes, langs: tuple[str, ...]) -> str:
    """The printed page: A4, the body's name, the date and the draft mark on top, "sivu N / M"."""
    draft_mark = "" if mn.published_at is not None else _both(langs, lambda one: _t("draft", one))
    page = _both(langs, lambda one: _t("page", one))
    return (f"@page {{\n  size: A4;\n  margin: 24mm 18mm 20mm 18mm;\n"
            f"  @top-left {{ content: {_css_string(mn.body)}; font-size: 8pt; color: #333; }}\n"
            f"  @top-center {{ content: {_css_string(date_text(mn.date, langs[0]))}; font-size: 8pt; color: #333; }}\n"
            f"  @top-right {{ content: {_css_string(draft_mark)}; font-size: 9pt; font-weight: bold; color: #8b1a1a; }}\n"
            f"  @bottom-right {{ content: {_css_string(page)} \" \" counter(page) \" / \" counter(pages);"
            f" font-size: 8pt; color: #333; }}\n}}\n")


# A narrow screen stacks the languages; in a style sheet of its own, which print never reads.
NARROW = '<style media="screen and (max-width: 50rem)">.pair { grid-template-columns: 1fr; }</style>\n'

# Ink #1a1a1a on white is 17.4:1, the headings' #1f4e8c 8.3:1 and the draft mark's #8b1a1a 9.5:1
# (WCAG AAA from 7:1). DejaVu has every letter of Finnish and Swedish, and is embedded in the PDF.
STYLE = """
:root { color-scheme: light; }
html { font-family: "DejaVu Serif", "Noto Serif", Georgia, serif; color: #1a1a1a; background: #fff; line-height: 1.45; }
body { margin: 0 auto; max-width: 78rem; padding: 1rem 1.25rem 3rem; }
h1, h2, h3, h4, caption, th, .masthead, .record, .draft { font-family: "DejaVu Sans", "Noto Sans", Arial, sans-serif; }
h1 { font-size: 1.6rem; margin: .2rem 0; color: #1f4e8c; }
h2 { font-size: 1.25rem; color: #1f4e8c; border-bottom: 2px solid #1f4e8c; padding-bottom: .15rem; margin: 1.6rem 0 .6rem; }
h3 { font-size: 1.02rem; color: #1f4e8c; margin: 1rem 0 .35rem; }
h4 { font-size: .95rem; margin: .8rem 0 .3rem; }
.body-name { font-weight: bold; margin: 0; }
.meeting-title { margin: .1rem 0; font-size: 1.1rem; }
.draft { display: inline-block; margin: .5rem 0 0; padding: .1rem .5rem; border: 2px solid #8b1a1a; color: #8b1a1a; font-weight: bold; letter-spacing: .08em; }
.notice { font-weight: bold; color: #8b1a1a; }
.pair { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); column-gap: 2rem; }
.pair > .column { min-width: 0; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 .8rem; font-size: .9rem; }
caption { text-align: left; font-weight: bold; padding: .2rem 0; }
table { table-layout: fixed; }
th, td { border: 1px solid #767676; padding: .2rem .4rem; text-align: left; vertical-align: top;
  overflow-wrap: anywhere; hyphens: auto; }
thead th { background: #e8eef6; }
tbody th { font-weight: normal; }
.group { font-size: .85em; color: #404040; }
table.facts th { width: 40%; background: #f3f3f3; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .1rem .8rem; margin: .3rem 0; }
dt { font-weight: bold; }
dd { margin: 0; }
.proposal, dl { break-inside: avoid-page; }
.text { margin: .3rem 0; }
.decision { font-weight: bold; }
blockquote { margin: .3rem 0 .6rem 1.2rem; padding-left: .6rem; border-left: 3px solid #767676; }
.appeal { font-size: .88rem; }
.record { margin-top: 2rem; border-top: 2px solid #1f4e8c; font-size: .9rem; }
code { font-family: "DejaVu Sans Mono", monospace; overflow-wrap: anywhere; }
.hash code { font-size: 1rem; }
@media print {
  html { font-size: 9.5pt; }
  body { max-width: none; padding: 0; }
  .pair { display: table; table-layout: fixed; width: 100%; border-collapse: separate; }
  .pair > .column { display: table-cell; width: 50%; vertical-align: top; box-sizing: border-box; }
  .pair > .column:first-child { padding-right: 3.5mm; }
  .pair > .column + .column { padding-left: 3.5mm; }
  .pair table { font-size: 8pt; }
  h2 { break-after: avoid; }
  h3, h4, caption { break-after: avoid; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
}
"""
