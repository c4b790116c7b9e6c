"""Elections (vaalit / val), RULES.md §2.5 and §10 [KRS §§24–32].

Choosing persons is an election, not a vote: the base proposal has no special place (LAW-16).
* Majority election (enemmistövaali / majoritetsval): each voter names at most `seats` different
  candidates; the most votes are elected (EL-M1, EL-M2); a presidium takes its offices in the
  order of the ranking (EL-M3). Optionally an absolute majority, else a run-off (ME-4).
* Proportional election (suhteellinen vaali / proportionellt val), on the demand of
  ⌈present / (seats + 1)⌉ members (LAW-18): each ballot names one candidate list; the list's
  total gives its candidates comparative numbers (vertausluku / jämförelsetal) total/1,
  total/2, … in the printed order (d'Hondt, EL-P5), kept as exact fractions (EL-P6).
* The candidate lists (ehdokaslistat / kandidatlistor, EL-P3) are handed in to the election
  board (vaalilautakunta / valnämnd), whose secretary is the council's secretary (EL-P2), before
  or during the meeting: signed by `list_min_signatories` councillors, the first the list's
  agent (asiamies / ombud) who may correct it, nobody signing two lists. The board checks them
  and makes the combined list (ehdokaslistojen yhdistelmä / sammanställning), numbered by lot
  or in the order handed in (`list_numbering`); the election is held on it.
* Ties that affect who is elected or in which order are decided by lot (arpa / lott), drawn
  from the engine's entropy and recorded with the result (LAW-17, EL-P7).
* A list may pair each candidate with a personal deputy (henkilökohtainen varajäsen /
  personlig ersättare, LAW-19): the deputy is elected with the principal (EL-P5). Candidates
  and deputies may carry a gender, so that a result below 40 % women or men is shown with a
  warning, never refused (LAW-20, `gender_quota_check`).

Closed ballots (suljetut liput / slutna sedlar) on demand, always in a proportional election.
A secret ballot is never in the meeting's state or in any event while the election is open:
the log records only who voted, and the ballot goes into a `BallotBox` that the engine stores
apart from the events, one sorted box committed with each ballot (docs/ballot-box.md). At the
close the engine passes the box in; the ballots enter the log in an
order drawn by lot, with the totals (EL-M4, DESIGN.md "Secret ballots"). The commands that
touch the box are in `BALLOT_BOX_COMMANDS`: `(meeting, actor, args, ctx, box) -> (events, box)`;
taking the ballot again (`restart_ballot`) is one of them, so the engine empties its box in the
same commit that forgets who voted.
With `closed_ballot_mode = "paper"` the staff mark who handed in a ballot, the election board
counts them and its count is entered (valid + blank + invalid = handed in, C-7); the chair
announces it by closing the election (EL-P4).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from . import args as arg
from .attendance import (councillor, eligible_voters, may_act, open_item, present_count, require_not_closed,
                         require_quorum)
from .errors import Rejected
from .events import Actor, Context, Event, Recorded, Role
from .lifecycle import require_no_ballot, require_sitting
from .lot import Lot, drawing, shuffled
from .proposals import under_consideration
from .rights import require_chair, require_staff

if TYPE_CHECKING:
    from .meeting import Meeting

MAJORITY = "majority"  # enemmistövaali / majoritetsval
PROPORTIONAL = "proportional"  # suhteellinen vaali / proportionellt val

OPEN = "open"
RUNOFF_NEEDED = "runoff_needed"  # ME-4: nobody has more than half; the two first meet
DECIDED = "decided"

LOT_NUMBERING = "lot"  # `list_numbering`: the combined list's numbers drawn by lot
GENDERS = ("f", "m")  # LAW-20: women and men (naiset ja miehet / kvinnor och män)
QUOTA_SHARE = Fraction(2, 5)  # LAW-20: each at least 40 % (tasa-arvolaki §4a [verify])
MAX_NAME = 200  # characters in a candidate's name or a list's name

Ballot = tuple[str, ...]  # the names on a majority ballot (sorted), or the list number; () blank


@dataclass(frozen=True)
class CandidateList:
    """A candidate list (ehdokaslista / kandidatlista): its number and its names in order, the
    personal deputy paired with a candidate (LAW-19) and the genders known (LAW-20)."""

    number: int
    candidates: tuple[str, ...]
    name: str = ""
    deputies: Mapping[str, str] = field(default_factory=dict)  # candidate -> personal deputy
    genders: Mapping[str, str] = field(default_factory=dict)  # candidate or deputy -> "f" | "m"

    def to_dict(self) -> dict[str, Any]:
        """As the events and the views carry it."""
        return {"number": self.number, "name": self.name, "candidates": list(self.candidates),
                "deputies": dict(self.deputies)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CandidateList:
        return cls(data["number"], tuple(data["candidates"]), data["name"], dict(data.get("deputies", {})),
                   dict(data.get("genders", {})))


@dataclass(frozen=True)
class SubmittedList:
    """A candidate list handed in to the election board (EL-P3, KRS §28): its name, its
    candidates in the order the submitters gave, and the councillors who signed it. The first
    signatory is the list's agent (asiamies / ombud), who hands it in and may correct it."""

    name: str
    candidates: tuple[str, ...]
    signatories: tuple[str, ...]
    deputies: Mapping[str, str] = field(default_factory=dict)  # candidate -> personal deputy (LAW-19)
    genders: Mapping[str, str] = field(default_factory=dict)  # candidate or deputy -> "f" | "m" (LAW-20)

    @property
    def agent(self) -> str:
        return self.signatories[0]


