"""Votes on matters (äänestys / omröstning) and the decision (päätös / beslut), RULES.md §2.4, §7.

Each vote puts one question: JAA stands for one alternative, EI for the other, Tyhjä abstains
(VO-R7). Its life cycle is PREPARED → OPEN → CLOSED → RESULT_DECLARED (VT-3):
* prepared: the chair puts the question (äänestysesitys), with a qualified majority if one is
  required [KRS §22];
* open: the present members who are not disqualified, one per seat, may vote and change their
  vote until the chair closes it; the last choice counts. By roll call (nimenhuutoäänestys /
  omröstning med namnupprop) the chair calls them alphabetically and each answer is recorded
  as given;
* closed: every seat is counted Jaa, Ei, Tyhjä or Poissa; the disqualified are listed
  separately as esteellinen (jävig). A tie is decided by the chair's vote (LAW-12); if the
  chair did not vote Jaa or Ei, the chair must give a deciding vote. A member's demand redoes
  an electronic vote by roll call (VT-2), and the redone vote replaces it;
* result declared: the chair states the result, and the voting order goes on.

When the order is done the chair declares the decision (päätös) on the item, against which
members may record a dissenting opinion (eriävä mielipide / avvikande mening, LAW-15).
Voting on matters is always open (LAW-13): who voted how is in the log and the minutes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import args as arg
from .attendance import (
    eligible_voters,
    may_act,
    present_count,
    require_quorum,
    roll_call_order,
)
from .errors import Rejected
from .events import Actor, Context, Event, Recorded, Role
from .lifecycle import require_no_ballot, require_no_runoff, require_sitting
from .meeting import CLOSED
from .majority import EI, JAA, TIE, MajorityRule, needed, outcome
from .proposals import (
    BASE,
    DECIDED,
    INTERRUPTING,
    MADE,
    TABLING,
    Proposal,
    base_text,
    on_item,
    under_consideration,
)
from .rights import require_chair, require_staff
from .voting_order import (
    ADDITION,
    ADOPTED,
    AMOUNT,
    CONTINUE,
    INTERRUPT,
    INTERRUPTED,
    NO_AMOUNT_ACCEPTED,
    REJECTED,
    RIDER_VOTE,
    Step,
    follow,
    interrupt_steps,
    order_of,
    plan,
)

if TYPE_CHECKING:
    from .meeting import Meeting

TYHJA = "tyhja"  # tyhjä / blankt
CHOICES = (JAA, EI, TYHJA)

PREPARED = "prepared"
OPEN = "open"
CLOSED = "closed"
RESULT_DECLARED = "result_declared"
SET_ASIDE = "set_aside"  # to be taken again by roll call (VT-2)

ELECTRONIC = "electronic"  # sähköinen äänestys / elektronisk omröstning
ROLL_CALL = "roll_call"  # nimenhuutoäänestys / omröstning med namnupprop
MODES = (ELECTRONIC, ROLL_CALL)

TABLED = "tabled"  # pantiin pöydälle / bordlades
RETURNED = "returned"  # palautettiin uudelleen valmisteltavaksi / återremitterades


@dataclass(frozen=True)
class Result:
    """The count of a closed vote: names per option (VT-5) and which side won."""

    jaa: tuple[str, ...]
    ei: tuple[str, ...]
    tyhja: tuple[str, ...]
    poissa: tuple[str, ...]
    esteellinen: tuple[str, ...]
    finding: str  # JAA, EI or TIE, by the majority rule
    winner: str | None  # JAA or EI; None while awaiting the chair's deciding vote
    decided_by: str  # "majority", "qualified", "chair_vote", "casting_vote" or "jaa_wins"

    def counts(self) -> dict[str, int]:
        return {"jaa": len(self.jaa), "ei": len(self.ei), "tyhja": len(self.tyhja),
                "poissa": len(self.poissa), "esteellinen": len(self.esteellinen)}

    def to_dict(self) -> dict[str, Any]:
        return {"jaa": list(self.jaa), "ei": list(self.ei), "tyhja": list(self.tyhja),
                "poissa": list(self.poissa), "esteellinen": list(self.esteellinen),
                "finding": self.finding, "winner": self.winner, "decided_by": self.decided_by}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Result:
        return cls(tuple(d["jaa"]), tuple(d["ei"]), tuple(d["tyhja"]), tuple(d["poissa"]),
                   tuple(d["esteellinen"]), d["finding"], d["winner"], d["decided_by"])


@dataclass
class Vote:
    """One vote (äänestys / omröstning) on the item, numbered as in the minutes."""

    id: str
    item: int
    number: int  # "1. äänestys" on the item
    step: int | None  # the step of the approved order; None for an interruption in discussion
    question: Step  # what JAA and EI stand for, WINNER resolved
    mode: str
    majority: MajorityRule
    replaces: str | None = None  # the vote this roll call takes again (VT-2)
    state: str = PREPARED
    chair: str | None = None  # who presided: whose vote decides a tie
    electorate: list[str] = field(default_factory=list)  # one per seat, alphabetical
    absent: list[str] = field(default_factory=list)  # seats whose holder was not present
    disqualified: list[str] = field(default_factory=list)  # esteelliset / jäviga
    quorum_override: bool = False  # the chair opened it without a quorum (LAW-3)
    choices: dict[str, str] = field(default_factory=dict)  # person -> last choice
    called: list[str] = field(default_factory=list)  # roll call: called so far, in order
    demands: list[str] = field(default_factory=list)  # who demanded a roll call
    result: Result | None = None
    casting_vote: str | None = None  # puheenjohtajan ratkaiseva ääni / ordförandens utslagsröst

    @property
    def in_progress(self) -> bool:
        return self.state in (PREPARED, OPEN, CLOSED)


@dataclass
class Decision:
    """The decision on the item (päätös / beslut) as the chair declared it."""

    item: int
    outcome: str  # adopted, rejected, no_amount_accepted, tabled, returned
    proposal: str | None  # BASE or the id of the proposal adopted (or tabling/return that won)
    amount: int | None
    additions: list[str]
    riders: list[str]
    unanimous: bool  # no vote was needed (ITM-1): "hyväksyttiin yksimielisesti"
    minority: int | None  # VO-6b: tabled without a vote on the demand of this many
    at: int
    dissents: dict[str, dict[str, str]] = field(default_factory=dict)  # person -> text by language
    demanders: list[str] = field(default_factory=list)  # VO-6b: who demanded it, as recorded


# --- queries --------------------------------------------------------------------------------


def current_vote(m: Meeting) -> Vote | None:
    """The vote in progress on the item under consideration, if any."""
    return m.vote_in_progress


def vote(m: Meeting, vote_id: str) -> Vote | None:
    return next((v for v in m.votes if v.id == vote_id), None)


def progress(v: Vote) -> dict[str, Any]:
    """"n of m voted" (VT-3), without revealing any choice; in a roll call, who is called."""
    return {"vote": v.id, "state": v.state, "voted": len(v.choices), "eligible": len(v.electorate),
            "called": v.called[-1] if v.called else None}


def result_of(m: Meeting, v: Vote) -> dict[str, Any] | None:
    """Counts and names per option once the vote is closed; while it is open, only if the rule
    set shows a live tally (`show_live_tally`)."""
    if v.result is None:
        if v.state != OPEN or not m.rules.show_live_tally:
            return None
        live = _count(m, v)
        return {"counts": live.counts(), **live.to_dict(), "final": False}
    cast = len(v.result.jaa) + len(v.result.ei)
    return {"counts": v.result.counts(), **v.result.to_dict(), "casting_vote": v.casting_vote,
            "needed": needed(v.majority, cast, m.roster.seats),  # type: ignore[union-attr]
            "final": v.state == RESULT_DECLARED}


def question(m: Meeting, v: Vote) -> dict[str, Any]:
    """What JAA and EI mean (the screen's and the phones' texts), in every language."""
    return {"vote": v.id, "number": v.number, "kind": v.question.kind, "mode": v.mode,
            "majority": v.majority.to_dict(),
            "jaa": side_texts(m, v.item, v.question, JAA), "ei": side_texts(m, v.item, v.question, EI)}


def side_texts(m: Meeting, item: int, step: Step, side: str) -> dict[str, Any]:
    """One side of a question: a label and the proposal's own text, by language."""
    ref = step.side(side)
    if ref is None:
        return {"ref": None, "label": dict(WORDS[(step.kind, side)]), "text": {}}
    if ref == CONTINUE:
        return {"ref": ref, "label": dict(WORDS[CONTINUE]), "text": {}}
    if step.kind == AMOUNT or (step.kind == RIDER_VOTE and side == JAA):
        label = {lang: f"{WORDS[(step.kind, side)][lang]}: {text}"
                 for lang, text in proposal_label(m, item, ref).items()}
        return {"ref": ref, "label": label, "text": proposal_text(m, item, ref)}
    return {"ref": ref, "label": proposal_label(m, item, ref), "text": proposal_text(m, item, ref)}


