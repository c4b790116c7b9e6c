"""What each role sees of the meeting: pure projections of the state, encoded by the hub.

Texts of the council come in all its languages; the client picks. Views hold no secrets of
other roles: the public and display views of a closed meeting say only that it is closed.
"""

from __future__ import annotations

from typing import Any

from .rules import Meeting, Role

ROLE_VIEWS = (Role.PUBLIC, Role.DISPLAY, Role.MEMBER, Role.CHAIR, Role.SECRETARY)


def meeting_part(m: Meeting) -> dict[str, Any]:
    return {
        **m.setup_dict(),
        "council": m.roster.name if m.roster else "",
        "languages": list(m.rules.languages),
        "phase": m.phase,
        "opened_at": m.opened_at,
        "closed_at": m.closed_at,
    }


def shared_view(m: Meeting) -> dict[str, Any]:
    """What everyone in the hall may see."""
    current = m.current
    return {
        "meeting": meeting_part(m),
        "agenda": [item.to_dict() for item in m.agenda],
        "current_item": current.number if current else None,
    }


def closed_session_view(m: Meeting) -> dict[str, Any]:
    return {
        "meeting": {"id": m.id, "title": dict(m.title), "public": False, "phase": m.phase},
        "closed_session": True,
    }


def roster_part(m: Meeting) -> dict[str, Any]:
    assert m.roster is not None
    people = [
        {k: v for k, v in p.to_dict().items() if k not in ("lang", "order", "deputy_of")}
        for p in m.roster.people
    ]
    groups = [{"id": g.id, "name": g.name, "size": m.roster.group_size(g.id)} for g in m.roster.groups]
    return {"people": people, "groups": groups}


def role_view(m: Meeting, role: Role) -> dict[str, Any]:
    """The view of one role (the same for every connection of that role)."""
    if role in (Role.PUBLIC, Role.DISPLAY):
        return shared_view(m) if m.public else closed_session_view(m)
    return {**shared_view(m), **roster_part(m)}


def me_view(m: Meeting, person_id: str) -> dict[str, Any]:
    """A member's own part: small, so it can be sent to each member separately."""
    person = m.roster.person(person_id) if m.roster else None
    if person is None:
        return {"person": None}
    keys = ("id", "first", "last", "group", "kind", "lang", "seat", "roles")
    return {"person": {k: v for k, v in person.to_dict().items() if k in keys}}
