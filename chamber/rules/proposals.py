"""Proposals (ehdotukset / förslag) on the item under consideration [KRS §16, §19, §20, §23].

The base proposal (pohjaehdotus / grundförslag) is the preparing body's, printed on the agenda
or changed by that body before the decision (PR-1); it is always voted on and needs no
seconder. During the discussion a present member makes a proposal in writing from the phone, or
the chair records a spoken one; others second it (kannattaa / understöda). Unseconded
proposals lapse when the chair's summary (selonteko / redogörelse) is confirmed
("raukesi kannattamattomana" / "förföll i brist på understöd", PR-3); until then the mover may
withdraw (PR-4), and the chair merges identical ones (PR-5).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import args as arg
from .attendance import may_act
from .errors import Rejected
from .events import Actor, Context, Event, Recorded, Role
from .lifecycle import require_sitting
from .rights import require_chair, require_staff
from .ruleset import RuleSet

if TYPE_CHECKING:
    from .meeting import Meeting

BASE = "base"  # pohjaehdotus / grundförslag: the preparing body's proposal
COUNTER = "counter"  # vastaehdotus / motförslag (with `amount`: an appropriation, VO-R4)
REJECTION = "rejection"  # hylkäysehdotus / förkastelseförslag
TABLING = "tabling"  # pöydällepanoehdotus / bordläggningsförslag
RETURN = "return"  # palautusehdotus / återremissförslag
INDEPENDENT = "independent"  # itsenäinen ehdotus / självständigt förslag
RIDER = "rider"  # toivomusponsi / hemställningskläm
KINDS = (COUNTER, REJECTION, TABLING, RETURN, INDEPENDENT, RIDER)
INTERRUPTING = (TABLING, RETURN)  # decided before the discussion goes on [KRS §19]

MADE = "made"  # on the table
WITHDRAWN = "withdrawn"  # peruttu / återtaget (PR-4)
MERGED = "merged"  # yhdistetty / sammanslaget into another (PR-5)
LAPSED = "lapsed"  # raukesi kannattamattomana / förföll i brist på understöd (PR-3)
DECIDED = "decided"  # an interrupting proposal the council voted down; the discussion went on


@dataclass
class Proposal:
    """One proposal: its movers (several after a merge), text in the council's languages."""

    id: str
    item: int
    kind: str
    movers: list[str]
    text: dict[str, str]
    amount: int | None = None  # whole euros, for an appropriation
    seconders: list[str] = field(default_factory=list)
    state: str = MADE
    made_at: int = 0
    recorded_by_chair: bool = False  # a spoken proposal the chair entered
    merged_into: str | None = None

    @property
    def mover(self) -> str:
        return self.movers[0]

    def needs_seconding(self, rules: RuleSet) -> bool:
        return self.kind != RIDER or rules.toivomusponsi_needs_seconding

    def in_vote(self, rules: RuleSet) -> bool:
        """On the table and seconded where seconding is needed: the council must decide it."""
        return self.state == MADE and (bool(self.seconders) or not self.needs_seconding(rules))


@dataclass
class ItemProposals:
    """The proposals on one item, the base as changed, and whether the summary is confirmed."""

    item: int
    proposals: list[Proposal] = field(default_factory=list)
    base_text: dict[str, str] | None = None  # the preparing body's changed proposal (PR-1)
    base_amount: int | None = None  # the sum the base grants on an appropriation item (VO-R4)
    summary_confirmed: bool = False  # selonteko myönnettiin oikeaksi / redogörelsen godkändes

    def proposal(self, proposal_id: str) -> Proposal | None:
        return next((p for p in self.proposals if p.id == proposal_id), None)

    def in_vote(self, rules: RuleSet, *kinds: str) -> list[Proposal]:
        """The proposals the council must decide, of `kinds` (all kinds when none given)."""
        return [p for p in self.proposals if p.in_vote(rules) and (not kinds or p.kind in kinds)]

    def pending_interrupts(self, rules: RuleSet) -> list[Proposal]:
        """Seconded tabling and return proposals not yet decided."""
        return self.in_vote(rules, *INTERRUPTING)


