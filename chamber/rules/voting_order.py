"""The voting order (äänestysjärjestys / omröstningsordning), RULES.md §6 and [KRS §22].

`plan` is the reference algorithm of §6.2 as a pure function: from the proposals in the vote,
the chair's ranking by deviation from the base and the council's policies it proposes the
votes, each a `Step` with a JAA side and an EI side (VO-R7: JAA is the side closer to the base).
The chair may edit the proposal, and the council approves the order (VO-R8).

The order is carried out one vote at a time: `follow` resolves each step's WINNER from the
results so far and tells which vote comes next, or how the matter was decided:
* interrupting proposals (tabling, return) first, and if one wins the matter ends (VO-R1, R2);
* the counter-proposals pairwise from the two most deviating, the winner against the next, the
  last survivor against the base (VO-R3); for an appropriation, by the money policy (VO-R4);
* a rejection proposal last against the surviving proposal (VO-R5);
* independent proposals each on its own (VO-R6), then recommendation riders (TP-2).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import args as arg
from .errors import Rejected
from .events import Actor, Context, Event, Recorded
from .proposals import (
    BASE,
    COUNTER,
    INDEPENDENT,
    INTERRUPTING,
    REJECTION,
    RETURN,
    RIDER,
    TABLING,
    ItemProposals,
    Proposal,
    on_item,
    under_consideration,
)
from .rights import require_chair
from .ruleset import RuleSet

if TYPE_CHECKING:
    from .meeting import Meeting

JAA, EI = "jaa", "ei"

# What a step's sides may name besides a proposal id:
WINNER = "winner"  # the winner of the previous vote (the surviving proposal for a rejection)
CONTINUE = "continue"  # asian käsittelyn jatko / fortsatt behandling av ärendet

# The kinds of vote (what JAA and EI mean):
INTERRUPT = "interrupt"  # JAA continue handling (or the less deviating interruption), EI the interruption
PAIR = "pair"  # JAA the proposal closer to the base, EI the one deviating more
AMOUNT = "amount"  # JAA accept this amount, EI reject it (ei side is None)
REJECT = "rejection"  # JAA approve the surviving proposal, EI reject the matter
ADDITION = "independent"  # JAA no addition (jaa side is None), EI the addition
RIDER_VOTE = "rider"  # JAA adopt the rider, EI reject it (ei side is None)
STEP_KEYS = frozenset(("kind", "jaa", "ei"))

# How a matter ends (the decision's outcome):
ADOPTED = "adopted"  # hyväksyttiin / godkändes
REJECTED = "rejected"  # hylättiin / förkastades (VO-R5)
NO_AMOUNT_ACCEPTED = "no_amount_accepted"  # VO-4c
INTERRUPTED = "interrupted"  # a tabling or return proposal won: no decision on the substance


@dataclass(frozen=True)
class Step:
    """One vote of the order (äänestys / omröstning): what JAA and what EI stand for."""

    kind: str
    jaa: str | None
    ei: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "jaa": self.jaa, "ei": self.ei}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Step:
        return cls(data["kind"], data["jaa"], data["ei"])

    def side(self, winner: str) -> str | None:
        """What the winning side (JAA or EI) stands for."""
        return self.jaa if winner == JAA else self.ei


@dataclass
class VotingOrder:
    """The chair's ranking and the order the council approved for one item."""

    item: int
    ranking: list[str] = field(default_factory=list)  # most deviating first (VO-R3)
    steps: list[Step] = field(default_factory=list)
    approved: bool = False  # äänestysjärjestys hyväksyttiin / omröstningsordningen godkändes
    edited: bool = False  # the chair changed the suggested order (VO-R8)


@dataclass(frozen=True)
class Course:
    """How far an order has come: the next vote, or how the matter was decided."""

    next: int | None  # the index of the next step to vote on; None when all are done
    question: Step | None  # that step with its WINNER resolved
    outcome: str | None  # when done: ADOPTED, REJECTED, NO_AMOUNT_ACCEPTED or INTERRUPTED
    proposal: str | None  # BASE or the id of the proposal adopted (or the interruption that won)
    additions: tuple[str, ...] = ()  # independent proposals adopted
    riders: tuple[str, ...] = ()  # riders adopted


# --- the planner ----------------------------------------------------------------------------


