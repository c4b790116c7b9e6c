"""Preparing the meeting: the secretary keeps the roster and the agenda.

kokouksen valmistelu / beredning av sammanträdet. Until the chair opens the meeting the
secretary may load a whole roster or agenda, set the council's size, add, change and remove
people and groups, and add, change and remove agenda items. Once the meeting is open, who sits in
the council and its size are fixed (quorum, 2/3 of the seats [LAW-1], group sizes and the record
depend on them): only the spelling of a name, a seat, a language and a group's name may be
corrected. Items not yet taken up may still be corrected and new items added (an urgent matter,
kiireellinen asia / brådskande ärende); removing an item then is the council's decision
(`close_item` with outcome `removed`), not an edit.

Each edit is its own event, so the record says what changed; each is validated by building the
roster or item it leads to, so a roster edited here obeys every rule a roster file does.
"""

from __future__ import annotations

from typing import Any

from . import args as arg
from .agenda import AgendaError, Item, parse_agenda
from .errors import Rejected
from .events import Actor, Context, Event, Recorded
from .meeting import CLOSED, DRAFT, Meeting
from .rights import require_staff
from .roster import Roster, RosterError

# What may still be corrected in a person once the meeting is open.
CORRECTABLE = frozenset({"first", "last", "seat", "lang"})