# --- queries --------------------------------------------------------------------------------


def on_item(m: Meeting, item: int) -> ItemProposals:
    """The proposals on `item` (an empty record when none was made)."""
    return m.proposals.get(item) or _fresh(m, item)


def _fresh(m: Meeting, item: int) -> ItemProposals:
    """The record of an item before anything was proposed: the base amount is the agenda's on an
    appropriation item (määrärahan myöntäminen / anslag), until the preparing body changes it
    (`change_base_proposal`, PR-1). The item's texts are fixed once it is taken up, and proposals
    come only then, so the agenda's amount cannot change under a record made from it."""
    agenda_item = m.item(item)
    return ItemProposals(item, base_amount=agenda_item.base_amount if agenda_item else None)


def base_text(m: Meeting, item: int) -> dict[str, str]:
    """The base proposal's text as it now stands (PR-1)."""
    changed = on_item(m, item).base_text
    return dict(changed) if changed is not None else dict(m.item(item).base_proposal)  # type: ignore[union-attr]


def under_consideration(m: Meeting) -> int:
    """The number of the item under consideration (käsiteltävä asia), the meeting sitting."""
    require_sitting(m)
    if m.current is None:
        raise Rejected("no_current_item")
    return m.current.number


def summary(m: Meeting, item: int) -> dict[str, Any]:
    """The chair's summary (selonteko): the base, the proposals with movers and seconders."""
    record = on_item(m, item)
    return {
        "base": {"text": base_text(m, item), "amount": record.base_amount},
        "proposals": [
            {"id": p.id, "kind": p.kind, "text": dict(p.text), "amount": p.amount,
             "movers": list(p.movers), "seconders": list(p.seconders), "state": p.state,
             "in_vote": p.in_vote(m.rules)}
            for p in record.proposals if p.state != MERGED
        ],
        "confirmed": record.summary_confirmed,
    }


# --- deciding commands ----------------------------------------------------------------------