def plan(record: ItemProposals, ranking: list[str], rules: RuleSet) -> list[Step]:
    """The lawful order for the proposals in the vote (RULES.md §6.2); `Rejected` when the
    chair's ranking is still needed or the proposals cannot be ordered."""
    in_vote = record.in_vote(rules)
    counters = [p for p in in_vote if p.kind == COUNTER]
    rejections = [p for p in in_vote if p.kind == REJECTION]
    if len(rejections) > 1:
        raise Rejected("identical_proposals", kind=REJECTION)
    steps = interrupt_steps([p for p in in_vote if p.kind in INTERRUPTING], rules) \
        if rules.interrupt_handling == "restrict_discussion" else []
    if record.base_amount is not None:
        chain = money_steps(record.base_amount, counters, rules.money_order_policy)
    else:
        chain = chain_steps(ranked(counters, ranking))
    steps += chain
    if rejections:  # against what the chain (or the amounts) left standing, else the base
        steps.append(Step(REJECT, WINNER if chain else BASE, rejections[0].id))
    steps += [Step(ADDITION, None, p.id) for p in in_vote if p.kind == INDEPENDENT]
    steps += [Step(RIDER_VOTE, p.id, None) for p in in_vote if p.kind == RIDER]
    return steps


def interrupt_steps(interrupts: list[Proposal], rules: RuleSet) -> list[Step]:
    """Tabling and return (VO-R1, VO-R2): alone, `continue` against it; together, by
    `interrupt_pair_policy`: pairwise (return deviates more, tabling on the JAA side, the
    winner against continuing) or each against continuing, tabling first."""
    if len(interrupts) > 1 and rules.interrupt_pair_policy == "pairwise":
        by_deviation = sorted(interrupts, key=lambda p: p.kind == TABLING)  # returns first
        return chain_steps([p.id for p in by_deviation], base=CONTINUE, kind=INTERRUPT)
    tabling_first = sorted(interrupts, key=lambda p: p.kind == RETURN)
    return [Step(INTERRUPT, CONTINUE, p.id) for p in tabling_first]


def chain_steps(chain: list[str], base: str = BASE, kind: str = PAIR) -> list[Step]:
    """Successive pairwise votes (VO-R3): the two most deviating first, the winner against
    the next, the final winner against `base`."""
    if not chain:
        return []
    if len(chain) == 1:
        return [Step(kind, base, chain[0])]
    steps = [Step(kind, chain[1], chain[0])]
    steps += [Step(kind, nxt, WINNER) for nxt in chain[2:]]
    return steps + [Step(kind, base, WINNER)]


def money_steps(base_amount: int, counters: list[Proposal], policy: str) -> list[Step]:
    """An appropriation (VO-R4, [KRS §22(2)]) by `money_order_policy`."""
    if any(p.amount is None for p in counters):
        raise Rejected("amount_required")
    amounts: dict[str, int] = {p.id: p.amount for p in counters}  # type: ignore[misc]
    if policy == "descending_accept_reject":  # the base among them, first among equals
        everyone = {BASE: base_amount, **amounts}
        return [Step(AMOUNT, ref, None) for ref in sorted(everyone, key=lambda ref: -everyone[ref])]
    if policy == "pairwise_deviation":  # equal deviations: the larger amount first
        order = sorted(amounts, key=lambda ref: (-abs(amounts[ref] - base_amount), -amounts[ref]))
    else:  # pairwise_largest_first
        order = sorted(amounts, key=lambda ref: -amounts[ref])
    return chain_steps(order)


def ranked(counters: list[Proposal], ranking: list[str]) -> list[str]:
    """The counter-proposals most deviating first, as the chair ranked them (VO-R3)."""
    ids = [p.id for p in counters]
    if len(ids) < 2:
        return ids
    if sorted(ranking) != sorted(ids):
        raise Rejected("ranking_required")
    return list(ranking)


# --- carrying the order out -----------------------------------------------------------------


