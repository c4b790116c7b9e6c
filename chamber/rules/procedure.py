"""The procedure: route a command to the rule that decides it, and an event to its effect.

Each concept module offers `COMMANDS` (name -> decide function) and `APPLIERS`
(event type -> apply function); this module only joins them, so a new concept slots in here.

The commands that touch a secret ballot box (elections.BALLOT_BOX_COMMANDS: casting, closing
and taking the ballot again) go through `decide_at_ballot_box`: the engine keeps the box outside
the log and passes it in and out.
"""

from __future__ import annotations

from typing import Any, Callable

from . import (
    attendance, elections, lifecycle, minutes, preparation, proposals, question_hour, speaking, votes, voting_order,
)
from .errors import Rejected
from .elections import BallotBox
from .events import Actor, Command, Context, Event, Recorded, Role
from .meeting import Meeting

Decide = Callable[[Meeting, Actor, dict[str, Any], Context], list[Event]]
Apply = Callable[[Meeting, Recorded], None]

MODULES = (lifecycle, preparation, attendance, proposals, voting_order, votes, elections, speaking, question_hour,
           minutes)
COMMANDS: dict[str, Decide] = {name: f for mod in MODULES for name, f in mod.COMMANDS.items()}
APPLIERS: dict[str, Apply] = {name: f for mod in MODULES for name, f in mod.APPLIERS.items()}
# The concept each event belongs to (`speaking`, `votes`, ...): `Meeting.revisions` counts by it.
CONCEPT: dict[str, str] = {name: mod.__name__.rsplit(".", 1)[-1] for mod in MODULES for name in mod.APPLIERS}

READ_ONLY = (Role.DISPLAY, Role.PUBLIC)


def decide(meeting: Meeting, actor: Actor, command: Command, ctx: Context) -> list[Event]:
    """The events that `command` causes, or `Rejected` with the reason; changes nothing."""
    if command.type in elections.BALLOT_BOX_COMMANDS:
        raise Rejected("ballot_box_required")
    handler = COMMANDS.get(command.type)
    if handler is None:
        raise Rejected("unknown_command", command=command.type)
    _admit(meeting, actor)
    return handler(meeting, actor, command.args, ctx)


def decide_at_ballot_box(
    meeting: Meeting, actor: Actor, command: Command, ctx: Context, box: BallotBox
) -> tuple[list[Event], BallotBox]:
    """A ballot-box command: its events and the box as it is afterwards; changes nothing.

    The engine keeps the returned box (not the events' business) and passes it to the next
    ballot-box command; on `Rejected` it keeps the box it had.
    """
    handler = elections.BALLOT_BOX_COMMANDS.get(command.type)
    if handler is None:
        raise Rejected("unknown_command", command=command.type)
    _admit(meeting, actor)
    return handler(meeting, actor, command.args, ctx, box)


def _admit(meeting: Meeting, actor: Actor) -> None:
    if actor.role in READ_ONLY:
        raise Rejected("read_only")
    if meeting.roster is None:
        raise Rejected("no_meeting")


def apply(meeting: Meeting, event: Recorded) -> Meeting:
    """Apply one recorded event in place; unknown types are an error, never skipped."""
    APPLIERS[event.type](meeting, event)
    meeting.seq, meeting.at = event.seq, event.at
    meeting.revisions[CONCEPT[event.type]] = event.seq
    return meeting


def replay(events: list[Recorded]) -> Meeting:
    """The state that a log describes."""
    meeting = Meeting()
    for event in events:
        apply(meeting, event)
    return meeting
