"""The meeting's and the items' course: open, take up items, close them, close the meeting.

kokouksen avaus / sammanträdets öppnande, asian käsittely / ärendets behandling,
tauko / paus, kokouksen päättäminen / sammanträdets avslutande (RULES.md §3).
"""

from __future__ import annotations

from typing import Any

from . import args as arg
from .agenda import CLOSED as ITEM_CLOSED
from .agenda import CURRENT, PENDING, parse_agenda
from .errors import Rejected
from .events import Actor, Context, Event, Recorded
from .meeting import CLOSED, DRAFT, OPEN, RECESS, Meeting
from .rights import require_chair
from .roster import Roster
from .ruleset import RuleSet

OUTCOMES = ("handled", "tabled", "returned", "withdrawn", "removed")


def setup_event(
    meeting_id: str,
    title: dict[str, str],
    roster: Roster,
    agenda: list[dict[str, Any]],
    *,
    date: str = "",
    public: bool = True,
    rules: RuleSet | None = None,
) -> Event:
    """The first event of every log: the meeting as called, with its roster and agenda."""
    parse_agenda(agenda)  # validate before anything is written
    return Event(
        "meeting_created",
        {
            "id": meeting_id,
            "title": title,
            "date": date,
            "public": public,
            "rules": (rules or RuleSet()).to_dict(),
            "roster": roster.to_dict(),
            "agenda": agenda,
        },
    )


def open_meeting(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The chair opens the meeting."""
    require_chair(actor)
    if m.phase != DRAFT:
        raise Rejected("meeting_already_open" if m.in_session else "meeting_closed")
    return [Event("meeting_opened")]


def take_up_item(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The chair moves to an item; one left unfinished is set aside and can be resumed."""
    require_chair(actor)
    require_sitting(m)
    _require_floor_free(m)
    require_no_ballot(m)
    if m.question_hour is not None and m.question_hour.running:
        raise Rejected("question_hour_running")
    number = arg.integer(args, "item")
    item = m.item(number)  # type: ignore[arg-type]
    if item is None:
        raise Rejected("no_such_item", item=number)
    if item.state == ITEM_CLOSED:
        raise Rejected("item_closed", item=number)
    if item.state == CURRENT:
        raise Rejected("item_already_current", item=number)
    events = []
    if m.current is not None:
        events.append(Event("item_set_aside", {"item": m.current.number}))
    events.append(Event("item_taken_up", {"item": number}))
    return events


def close_item(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The chair closes the current item, stating how it ended. `item`, when given, is the item
    the chair means: a confirmation that arrives after the hall moved on closes nothing."""
    require_chair(actor)
    require_sitting(m)
    current = m.current
    if current is None:
        raise Rejected("no_current_item")
    meant = arg.integer(args, "item", required=False)
    if meant is not None and meant != current.number:
        raise Rejected("item_not_current", item=meant)
    _require_floor_free(m)
    require_no_ballot(m)
    require_no_runoff(m)
    outcome = args.get("outcome", "handled")
    if outcome not in OUTCOMES:
        raise Rejected("bad_argument", field="outcome")
    return [Event("item_closed", {"item": current.number, "outcome": outcome})]


def recess(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The chair calls a break."""
    require_chair(actor)
    if m.phase != OPEN:
        raise Rejected("meeting_not_open")
    require_no_ballot(m)
    return [Event("recess_started")]


def resume(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The chair resumes after a break."""
    require_chair(actor)
    if m.phase != RECESS:
        raise Rejected("not_in_recess")
    return [Event("recess_ended")]


def close_meeting(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The chair closes the meeting; items not reached stay unhandled for the minutes."""
    require_chair(actor)
    if not m.in_session:
        raise Rejected("meeting_not_open" if m.phase == DRAFT else "meeting_closed")
    require_no_ballot(m)
    if m.current is not None:
        raise Rejected("item_still_open", item=m.current.number)
    return [Event("meeting_closed")]


def _require_floor_free(m: Meeting) -> None:
    """A speech is ended by the chair before the hall moves on, never cut off by a slip."""
    if m.on_the_floor is not None:
        raise Rejected("speech_in_progress")


def require_no_ballot(m: Meeting) -> None:
    """A vote or an election is finished where it began: the hall does not move on (another
    item, a recess, the close) while a vote is prepared, open or awaiting its result or the
    chair's deciding vote, or while an election's ballot is open. Else the vote would be left
    behind on an item no longer under consideration, and block or confuse the next one."""
    if m.vote_in_progress is not None:
        raise Rejected("vote_in_progress")
    if m.election_open is not None:
        raise Rejected("election_open")


def require_no_runoff(m: Meeting) -> None:
    """An election whose first round gave nobody the absolute majority is finished by its
    run-off (ME-4) before the item is closed or its decision declared: else the item would end
    with nobody elected and the two first still waiting."""
    e = m.runoff_pending
    if e is not None:
        raise Rejected("runoff_pending", election=e.id)


def require_sitting(m: Meeting) -> None:
    """The meeting is in session and not in recess: business can be done."""
    if m.phase == RECESS:
        raise Rejected("meeting_in_recess")
    if m.phase != OPEN:
        raise Rejected("meeting_not_open" if m.phase == DRAFT else "meeting_closed")


# --- applying events -----------------------------------------------------------------


def on_created(m: Meeting, ev: Recorded) -> None:
    d = ev.data
    m.id, m.title, m.date, m.public = d["id"], dict(d["title"]), d.get("date", ""), d["public"]
    m.rules = RuleSet.from_dict(d["rules"])
    m.roster = Roster.from_dict(d["roster"])
    m.agenda = parse_agenda(d["agenda"])


def on_opened(m: Meeting, ev: Recorded) -> None:
    m.phase, m.opened_at = OPEN, ev.at


def on_item_set_aside(m: Meeting, ev: Recorded) -> None:
    m.item(ev.data["item"]).state = PENDING  # type: ignore[union-attr]


def on_item_taken_up(m: Meeting, ev: Recorded) -> None:
    item = m.item(ev.data["item"])
    item.state = CURRENT  # type: ignore[union-attr]
    if item.taken_up_at is None:  # type: ignore[union-attr]
        item.taken_up_at = ev.at  # type: ignore[union-attr]


def on_item_closed(m: Meeting, ev: Recorded) -> None:
    item = m.item(ev.data["item"])
    item.state, item.outcome = ITEM_CLOSED, ev.data["outcome"]  # type: ignore[union-attr]


def on_recess_started(m: Meeting, ev: Recorded) -> None:
    m.phase = RECESS


def on_recess_ended(m: Meeting, ev: Recorded) -> None:
    m.phase = OPEN


def on_closed(m: Meeting, ev: Recorded) -> None:
    m.phase, m.closed_at = CLOSED, ev.at


COMMANDS = {
    "open_meeting": open_meeting,
    "take_up_item": take_up_item,
    "close_item": close_item,
    "recess": recess,
    "resume": resume,
    "close_meeting": close_meeting,
}

APPLIERS = {
    "meeting_created": on_created,
    "meeting_opened": on_opened,
    "item_set_aside": on_item_set_aside,
    "item_taken_up": on_item_taken_up,
    "item_closed": on_item_closed,
    "recess_started": on_recess_started,
    "recess_ended": on_recess_ended,
    "meeting_closed": on_closed,
}
