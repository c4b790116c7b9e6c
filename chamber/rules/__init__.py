"""The meeting's rules as pure code (the `protocol.py` of chamber).

Commands go in, events or a rejection come out; events applied in order rebuild the state.
Nothing here reads a clock, draws a random number or does I/O: the engine stamps the time and
supplies entropy through `Context`, and the log records what was decided.
"""

from .errors import Rejected
from .events import Actor, Command, Context, Event, Recorded, Role
from .meeting import Meeting
from .procedure import apply, decide, replay

__all__ = [
    "Actor",
    "Command",
    "Context",
    "Event",
    "Meeting",
    "Recorded",
    "Rejected",
    "Role",
    "apply",
    "decide",
    "replay",
]
