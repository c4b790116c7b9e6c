"""The procedure: route a command to the rule that decides it, and an event to its effect.

Each concept module offers `COMMANDS` (name -> decide function) and `APPLIERS`
(event type -> apply function); this module only joins them, so a new concept slots in here.
"""

from __future__ import annotations

from typing import Any, Callable

from . import attendance, lifecycle
from .errors import Rejected
from .events import Actor, Command, Context, Event, Recorded, Role
from .meeting import Meeting

Decide = Callable[[Meeting, Actor, dict[str, Any], Context], list[Event]]
Apply = Callable[[Meeting, Recorded], None]

MODULES = (lifecycle, attendance)
COMMANDS: dict[str, Decide] = {name: f for mod in MODULES for name, f in mod.COMMANDS.items()}
APPLIERS: dict[str, Apply] = {name: f for mod in MODULES for name, f in mod.APPLIERS.items()}

READ_ONLY = (Role.DISPLAY, Role.PUBLIC)


def decide(meeting: Meeting, actor: Actor, command: Command, ctx: Context) -> list[Event]:
    """The events that `command` causes, or `Rejected` with the reason; changes nothing."""
    handler = COMMANDS.get(command.type)
    if handler is None:
        raise Rejected("unknown_command", command=command.type)
    if actor.role in READ_ONLY:
        raise Rejected("read_only")
    if meeting.roster is None:
        raise Rejected("no_meeting")
    return handler(meeting, actor, command.args, ctx)


def apply(meeting: Meeting, event: Recorded) -> Meeting:
    """Apply one recorded event in place; unknown types are an error, never skipped."""
    APPLIERS[event.type](meeting, event)
    meeting.seq = event.seq
    return meeting


def replay(events: list[Recorded]) -> Meeting:
    """The state that a log describes."""
    meeting = Meeting()
    for event in events:
        apply(meeting, event)
    return meeting
