"""Who may do what, by role. A member's rights by attendance belong to attendance."""

from __future__ import annotations

from .errors import Rejected
from .events import Actor, Role


def require_chair(actor: Actor) -> None:
    """The chair (puheenjohtaja / ordförande) alone leads the meeting."""
    if actor.role is not Role.CHAIR:
        raise Rejected("not_chair")


def require_staff(actor: Actor) -> None:
    """The chair or the secretary (sihteeri / sekreterare): records kept for the meeting."""
    if actor.role not in (Role.CHAIR, Role.SECRETARY):
        raise Rejected("not_staff")
