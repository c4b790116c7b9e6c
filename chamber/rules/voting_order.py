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
        steps += money_steps(record.base_amount, counters, rules.money_order_policy)
    else:
        steps += chain_steps(ranked(counters, ranking))
    if rejections:
        steps.append(Step(REJECT, WINNER if counters else BASE, rejections[0].id))
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
    """The chair's own order: every step names proposals in the vote, of the right kind.

    Each step is as the view shows it, `{"kind", "jaa", "ei"}`, every key present (a side that
    stands for nothing is `null`) and each a string or null: else `bad_argument`. What the
    steps name is then checked against the proposals in the vote: `bad_voting_order`."""
    if not isinstance(value, list) or not all(
            isinstance(s, dict) and STEP_KEYS <= set(s)
            and all(s[k] is None or isinstance(s[k], str) for k in STEP_KEYS) for s in value):
        raise Rejected("bad_argument", field="steps")
    in_vote = {p.id: p.kind for p in record.in_vote(rules)}
    allowed: dict[str, tuple[set[str | None], set[str | None]]] = {
        INTERRUPT: ({CONTINUE, WINNER, *_of(in_vote, *INTERRUPTING)}, {WINNER, *_of(in_vote, *INTERRUPTING)}),
        PAIR: ({BASE, *_of(in_vote, COUNTER)}, {WINNER, *_of(in_vote, COUNTER)}),
        AMOUNT: ({BASE, *_of(in_vote, COUNTER)}, {None}),
        REJECT: ({BASE, WINNER}, set(_of(in_vote, REJECTION))),
        ADDITION: ({None}, set(_of(in_vote, INDEPENDENT))),
        RIDER_VOTE: (set(_of(in_vote, RIDER)), {None}),
    }
    steps = []
    for data in value:
        kind = data.get("kind")
        if kind not in allowed or data.get("jaa") not in allowed[kind][0] \
                or data.get("ei") not in allowed[kind][1] or data["jaa"] == data["ei"]:
            raise Rejected("bad_voting_order")
        steps.append(Step(kind, data["jaa"], data["ei"]))
    named = {side for s in steps for side in (s.jaa, s.ei)}
    if not set(in_vote) <= named or (steps[:1] and WINNER in (steps[0].jaa, steps[0].ei)):
        raise Rejected("bad_voting_order")
    return steps


def _of(in_vote: dict[str, str], *kinds: str) -> list[str]:
    return [p for p, kind in in_vote.items() if kind in kinds]


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