def proposal_label(m: Meeting, item: int, ref: str) -> dict[str, str]:
    """"Pohjaehdotus", "Vastaehdotus (Matti Virtanen) 150 000 €", … in every language."""
    record = on_item(m, item)
    if ref == BASE:
        return _with_amount(dict(WORDS[BASE]), record.base_amount)
    proposal = record.proposal(ref)
    names = ", ".join(m.roster.person(p).name for p in proposal.movers)  # type: ignore[union-attr]
    labels = {lang: f"{word} ({names})" for lang, word in WORDS[proposal.kind].items()}  # type: ignore[union-attr]
    return _with_amount(labels, proposal.amount)  # type: ignore[union-attr]


def proposal_text(m: Meeting, item: int, ref: str) -> dict[str, str]:
    if ref == BASE:
        return base_text(m, item)
    return dict(on_item(m, item).proposal(ref).text)  # type: ignore[union-attr]


def decision_text(m: Meeting, item: int) -> dict[str, str] | None:
    """The decision as the minutes state it, in every language; None before it is declared."""
    d = m.decisions.get(item)
    if d is None:
        return None
    body = WORDS["body" if m.rules.body == "council" else "other_body"]
    if d.outcome == ADOPTED:
        what = proposal_label(m, item, d.proposal)  # type: ignore[arg-type]
        how = WORDS["unanimously" if d.unanimous else "after_vote"]
        main = {lang: WORDS[ADOPTED][lang].format(body=body[lang], what=what[lang], how=how[lang])
                for lang in body}
    else:
        main = {lang: WORDS[d.outcome][lang].format(body=body[lang]) for lang in body}
    for ref, kind in [(p, "adopted_addition") for p in d.additions] + [(p, "adopted_rider") for p in d.riders]:
        what = proposal_label(m, item, ref)
        main = {lang: f"{text} {WORDS[kind][lang].format(body=body[lang], what=what[lang])}"
                for lang, text in main.items()}
    return main


