"""Elections (vaalit / val), RULES.md §2.5 and §10 [KRS §§24–32].

Choosing persons is an election, not a vote: the base proposal has no special place (LAW-16).
* Majority election (enemmistövaali / majoritetsval): each voter names at most `seats` different
  candidates; the most votes are elected (EL-M1, EL-M2); a presidium takes its offices in the
  order of the ranking (EL-M3). Optionally an absolute majority, else a run-off (ME-4).
* Proportional election (suhteellinen vaali / proportionellt val), on the demand of
  ⌈present / (seats + 1)⌉ members (LAW-18): each ballot names one candidate list; the list's
  total gives its candidates comparative numbers (vertausluku / jämförelsetal) total/1,
  total/2, … in the printed order (d'Hondt, EL-P5), kept as exact fractions (EL-P6).
* Ties that affect who is elected or in which order are decided by lot (arpa / lott), drawn
  from the engine's entropy and recorded with the result (LAW-17, EL-P7).

Closed ballots (suljetut liput / slutna sedlar) on demand, always in a proportional election.
A secret ballot is never in the meeting's state or in any event while the election is open:
the log records only who voted, and the ballot goes into a `BallotBox` that the engine stores
apart from the events, one sorted box committed with each ballot (docs/ballot-box.md). At the
close the engine passes the box in; the ballots enter the log in an
order drawn by lot, with the totals (EL-M4, DESIGN.md "Secret ballots"). The commands that
touch the box are in `BALLOT_BOX_COMMANDS`: `(meeting, actor, args, ctx, box) -> (events, box)`;
taking the ballot again (`restart_ballot`) is one of them, so the engine empties its box in the
same commit that forgets who voted.
With `closed_ballot_mode = "paper"` the tellers enter the totals instead, checked against the
number of ballots handed in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from . import args as arg
from .attendance import eligible_voters, may_act, present_count, require_quorum
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

Ballot = tuple[str, ...]  # the names on a majority ballot (sorted), or the list number; () blank


@dataclass(frozen=True)
class CandidateList:
    """A candidate list (ehdokaslista / kandidatlista): its number and its names in order."""

    number: int
    candidates: tuple[str, ...]
    name: str = ""


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


# --- queries --------------------------------------------------------------------------------


def election_view(m: Meeting, e: Election) -> dict[str, Any]:
    """What the screen and the phones show. Never, for a secret ballot, who voted for whom."""
    view: dict[str, Any] = {
        "election": e.id, "item": e.item, "kind": e.kind, "title": dict(e.title), "seats": e.seats,
        "candidates": list(e.candidates), "secret": e.secret, "round": e.round, "state": e.state,
        "lists": [{"number": lst.number, "name": lst.name, "candidates": list(lst.candidates)} for lst in e.lists],
        "voted": len(e.voted), "eligible": len(e.electorate), "unanimous": e.unanimous,
    }
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


# --- deciding commands ----------------------------------------------------------------------


def open_election(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The chair opens the ballot of an election on the item under consideration."""
    require_chair(actor)
    item = _free_for_election(m)
    kind = arg.choice(args, "kind", (MAJORITY, PROPORTIONAL)) if "kind" in args else MAJORITY
    seats = arg.integer(args, "seats") if "seats" in args else 1
    if seats < 1:  # type: ignore[operator]
        raise Rejected("bad_argument", field="seats")
    title = arg.texts(args, "title", "fi")
    secret, absolute = _flag(args, "secret"), _flag(args, "absolute_majority")
    candidates, lists = [], []
    if kind == PROPORTIONAL:
        lists = _lists(args)
        demanders = [p for p in arg.ids(args, "demanders") if p in eligible_voters(m, item)]
        needed = proportional_demand_needed(present_count(m, item), seats)  # type: ignore[arg-type]
        if len(demanders) < needed:
            raise Rejected("proportional_not_demanded", demanders=len(demanders), needed=needed)
        secret, absolute = True, False  # LAW-18: always by closed ballots
    else:
        candidates = arg.ids(args, "candidates")
        if absolute and seats != 1:
            raise Rejected("bad_argument", field="absolute_majority")
    require_quorum(m, item)
    return [Event("election_opened", {
        "election": f"e{len(m.elections) + 1}", "item": item, "kind": kind, "title": title,
        "seats": seats, "candidates": candidates, "secret": secret, "absolute_majority": absolute,
        "lists": [{"number": lst.number, "name": lst.name, "candidates": list(lst.candidates)} for lst in lists],
        "electorate": eligible_voters(m, item)})]


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
    elected = arg.ids(args, "elected")
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
    paper = e.secret and m.rules.closed_ballot_mode == "paper"
    if paper:
        require_staff(actor)
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
    if paper:
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
    if e.secret and m.rules.closed_ballot_mode == "paper":
        counted = _paper_count(e, args)
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


def _paper_count(e: Election, args: dict[str, Any]) -> dict[str, Any]:
    """The tellers' totals; valid + blank + invalid must equal the ballots handed in (C-7)."""
    count = args.get("count")
    keys = set(e.candidates) if e.kind == MAJORITY else {str(lst.number) for lst in e.lists}
    if not isinstance(count, dict) or not isinstance(count.get("totals"), dict) \
            or not set(count["totals"]) <= keys \
            or not all(arg.is_count(count.get(k)) for k in ("valid", "blank", "invalid")) \
            or not all(arg.is_count(n) for n in count["totals"].values()):
        raise Rejected("bad_argument", field="count")
    valid, blank, invalid = count["valid"], count["blank"], count["invalid"]
    per_ballot = e.seats if e.kind == MAJORITY else 1
    if valid + blank + invalid != len(e.voted) or sum(count["totals"].values()) > per_ballot * valid:
        raise Rejected("count_mismatch", handed_in=len(e.voted))
    return {"ballots": [], "totals": dict(count["totals"]), "blank": blank, "invalid": invalid, "scores": {}}


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


def _lists(args: dict[str, Any]) -> list[CandidateList]:
    value = args.get("lists")
    if not isinstance(value, list) or not value or not all(
            isinstance(v, dict) and isinstance(v.get("candidates"), list) and v["candidates"]
            and all(isinstance(c, str) for c in v["candidates"])
            and isinstance(v.get("name", ""), str) for v in value):
        raise Rejected("bad_argument", field="lists")
    names = [c for v in value for c in v["candidates"]]
    if len(names) != len(set(names)):
        raise Rejected("candidate_on_two_lists")
    return [CandidateList(n, tuple(v["candidates"]), str(v.get("name", "")))
            for n, v in enumerate(value, start=1)]


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
    lists = [CandidateList(lst["number"], tuple(lst["candidates"]), lst["name"]) for lst in d["lists"]]
    m.elections.append(Election(d["election"], d["item"], d["kind"], dict(d["title"]), d["seats"],
                                list(d["candidates"]), lists, d["secret"], d["absolute_majority"],
                                list(d["electorate"])))


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
}