def follow(steps: list[Step], results: dict[int, str]) -> Course:
    """Where the order stands, given the winning side (JAA or EI) of each step voted so far."""
    money = any(s.kind == AMOUNT for s in steps)
    survivor: str | None = None if money else BASE
    last: str | None = None  # what won the previous pairwise vote
    rejected = False
    additions: list[str] = []
    riders: list[str] = []
    for index, step in enumerate(steps):
        if _skipped(step, survivor, rejected, money):
            continue
        question = Step(step.kind, _resolve(step.jaa, last, survivor), _resolve(step.ei, last, survivor))
        if index not in results:
            return Course(index, question, None, None)
        won = question.side(results[index])
        if step.kind == INTERRUPT and question.jaa == CONTINUE:
            if won != CONTINUE:
                return Course(None, None, INTERRUPTED, won)
            last = None
        elif step.kind in (INTERRUPT, PAIR):
            last = won
            survivor = won if step.kind == PAIR else survivor
        elif step.kind == AMOUNT and won is not None:
            survivor = won
        elif step.kind == REJECT:
            rejected = won != question.jaa
        elif step.kind == ADDITION and won is not None:
            additions.append(won)
        elif step.kind == RIDER_VOTE and won is not None:
            riders.append(won)
    if rejected:
        return Course(None, None, REJECTED, survivor, tuple(additions))
    if survivor is None:
        return Course(None, None, NO_AMOUNT_ACCEPTED, None, tuple(additions))
    return Course(None, None, ADOPTED, survivor, tuple(additions), tuple(riders))


def _skipped(step: Step, survivor: str | None, rejected: bool, money: bool) -> bool:
    """Steps the earlier results made moot: smaller amounts after one was accepted (VO-R4),
    the rejection when no amount survived, riders unless the matter was adopted (TP-1)."""
    if step.kind == AMOUNT:
        return survivor is not None
    if step.kind == REJECT:
        return survivor is None
    if step.kind == RIDER_VOTE:
        return rejected or survivor is None
    return False


def _resolve(side: str | None, last: str | None, survivor: str | None) -> str | None:
    if side != WINNER:
        return side
    return last if last is not None else survivor


# --- queries --------------------------------------------------------------------------------


def order_of(m: Meeting, item: int) -> VotingOrder:
    return m.orders.get(item) or VotingOrder(item)


def suggestion(m: Meeting, item: int) -> list[Step]:
    """The order the system proposes now (VO-R8: a suggestion the chair may edit)."""
    return plan(on_item(m, item), order_of(m, item).ranking, m.rules)


def voting_order_plan(m: Meeting, item: int) -> dict[str, Any]:
    """For the chair's console and the screen: the order, approved or as suggested."""
    order = order_of(m, item)
    plan_ = {"approved": order.approved, "edited": order.edited, "ranking": list(order.ranking),
             "steps": [s.to_dict() for s in order.steps], "missing": None}
    if not order.approved:
        try:
            plan_["steps"] = [s.to_dict() for s in suggestion(m, item)]
        except Rejected as missing:  # the chair's ranking is still needed, say
            plan_["missing"] = missing.code
    return plan_


# --- deciding commands ----------------------------------------------------------------------