def results(m: Meeting, item: int) -> dict[int, str]:
    """The winning side of each step of the approved order voted so far."""
    return {v.step: v.result.winner for v in m.votes  # type: ignore[union-attr,misc]
            if v.item == item and v.step is not None and v.state == RESULT_DECLARED}


# --- deciding commands ----------------------------------------------------------------------


def prepare_vote(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The chair puts the next question of the order (äänestysesitys / omröstningsproposition)."""
    require_chair(actor)
    return [_prepared(m, args)]


def open_vote(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The chair opens the vote (prepared first if need be); it needs a quorum, unless the
    chair records an override (LAW-3)."""
    require_chair(actor)
    item = under_consideration(m)
    prepared = current_vote(m)
    events = [] if prepared is not None and prepared.state == PREPARED else [_prepared(m, args)]
    override = args.get("override_quorum", False)
    if not isinstance(override, bool):
        raise Rejected("bad_argument", field="override_quorum")
    if not override:
        require_quorum(m, item)
    electorate = [p for p in eligible_voters(m, item) if m.rules.chair_votes or p != actor.person]
    disqualified = sorted(m.attendance.disqualified.get(item, {}))
    absent = [p for p in roll_call_order(m) if p not in m.attendance.present
              and p not in electorate and p not in disqualified]
    vote_id = prepared.id if not events else events[0].data["vote"]  # type: ignore[union-attr]
    return events + [Event("vote_opened", {
        "vote": vote_id, "chair": actor.person, "electorate": electorate, "absent": absent,
        "disqualified": disqualified, "quorum_override": override})]


def cast_vote(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """A member votes Jaa, Ei or Tyhjä from the phone; a new choice replaces the earlier one."""
    if actor.role not in (Role.MEMBER, Role.CHAIR):
        raise Rejected("not_councillor")
    v = _open(m, args)
    if v.mode == ROLL_CALL:
        raise Rejected("roll_call_vote")
    person: str = actor.person  # type: ignore[assignment]
    may_act(m, person, v.item)
    if person not in v.electorate:
        raise Rejected("not_eligible")
    choice = arg.choice(args, "choice", CHOICES)
    return [Event("vote_cast", {"vote": v.id, "person": person, "choice": choice})]


def call_next(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """Roll call: the next name, alphabetically (VT-1)."""
    require_staff(actor)
    v = _open_roll_call(m, args)
    remaining = [p for p in v.electorate if p not in v.called]
    if not remaining:
        raise Rejected("roll_call_complete")
    return [Event("voter_called", {"vote": v.id, "person": remaining[0]})]


def record_answer(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """Roll call: the answer of the member called ("jaa", "ei", "tyhjää"), as given."""
    require_staff(actor)
    v = _open_roll_call(m, args)
    person = args.get("person", v.called[-1] if v.called else None)
    if person not in v.called:
        raise Rejected("not_yet_called", person=person)
    may_act(m, person, v.item)  # type: ignore[arg-type]
    choice = arg.choice(args, "choice", CHOICES)
    return [Event("vote_cast", {"vote": v.id, "person": person, "choice": choice})]


def close_vote(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The chair closes the vote; the count classifies every seat (VT-3)."""
    require_chair(actor)
    v = _open(m, args)
    if v.mode == ROLL_CALL and len(v.called) < len(v.electorate):
        raise Rejected("roll_call_unfinished")
    return [Event("vote_closed", {"vote": v.id, **_count(m, v).to_dict()})]


def give_casting_vote(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """A tie the chair's own vote did not decide: the chair states the deciding vote (LAW-12)."""
    require_chair(actor)
    v = _closed(m)
    if v.result.winner is not None:  # type: ignore[union-attr]
        raise Rejected("no_casting_vote_needed")
    choice = arg.choice(args, "choice", (JAA, EI))
    return [Event("casting_vote_given", {"vote": v.id, "person": actor.person, "choice": choice})]


def demand_roll_call(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """A member demands, or the chair finds it necessary, that the vote just taken be taken
    again by roll call [KRS §21]; `roll_call_demand_min` members' demands set it aside."""
    v = _closed(m)
    if v.mode == ROLL_CALL:
        raise Rejected("already_roll_call")
    if actor.role is Role.CHAIR:
        return [Event("roll_call_demanded", {"vote": v.id, "person": actor.person}),
                Event("vote_set_aside", {"vote": v.id})]
    if actor.role is not Role.MEMBER:
        raise Rejected("not_councillor")
    may_act(m, actor.person, v.item)  # type: ignore[arg-type]
    if actor.person in v.demands:
        raise Rejected("already_demanded")
    events = [Event("roll_call_demanded", {"vote": v.id, "person": actor.person})]
    if len(v.demands) + 1 >= m.rules.roll_call_demand_min:
        events.append(Event("vote_set_aside", {"vote": v.id}))
    return events


def declare_result(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The chair declares the vote's result; the order goes on with the next vote."""
    require_chair(actor)
    v = _closed(m)
    if v.result.winner is None:  # type: ignore[union-attr]
        raise Rejected("awaiting_casting_vote")
    return [Event("result_declared", {"vote": v.id, "winner": v.result.winner})]  # type: ignore[union-attr]


def declare_decision(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The chair declares the decision (päätös / beslut) once the votes are done; with no
    proposal to vote on, the base proposal is the decision [KRS §20] (ITM-1)."""
    require_chair(actor)
    item = _undecided(m)
    require_no_runoff(m)
    require_quorum(m, item)
    return [Event("decision_declared", {"item": item, **_decision(m, item)})]


def table_by_minority(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The item is tabled without a vote when at least the set fraction of those present
    demand it on the first reading (VO-6b). The demanders are the tabling proposal's movers and
    seconders and those the chair saw demand it in the hall (`demanders`), each counted once;
    whether this is the first reading is the chair's finding."""
    require_chair(actor)
    item = _undecided(m)
    require_no_runoff(m)
    needed = minority_needed(m, item)
    if needed is None:
        raise Rejected("minority_tabling_off")
    record = on_item(m, item)
    tabling = record.proposal(arg.text(args, "proposal"))  # type: ignore[arg-type]
    if tabling is None or tabling.kind != TABLING or tabling.state != MADE:
        raise Rejected("no_such_proposal", proposal=args.get("proposal"))
    named = arg.ids(args, "demanders") if "demanders" in args else []
    for person in named:
        may_act(m, person, item)  # a demand counts only from who may act on the item
    voters = set(eligible_voters(m, item))
    demanders = sorted({p for p in [*tabling.movers, *tabling.seconders, *named] if p in voters})
    if len(demanders) < needed:
        raise Rejected("minority_too_small", demanders=len(demanders), needed=needed)
    require_quorum(m, item)
    return [Event("decision_declared", {  # the record keeps who demanded it, the state how many
        "item": item, "outcome": TABLED, "proposal": tabling.id, "amount": None, "additions": [],
        "riders": [], "unanimous": False, "minority": len(demanders), "demanders": demanders})]


def minority_needed(m: Meeting, item: int) -> int | None:
    """How many must demand tabling for the minority right (VO-6b): the rules' fraction of
    those present for the item now, rounded up; None when the rules give no such right."""
    n, d = m.rules.minority_tabling_numerator, m.rules.minority_tabling_denominator
    if n <= 0:
        return None
    return -(-n * present_count(m, item) // d)


def minority_view(m: Meeting, item: int) -> dict[str, Any] | None:
    """For the chair's console: the fraction and how many it takes now, counted live."""
    needed = minority_needed(m, item)
    if needed is None:
        return None
    return {"numerator": m.rules.minority_tabling_numerator, "denominator": m.rules.minority_tabling_denominator,
            "present": present_count(m, item), "needed": needed}


def register_dissent(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """A member who opposed the decision records a dissenting opinion right after it; the
    written text may follow (LAW-15), after the close too, until the minutes are published
    (naming the `item`). The chair may record it for a member (`person`)."""
    if m.phase == CLOSED:
        return _written_dissent(m, actor, args)
    item = under_consideration(m)
    if item not in m.decisions:
        raise Rejected("no_decision")
    person = _dissenter(actor, args)
    may_act(m, person, item)  # type: ignore[arg-type]
    if person in m.decisions[item].dissents and "text" not in args:
        raise Rejected("dissent_already_registered")  # again only to add the written text
    lang = m.roster.person(person).lang  # type: ignore[union-attr,arg-type]
    text = arg.texts(args, "text", lang) if "text" in args else {}
    return [Event("dissent_registered", {"item": item, "person": person, "text": text})]


def _written_dissent(m: Meeting, actor: Actor, args: dict[str, Any]) -> list[Event]:
    """The written text of a dissent announced at the meeting, handed in after its close."""
    if m.minutes.published is not None:
        raise Rejected("minutes_already_published")
    item = arg.integer(args, "item")
    person = _dissenter(actor, args)
    decision = m.decisions.get(item)  # type: ignore[arg-type]
    if decision is None or person not in decision.dissents:
        raise Rejected("no_dissent", item=item)
    lang = m.roster.person(person).lang  # type: ignore[union-attr,arg-type]
    return [Event("dissent_registered", {"item": item, "person": person, "text": arg.texts(args, "text", lang)})]


def _dissenter(actor: Actor, args: dict[str, Any]) -> str:
    """The member themself, or the member the chair names."""
    if actor.role is Role.MEMBER:
        return actor.person  # type: ignore[return-value]
    require_chair(actor)
    return arg.text(args, "person")  # type: ignore[return-value]


def _prepared(m: Meeting, args: dict[str, Any]) -> Event:
    item = _undecided(m)
    step, q = _next_question(m, item)
    replaced = next((v for v in reversed(m.votes) if v.item == item and v.state == SET_ASIDE
                     and v.step == step and v.question == q), None)
    replaced = replaced if replaced and not any(v.replaces == replaced.id for v in m.votes) else None
    mode = args.get("mode", ROLL_CALL if replaced else m.rules.default_voting_method)
    if mode not in MODES:
        raise Rejected("bad_argument", field="mode")
    if replaced is not None and mode != ROLL_CALL:
        raise Rejected("roll_call_required")
    default = MajorityRule(m.rules.toivomusponsi_threshold) if q.kind == RIDER_VOTE else MajorityRule()
    majority = MajorityRule.parse(args["majority"]) if "majority" in args else default
    return Event("vote_prepared", {
        "vote": f"v{len(m.votes) + 1}", "item": item,
        "number": len([v for v in m.votes if v.item == item]) + 1, "step": step,
        "question": q.to_dict(), "mode": mode, "majority": majority.to_dict(),
        "replaces": replaced.id if replaced else None})


def _next_question(m: Meeting, item: int) -> tuple[int | None, Step]:
    """The interruption to decide now (VO-R1), or the next step of the approved order."""
    if _interruption(m, item) is not None:
        raise Rejected("no_vote_left")
    record = on_item(m, item)
    pending = record.pending_interrupts(m.rules)
    if not record.summary_confirmed and pending and m.rules.interrupt_handling == "immediate":
        return None, interrupt_steps(pending, m.rules)[0]
    order = order_of(m, item)
    if not order.approved:
        raise Rejected("order_not_approved")
    course = follow(order.steps, results(m, item))
    if course.next is None:
        raise Rejected("no_vote_left")
    return course.next, course.question  # type: ignore[return-value]


def _interruption(m: Meeting, item: int) -> Proposal | None:
    """The tabling or return proposal the council adopted during the discussion, if any."""
    for v in m.votes:
        if v.item == item and v.step is None and v.state == RESULT_DECLARED \
                and v.question.jaa == CONTINUE and v.result.winner == EI:  # type: ignore[union-attr]
            return on_item(m, item).proposal(v.question.ei)  # type: ignore[arg-type]
    return None


def _decision(m: Meeting, item: int) -> dict[str, Any]:
    """How the matter was decided, from the votes taken (or without a vote)."""
    record = on_item(m, item)
    interrupted = _interruption(m, item)
    if interrupted is not None:
        return _ended(interrupted)
    unanimous: dict[str, Any] = {"outcome": ADOPTED, "proposal": BASE, "amount": record.base_amount,
                 "additions": [], "riders": [], "unanimous": True, "minority": None}
    if not record.summary_confirmed:
        if any(p.state == MADE for p in record.proposals):
            raise Rejected("summary_not_confirmed")
        return unanimous
    order = order_of(m, item)
    if not order.approved:
        try:
            needed = plan(record, order.ranking, m.rules)
        except Rejected:
            raise Rejected("order_not_approved")
        if needed:
            raise Rejected("order_not_approved")
        return unanimous
    course = follow(order.steps, results(m, item))
    if course.next is not None:
        raise Rejected("votes_remaining")
    if course.outcome == INTERRUPTED:
        return _ended(record.proposal(course.proposal))  # type: ignore[arg-type]
    adopted = None
    if course.outcome == ADOPTED and course.proposal == BASE:
        adopted = record.base_amount
    elif course.outcome == ADOPTED:
        adopted = record.proposal(course.proposal).amount  # type: ignore[union-attr,arg-type]
    return {"outcome": course.outcome, "proposal": course.proposal, "amount": adopted,
            "additions": list(course.additions), "riders": list(course.riders), "unanimous": False,
            "minority": None}


def _ended(interruption: Proposal) -> dict[str, Any]:
    """Tabled or returned: no decision on the substance (VO-R1)."""
    return {"outcome": TABLED if interruption.kind == TABLING else RETURNED, "proposal": interruption.id,
            "amount": None, "additions": [], "riders": [], "unanimous": False, "minority": None}


def _undecided(m: Meeting) -> int:
    item = under_consideration(m)
    if item in m.decisions:
        raise Rejected("decision_declared", item=item)
    require_no_ballot(m)
    return item


def _open(m: Meeting, args: dict[str, Any]) -> Vote:
    """The open vote: the one named, or the one in progress; votes are given only in session."""
    require_sitting(m)
    v = vote(m, args["vote"]) if "vote" in args else current_vote(m)
    if v is None:
        raise Rejected("no_open_vote")
    if v.state == PREPARED:
        raise Rejected("vote_not_open")
    if v.state != OPEN:
        raise Rejected("vote_closed")
    return v


def _open_roll_call(m: Meeting, args: dict[str, Any]) -> Vote:
    v = _open(m, args)
    if v.mode != ROLL_CALL:
        raise Rejected("not_roll_call")
    return v


def _closed(m: Meeting) -> Vote:
    """The vote just closed, whose result is not yet declared."""
    require_sitting(m)
    v = current_vote(m)
    if v is None or v.state != CLOSED:
        raise Rejected("no_closed_vote")
    return v


def _count(m: Meeting, v: Vote) -> Result:
    """Every seat classified (VT-3): those who did not vote are Poissa (or Tyhjä by the rules)."""
    by_choice = {c: tuple(p for p in v.electorate if v.choices.get(p) == c) for c in CHOICES}
    silent = [p for p in v.electorate if p not in v.choices]
    blank, absent = list(by_choice[TYHJA]), list(v.absent)
    (blank if m.rules.nonvoting_present_recorded_as == TYHJA else absent).extend(silent)
    finding = outcome(v.majority, len(by_choice[JAA]), len(by_choice[EI]), m.roster.seats)  # type: ignore[union-attr]
    winner: str | None = finding
    decided_by = "qualified" if v.majority.qualified else "majority"
    if finding == TIE:
        chair = v.choices.get(v.chair)  # type: ignore[arg-type]
        if chair in (JAA, EI):
            winner, decided_by = chair, "chair_vote"
        elif m.rules.tie_chair_blank_policy == "jaa_wins":
            winner, decided_by = JAA, "jaa_wins"
        else:
            winner, decided_by = None, "casting_vote"
    return Result(by_choice[JAA], by_choice[EI], tuple(m.roster.alphabetical(blank)),
                  tuple(m.roster.alphabetical(absent)), tuple(v.disqualified), finding, winner, decided_by)


def _with_amount(labels: dict[str, str], amount: int | None) -> dict[str, str]:
    if amount is None:
        return labels
    return {lang: f"{label} {euros(amount)}" for lang, label in labels.items()}


def euros(amount: int) -> str:
    """An amount as the minutes write it: 150 000 € (a no-break space groups the thousands)."""
    return f"{amount:,}".replace(",", "\u00a0") + "\u00a0€"


# --- applying events ------------------------------------------------------------------------


def _vote(m: Meeting, ev: Recorded) -> Vote:
    return vote(m, ev.data["vote"])  # type: ignore[return-value]


def on_vote_prepared(m: Meeting, ev: Recorded) -> None:
    d = ev.data
    m.votes.append(Vote(d["vote"], d["item"], d["number"], d["step"], Step.from_dict(d["question"]),
                        d["mode"], MajorityRule.from_dict(d["majority"]), d["replaces"]))


def on_vote_opened(m: Meeting, ev: Recorded) -> None:
    v, d = _vote(m, ev), ev.data
    v.state, v.chair, v.quorum_override = OPEN, d["chair"], d["quorum_override"]
    v.electorate, v.absent, v.disqualified = list(d["electorate"]), list(d["absent"]), list(d["disqualified"])


def on_vote_cast(m: Meeting, ev: Recorded) -> None:
    _vote(m, ev).choices[ev.data["person"]] = ev.data["choice"]


def on_voter_called(m: Meeting, ev: Recorded) -> None:
    _vote(m, ev).called.append(ev.data["person"])


def on_vote_closed(m: Meeting, ev: Recorded) -> None:
    v = _vote(m, ev)
    v.state, v.result = CLOSED, Result.from_dict(ev.data)


def on_casting_vote_given(m: Meeting, ev: Recorded) -> None:
    v = _vote(m, ev)
    v.casting_vote = ev.data["choice"]
    r = v.result
    v.result = Result(r.jaa, r.ei, r.tyhja, r.poissa, r.esteellinen, r.finding,  # type: ignore[union-attr]
                      ev.data["choice"], "casting_vote")


def on_roll_call_demanded(m: Meeting, ev: Recorded) -> None:
    _vote(m, ev).demands.append(ev.data["person"])


def on_vote_set_aside(m: Meeting, ev: Recorded) -> None:
    _vote(m, ev).state = SET_ASIDE


def on_result_declared(m: Meeting, ev: Recorded) -> None:
    v = _vote(m, ev)
    v.state = RESULT_DECLARED
    if v.question.kind == INTERRUPT:  # the interruption that lost is decided: discussion goes on
        loser = v.question.side(EI if ev.data["winner"] == JAA else JAA)
        proposal = on_item(m, v.item).proposal(loser) if loser is not None else None
        if proposal is not None and proposal.kind in INTERRUPTING:
            proposal.state = DECIDED


def on_decision_declared(m: Meeting, ev: Recorded) -> None:
    d = ev.data
    m.decisions[d["item"]] = Decision(d["item"], d["outcome"], d["proposal"], d["amount"],
                                      list(d["additions"]), list(d["riders"]), d["unanimous"],
                                      d["minority"], ev.at, demanders=list(d.get("demanders", ())))
    # `demanders` is in the record since the chair ticks them; a tabling recorded before has only the count.


def on_dissent_registered(m: Meeting, ev: Recorded) -> None:
    m.decisions[ev.data["item"]].dissents[ev.data["person"]] = dict(ev.data["text"])


# --- words: the sides of a question and the decision, in the council's languages ------------

WORDS: dict[Any, dict[str, str]] = {
    BASE: {"fi": "Pohjaehdotus", "sv": "Grundförslaget", "en": "Base proposal"},
    "counter": {"fi": "Vastaehdotus", "sv": "Motförslag", "en": "Counter-proposal"},
    "rejection": {"fi": "Hylkäysehdotus", "sv": "Förkastelseförslag", "en": "Rejection proposal"},
    "tabling": {"fi": "Pöydällepanoehdotus", "sv": "Bordläggningsförslag", "en": "Tabling proposal"},
    "return": {"fi": "Palautusehdotus", "sv": "Återremissförslag", "en": "Proposal to return"},
    "independent": {"fi": "Lisäysehdotus", "sv": "Tilläggsförslag", "en": "Additional proposal"},
    "rider": {"fi": "Toivomusponsi", "sv": "Hemställningskläm", "en": "Recommendation rider"},
    CONTINUE: {"fi": "Asian käsittelyn jatko", "sv": "Fortsatt behandling av ärendet",
               "en": "Continue handling the matter"},
    (AMOUNT, JAA): {"fi": "Hyväksytään", "sv": "Godkänns", "en": "Accept"},
    (AMOUNT, EI): {"fi": "Hylätään", "sv": "Förkastas", "en": "Reject"},
    (ADDITION, JAA): {"fi": "Ei lisäystä", "sv": "Inget tillägg", "en": "No addition"},
    (RIDER_VOTE, JAA): {"fi": "Hyväksytään", "sv": "Godkänns", "en": "Adopt"},
    (RIDER_VOTE, EI): {"fi": "Hylätään", "sv": "Förkastas", "en": "Reject"},
    "body": {"fi": "Valtuusto", "sv": "Fullmäktige", "en": "The council"},
    "other_body": {"fi": "Toimielin", "sv": "Organet", "en": "The body"},
    "unanimously": {"fi": "yksimielisesti", "sv": "enhälligt", "en": "unanimously"},
    "after_vote": {"fi": "äänestyksen jälkeen", "sv": "efter omröstning", "en": "after a vote"},
    ADOPTED: {"fi": "{body} hyväksyi {how}: {what}.", "sv": "{body} godkände {how}: {what}.",
              "en": "{body} adopted {how}: {what}."},
    REJECTED: {"fi": "{body} hylkäsi ehdotuksen.", "sv": "{body} förkastade förslaget.",
               "en": "{body} rejected the proposal."},
    NO_AMOUNT_ACCEPTED: {"fi": "Mikään ehdotetuista määristä ei tullut hyväksytyksi; määrärahaa ei myönnetty.",
                         "sv": "Inget av de föreslagna beloppen godkändes; inget anslag beviljades.",
                         "en": "None of the amounts proposed was accepted; no appropriation was granted."},
    TABLED: {"fi": "{body} päätti panna asian pöydälle.", "sv": "{body} beslöt bordlägga ärendet.",
             "en": "{body} decided to table the matter."},
    RETURNED: {"fi": "{body} palautti asian uudelleen valmisteltavaksi.",
               "sv": "{body} återremitterade ärendet.", "en": "{body} returned the matter for re-preparation."},
    "adopted_addition": {"fi": "Lisäksi hyväksyttiin: {what}.", "sv": "Dessutom godkändes: {what}.",
                         "en": "In addition adopted: {what}."},
    "adopted_rider": {"fi": "Hyväksyttiin: {what}.", "sv": "Godkändes: {what}.", "en": "Adopted: {what}."},
}

COMMANDS = {
    "prepare_vote": prepare_vote,
    "open_vote": open_vote,
    "cast_vote": cast_vote,
    "call_next": call_next,
    "record_answer": record_answer,
    "close_vote": close_vote,
    "casting_vote": give_casting_vote,
    "demand_roll_call": demand_roll_call,
    "declare_result": declare_result,
    "declare_decision": declare_decision,
    "table_by_minority": table_by_minority,
    "register_dissent": register_dissent,
}

APPLIERS = {
    "vote_prepared": on_vote_prepared,
    "vote_opened": on_vote_opened,
    "vote_cast": on_vote_cast,
    "voter_called": on_voter_called,
    "vote_closed": on_vote_closed,
    "casting_vote_given": on_casting_vote_given,
    "roll_call_demanded": on_roll_call_demanded,
    "vote_set_aside": on_vote_set_aside,
    "result_declared": on_result_declared,
    "decision_declared": on_decision_declared,
    "dissent_registered": on_dissent_registered,
}
