"""The vocabulary between the rules and the shell: who acts, what they ask, what happened."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class Role(str, Enum):
    """What a connection may do. A member's rights further depend on attendance."""

    SECRETARY = "secretary"
    CHAIR = "chair"
    MEMBER = "member"
    DISPLAY = "display"
    PUBLIC = "public"


@dataclass(frozen=True)
class Actor:
    """Who sends a command: a role and, for the chair and members, the person in the roster."""

    role: Role
    person: str | None = None

    def label(self) -> str:
        """How the log names the actor: `chair:m01`, `member:m12`, `secretary`."""
        return f"{self.role.value}:{self.person}" if self.person else self.role.value

    @classmethod
    def parse(cls, label: str) -> "Actor":
        role, _, person = label.partition(":")
        return cls(Role(role), person or None)


SYSTEM = Actor(Role.SECRETARY, "system")


@dataclass(frozen=True)
class Command:
    """A request to change the meeting, as the protocol names it (`open_meeting`, ...)."""

    type: str
    args: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Context:
    """What the shell supplies so that the rules need no clock and no random source."""

    at: int  # milliseconds since the epoch, stamped by the engine
    entropy: bytes = b""  # fresh random bytes for lots and shuffles


@dataclass(frozen=True)
class Event:
    """Something that happened, as decided by the rules (JSON-serialisable data)."""

    type: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Recorded:
    """An event as the log holds it: numbered, stamped with its time and its actor."""

    seq: int
    at: int
    actor: str
    type: str
    data: dict[str, Any]
