"""The council's people: members, substitutes, officials, groups and seats.

valtuutettu / ledamot, varavaltuutettu / ersättare, valtuustoryhmä / fullmäktigegrupp.
The roster is copied into the meeting's first event, so the log alone says who could act.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from .collation import name_key

LANGUAGES = ("fi", "sv", "en")
KINDS = ("member", "substitute", "official")
ROLES = ("chair", "vice_chair", "group_chair", "board_chair", "mayor", "committee_chair")


# What can be wrong with a roster, by code; the codes are also rejection codes (`roster_<code>`)
# with messages in every language in chamber/i18n/preparation.json. These English texts serve
# the roster files and the command line.
PROBLEMS = {
    "not_object": "must be an object",
    "empty_list": "must be a non-empty list",
    "required": "is required",
    "not_text": "must be text",
    "not_positive": "must be a positive whole number",
    "too_few_seats": "is {seats} but the roster has {members} members",
    "unknown_value": "must be one of {known}",
    "not_list": "must be a list of role names",
    "unknown_role": "unknown role '{value}' (known: {known})",
    "order_required": "a substitute needs an order: 1, 2, 3 ... within the group",
    "no_group": "no group '{group}' in groups",
    "no_person": "no person '{person}'",
    "order_taken": "order {order} in group '{group}' is already used by {by}",
    "taken": "'{value}' is already used by {by}",
    "one_chair": "exactly one person must have the role 'chair' ({count} do)",
    "chair_not_member": "the chair must be a member",
}


class RosterError(ValueError):
    """A roster that cannot be used: `where` names the line or entry, `who` the person's id when
    the problem is theirs, `field` the field, and `code` with `params` the problem (see PROBLEMS)."""

    def __init__(self, where: str, field_name: str, code: str, *, who: str = "", **params: Any) -> None:
        self.where, self.who, self.field, self.code, self.params = where, who, field_name, code, params
        self.problem = PROBLEMS[code].format(**params)
        super().__init__(f"{where}{f' ({who})' if who else ''}: field '{field_name}': {self.problem}")

    @property
    def reason(self) -> str:
        """The rejection code when a command leads to this roster: `roster_<code>`."""
        return f"roster_{self.code}"


@dataclass(frozen=True)
class Group:
    """A council group (valtuustoryhmä / fullmäktigegrupp); a single member can be one."""

    id: str
    name: str


@dataclass(frozen=True)
class Person:
    """Anyone who may act in the meeting: a member, a substitute in order, or an official."""

    id: str
    first: str
    last: str
    group: str | None
    kind: str = "member"
    seat: str | None = None
    lang: str = "fi"
    order: int | None = None  # a substitute's place in the group's order (sijaantulojärjestys)
    roles: frozenset[str] = field(default_factory=frozenset)
    deputy_of: str | None = None  # personal deputy (henkilökohtainen varajäsen), for boards

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "first": self.first,
            "last": self.last,
            "group": self.group,
            "kind": self.kind,
            "seat": self.seat,
            "lang": self.lang,
            "order": self.order,
            "roles": sorted(self.roles),
            "deputy_of": self.deputy_of,
        }


@dataclass(frozen=True)
class Roster:
    """Who the council is: its size in seats, its groups and its people."""

    name: str
    seats: int
    groups: tuple[Group, ...]
    people: tuple[Person, ...]
    secretary: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {p.id: p for p in self.people})
        by_name = sorted(self.people, key=lambda p: (name_key(p.last, p.first), p.id))
        object.__setattr__(self, "_rank", {p.id: n for n, p in enumerate(by_name)})

    def person(self, person_id: str) -> Person | None:
        return self._by_id.get(person_id)  # type: ignore[attr-defined]

    def alphabetical(self, person_ids: Iterable[str]) -> list[str]:
        """In alphabetical order (aakkosjärjestys / alfabetisk ordning): surname, first name, with
        Finnish/Swedish collation; ranked once per roster, since a hall sorts names all the time."""
        rank = self._rank  # type: ignore[attr-defined]
        return sorted(person_ids, key=lambda p: rank.get(p, len(rank)))

    @property
    def members(self) -> list[Person]:
        return [p for p in self.people if p.kind == "member"]

    @property
    def chair(self) -> Person | None:
        return next((p for p in self.people if "chair" in p.roles), None)

    def group_size(self, group_id: str) -> int:
        """Members of the group (substitutes not counted), the basis of group-address order."""
        return sum(1 for p in self.members if p.group == group_id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "seats": self.seats,
            "secretary": self.secretary,
            "groups": [{"id": g.id, "name": g.name} for g in self.groups],
            "people": [p.to_dict() for p in self.people],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Roster":
        """Build and validate a roster; errors name the entry and the field."""
        if not isinstance(data, dict):
            raise RosterError("roster", "(top level)", "not_object")
        group_entries, person_entries = _list(data, "groups"), _list(data, "people")
        group_wheres = [_where(g, f"groups[{i}]") for i, g in enumerate(group_entries)]
        person_wheres = [_where(p, f"people[{i}]") for i, p in enumerate(person_entries)]
        groups = tuple(_group(g, w) for g, w in zip(group_entries, group_wheres))
        people = tuple(_person(p, w) for p, w in zip(person_entries, person_wheres))
        roster = cls(
            name=_text(data, "name", "roster"),
            seats=_seats(data, len([p for p in people if p.kind == "member"])),
            groups=groups,
            people=people,
            secretary=_text(data, "secretary", "roster", required=False),
        )
        _check_consistency(roster, group_wheres, person_wheres)
        return roster


def _list(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key)
    if not isinstance(value, list) or not value:
        raise RosterError("roster", key, "empty_list")
    return value


def _text(entry: dict[str, Any], key: str, where: str, required: bool = True) -> str:
    value = entry.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise RosterError(where, key, "required")
        return ""
    if not isinstance(value, (str, int)):
        raise RosterError(where, key, "not_text")
    return str(value).strip()


def _seats(data: dict[str, Any], member_count: int) -> int:
    value = data.get("seats", member_count)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise RosterError("roster", "seats", "not_positive")
    if value < member_count:
        raise RosterError("roster", "seats", "too_few_seats", seats=value, members=member_count)
    return value


def _where(entry: Any, default: str) -> str:
    """An entry's `_where` (e.g. "roster.csv line 14", set by a file loader) or its index."""
    where = entry.get("_where") if isinstance(entry, dict) else None
    return where if isinstance(where, str) and where else default