@dataclass
class Nominations:
    """An item's candidate lists as handed in, and the board's combined list once made: the
    seats it was checked for and the lists' agents in the order of their numbers (KRS §30).
    A change to a list undoes the combined list, which the board then makes again; the
    election opened with it closes the lists."""

    lists: list[SubmittedList] = field(default_factory=list)  # in the order handed in
    seats: int | None = None
    numbering: str | None = None  # `list_numbering` when the combined list was made
    order: list[str] = field(default_factory=list)  # the agents by list number
    election: str | None = None  # the election held on the combined list

    @property
    def combined(self) -> bool:
        return bool(self.order)

    def of(self, agent: str) -> SubmittedList | None:
        return next((lst for lst in self.lists if lst.agent == agent), None)

    def numbered(self) -> list[CandidateList]:
        """The combined list: each list with its number."""
        by_agent = {lst.agent: lst for lst in self.lists}
        return [CandidateList(n, by_agent[a].candidates, by_agent[a].name, by_agent[a].deputies, by_agent[a].genders)
                for n, a in enumerate(self.order, start=1)]

    def numbering_lot(self) -> dict[str, list[str]] | None:
        """The lot that numbered the lists (EL-P7): the lists as handed in, the order drawn."""
        if self.numbering != LOT_NUMBERING or len(self.order) < 2:
            return None
        names = {lst.agent: lst.name for lst in self.lists}
        return {"tied": [lst.name for lst in self.lists], "order": [names[a] for a in self.order]}


@dataclass(frozen=True)
class BoardCount:
    """The election board's count of paper ballots (EL-P4), entered before the chair announces it."""

    totals: dict[str, int]
    valid: int
    blank: int
    invalid: int


@dataclass(frozen=True)
class Outcome:
    """Who was elected, the ranking it came from, and the lots drawn on the way."""

    ranking: tuple[str, ...]
    elected: tuple[str, ...]
    lots: tuple[dict[str, list[str]], ...] = ()  # each: {"tied": [...], "order": [...]}


@dataclass
class Election:
    """One election on the item under consideration."""

    id: str
    item: int
    kind: str
    title: dict[str, str]
    seats: int
    candidates: list[str]  # majority election: the nominated (in a run-off, the two)
    lists: list[CandidateList]  # proportional election
    secret: bool
    absolute_majority: bool  # ME-4: more than half of the votes, else a run-off
    electorate: list[str] = field(default_factory=list)
    demanders: list[str] = field(default_factory=list)  # proportional: who demanded it (LAW-18)
    paper: bool = False  # closed paper ballots: the staff mark who handed one in (C-7)
    count: BoardCount | None = None  # paper: the board's count, until the chair announces it
    round: int = 1
    state: str = OPEN
    voted: list[str] = field(default_factory=list)  # who voted: public, also for a secret ballot
    open_ballots: dict[str, list[str]] = field(default_factory=dict)  # open election only: voter -> names
    ballots: list[list[str]] = field(default_factory=list)  # after the close; secret: in drawn order
    totals: dict[str, int] = field(default_factory=dict)  # candidate (or list number) -> votes
    blank: int = 0
    invalid: int = 0
    scores: dict[str, Fraction] = field(default_factory=dict)  # comparative numbers (proportional)
    outcome: Outcome | None = None
    unanimous: bool = False  # EL-M5: elected without a ballot

    @property
    def ballot_open(self) -> bool:
        return self.state == OPEN

    @property
    def deputies(self) -> dict[str, str]:
        """Each candidate's personal deputy on the lists (LAW-19)."""
        return {c: d for lst in self.lists for c, d in lst.deputies.items()}

    @property
    def genders(self) -> dict[str, str]:
        return {p: g for lst in self.lists for p, g in lst.genders.items()}

    @property
    def awaiting_runoff(self) -> bool:
        return self.state == RUNOFF_NEEDED


@dataclass(frozen=True)
class BallotBox:
    """The secret ballots of the open election, kept by the engine outside the events.

    Only the contents are kept, sorted, so the box holds no order of casting, no time, no voter.
    """

    election: str | None = None
    ballots: tuple[Ballot, ...] = ()

    def put(self, election: str, ballot: Ballot) -> BallotBox:
        kept = self.ballots if self.election == election else ()
        return BallotBox(election, tuple(sorted(kept + (ballot,))))


# --- counting: pure functions ---------------------------------------------------------------