def rank_proposals(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The chair ranks the counter-proposals by deviation from the base, most deviating first;
    the system validates and orders (VO-R3)."""
    require_chair(actor)
    item, record = _summarised(m)
    if record.base_amount is not None:
        raise Rejected("order_by_amount")
    order = arg.ids(args, "order")
    counters = [p.id for p in record.in_vote(m.rules, COUNTER)]
    if sorted(order) != sorted(counters):
        raise Rejected("bad_ranking")
    return [Event("proposals_ranked", {"item": item, "order": order})]


def approve_voting_order(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The council approves the order the chair put to it ("Äänestysjärjestys hyväksyttiin");
    `steps` when the chair changed the suggestion, which is logged as an edit (VO-R8)."""
    require_chair(actor)
    item, record = _summarised(m)
    if "steps" in args:  # the chair's own order stands without a ranking
        steps = _edited_steps(args["steps"], record, m.rules)
        try:
            edited = steps != plan(record, order_of(m, item).ranking, m.rules)
        except Rejected:
            edited = True
    else:
        steps, edited = plan(record, order_of(m, item).ranking, m.rules), False
    if not steps:
        raise Rejected("no_vote_needed")
    return [Event("voting_order_approved", {"item": item, "steps": [s.to_dict() for s in steps],
                                            "edited": edited})]


def _summarised(m: Meeting) -> tuple[int, ItemProposals]:
    item = under_consideration(m)
    record = on_item(m, item)
    if not record.summary_confirmed:
        raise Rejected("summary_not_confirmed")
    if order_of(m, item).approved:
        raise Rejected("order_already_approved")
    return item, record


def _edited_steps(value: Any, record: ItemProposals, rules: RuleSet) -> list[Step]:
    """The chair's own order, checked for shape and then for sense (`check_sense`).

    Each step is as the view shows it, `{"kind", "jaa", "ei"}`, every key present (a side that
    stands for nothing is `null`), the kind one of the kinds of step and each side a string or
    null: else `bad_argument`."""
    if not isinstance(value, list) or not all(
            isinstance(s, dict) and STEP_KEYS <= set(s) and isinstance(s["kind"], str) and s["kind"] in PLACES
            and all(s[k] is None or isinstance(s[k], str) for k in ("jaa", "ei")) for s in value):
        raise Rejected("bad_argument", field="steps")
    steps = [Step(s["kind"], s["jaa"], s["ei"]) for s in value]
    check_sense(steps, record, rules)
    return steps


# Where each kind of step belongs: the interruptions first (VO-R1, R2), then the proposals
# against each other or the amounts (VO-R3, R4), the rejection (VO-R5), the independent
# proposals (VO-R6) and the riders last (TP-2).
PLACES = {INTERRUPT: 0, PAIR: 1, AMOUNT: 1, REJECT: 2, ADDITION: 3, RIDER_VOTE: 4}
# What the JAA and the EI side of each kind of step may name: these words, or a proposal of
# these kinds.
SIDES: dict[str, tuple[frozenset[str | None], frozenset[str | None]]] = {
    INTERRUPT: (frozenset({CONTINUE, WINNER, *INTERRUPTING}), frozenset({WINNER, *INTERRUPTING})),
    PAIR: (frozenset({BASE, COUNTER}), frozenset({WINNER, COUNTER})),
    AMOUNT: (frozenset({BASE, COUNTER}), frozenset({None})),
    REJECT: (frozenset({BASE, WINNER}), frozenset({REJECTION})),
    ADDITION: (frozenset({None}), frozenset({INDEPENDENT})),
    RIDER_VOTE: (frozenset({RIDER}), frozenset({None})),
}
WORDS = (BASE, CONTINUE, WINNER, None)
OPEN, DECIDED, AMOUNTS = "open", "decided", "amounts"  # how far the chain of proposals is


def check_sense(steps: list[Step], record: ItemProposals, rules: RuleSet) -> None:
    """Whether an order makes sense as a whole, not only step by step; `Rejected` names the
    first step that does not (`step`, counted from 1):
    * each side names what that kind of step may (`voting_order_wrong_side`), a proposal in
      the vote (`voting_order_not_in_vote`) of the right kind (`voting_order_wrong_kind`), and
      the two sides differ (`voting_order_meets_itself`);
    * the kinds come in their lawful places (`voting_order_out_of_place`);
    * a proposal (the base too) is put to a vote once: after that it goes on only as the
      winner, or it was eliminated (`voting_order_already_voted`);
    * `winner` follows a vote that has one (`voting_order_no_winner`), and a winner is not
      left behind (`voting_order_winner_dropped`); the chain of proposals ends with the base
      (`voting_order_base_missing`), the interruptions with continuing the matter
      (`voting_order_continue_missing`), and nothing is put after the chain is decided
      (`voting_order_chain_decided`);
    * amounts only on an appropriation (`voting_order_not_appropriation`), never mixed with
      pairs (`voting_order_amount_and_pairs`), largest first (`voting_order_amount_order`), the
      base's among them (`voting_order_base_amount_missing`);
    * every proposal in the vote is voted on (`voting_order_never_voted`)."""
    in_vote = {p.id: p for p in record.in_vote(rules)}
    voted: set[str] = set()  # what has been put to a vote by name
    place = 0
    interrupt_winner = False  # the winner of two interruptions, still to meet continuing
    chain: str | None = None  # OPEN (its winner goes on), DECIDED (it met the base), AMOUNTS
    last_amount: int | None = None
    rejection = False
    for n, step in enumerate(steps, start=1):
        if PLACES[step.kind] < place:
            raise Rejected("voting_order_out_of_place", step=n)
        if PLACES[step.kind] > place:
            _close_place(place, n - 1, interrupt_winner, chain)
            place = PLACES[step.kind]
        for ref, allowed in zip((step.jaa, step.ei), SIDES[step.kind]):
            _check_side(n, ref, allowed, in_vote)
        if step.jaa == step.ei:
            raise Rejected("voting_order_meets_itself", step=n)
        named = {ref for ref in (step.jaa, step.ei) if ref not in WORDS or ref == BASE}
        if named & voted:
            raise Rejected("voting_order_already_voted", step=n)
        voted |= named
        winner = WINNER in (step.jaa, step.ei)
        if step.kind == INTERRUPT:
            _winner_goes_on(n, winner, interrupt_winner)
            interrupt_winner = CONTINUE not in (step.jaa, step.ei)
        elif step.kind == PAIR:
            if chain == AMOUNTS:
                raise Rejected("voting_order_amount_and_pairs", step=n)
            if chain == DECIDED:
                raise Rejected("voting_order_chain_decided", step=n)
            _winner_goes_on(n, winner, chain == OPEN)
            chain = DECIDED if BASE in named else OPEN
        elif step.kind == AMOUNT:
            if record.base_amount is None:
                raise Rejected("voting_order_not_appropriation", step=n)
            if chain in (OPEN, DECIDED):
                raise Rejected("voting_order_amount_and_pairs", step=n)
            amount = record.base_amount if step.jaa == BASE else in_vote[step.jaa].amount  # type: ignore[index]
            if last_amount is not None and amount is not None and amount > last_amount:
                raise Rejected("voting_order_amount_order", step=n)
            chain, last_amount = AMOUNTS, amount
        elif step.kind == REJECT:
            if rejection:
                raise Rejected("voting_order_chain_decided", step=n)
            if winner and chain is None:
                raise Rejected("voting_order_no_winner", step=n)
            rejection = True
    _close_place(place, len(steps), interrupt_winner, chain)
    missing = next((p for p in in_vote if p not in voted), None)
    if missing is not None:
        raise Rejected("voting_order_never_voted", proposal=missing, number=int(missing[1:]))
    if chain == AMOUNTS and BASE not in voted:
        raise Rejected("voting_order_base_amount_missing")


def _winner_goes_on(n: int, named: bool, pending: bool) -> None:
    """A step names `winner` exactly when the step before it left one to go on."""
    if named and not pending:
        raise Rejected("voting_order_no_winner", step=n)
    if pending and not named:
        raise Rejected("voting_order_winner_dropped", step=n)


def _close_place(place: int, last: int, interrupt_winner: bool, chain: str | None) -> None:
    """What must be settled when the steps of a place end at step `last`: the interruptions
    with continuing the matter, the chain of proposals with the base."""
    if place == PLACES[INTERRUPT] and interrupt_winner:
        raise Rejected("voting_order_continue_missing", step=last)
    if place == PLACES[PAIR] and chain == OPEN:
        raise Rejected("voting_order_base_missing", step=last)


def _check_side(n: int, ref: str | None, allowed: frozenset[str | None], in_vote: dict[str, Proposal]) -> None:
    if ref in WORDS:
        if ref not in allowed:
            raise Rejected("voting_order_wrong_side", step=n)
    elif ref not in in_vote:
        raise Rejected("voting_order_not_in_vote", step=n, proposal=ref)
    elif in_vote[ref].kind not in allowed:  # type: ignore[index]
        raise Rejected("voting_order_wrong_kind", step=n, proposal=ref)


# --- applying events ------------------------------------------------------------------------


def on_proposals_ranked(m: Meeting, ev: Recorded) -> None:
    m.orders.setdefault(ev.data["item"], VotingOrder(ev.data["item"])).ranking = list(ev.data["order"])


def on_voting_order_approved(m: Meeting, ev: Recorded) -> None:
    order = m.orders.setdefault(ev.data["item"], VotingOrder(ev.data["item"]))
    order.steps = [Step.from_dict(s) for s in ev.data["steps"]]
    order.approved, order.edited = True, ev.data["edited"]


COMMANDS = {
    "rank_proposals": rank_proposals,
    "approve_voting_order": approve_voting_order,
}

APPLIERS = {
    "proposals_ranked": on_proposals_ranked,
    "voting_order_approved": on_voting_order_approved,
}
