"""The minutes' checking and publication (pöytäkirjan tarkastus ja nähtävilläpito /
protokolljustering och framläggande), KRS §§33–34, Kuntalaki §140.

The minutes are a projection of the log (chamber.exports.minutes): nobody types them. What the
rules keep is who checks them and what they approved:

* The chair announces the minutes checkers (pöytäkirjantarkastajat / protokolljusterare) chosen
  at the meeting, two unless the council's rules say otherwise (KRS §34), from the councillors
  sitting in the hall.
* Once the meeting is closed, each checker approves the draft from their own phone. An approval
  names the draft it approves by its *basis*: the last event the minutes are drawn from. An event
  that changes the minutes' content moves the basis, and every approval of the earlier draft no
  longer counts; the checkers approve again what the minutes now say.
* The secretary publishes the minutes when every checker has approved the current draft. From
  then on the public sees the decisions with the appeal instructions (oikaisuvaatimusohje /
  anvisning om rättelseyrkande).
* Of a meeting closed to the public only what the chair releases is published: the chair releases
  items one by one, during the meeting or after it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import args as arg
from .agenda import CLOSED as ITEM_CLOSED
from .attendance import may_act
from .errors import Rejected
from . import meeting as session  # the phases; meeting.py holds the Minutes defined here
from .events import Actor, Context, Event, Recorded, Role
from .rights import require_chair

if TYPE_CHECKING:
    from .meeting import Meeting

CONCEPT = "minutes"  # this module's name in `Meeting.revisions`: its events leave the content as it was


@dataclass
class Minutes:
    """What the rules hold of the minutes: the checkers, their approvals, the publication and,
    for a meeting closed to the public, the items released."""

    checkers: tuple[str, ...] = ()
    approvals: dict[str, int] = field(default_factory=dict)  # checker -> the basis approved
    published: int | None = None  # the basis published
    published_at: int | None = None
    released: set[int] = field(default_factory=set)


def basis(m: Meeting) -> int:
    """The last event the minutes' content is drawn from: every event but this module's."""
    return max((seq for concept, seq in m.revisions.items() if concept != CONCEPT), default=0)


def approved_by(m: Meeting) -> list[str]:
    """The checkers who approved the draft as it stands now."""
    current = basis(m)
    return [c for c in m.minutes.checkers if m.minutes.approvals.get(c) == current]


def ready_to_publish(m: Meeting) -> bool:
    return bool(m.minutes.checkers) and approved_by(m) == list(m.minutes.checkers)


def may_read_draft(m: Meeting, actor: Actor) -> bool:
    """The draft, before publication, is for the chair, the secretary and the checkers."""
    return actor.role in (Role.CHAIR, Role.SECRETARY) or (
        actor.role is Role.MEMBER and actor.person in m.minutes.checkers)


def public_items(m: Meeting) -> list[int]:
    """The items whose decisions the public sees: none before the minutes are published; then
    every closed item of a public meeting, and of a closed meeting only those released."""
    if m.minutes.published is None:
        return []
    closed = [i.number for i in m.agenda if i.state == ITEM_CLOSED]
    return closed if m.public else [n for n in closed if n in m.minutes.released]


# --- commands -------------------------------------------------------------------------------


def choose_minutes_checkers(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The chair announces the checkers chosen; announced again, the new ones replace them."""
    require_chair(actor)
    if not m.in_session:
        raise Rejected("meeting_closed" if m.phase == session.CLOSED else "meeting_not_open")
    chosen = args.get("checkers")
    if not isinstance(chosen, list) or not all(isinstance(p, str) for p in chosen) or len(set(chosen)) != len(chosen):
        raise Rejected("bad_argument", field="checkers")
    if len(chosen) != m.rules.minutes_checkers:
        raise Rejected("minutes_checkers_count", count=m.rules.minutes_checkers)
    for person in chosen:
        may_act(m, person, None)  # a councillor sitting in the hall, not disqualified
    return [Event("minutes_checkers_chosen", {"checkers": chosen})]


def approve_minutes(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """A checker approves the draft they read, named by its basis."""
    if actor.role is not Role.MEMBER or actor.person not in m.minutes.checkers:
        raise Rejected("not_minutes_checker")
    _require_draft_final(m)
    seen = arg.integer(args, "basis")
    if seen != basis(m):
        raise Rejected("minutes_changed")
    if actor.person in approved_by(m):
        raise Rejected("minutes_already_approved")
    return [Event("minutes_approved", {"checker": actor.person, "basis": seen})]


def publish_minutes(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The secretary publishes the minutes every checker has approved as they stand."""
    if actor.role is not Role.SECRETARY:
        raise Rejected("not_secretary")
    _require_draft_final(m)
    if not m.minutes.checkers:
        raise Rejected("no_minutes_checkers")
    missing = [c for c in m.minutes.checkers if c not in approved_by(m)]
    if missing:
        raise Rejected("minutes_not_approved", checkers=missing)
    return [Event("minutes_published", {"basis": basis(m)})]


def release_item(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The chair releases an item of a meeting closed to the public for publication."""
    require_chair(actor)
    if m.public:
        raise Rejected("meeting_public")
    number = arg.integer(args, "item")
    item = m.item(number)  # type: ignore[arg-type]
    if item is None:
        raise Rejected("no_such_item", item=number)
    if item.state != ITEM_CLOSED:
        raise Rejected("item_not_closed", item=number)
    if number in m.minutes.released:
        raise Rejected("item_already_released", item=number)
    return [Event("item_released", {"item": number})]


def _require_draft_final(m: Meeting) -> None:
    """Approval and publication wait for the close, and a published text is not approved again."""
    if m.phase != session.CLOSED:
        raise Rejected("minutes_not_ready")
    if m.minutes.published is not None:
        raise Rejected("minutes_already_published")


# --- applying events ----------------------------------------------------------------------


def on_checkers_chosen(m: Meeting, ev: Recorded) -> None:
    m.minutes.checkers = tuple(ev.data["checkers"])
    m.minutes.approvals = {}


def on_approved(m: Meeting, ev: Recorded) -> None:
    m.minutes.approvals[ev.data["checker"]] = ev.data["basis"]


def on_published(m: Meeting, ev: Recorded) -> None:
    m.minutes.published, m.minutes.published_at = ev.data["basis"], ev.at


def on_released(m: Meeting, ev: Recorded) -> None:
    m.minutes.released.add(ev.data["item"])


COMMANDS = {
    "choose_minutes_checkers": choose_minutes_checkers,
    "approve_minutes": approve_minutes,
    "publish_minutes": publish_minutes,
    "release_item": release_item,
}

APPLIERS = {
    "minutes_checkers_chosen": on_checkers_chosen,
    "minutes_approved": on_approved,
    "minutes_published": on_published,
    "item_released": on_released,
}