def proportional_demand_needed(present: int, seats: int) -> int:
    """Members whose demand makes an election proportional: ⌈present / (seats + 1)⌉ (LAW-18)."""
    return -(-present // (seats + 1))


def majority_totals(ballots: Sequence[Sequence[str]]) -> dict[str, int]:
    """Votes per candidate; a name repeated on one ballot counts once (EL-M1)."""
    return dict(Counter(name for ballot in ballots for name in set(ballot)))


def rank(scores: Mapping[str, Fraction | int], seats: int, lot: Lot) -> Outcome:
    """Highest first; a tie that touches the elected places is ordered by lot (EL-M2, EL-P5)."""
    ranking: list[str] = []
    lots: list[dict[str, list[str]]] = []
    for score in sorted(set(scores.values()), reverse=True):
        tied = sorted(c for c, s in scores.items() if s == score)
        if len(tied) > 1 and len(ranking) < seats:
            tied = lot(tied)
            lots.append({"tied": sorted(tied), "order": list(tied)})
        ranking += tied
    return Outcome(tuple(ranking), tuple(ranking[:seats]), tuple(lots))


def elect_majority(totals: Mapping[str, int], seats: int, lot: Lot) -> Outcome:
    """Majority election: those with the most votes (ME-1..ME-3)."""
    return rank({c: n for c, n in totals.items() if n > 0}, seats, lot)


def runoff_pair(totals: Mapping[str, int], lot: Lot) -> Outcome | None:
    """ME-4: None when the first has more than half of the votes cast; else the two who
    meet in the run-off (`elected`), a tie for a place there decided by lot."""
    cast = sum(totals.values())
    if any(2 * n > cast for n in totals.values()):
        return None
    return elect_majority(totals, 2, lot)


def list_comparative_numbers(lists: Sequence[CandidateList], totals: Mapping[str, int]) -> dict[str, Fraction]:
    """The council's proportional election: the list total over 1, 2, 3, … in list order."""
    return {name: Fraction(totals.get(str(lst.number), 0), place)
            for lst in lists for place, name in enumerate(lst.candidates, start=1)}


def open_list_comparative_numbers(groups: Sequence[Mapping[str, int]], lot: Lot
                                  ) -> tuple[dict[str, Fraction], list[dict[str, list[str]]]]:
    """Municipal-election d'Hondt (vaalilaki §89–90): within a party, joint list or alliance
    (one group) candidates are ranked by personal votes, ties by lot; the group total over
    1, 2, 3, … in that order."""
    scores: dict[str, Fraction] = {}
    lots: list[dict[str, list[str]]] = []
    for group in groups:
        total = sum(group.values())
        ranked = rank(group, len(group), lot)
        lots += ranked.lots
        scores.update({name: Fraction(total, place) for place, name in enumerate(ranked.ranking, start=1)})
    return scores, lots


def elect_proportional(scores: Mapping[str, Fraction], seats: int, lot: Lot) -> Outcome:
    """The highest comparative numbers are elected; equal ones by lot where it matters."""
    return rank({c: s for c, s in scores.items() if s > 0}, seats, lot)


def comparative_display(value: Fraction, decimals: int = 3) -> str:
    """A comparative number as the minutes print it: 53,167 (rounded half up, decimal comma)."""
    scale = 10 ** decimals
    units = (value.numerator * scale * 2 + value.denominator) // (2 * value.denominator)
    whole, part = divmod(units, scale)
    return f"{whole},{part:0{decimals}d}" if decimals else str(whole)


def elected_deputies(elected: Sequence[str], deputies: Mapping[str, str]) -> list[str]:
    """The personal deputies elected with their principals, in the principals' order (EL-P5:
    "deputies follow their principals")."""
    return [deputies[c] for c in elected if c in deputies]


def gender_quota_breach(people: Sequence[str], genders: Mapping[str, str],
                        share: Fraction = QUOTA_SHARE) -> dict[str, int] | None:
    """LAW-20 (tasa-arvolaki §4a [verify]): in a body other than the council women and men
    should each be at least 40 %. The count of `people` by gender ({"f", "m", "unknown"}) when
    women or men fall below `share` whatever the unknown genders are; None when the quota holds
    or may hold. Unknown genders thus never warn: the system warns, the lists' makers decide.
    One person is no composition to balance: a single seat never warns."""
    if len(people) < 2:
        return None
    counts = Counter(genders.get(p) for p in people)
    known = {g: counts[g] for g in GENDERS}
    unknown = len(people) - sum(known.values())
    if all(Fraction(n + unknown, len(people)) >= share for n in known.values()):
        return None
    return {**known, "unknown": unknown}


# --- queries --------------------------------------------------------------------------------


def election_view(m: Meeting, e: Election) -> dict[str, Any]:
    """What the screen and the phones show. Never, for a secret ballot, who voted for whom."""
    view: dict[str, Any] = {
        "election": e.id, "item": e.item, "kind": e.kind, "title": dict(e.title), "seats": e.seats,
        "candidates": list(e.candidates), "secret": e.secret, "round": e.round, "state": e.state,
        "lists": [lst.to_dict() for lst in e.lists], "deputies": e.deputies,
        "voted": len(e.voted), "eligible": len(e.electorate), "unanimous": e.unanimous,
        "paper": e.paper, "demanders": list(e.demanders),
    }
    if e.awaiting_runoff and e.outcome is not None:
        view["runoff"] = list(e.outcome.elected)  # the two who meet in the run-off (ME-4)
    if e.state != OPEN or e.unanimous:
        decimals = m.rules.comparative_number_display_decimals
        view.update({
            "totals": dict(e.totals), "blank": e.blank, "invalid": e.invalid,
            "comparative_numbers": {c: comparative_display(s, decimals) for c, s in e.scores.items()},
            "ranking": list(e.outcome.ranking) if e.outcome else [],
            "elected": list(e.outcome.elected) if e.outcome else [],
            "lots": [dict(lot) for lot in e.outcome.lots] if e.outcome else [],
        })
        if not e.secret:  # EL-M4: in an open election names per candidate are recorded
            view["voters"] = {c: [v for v, names in e.open_ballots.items() if c in names] for c in e.totals}
    return view


def gender_quota_warning(m: Meeting, e: Election) -> dict[str, dict[str, int] | None] | None:
    """The decided election's LAW-20 warning (`gender_quota_check = warn`): the elected members
    and, separately, their elected deputies, each breach counted by gender; None when neither
    breaks the 40 % quota, before the result, or with the check off."""
    if m.rules.gender_quota_check != "warn" or e.state != DECIDED or e.outcome is None:
        return None
    elected = list(e.outcome.elected)
    genders = e.genders
    warning = {"elected": gender_quota_breach(elected, genders),
               "deputies": gender_quota_breach(elected_deputies(elected, e.deputies), genders)}
    return warning if any(warning.values()) else None


def combined_list_view(m: Meeting, item: int) -> dict[str, Any] | None:
    """The combined list of the item as the hall sees it before and during the ballot (KRS §30),
    with the members whose demand makes the election proportional (LAW-18); None until made."""
    n = m.nominations.get(item)
    if n is None or not n.combined or n.seats is None:
        return None
    present = present_count(m, item)
    return {"item": item, "seats": n.seats, "numbering": n.numbering, "lot": n.numbering_lot(),
            "lists": [lst.to_dict() for lst in n.numbered()],
            "election": n.election, "present": present, "demand_needed": proportional_demand_needed(present, n.seats)}


def election_board_view(m: Meeting) -> dict[str, Any]:
    """What the election board and the chair work with (staff only): the candidate lists handed
    in for each item with their signatories, and the open ballot's record of who has voted (or
    handed in a paper ballot) and the board's count not yet announced; and the LAW-20 warnings
    of the decided elections, by election, whose counts by gender are the board's alone."""
    lists = {str(item): {
        "lists": [{"name": lst.name, "candidates": list(lst.candidates), "signatories": list(lst.signatories),
                   "deputies": dict(lst.deputies), "genders": dict(lst.genders), "agent": lst.agent, "number": n.order.index(lst.agent) + 1 if lst.agent in n.order else None}
                  for lst in n.lists],
        "combined": n.combined, "seats": n.seats, "numbering": n.numbering, "lot": n.numbering_lot(),
        "election": n.election} for item, n in sorted(m.nominations.items())}
    e = m.election_open
    ballot = None if e is None else {
        "election": e.id, "voted": list(e.voted), "not_voted": [p for p in e.electorate if p not in e.voted],
        "count": None if e.count is None else {"totals": dict(e.count.totals), "valid": e.count.valid,
                                                "blank": e.count.blank, "invalid": e.count.invalid}}
    quota = {e.id: warning for e in m.elections if (warning := gender_quota_warning(m, e)) is not None}
    return {"nominations": lists, "ballot": ballot, "gender_quota": quota}


# --- deciding commands ----------------------------------------------------------------------


def open_election(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The chair opens the ballot of an election on the item under consideration. A
    proportional election is held on the item's combined list (EL-P3), or on `lists` given here
    (a scenario that scripts the lists without the board)."""
    require_chair(actor)
    item = _free_for_election(m)
    kind = arg.choice(args, "kind", (MAJORITY, PROPORTIONAL)) if "kind" in args else MAJORITY
    seats = _seats(args) if "seats" in args else 1
    title = arg.texts(args, "title", "fi")
    secret, absolute = _flag(args, "secret"), _flag(args, "absolute_majority")
    candidates: list[str] = []
    lists: list[CandidateList] = []
    demanders: list[str] = []
    combined = kind == PROPORTIONAL and "lists" not in args
    if kind == PROPORTIONAL:
        if combined:
            lists, seats = _combined_lists(m, item, seats if "seats" in args else None)
        else:
            lists = _lists(m, args)
            _check_lists(m, lists, seats)
        voters = eligible_voters(m, item)
        demanders = [p for p in arg.ids(args, "demanders") if p in voters]
        needed = proportional_demand_needed(present_count(m, item), seats)
        if len(demanders) < needed:
            raise Rejected("proportional_not_demanded", demanders=len(demanders), needed=needed)
        secret, absolute = True, False  # LAW-18: always by closed ballots
    else:
        candidates = _names(m, args, "candidates")
        if absolute and seats != 1:
            raise Rejected("bad_argument", field="absolute_majority")
    require_quorum(m, item)
    return [Event("election_opened", {
        "election": f"e{len(m.elections) + 1}", "item": item, "kind": kind, "title": title,
        "seats": seats, "candidates": candidates, "secret": secret, "absolute_majority": absolute,
        "lists": [{**lst.to_dict(), "genders": dict(lst.genders)} for lst in lists],
        "combined": combined, "demanders": demanders,
        "paper": secret and m.rules.closed_ballot_mode == "paper", "electorate": eligible_voters(m, item)})]


def submit_candidate_list(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The election board receives a candidate list for the item's election (EL-P3, KRS §28),
    before or during the meeting: `name`, `candidates` in their order, `signatories` (councillors,
    the first the agent). The agent's list handed in again is its correction (KRS §29).
    Optional, parallel to `candidates`: `deputies` (each candidate's personal deputy or none,
    LAW-19), `genders` and `deputy_genders` ("f", "m" or none, LAW-20)."""
    require_staff(actor)
    item, nominations = _nominations_open(m, args)
    name = _name_arg(args, "name")
    candidates = _names(m, args, "candidates")
    deputies, genders = _deputies(m, args, candidates)
    signatories = arg.ids(args, "signatories")
    for person in signatories:
        councillor(m, person)  # a list is signed by councillors, not officials (KRS §28)
    if len(signatories) < m.rules.list_min_signatories:
        raise Rejected("too_few_signatories", signatories=len(signatories), needed=m.rules.list_min_signatories)
    for other in nominations.lists:
        signed = next((p for p in signatories if p in other.signatories), None)
        if other.agent != signatories[0] and signed is not None:  # a councillor signs one list only
            raise Rejected("already_signed", person=signed, name=m.name_of(signed), list=other.name)
    return [Event("candidate_list_submitted", {"item": item, "name": name, "candidates": candidates,
                                               "signatories": signatories, "deputies": deputies,
                                               "genders": genders})]


def withdraw_candidate_list(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The agent withdraws the list (`agent`), through the board, before the election."""
    require_staff(actor)
    item, nominations = _nominations_open(m, args)
    agent = arg.text(args, "agent")
    if nominations.of(agent) is None:  # type: ignore[arg-type]
        raise Rejected("no_such_candidate_list", agent=agent)
    return [Event("candidate_list_withdrawn", {"item": item, "agent": agent})]


def combine_candidate_lists(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The board's combined list (KRS §30) for an election of `seats`: the lists checked (nobody
    on two lists, none longer than allowed, EL-P3) and numbered by lot or in the order handed in
    (`list_numbering`); the lot is drawn from the entropy and recorded. Made again after a change."""
    require_staff(actor)
    item, nominations = _nominations_open(m, args)
    seats = _seats(args)
    if not nominations.lists:
        raise Rejected("no_candidate_lists", item=item)
    _check_lists(m, [CandidateList(0, lst.candidates, lst.name, lst.deputies) for lst in nominations.lists], seats)
    agents = [lst.agent for lst in nominations.lists]
    numbering = m.rules.list_numbering
    order = drawing(ctx.entropy)(agents) if numbering == LOT_NUMBERING else agents
    return [Event("candidate_lists_combined", {"item": item, "seats": seats, "numbering": numbering, "order": order})]


def enter_ballot_count(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The election board's count of the paper ballots, entered by its secretary (or the chair)
    from the board's written report (EL-P4, KRS §32): `count` = totals per candidate (or list
    number), valid, blank and invalid, which must add up to the ballots handed in (C-7). Entered
    again, it replaces the one before; the chair announces it by closing the election."""
    require_staff(actor)
    e = _open_election(m)
    if not e.paper:
        raise Rejected("not_paper_ballot")
    count = _paper_count(e, args)
    return [Event("ballot_count_entered", {"election": e.id, "round": e.round, "totals": count.totals,
                                           "valid": count.valid, "blank": count.blank, "invalid": count.invalid})]


def cancel_ballot_mark(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """A paper ballot marked as handed in by mistake (`person`) is unmarked, before the count."""
    require_staff(actor)
    e = _open_election(m)
    if not e.paper:
        raise Rejected("not_paper_ballot")
    if e.count is not None:
        raise Rejected("ballots_counted")
    person = arg.text(args, "person")
    if person not in e.voted:
        raise Rejected("no_ballot_handed_in", person=person, name=m.name_of(person))  # type: ignore[arg-type]
    return [Event("ballot_mark_cancelled", {"election": e.id, "voter": person})]


def open_runoff(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """ME-4: the run-off between the two first of the previous round."""
    require_chair(actor)
    item = under_consideration(m)
    e = next((e for e in m.elections if e.item == item and e.state == RUNOFF_NEEDED), None)
    if e is None:
        raise Rejected("no_runoff")
    _free_for_election(m)  # as for a new election: no vote or other ballot in progress
    require_quorum(m, item)
    return [Event("runoff_opened", {"election": e.id, "round": e.round + 1,
                                    "candidates": list(e.outcome.elected),  # type: ignore[union-attr]
                                    "electorate": eligible_voters(m, item)})]


def elect_without_ballot(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """EL-M5, LAW-16: as many candidates as seats and nobody demands a ballot: elected
    unanimously ("valittiin yksimielisesti" / "valdes enhälligt")."""
    require_chair(actor)
    item = _free_for_election(m)
    elected = _names(m, args, "elected")
    if "seats" in args and _seats(args) != len(elected):  # EL-M5: as many candidates as seats
        raise Rejected("not_as_many_as_seats", candidates=len(elected), seats=args["seats"])
    require_quorum(m, item)
    return [Event("elected_without_ballot", {"election": f"e{len(m.elections) + 1}", "item": item,
                                             "title": arg.texts(args, "title", "fi"), "elected": elected})]


def restart_ballot(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context,
                   box: BallotBox) -> tuple[list[Event], BallotBox]:
    """The chair takes the ballot again from the start (the count failed, or the box does not
    match the log).

    Who voted is forgotten and the box is emptied with it: a ballot-box command, so the engine
    keeps the empty box in the same commit, and the ballots of the first attempt can neither
    be counted nor block the close (`ballot_box_incomplete`)."""
    require_chair(actor)
    e = _open_election(m)
    return [Event("ballot_restarted", {"election": e.id, "electorate": eligible_voters(m, e.item)})], BallotBox()


def cast_ballot(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context,
                box: BallotBox) -> tuple[list[Event], BallotBox]:
    """A member's ballot. Secret: the log learns only who voted; the box gets the ballot.
    Paper ballots: the secretary or the chair records who handed one in (`person`)."""
    e = _open_election(m)
    if e.paper:
        require_staff(actor)
        if e.count is not None:
            raise Rejected("ballots_counted")
        voter = arg.text(args, "person")
    elif actor.role in (Role.MEMBER, Role.CHAIR):
        voter = actor.person
    else:
        raise Rejected("not_councillor")
    may_act(m, voter, e.item)  # type: ignore[arg-type]
    if voter not in e.electorate:
        raise Rejected("not_eligible")
    if voter in e.voted:
        raise Rejected("ballot_already_cast")
    if e.paper:
        return [Event("ballot_cast", {"election": e.id, "voter": voter})], box
    ballot = _ballot(e, args)
    if e.secret:
        return [Event("ballot_cast", {"election": e.id, "voter": voter})], box.put(e.id, ballot)
    return [Event("ballot_cast", {"election": e.id, "voter": voter, "ballot": list(ballot)})], box


def close_election(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context,
                   box: BallotBox) -> tuple[list[Event], BallotBox]:
    """The chair closes the ballot: the count, the lots if any, and the result. A secret
    ballot's box is emptied into the log in an order drawn from the entropy."""
    require_chair(actor)
    e = _open_election(m)
    if e.paper:
        if e.count is None:
            raise Rejected("no_ballot_count")
        counted = {"ballots": [], "totals": dict(e.count.totals), "blank": e.count.blank,
                   "invalid": e.count.invalid, "scores": {}}
    elif e.secret:
        kept = box.ballots if box.election == e.id else ()
        if len(kept) != len(e.voted):
            raise Rejected("ballot_box_incomplete", ballots=len(kept), voted=len(e.voted))
        counted = _count(e, [list(b) for b in shuffled(ctx.entropy, kept)])
    else:
        counted = _count(e, [e.open_ballots[v] for v in e.voted])
    lot = drawing(ctx.entropy)
    if e.kind == PROPORTIONAL:
        scores = list_comparative_numbers(e.lists, counted["totals"])
        outcome, runoff = elect_proportional(scores, e.seats, lot), False
        counted["scores"] = {c: [s.numerator, s.denominator] for c, s in scores.items()}
    elif e.absolute_majority and e.round == 1:
        pair = runoff_pair(counted["totals"], lot)
        outcome = pair or elect_majority(counted["totals"], e.seats, lot)
        runoff = pair is not None
    else:
        outcome, runoff = elect_majority(counted["totals"], e.seats, lot), False
    return [Event("election_closed", {
        "election": e.id, "round": e.round, **counted, "ranking": list(outcome.ranking),
        "elected": list(outcome.elected), "lots": [dict(lot) for lot in outcome.lots],
        "runoff": runoff})], BallotBox()


def _count(e: Election, ballots: list[list[str]]) -> dict[str, Any]:
    totals = majority_totals(ballots) if e.kind == MAJORITY else dict(Counter(b[0] for b in ballots if b))
    return {"ballots": ballots if e.secret else [], "totals": totals,
            "blank": sum(1 for b in ballots if not b), "invalid": 0, "scores": {}}


def _paper_count(e: Election, args: dict[str, Any]) -> BoardCount:
    """The board's count: valid + blank + invalid must equal the ballots handed in (C-7), and
    the votes in the totals what the valid ballots hold: one each (a list, or one of one seat),
    else from one to `seats` names each (EL-M1)."""
    count = args.get("count")
    keys = set(e.candidates) if e.kind == MAJORITY else {str(lst.number) for lst in e.lists}
    if not isinstance(count, dict) or not isinstance(count.get("totals"), dict) \
            or not set(count["totals"]) <= keys \
            or not all(arg.is_count(count.get(k)) for k in ("valid", "blank", "invalid")) \
            or not all(arg.is_count(n) for n in count["totals"].values()):
        raise Rejected("bad_argument", field="count")
    valid, blank, invalid = count["valid"], count["blank"], count["invalid"]
    if valid + blank + invalid != len(e.voted):
        raise Rejected("count_mismatch", counted=valid + blank + invalid, handed_in=len(e.voted))
    votes = sum(count["totals"].values())
    most = e.seats * valid if e.kind == MAJORITY else valid
    if not valid <= votes <= most:
        raise Rejected("count_totals_mismatch", votes=votes, valid=valid, most=most)
    return BoardCount({k: n for k, n in count["totals"].items() if n}, valid, blank, invalid)


def _ballot(e: Election, args: dict[str, Any]) -> Ballot:
    """EL-M1: at most `seats` different candidates, a repeated name once; or one list number."""
    if e.kind == PROPORTIONAL:
        number = arg.integer(args, "list", required=False)  # `true` or `1.0` is no list number
        if number is None:
            return ()
        if number not in [lst.number for lst in e.lists]:
            raise Rejected("no_such_list", list=number)
        return (str(number),)
    names = args.get("names", [])
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise Rejected("bad_argument", field="names")
    unknown = [n for n in names if n not in e.candidates]
    if unknown:
        raise Rejected("no_such_candidate", candidate=unknown[0])
    if len(set(names)) > e.seats:
        raise Rejected("too_many_names", seats=e.seats)
    return tuple(sorted(set(names)))


def _lists(m: Meeting, args: dict[str, Any]) -> list[CandidateList]:
    """Lists given with the opening, numbered 1, 2, … in their order."""
    value = args.get("lists")
    if not isinstance(value, list) or not value or not all(
            isinstance(v, dict) and isinstance(v.get("name", ""), str) and len(v.get("name", "")) <= MAX_NAME
            for v in value):
        raise Rejected("bad_argument", field="lists")
    lists = []
    for n, v in enumerate(value, start=1):
        candidates = _names(m, v, "candidates")
        lists.append(CandidateList(n, tuple(candidates), str(v.get("name", "")).strip(), *_deputies(m, v, candidates)))
    return lists


def _combined_lists(m: Meeting, item: int, seats: int | None) -> tuple[list[CandidateList], int]:
    """The item's combined list and the seats it was made for; `seats`, when the chair gives
    them, must be those."""
    n = m.nominations.get(item)
    if n is not None and n.election is not None:
        raise Rejected("candidate_lists_in_use", item=item, election=n.election)
    if n is None or not n.combined or n.seats is None:
        raise Rejected("no_combined_list", item=item)
    if seats is not None and seats != n.seats:
        raise Rejected("combined_list_seats", seats=n.seats)
    return n.numbered(), n.seats


def _check_lists(m: Meeting, lists: Sequence[CandidateList], seats: int) -> None:
    """EL-P3: nobody stands on two lists, as a candidate or as a deputy (the board asks which
    keeps the name, KRS §29), and no list names more than `list_max_candidates` candidates (by
    default as many as there are seats)."""
    seen: set[str] = set()
    for lst in lists:
        people = [*lst.candidates, *lst.deputies.values()]
        twice = next((c for c in people if c in seen), None)
        if twice is not None:
            raise Rejected("candidate_on_two_lists", candidate=twice, name=m.name_of(twice))
        seen |= set(people)
    most = m.rules.list_max_candidates or seats
    long = next((lst for lst in lists if len(lst.candidates) > most), None)
    if long is not None:
        raise Rejected("list_too_long", list=long.name, candidates=len(long.candidates), most=most)


def _nominations_open(m: Meeting, args: dict[str, Any]) -> tuple[int, Nominations]:
    """The candidate lists of the item `args` names: an item not yet closed, of a meeting not
    closed, whose election has not yet been opened on them."""
    require_not_closed(m)
    number = open_item(m, args)
    nominations = m.nominations.get(number, Nominations())
    if nominations.election is not None:
        raise Rejected("candidate_lists_in_use", item=number, election=nominations.election)
    return number, nominations


def _name_arg(args: dict[str, Any], name: str) -> str:
    text = arg.text(args, name)
    if len(text) > MAX_NAME:  # type: ignore[arg-type]
        raise Rejected("bad_argument", field=name)
    return text  # type: ignore[return-value]


def _names(m: Meeting, args: dict[str, Any], name: str) -> list[str]:
    """Candidates: a roster id or a name as written, each once (EL-P3: one place on a list)."""
    value = args.get(name)
    if not isinstance(value, list) or not value or not all(
            isinstance(v, str) and v.strip() and len(v) <= MAX_NAME for v in value):
        raise Rejected("bad_argument", field=name)
    names = [v.strip() for v in value]
    twice = _repeated(names)
    if twice is not None:
        raise Rejected("candidate_repeated", candidate=twice, name=m.name_of(twice))
    return names


def _deputies(m: Meeting, args: Mapping[str, Any], candidates: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    """The optional lists parallel to `candidates`: `deputies` (a roster id or a name, or none:
    null or "", LAW-19), `genders` and `deputy_genders` ("f", "m", or none, LAW-20). Nobody is
    both candidate and deputy, nor anybody's deputy twice (one place on a list, EL-P3)."""
    given = args.get("deputies")
    if given is None:
        given = [None] * len(candidates)
    if not isinstance(given, list) or not all(v is None or (isinstance(v, str) and len(v) <= MAX_NAME) for v in given):
        raise Rejected("bad_argument", field="deputies")
    if len(given) != len(candidates):
        raise Rejected("deputies_mismatch", deputies=len(given), candidates=len(candidates))
    paired = [(c, (d or "").strip()) for c, d in zip(candidates, given)]
    deputies = {c: d for c, d in paired if d}
    people = [*candidates, *deputies.values()]
    twice = _repeated(people)
    if twice is not None:
        raise Rejected("candidate_repeated", candidate=twice, name=m.name_of(twice))
    genders = {**_genders(args, "genders", candidates),
               **_genders(args, "deputy_genders", [d for _, d in paired])}
    return deputies, {p: g for p, g in genders.items() if p}


def _genders(args: Mapping[str, Any], name: str, people: list[str]) -> dict[str, str]:
    """A gender list parallel to `people`: "f", "m", or none (null or "")."""
    given = args.get(name)
    if given is None:
        return {}
    if not isinstance(given, list) or len(given) != len(people) or not all(g in (*GENDERS, None, "") for g in given):
        raise Rejected("bad_argument", field=name)
    return {p: g for p, g in zip(people, given) if g}


def _repeated(people: Sequence[str]) -> str | None:
    """The first person named a second time, if any (one place on the lists, EL-P3)."""
    seen: set[str] = set()
    for p in people:
        if p in seen:
            return p
        seen.add(p)
    return None


def _seats(args: dict[str, Any]) -> int:
    seats = arg.integer(args, "seats")
    if seats < 1:  # type: ignore[operator]
        raise Rejected("bad_argument", field="seats")
    return seats  # type: ignore[return-value]


def _flag(args: dict[str, Any], name: str) -> bool:
    value = args.get(name, False)
    if not isinstance(value, bool):
        raise Rejected("bad_argument", field=name)
    return value


def _free_for_election(m: Meeting) -> int:
    item = under_consideration(m)
    require_no_ballot(m)
    return item


def _open_election(m: Meeting) -> Election:
    """The election whose ballot is open; ballots are cast and counted only in session."""
    require_sitting(m)
    e = m.election_open
    if e is None:
        raise Rejected("no_open_election")
    return e


# --- applying events ------------------------------------------------------------------------


def _election(m: Meeting, ev: Recorded) -> Election:
    return next(e for e in m.elections if e.id == ev.data["election"])


def on_election_opened(m: Meeting, ev: Recorded) -> None:
    d = ev.data
    lists = [CandidateList.from_dict(lst) for lst in d["lists"]]
    m.elections.append(Election(d["election"], d["item"], d["kind"], dict(d["title"]), d["seats"],
                                list(d["candidates"]), lists, d["secret"], d["absolute_majority"],
                                list(d["electorate"]), list(d.get("demanders", [])),
                                d.get("paper", d["secret"] and m.rules.closed_ballot_mode == "paper")))
    if d.get("combined"):
        m.nominations[d["item"]].election = d["election"]


def on_candidate_list_submitted(m: Meeting, ev: Recorded) -> None:
    d = ev.data
    n = m.nominations.setdefault(d["item"], Nominations())
    submitted = SubmittedList(d["name"], tuple(d["candidates"]), tuple(d["signatories"]), dict(d.get("deputies", {})),
                              dict(d.get("genders", {})))
    at = next((i for i, lst in enumerate(n.lists) if lst.agent == submitted.agent), None)
    if at is None:
        n.lists.append(submitted)
    else:  # the agent's correction keeps the list's place in the order handed in
        n.lists[at] = submitted
    _uncombine(n)


def on_candidate_list_withdrawn(m: Meeting, ev: Recorded) -> None:
    n = m.nominations[ev.data["item"]]
    n.lists = [lst for lst in n.lists if lst.agent != ev.data["agent"]]
    _uncombine(n)


def _uncombine(n: Nominations) -> None:
    n.seats, n.numbering, n.order = None, None, []


def on_candidate_lists_combined(m: Meeting, ev: Recorded) -> None:
    d = ev.data
    n = m.nominations[d["item"]]
    n.seats, n.numbering, n.order = d["seats"], d["numbering"], list(d["order"])


def on_ballot_count_entered(m: Meeting, ev: Recorded) -> None:
    d = ev.data
    _election(m, ev).count = BoardCount(dict(d["totals"]), d["valid"], d["blank"], d["invalid"])


def on_ballot_mark_cancelled(m: Meeting, ev: Recorded) -> None:
    _election(m, ev).voted.remove(ev.data["voter"])


def on_ballot_cast(m: Meeting, ev: Recorded) -> None:
    e = _election(m, ev)
    e.voted.append(ev.data["voter"])
    if "ballot" in ev.data:
        e.open_ballots[ev.data["voter"]] = list(ev.data["ballot"])


def on_election_closed(m: Meeting, ev: Recorded) -> None:
    e, d = _election(m, ev), ev.data
    e.ballots = [list(b) for b in d["ballots"]]
    e.totals, e.blank, e.invalid = dict(d["totals"]), d["blank"], d["invalid"]
    e.scores = {c: Fraction(n, q) for c, (n, q) in d["scores"].items()}
    e.outcome = Outcome(tuple(d["ranking"]), tuple(d["elected"]), tuple(dict(lot) for lot in d["lots"]))
    e.state = RUNOFF_NEEDED if d["runoff"] else DECIDED
    e.count = None  # announced: now the result


def on_runoff_opened(m: Meeting, ev: Recorded) -> None:
    e = _election(m, ev)
    e.round, e.state, e.candidates = ev.data["round"], OPEN, list(ev.data["candidates"])
    e.electorate, e.seats = list(ev.data["electorate"]), 1
    _empty(e)


def on_ballot_restarted(m: Meeting, ev: Recorded) -> None:
    e = _election(m, ev)
    e.electorate = list(ev.data["electorate"])
    _empty(e)


def _empty(e: Election) -> None:
    e.voted, e.open_ballots, e.ballots, e.totals, e.blank, e.invalid = [], {}, [], {}, 0, 0
    e.count = None


def on_elected_without_ballot(m: Meeting, ev: Recorded) -> None:
    d = ev.data
    elected = tuple(d["elected"])
    m.elections.append(Election(d["election"], d["item"], MAJORITY, dict(d["title"]), len(elected),
                                list(elected), [], False, False, state=DECIDED, unanimous=True,
                                outcome=Outcome(elected, elected)))


COMMANDS = {
    "open_election": open_election,
    "open_runoff": open_runoff,
    "elect_without_ballot": elect_without_ballot,
    "submit_candidate_list": submit_candidate_list,
    "withdraw_candidate_list": withdraw_candidate_list,
    "combine_candidate_lists": combine_candidate_lists,
    "enter_ballot_count": enter_ballot_count,
    "cancel_ballot_mark": cancel_ballot_mark,
}

BALLOT_BOX_COMMANDS = {
    "cast_ballot": cast_ballot,
    "close_election": close_election,
    "restart_ballot": restart_ballot,
}

APPLIERS = {
    "election_opened": on_election_opened,
    "ballot_cast": on_ballot_cast,
    "election_closed": on_election_closed,
    "runoff_opened": on_runoff_opened,
    "ballot_restarted": on_ballot_restarted,
    "elected_without_ballot": on_elected_without_ballot,
    "candidate_list_submitted": on_candidate_list_submitted,
    "candidate_list_withdrawn": on_candidate_list_withdrawn,
    "candidate_lists_combined": on_candidate_lists_combined,
    "ballot_count_entered": on_ballot_count_entered,
    "ballot_mark_cancelled": on_ballot_mark_cancelled,
}