def replace_roster(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """A whole roster, e.g. from an uploaded file, replaces the one the meeting was called with."""
    _require_preparing(m, actor)
    roster = _valid(lambda: Roster.from_dict(args.get("roster")))
    _keep_recorded(m, roster)
    return [Event("roster_replaced", {"roster": roster.to_dict()})]


def set_seats(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The council's size (valtuutettujen lukumäärä / antal ledamöter) as decided for its term
    [Kuntalaki §16]: quorum is two thirds of it [LAW-1], so it is set before the meeting opens
    and stays as the chair declared quorum on it."""
    _require_preparing(m, actor, "seats_locked")
    event = Event("seats_set", {"seats": arg.integer(args, "seats")})
    _valid(lambda: edited(m.roster, event))  # type: ignore[arg-type]
    return [event]


def add_person(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """Add a person under an id not yet used, before the meeting opens."""
    _require_preparing(m, actor)
    entry = _person_arg(args)
    if m.roster.person(str(entry.get("id", ""))) is not None:  # type: ignore[union-attr]
        raise Rejected("roster_taken", field="id", value=entry["id"])
    return [_person_event("person_added", m, entry)]


def change_person(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """Change the person with this id; once the meeting is open, only correct them."""
    require_staff(actor)
    _require_not_closed(m)
    entry = _person_arg(args)
    before = m.roster.person(str(entry.get("id", "")))  # type: ignore[union-attr]
    if before is None:
        raise Rejected("no_such_person", person=str(entry.get("id", "")))
    event = _person_event("person_changed", m, entry)
    if m.phase != DRAFT:
        locked = [k for k, v in event.data["person"].items() if before.to_dict()[k] != v and k not in CORRECTABLE]
        if locked:
            raise Rejected("field_locked", field=locked[0])
    return [event]


def _person_arg(args: dict[str, Any]) -> dict[str, Any]:
    person = args.get("person")
    if not isinstance(person, dict):
        raise Rejected("bad_argument", field="person")
    return {k: v for k, v in person.items() if not k.startswith("_")}


def _person_event(kind: str, m: Meeting, entry: dict[str, Any]) -> Event:
    """The event with the person as the roster it leads to holds them (validated, normalised)."""
    roster = _valid(lambda: edited(m.roster, Event(kind, {"person": entry})))  # type: ignore[arg-type]
    return Event(kind, {"person": roster.person(str(entry["id"])).to_dict()})  # type: ignore[union-attr]


def remove_person(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """Take a person off the roster; not one the record already names."""
    _require_preparing(m, actor)
    person_id = arg.text(args, "person")
    if m.roster.person(person_id) is None:  # type: ignore[union-attr, arg-type]
        raise Rejected("no_such_person", person=person_id)
    event = Event("person_removed", {"person": person_id})
    roster = _valid(lambda: edited(m.roster, event))  # type: ignore[arg-type]
    _keep_recorded(m, roster)
    return [event]


def save_group(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """Add a group, or rename one; only renaming once the meeting is open."""
    require_staff(actor)
    _require_not_closed(m)
    group_id, name = arg.text(args, "group"), arg.text(args, "name")
    known = any(g.id == group_id for g in m.roster.groups)  # type: ignore[union-attr]
    if not known and m.phase != DRAFT:
        raise Rejected("roster_locked")
    event = Event("group_saved", {"group": {"id": group_id, "name": name}})
    _valid(lambda: edited(m.roster, event))  # type: ignore[arg-type]
    return [event]


def remove_group(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """Remove an empty group."""
    _require_preparing(m, actor)
    group_id = arg.text(args, "group")
    if not any(g.id == group_id for g in m.roster.groups):  # type: ignore[union-attr]
        raise Rejected("no_such_group", group=group_id)
    if any(p.group == group_id for p in m.roster.people):  # type: ignore[union-attr]
        raise Rejected("group_not_empty", group=group_id)
    event = Event("group_removed", {"group": group_id})
    _valid(lambda: edited(m.roster, event))  # type: ignore[arg-type]
    return [event]


def replace_agenda(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """A whole agenda, e.g. from an uploaded file, replaces the one the meeting was called with,
    in one event; before the meeting opens, when no item has been taken up."""
    _require_preparing(m, actor, "agenda_replace_locked")
    entries = args.get("agenda")
    if not isinstance(entries, list):
        raise Rejected("bad_argument", field="agenda")
    if not entries:
        raise Rejected("agenda_empty")
    items = _items(entries)
    for number in m.nominations:
        _require_no_candidate_lists(m, number)
    return [Event("agenda_replaced", {"agenda": [item.entry() for item in items]})]


def save_item(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """Add an agenda item, or correct one not yet taken up: titles and base proposals in the
    council's languages, links to its attachments, and the amount it grants when it is an
    appropriation (`base_amount`, whole euros, VO-R4)."""
    require_staff(actor)
    _require_not_closed(m)
    number = arg.integer(args, "number")  # a positive number: parse_agenda checks it below
    existing = m.item(number)  # type: ignore[arg-type]
    if existing is not None and existing.taken_up_at is not None:  # as discussed, it stays
        raise Rejected("item_started", item=number)
    entry = {
        "number": number,
        "title": _texts(args, "title", required=True),
        "base_proposal": _texts(args, "base_proposal", required=False),
        "attachments": args.get("attachments") or [],
        "base_amount": args.get("base_amount"),
    }
    return [Event("item_saved", {"item": _items([entry])[0].entry()})]


def remove_item(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """Take an item off the agenda before the meeting opens."""
    _require_preparing(m, actor, "agenda_locked")
    number = arg.integer(args, "item")
    if m.item(number) is None:  # type: ignore[arg-type]
        raise Rejected("no_such_item", item=number)
    if len(m.agenda) == 1:
        raise Rejected("agenda_empty")
    _require_no_candidate_lists(m, number)  # type: ignore[arg-type]
    return [Event("item_removed", {"item": number})]


def _require_no_candidate_lists(m: Meeting, number: int) -> None:
    """Candidate lists are handed in for an item's election: while the board holds them the
    item stays, or they would pass to whatever item takes its number (EL-P3)."""
    nominations = m.nominations.get(number)
    if nominations is not None and nominations.lists:
        raise Rejected("candidate_lists_held", item=number, lists=len(nominations.lists))


def _items(entries: list[Any]) -> list[Item]:
    """Validate agenda entries; an `AgendaError` becomes the rejection `agenda_<problem>`."""
    try:
        return parse_agenda(entries)
    except AgendaError as err:
        raise Rejected(err.reason, field=err.field, **err.params) from err


def _texts(args: dict[str, Any], name: str, *, required: bool) -> dict[str, str]:
    """Texts by language as a form sends them: the languages left empty are left out."""
    value = args.get(name)
    if isinstance(value, dict):
        value = {k: v for k, v in value.items() if not (isinstance(v, str) and not v.strip())}
    if not value:
        if required:
            raise Rejected("bad_argument", field=name)
        return {}
    return arg.texts({name: value}, name, "fi")


def edited(roster: Roster, event: Event | Recorded) -> Roster:
    """The roster after one edit event; `RosterError` if the result is no valid roster."""
    d = roster.to_dict()
    data = event.data
    if event.type in ("person_added", "person_changed"):
        d["people"] = _upsert(d["people"], data["person"])
    elif event.type == "person_removed":
        d["people"] = [p for p in d["people"] if p["id"] != data["person"]]
    elif event.type == "group_saved":
        d["groups"] = _upsert(d["groups"], data["group"])
    elif event.type == "group_removed":
        d["groups"] = [g for g in d["groups"] if g["id"] != data["group"]]
    elif event.type == "seats_set":
        d["seats"] = data["seats"]
    return Roster.from_dict(d)


def _upsert(entries: list[dict[str, Any]], entry: dict[str, Any]) -> list[dict[str, Any]]:
    """Replace the entry with the same id in place, or add it at the end."""
    if any(e["id"] == entry.get("id") for e in entries):
        return [entry if e["id"] == entry.get("id") else e for e in entries]
    return [*entries, entry]


def _valid(build: Any) -> Roster:
    """Run a roster build; its `RosterError` becomes the rejection `roster_<problem>`."""
    try:
        return build()
    except RosterError as err:
        raise Rejected(err.reason, field=err.field, **err.params) from err


def _keep_recorded(m: Meeting, roster: Roster) -> None:
    """Nobody the record already names (an absence reported, a question filed) may disappear."""
    for person in sorted(recorded_people(m)):
        if roster.person(person) is None:
            raise Rejected("person_in_record", person=person)


def recorded_people(m: Meeting) -> set[str]:
    """Everyone the events so far name, besides the roster itself."""
    a = m.attendance
    named = set(a.present) | set(a.absence_notices)
    named |= {s.substitute for s in a.substitutions} | {s.member for s in a.substitutions}
    named |= {mv.person for mv in a.movements}
    if m.question_hour is not None:
        named |= {q.person for q in m.question_hour.questions.values()}
    return named


def _require_preparing(m: Meeting, actor: Actor, locked: str = "roster_locked") -> None:
    """Only before the meeting opens: the roster as a whole, and what the agenda holds."""
    require_staff(actor)
    _require_not_closed(m)
    if m.phase != DRAFT:
        raise Rejected(locked)


def _require_not_closed(m: Meeting) -> None:
    if m.phase == CLOSED:
        raise Rejected("meeting_closed")


# --- applying events -----------------------------------------------------------------


def on_roster_replaced(m: Meeting, ev: Recorded) -> None:
    m.roster = Roster.from_dict(ev.data["roster"])


def on_roster_edited(m: Meeting, ev: Recorded) -> None:
    m.roster = edited(m.roster, ev)  # type: ignore[arg-type]


def on_agenda_replaced(m: Meeting, ev: Recorded) -> None:
    m.agenda = parse_agenda(ev.data["agenda"])


def on_item_saved(m: Meeting, ev: Recorded) -> None:
    item = parse_agenda([ev.data["item"]])[0]
    existing = m.item(item.number)
    if existing is not None:
        existing.title, existing.base_proposal = item.title, item.base_proposal
        existing.attachments, existing.base_amount = item.attachments, item.base_amount
    else:
        m.agenda = sorted([*m.agenda, item], key=lambda i: i.number)


def on_item_removed(m: Meeting, ev: Recorded) -> None:
    m.agenda = [i for i in m.agenda if i.number != ev.data["item"]]


COMMANDS = {
    "replace_roster": replace_roster,
    "set_seats": set_seats,
    "add_person": add_person,
    "change_person": change_person,
    "remove_person": remove_person,
    "save_group": save_group,
    "remove_group": remove_group,
    "replace_agenda": replace_agenda,
    "save_item": save_item,
    "remove_item": remove_item,
}

APPLIERS = {
    "roster_replaced": on_roster_replaced,
    "person_added": on_roster_edited,
    "person_changed": on_roster_edited,
    "person_removed": on_roster_edited,
    "group_saved": on_roster_edited,
    "group_removed": on_roster_edited,
    "seats_set": on_roster_edited,
    "agenda_replaced": on_agenda_replaced,
    "item_saved": on_item_saved,
    "item_removed": on_item_removed,
}