def make_proposal(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """A member makes a proposal in writing from the phone (PR-2)."""
    if actor.role is not Role.MEMBER:
        raise Rejected("not_councillor")
    return [_proposal_made(m, actor.person, args, by_chair=False)]  # type: ignore[arg-type]


def record_proposal(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The chair enters a proposal a member made aloud, in the member's name."""
    require_chair(actor)
    return [_proposal_made(m, arg.text(args, "mover"), args, by_chair=True)]  # type: ignore[arg-type]


def second_proposal(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """A member seconds (kannattaa / understöder) from the phone ("Kannatan"), or the chair or
    the secretary records a seconding speech (`person`)."""
    item = _open_for_proposals(m)
    person = _member_or_recorded(actor, args, "person")
    may_act(m, person, item)
    proposal = _open_proposal(m, item, args)
    if person in proposal.movers:
        raise Rejected("cannot_second_own", proposal=proposal.id)
    if person in proposal.seconders:
        raise Rejected("already_seconded", proposal=proposal.id)
    return [Event("proposal_seconded", {"proposal": proposal.id, "person": person})]


def withdraw_proposal(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """A mover withdraws before the discussion closes (PR-4); the chair may record it."""
    item = _open_for_proposals(m)
    person = _member_or_recorded(actor, args, "person")
    proposal = _open_proposal(m, item, args)
    if person not in proposal.movers:
        raise Rejected("not_mover", proposal=proposal.id)
    return [Event("proposal_withdrawn", {"proposal": proposal.id, "person": person})]


def adopt_proposal(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """A seconder takes up a withdrawn proposal as their own, where the rules allow (PR-4)."""
    item = _open_for_proposals(m)
    if not m.rules.withdrawal_adoptable_by_seconder:
        raise Rejected("adoption_not_allowed")
    person = _member_or_recorded(actor, args, "person")
    may_act(m, person, item)
    proposal = _proposal(m, item, args)
    if proposal.state != WITHDRAWN:
        raise Rejected("proposal_not_withdrawn", proposal=proposal.id)
    if person not in proposal.seconders:
        raise Rejected("not_seconder", proposal=proposal.id)
    return [Event("proposal_adopted", {"proposal": proposal.id, "person": person})]


def merge_proposals(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The chair merges identical proposals into the first; all movers are recorded (PR-5).

    "Identical" is the chair's judgement, made explicitly by this command, and the texts are
    deliberately not compared: the rules merge proposals of the same content (samansisältöiset /
    likalydande), which members typing on their phones or speaking aloud never word alike, so a
    comparison of texts would refuse nearly every merge the rules call for. The system checks
    only what no judgement can bridge: the same kind and, on an appropriation, the same amount
    (`proposals_differ`). The first proposal's text is the one voted on; each merged proposal
    keeps its own text, with `merged_into`, for the minutes, and the log names the chair as the
    one who merged. A mover who finds the merge wrong can make the proposal anew until the
    chair's summary is confirmed."""
    require_chair(actor)
    item = _open_for_proposals(m)
    named = arg.ids(args, "proposals")
    if len(named) < 2:
        raise Rejected("bad_argument", field="proposals")
    into, *others = [_open_proposal(m, item, {"proposal": p}) for p in named]
    if any(p.kind != into.kind or p.amount != into.amount for p in others):
        raise Rejected("proposals_differ")
    return [Event("proposals_merged", {"into": into.id, "merged": [p.id for p in others]})]


def change_base_proposal(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The preparing body's changed proposal becomes the base (PR-1); the chair or the
    secretary enters it, with the amount when the item grants money (VO-R4): the amount
    printed on the agenda (`base_amount`) until then."""
    require_staff(actor)
    item = _open_for_proposals(m)
    text = arg.texts(args, "text", "fi") if "text" in args else None
    amount = arg.amount(args, "amount")
    if text is None and amount is None:
        raise Rejected("bad_argument", field="text")
    return [Event("base_proposal_changed", {"item": item, "text": text, "amount": amount})]


def confirm_summary(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The chair's summary is confirmed (selonteko myönnettiin oikeaksi / redogörelsen
    godkändes): no more proposals; the unseconded ones lapse (PR-3, [KRS §20])."""
    require_chair(actor)
    item = _open_for_proposals(m)
    record = on_item(m, item)
    if m.rules.interrupt_handling == "immediate" and record.pending_interrupts(m.rules):
        raise Rejected("interrupt_vote_pending")
    made = [p for p in record.proposals if p.state == MADE]
    return [Event("summary_confirmed", {
        "item": item,
        "in_vote": [p.id for p in made if p.in_vote(m.rules)],
        "lapsed": [p.id for p in made if not p.in_vote(m.rules)],
    })]


def _proposal_made(m: Meeting, mover: str, args: dict[str, Any], by_chair: bool) -> Event:
    item = _open_for_proposals(m)
    may_act(m, mover, item)
    kind = arg.choice(args, "kind", KINDS)
    person = m.roster.person(mover)  # type: ignore[union-attr]
    text = arg.texts(args, "text", person.lang)  # type: ignore[union-attr]
    amount = arg.amount(args, "amount")
    appropriation = on_item(m, item).base_amount is not None
    if kind == COUNTER and appropriation and amount is None:
        raise Rejected("amount_required")
    if amount is not None and (kind != COUNTER or not appropriation):
        raise Rejected("not_an_appropriation")
    number = sum(len(r.proposals) for r in m.proposals.values()) + 1
    return Event("proposal_made", {"proposal": f"p{number}", "item": item, "kind": kind,
                                   "mover": mover, "text": text, "amount": amount,
                                   "by_chair": by_chair})


def _open_for_proposals(m: Meeting) -> int:
    """The item under consideration while proposals may still be made: before the summary."""
    item = under_consideration(m)
    if on_item(m, item).summary_confirmed:
        raise Rejected("discussion_closed", item=item)
    if any(v.item == item and v.in_progress for v in m.votes):
        raise Rejected("vote_in_progress")
    return item


def _member_or_recorded(actor: Actor, args: dict[str, Any], name: str) -> str:
    """The member acting from the phone, or the person the chair or the secretary names."""
    if actor.role is Role.MEMBER:
        if args.get(name, actor.person) != actor.person:
            raise Rejected("not_self")
        return actor.person  # type: ignore[return-value]
    require_staff(actor)
    return arg.text(args, name)  # type: ignore[return-value]


def _proposal(m: Meeting, item: int, args: dict[str, Any]) -> Proposal:
    proposal_id = arg.text(args, "proposal")
    proposal = on_item(m, item).proposal(proposal_id)  # type: ignore[arg-type]
    if proposal is None:
        raise Rejected("no_such_proposal", proposal=proposal_id)
    return proposal


def _open_proposal(m: Meeting, item: int, args: dict[str, Any]) -> Proposal:
    proposal = _proposal(m, item, args)
    if proposal.state != MADE:
        raise Rejected("proposal_not_open", proposal=proposal.id)
    return proposal


# --- applying events ------------------------------------------------------------------------


def _record(m: Meeting, item: int) -> ItemProposals:
    if item not in m.proposals:
        m.proposals[item] = _fresh(m, item)
    return m.proposals[item]


def _find(m: Meeting, proposal_id: str) -> Proposal:
    return next(p for r in m.proposals.values() for p in r.proposals if p.id == proposal_id)


def on_proposal_made(m: Meeting, ev: Recorded) -> None:
    d = ev.data
    _record(m, d["item"]).proposals.append(Proposal(
        d["proposal"], d["item"], d["kind"], [d["mover"]], dict(d["text"]), d["amount"],
        made_at=ev.at, recorded_by_chair=d["by_chair"]))


def on_proposal_seconded(m: Meeting, ev: Recorded) -> None:
    _find(m, ev.data["proposal"]).seconders.append(ev.data["person"])


def on_proposal_withdrawn(m: Meeting, ev: Recorded) -> None:
    proposal = _find(m, ev.data["proposal"])
    proposal.movers.remove(ev.data["person"])
    if not proposal.movers:
        proposal.movers.append(ev.data["person"])  # the minutes name who withdrew it
        proposal.state = WITHDRAWN


def on_proposal_adopted(m: Meeting, ev: Recorded) -> None:
    proposal = _find(m, ev.data["proposal"])
    proposal.movers = [ev.data["person"]]
    proposal.seconders.remove(ev.data["person"])
    proposal.state = MADE


def on_proposals_merged(m: Meeting, ev: Recorded) -> None:
    into = _find(m, ev.data["into"])
    for other in (_find(m, p) for p in ev.data["merged"]):
        into.movers += [p for p in other.movers if p not in into.movers]
        into.seconders += [p for p in other.seconders if p not in into.seconders]
        other.state, other.merged_into = MERGED, into.id
    into.seconders = [p for p in into.seconders if p not in into.movers]


def on_base_proposal_changed(m: Meeting, ev: Recorded) -> None:
    record = _record(m, ev.data["item"])
    if ev.data["text"] is not None:
        record.base_text = dict(ev.data["text"])
    if ev.data["amount"] is not None:
        record.base_amount = ev.data["amount"]


def on_summary_confirmed(m: Meeting, ev: Recorded) -> None:
    record = _record(m, ev.data["item"])
    record.summary_confirmed = True
    for proposal_id in ev.data["lapsed"]:
        _find(m, proposal_id).state = LAPSED


COMMANDS = {
    "make_proposal": make_proposal,
    "record_proposal": record_proposal,
    "second_proposal": second_proposal,
    "withdraw_proposal": withdraw_proposal,
    "adopt_proposal": adopt_proposal,
    "merge_proposals": merge_proposals,
    "change_base_proposal": change_base_proposal,
    "confirm_summary": confirm_summary,
}

APPLIERS = {
    "proposal_made": on_proposal_made,
    "proposal_seconded": on_proposal_seconded,
    "proposal_withdrawn": on_proposal_withdrawn,
    "proposal_adopted": on_proposal_adopted,
    "proposals_merged": on_proposals_merged,
    "base_proposal_changed": on_base_proposal_changed,
    "summary_confirmed": on_summary_confirmed,
}