def _group(entry: Any, where: str) -> Group:
    if not isinstance(entry, dict):
        raise RosterError(where, "(entry)", "not_object")
    return Group(id=_text(entry, "id", where), name=_text(entry, "name", where))


def _person(entry: Any, where: str) -> Person:
    if not isinstance(entry, dict):
        raise RosterError(where, "(entry)", "not_object")
    kind = _text(entry, "kind", where, required=False) or "member"
    if kind not in KINDS:
        raise RosterError(where, "kind", "unknown_value", value=kind, known=", ".join(KINDS))
    lang = _text(entry, "lang", where, required=False) or "fi"
    if lang not in LANGUAGES:
        raise RosterError(where, "lang", "unknown_value", value=lang, known=", ".join(LANGUAGES))
    roles = _roles(entry.get("roles", []), where)
    order = _order(entry.get("order"), kind, where)
    group = _text(entry, "group", where, required=kind != "official") or None
    return Person(
        id=_text(entry, "id", where),
        first=_text(entry, "first", where),
        last=_text(entry, "last", where),
        group=group,
        kind=kind,
        seat=_text(entry, "seat", where, required=False) or None,
        lang=lang,
        order=order,
        roles=roles,
        deputy_of=_text(entry, "deputy_of", where, required=False) or None,
    )


def _roles(value: Any, where: str) -> frozenset[str]:
    if isinstance(value, str):
        value = [r for r in value.replace(";", " ").split() if r]
    if not isinstance(value, list) or not all(isinstance(r, str) for r in value):
        raise RosterError(where, "roles", "not_list")
    unknown = [r for r in value if r not in ROLES]
    if unknown:
        raise RosterError(where, "roles", "unknown_role", value=unknown[0], known=", ".join(ROLES))
    return frozenset(value)


def _order(value: Any, kind: str, where: str) -> int | None:
    if kind != "substitute":
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise RosterError(where, "order", "order_required")
    return value


def _check_consistency(roster: Roster, group_wheres: list[str], person_wheres: list[str]) -> None:
    """Cross-entry checks; each error names the entry (or source line) that breaks the rule."""
    group_ids = {g.id for g in roster.groups}
    people = list(zip(person_wheres, roster.people))
    _unique(((w, g.id) for w, g in zip(group_wheres, roster.groups)), "id")
    _unique(((w, p.id) for w, p in people), "id")
    _unique(((w, p.seat) for w, p in people if p.seat), "seat")
    for where, p in people:
        if p.group is not None and p.group not in group_ids:
            raise RosterError(where, "group", "no_group", who=p.id, group=p.group)
        if p.deputy_of is not None and roster.person(p.deputy_of) is None:
            raise RosterError(where, "deputy_of", "no_person", who=p.id, person=p.deputy_of)
    orders: dict[tuple[str | None, int | None], str] = {}
    for where, p in ((w, p) for w, p in people if p.kind == "substitute"):
        if (p.group, p.order) in orders:
            raise RosterError(where, "order", "order_taken", order=p.order, group=p.group,
                              by=orders[p.group, p.order])
        orders[p.group, p.order] = where
    chairs = [(w, p) for w, p in people if "chair" in p.roles]
    if len(chairs) != 1:
        where = chairs[1][0] if chairs else "people"
        raise RosterError(where, "roles", "one_chair", count=len(chairs))
    if chairs[0][1].kind != "member":
        raise RosterError(chairs[0][0], "roles", "chair_not_member")


def _unique(pairs: Iterable[tuple[str, str]], field_name: str) -> None:
    seen: dict[str, str] = {}
    for where, value in pairs:
        if value in seen:
            raise RosterError(where, field_name, "taken", value=value, by=seen[value])
        seen[value] = where
