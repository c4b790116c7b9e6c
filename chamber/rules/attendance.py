"""Attendance: who is present and who may act (läsnäolo / närvaro).

nimenhuuto / namnupprop (MTG-1, [KRS §14–15]); päätösvaltaisuus / beslutförhet (LAW-1–3);
poissaoloilmoitus / frånvaroanmälan and varavaltuutettu / ersättare (LAW-8, LAW-10, [KRS §11]);
esteellisyys / jäv (LAW-9); saapumiset ja poistumiset / ankomster och avgångar (MTG-1).

The events record facts — who answered the roll call, who arrived or left and during which
item, who reported absence, which substitute was seated in whose place, who is disqualified on
which item, what the chair declared. Every right to act is derived from these facts here, for
one item at a time: a member disqualified on item 5 is not present for item 5 (LAW-3).

How a member's place is filled for an item: a substitute called for that item (disqualification)
sits there; otherwise a substitute called for the meeting; otherwise the member. A substitute
called for the meeting stays until released. When the member arrives after all (LAW-10), the
substitute leaves at once if no item is under consideration or `substitute_swap_timing` is
"immediate"; with "next_item" (the default) the substitute finishes the item under
consideration (also if it is set aside and taken up again) and the member sits for every other
item; the secretary can release the substitute at any time. A substitution for one item is over
when that item is closed; until then the substitute is not free to sit for anyone else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from . import args as arg
from . import meeting as session  # the phases; meeting.py holds the Attendance defined here
from .agenda import CLOSED as ITEM_CLOSED
from .errors import Rejected
from .events import Actor, Context, Event, Recorded, Role
from .quorum import is_quorate, quorum_needed
from .rights import require_chair, require_staff
from .roster import Person, Roster

if TYPE_CHECKING:
    from .meeting import Meeting

DECLARED = "declared"  # the person declared it (ilmoitti olevansa esteellinen / anmälde jäv)
COUNCIL = "council"  # the council decided it (valtuusto päätti / fullmäktige beslöt), LAW-9
BASES = (DECLARED, COUNCIL)

ARRIVED = "arrived"  # saapui / kom
DEPARTED = "departed"  # poistui / avlägsnade sig


@dataclass
class Substitution:
    """A substitute in a member's place.

    varavaltuutettu valtuutetun sijasta / ersättare i ledamotens ställe (LAW-8).
    """

    substitute: str
    member: str
    item: int | None  # None: for the meeting; N: for item N only (disqualification)
    seated_at: int
    seated_during: int | None  # the item under consideration when seated
    finishing: int | None = None  # LAW-10: the member is back; the substitute finishes this item
    released_at: int | None = None
    released_during: int | None = None

    @property
    def scope(self) -> int | None:
        """The one item the substitution is confined to, or None for the whole meeting."""
        return self.item if self.item is not None else self.finishing

    def covers(self, item: int | None) -> bool:
        """Whether the substitute sits in the member's place for `item`."""
        return self.released_at is None and self.scope in (None, item)


@dataclass
class RollCall:
    """One roll call (nimenhuuto / namnupprop): who was called, in order, and the answers."""

    number: int
    started_at: int
    called: list[str]
    answers: dict[str, bool] = field(default_factory=dict)  # person -> present
    ended_at: int | None = None


@dataclass(frozen=True)
class Movement:
    """An arrival or a departure during the meeting, for the minutes (MTG-1)."""

    person: str
    kind: str  # ARRIVED or DEPARTED
    at: int
    during: int | None  # the item under consideration (§)


@dataclass(frozen=True)
class QuorumDeclaration:
    """The chair's finding, LAW-2 (laillisuus ja päätösvaltaisuus / laglighet och beslutförhet)."""

    at: int
    lawful: bool
    quorate: bool
    present: int
    seats: int
    needed: int
    during: int | None


@dataclass
class Disqualification:
    """A disqualification on one item as it was recorded (esteellisyys / jäv, LAW-9), kept when
    it ends: the minutes say who was disqualified on the item even if it ended during it."""

    person: str
    item: int
    basis: str  # DECLARED or COUNCIL
    declared_at: int
    ended_at: int | None = None  # withdrawn by the member, or ended by the chair


@dataclass
class Attendance:
    """The facts of attendance, as the events have recorded them."""

    present: set[str] = field(default_factory=set)
    absence_notices: dict[str, int] = field(default_factory=dict)  # person -> when reported
    substitutions: list[Substitution] = field(default_factory=list)
    disqualified: dict[int, dict[str, str]] = field(default_factory=dict)  # item -> person -> basis, now
    disqualifications: list[Disqualification] = field(default_factory=list)  # every one, ended too
    roll_calls: list[RollCall] = field(default_factory=list)
    movements: list[Movement] = field(default_factory=list)
    declarations: list[QuorumDeclaration] = field(default_factory=list)

    @property
    def roll_call(self) -> RollCall | None:
        """The roll call in progress, if any."""
        last = self.roll_calls[-1] if self.roll_calls else None
        return last if last is not None and last.ended_at is None else None


# --- what the facts mean: queries for this and later modules -----------------------------


def may_act(m: Meeting, person_id: str, item: int | None) -> None:
    """Whether the person may speak, propose, second and vote on `item`; `Rejected` says why not.

    Only the person sitting in a member's place acts: the member, or the substitute called in.
    `item` is the agenda item's number, or None for business outside the items.
    """
    person = councillor(m, person_id)
    if _is_disqualified(m, person_id, item):
        raise Rejected("disqualified", person=person_id, item=item)
    if _seat_of(m, person, item) is None:
        if person.kind == "member":
            raise Rejected("replaced", person=person_id, substitute=_occupant(m, person_id, item))
        raise Rejected("not_seated", person=person_id)
    if person_id not in m.attendance.present:
        raise Rejected("not_present", person=person_id)


def eligible_voters(m: Meeting, item: int | None) -> list[str]:
    """Who may act on `item`, in roll-call order: one per place, present and not disqualified."""
    sitting = (_occupant(m, member.id, item) for member in _roster(m).members)
    acting = [p for p in sitting if p in m.attendance.present and not _is_disqualified(m, p, item)]
    return _roster(m).alphabetical(acting)


def present_count(m: Meeting, item: int | None) -> int:
    """How many count as present for `item` (LAW-1, LAW-3)."""
    return len(eligible_voters(m, item))


def quorum_status(m: Meeting, item: int | None, present: int | None = None) -> dict[str, Any]:
    """Present / seats, the number needed and whether the body is quorate for `item` (MTG-2);
    `present` when the caller has already counted them."""
    present = present_count(m, item) if present is None else present
    seats = _roster(m).seats
    return {
        "present": present,
        "seats": seats,
        "needed": quorum_needed(seats, m.rules),
        "quorate": is_quorate(present, seats, m.rules),
    }


def require_quorum(m: Meeting, item: int | None) -> None:
    """Refuse what needs a quorum (opening a vote, declaring a decision) when there is none."""
    status = quorum_status(m, item)
    if not status["quorate"]:
        raise Rejected("not_quorate", item=item, present=status["present"],
                       seats=status["seats"], needed=status["needed"])


def next_substitute(m: Meeting, member_id: str) -> str | None:
    """The substitute to propose for the member (LAW-8), or None if nobody can be called.

    A council calls the member's group's substitutes in their order (sijaantulojärjestys /
    ordningsföljd), passing over those already sitting for someone and those who reported
    absence. A body with personal deputies (henkilökohtaiset varajäsenet / personliga
    ersättare, LAW-19) calls only the member's own deputy.
    """
    roster = _roster(m)
    member = roster.person(member_id)
    if member is None or member.kind != "member":
        return None
    free = [s.id for s in _substitutes_for(roster, member)
            if _engagement(m, s.id) is None and not _unavailable(m, s.id)]
    return free[0] if free else None


def places(m: Meeting, item: int | None) -> dict[str, str]:
    """Each member's place and who sits in it for `item`: the member or a substitute."""
    return {member.id: _occupant(m, member.id, item) for member in _roster(m).members}


def refusal(m: Meeting, person_id: str, item: int | None) -> str | None:
    """Why the person may not act on `item` (a reason code), or None if they may."""
    try:
        may_act(m, person_id, item)
    except Rejected as rejected:
        return rejected.code
    return None


def roll_call_order(m: Meeting) -> list[str]:
    """Whom the roll call names, alphabetically (MTG-1).

    Each member, or the substitute called in their place for the meeting.
    """
    called = [_standing_occupant(m, member.id, None) for member in _roster(m).members]
    return _roster(m).alphabetical(called)


# --- deciding commands --------------------------------------------------------------------


def start_roll_call(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The chair starts a roll call, at the opening or at any later time (KRS §15)."""
    require_chair(actor)
    _require_sitting(m)
    if m.attendance.roll_call is not None:
        raise Rejected("roll_call_open")
    number = len(m.attendance.roll_calls) + 1
    called = roll_call_order(m)
    return [Event("roll_call_started", {"number": number, "called": called, "during": _during(m)})]


def mark_present(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The secretary marks a person called as present (läsnä / närvarande)."""
    require_staff(actor)
    return _answer(m, _named(m, args, "person").id, True)


def mark_absent(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The secretary marks a person called as absent (poissa / frånvarande)."""
    require_staff(actor)
    return _answer(m, _named(m, args, "person").id, False)


def confirm_presence(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """A member answers the roll call from their paired phone (sähköinen ilmoittautuminen);
    the chair, a member too, from the console."""
    if actor.role not in (Role.MEMBER, Role.CHAIR) or actor.person is None:
        raise Rejected("not_councillor")
    return _answer(m, actor.person, True)  # type: ignore[arg-type]


def end_roll_call(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The chair ends the roll call; whoever did not answer is found absent."""
    require_chair(actor)
    require_not_closed(m)
    call = _open_roll_call(m)
    unanswered = [p for p in call.called if p not in call.answers]
    return [Event("roll_call_ended", {"number": call.number, "absent": unanswered})]


def declare_quorum(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The chair declares whether the meeting is lawfully convened and quorate (LAW-2, KRS §14).

    Lawfulness (the notice was duly given) is the chair's finding; quorum is counted.
    """
    require_chair(actor)
    _require_sitting(m)
    if m.attendance.roll_call is not None:
        raise Rejected("roll_call_open")
    if not m.attendance.roll_calls:
        raise Rejected("no_roll_call")
    lawful = _flag(args, "lawful", default=True)
    during = _during(m)
    status = quorum_status(m, during)
    return [Event("quorum_declared", {"lawful": lawful, **status, "during": during})]


def report_absence(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """A member or substitute reports being unable to attend (estynyt / förhindrad), ahead of time.

    From their own phone, or the secretary records it for them.
    """
    person = _subject(m, actor, args, others=require_staff)
    require_not_closed(m)
    if person.id in m.attendance.present:
        raise Rejected("already_present", person=person.id)
    if person.id in m.attendance.absence_notices:
        raise Rejected("absence_already_reported", person=person.id)
    return [Event("absence_reported", {"person": person.id})]


def seat_substitute(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The secretary or the chair calls a substitute into a member's place (LAW-8).

    Without `item` for the whole meeting (the member is absent); with `item` for that item only
    (the member, or the substitute sitting for them, is disqualified on it). Without
    `substitute`, the one `next_substitute` proposes.
    """
    require_staff(actor)
    require_not_closed(m)
    member = _named(m, args, "member")
    if member.kind != "member":
        raise Rejected("not_member", person=member.id)
    item = open_item(m, args) if "item" in args else None
    if item is None:
        _require_place_free_for_meeting(m, member)
    else:
        _require_place_free_for_item(m, member, item)
    substitute = _chosen_substitute(m, member, args)
    engaged = _engagement(m, substitute.id)
    if engaged is not None:
        raise Rejected("substitute_already_seated", substitute=substitute.id, member=engaged.member)
    if _unavailable(m, substitute.id):
        raise Rejected("substitute_unavailable", substitute=substitute.id)
    seated = {"substitute": substitute.id, "member": member.id, "item": item, "during": _during(m)}
    return [Event("substitute_seated", seated)]


def release_substitute(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The secretary or the chair lets a substitute go; the member's place is theirs again."""
    require_staff(actor)
    require_not_closed(m)
    substitute_id = arg.text(args, "substitute")
    engaged = _engagement(m, substitute_id)  # type: ignore[arg-type]
    if engaged is None:
        raise Rejected("not_seated", person=substitute_id)
    return [_released(m, engaged)]


def declare_disqualification(
    m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context
) -> list[Event]:
    """Disqualification on one item (esteellisyys / jäv, LAW-9).

    A member declares it from their phone; the chair records it for a member, stating whether
    the member declared it or the council decided it (`basis`).
    """
    person = _subject(m, actor, args, others=require_chair)
    require_not_closed(m)
    item = open_item(m, args)
    if _is_disqualified(m, person.id, item):
        raise Rejected("already_disqualified", person=person.id, item=item)
    stated = actor.role is Role.CHAIR and "basis" in args
    basis = arg.choice(args, "basis", BASES) if stated else DECLARED
    return [Event("disqualification_declared", {"person": person.id, "item": item, "basis": basis})]


def end_disqualification(
    m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context
) -> list[Event]:
    """A disqualification is withdrawn; a substitute called for the item leaves.

    The member may withdraw what they declared themselves; otherwise only the chair.
    """
    person = _subject(m, actor, args, others=require_chair)
    require_not_closed(m)
    item = open_item(m, args)
    basis = m.attendance.disqualified.get(item, {}).get(person.id)
    if basis is None:
        raise Rejected("not_disqualified", person=person.id, item=item)
    if actor.role is Role.MEMBER and basis != DECLARED:
        raise Rejected("not_chair")
    events = [Event("disqualification_ended", {"person": person.id, "item": item})]
    called = [s for s in _called_for(m, item) if _standing_occupant(m, s.member, item) == person.id]
    return events + [_released(m, s) for s in called]


def record_arrival(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The secretary records an arrival during the meeting, with the item under consideration."""
    require_staff(actor)
    _require_in_session(m)
    person = _named(m, args, "person")
    if person.id in m.attendance.present:
        raise Rejected("already_present", person=person.id)
    if person.kind == "substitute" and _engagement(m, person.id) is None:
        raise Rejected("not_seated", person=person.id)  # a substitute comes when called in
    roll_call = m.attendance.roll_call
    if roll_call is not None and person.id in roll_call.called:
        raise Rejected("roll_call_open")  # the roll call records whoever it calls
    return [Event(ARRIVED, {"person": person.id, "during": _during(m)}), *_return_of(m, person.id)]


def record_departure(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The secretary records a departure during the meeting, with the item under consideration."""
    require_staff(actor)
    _require_in_session(m)
    person = _named(m, args, "person")
    if person.id not in m.attendance.present:
        raise Rejected("not_present", person=person.id)
    return [Event(DEPARTED, {"person": person.id, "during": _during(m)})]


def _answer(m: Meeting, person_id: str, present: bool) -> list[Event]:
    """An answer to the roll call in progress; a member who turns up takes their place back."""
    require_not_closed(m)
    call = _open_roll_call(m)
    if person_id not in call.called:
        raise Rejected("not_called", person=person_id)
    answered = Event("roll_call_answered", {"person": person_id, "present": present})
    return [answered, *_return_of(m, person_id)] if present else [answered]


def _return_of(m: Meeting, person_id: str) -> list[Event]:
    """LAW-10: a member arrives while a substitute sits for them for the meeting."""
    standing = _standing_in(m, person_id)
    if standing is None:
        return []
    during = _during(m)
    if during is None or m.rules.substitute_swap_timing != "next_item":
        return [_released(m, standing)]
    swap = {"substitute": standing.substitute, "member": person_id, "item": during}
    return [Event("substitute_finishing_item", swap)]


def _released(m: Meeting, substitution: Substitution) -> Event:
    return Event("substitute_released", {
        "substitute": substitution.substitute, "member": substitution.member, "during": _during(m)})


def _chosen_substitute(m: Meeting, member: Person, args: dict[str, Any]) -> Person:
    """The substitute named in the command, or else the one proposed; of the member's group
    (or the member's own deputy)."""
    roster = _roster(m)
    named = "substitute" in args
    substitute_id = arg.text(args, "substitute") if named else next_substitute(m, member.id)
    if substitute_id is None:
        raise Rejected("no_substitute_available", member=member.id)
    substitute = _person(m, substitute_id)
    if substitute.kind != "substitute":
        raise Rejected("not_substitute", person=substitute.id)
    if substitute not in _substitutes_for(roster, member):
        code = "not_personal_deputy" if _personal_deputies(roster) else "wrong_group"
        raise Rejected(code, substitute=substitute.id, member=member.id)
    return substitute


def _require_place_free_for_meeting(m: Meeting, member: Person) -> None:
    if member.id in m.attendance.present:
        raise Rejected("member_present", member=member.id)
    called = [s for s in m.attendance.substitutions if s.member == member.id and s.item is None]
    if any(_engaged(m, s) for s in called):
        raise Rejected("already_replaced", member=member.id)


def _require_place_free_for_item(m: Meeting, member: Person, item: int) -> None:
    if any(s.member == member.id for s in _called_for(m, item)):
        raise Rejected("already_replaced", member=member.id, item=item)
    sitting = _standing_occupant(m, member.id, item)
    if not _is_disqualified(m, sitting, item):
        raise Rejected("not_disqualified", person=sitting, item=item)


# --- who sits where -----------------------------------------------------------------------


def _occupant(m: Meeting, member_id: str, item: int | None) -> str:
    """Who sits in the member's place for `item`."""
    called = next((s for s in _called_for(m, item) if s.member == member_id), None)
    return called.substitute if called else _standing_occupant(m, member_id, item)


def _standing_occupant(m: Meeting, member_id: str, item: int | None) -> str:
    """Who sits in the member's place for `item`, leaving aside substitutes called for that item."""
    standing = next((s for s in m.attendance.substitutions
                     if s.member == member_id and s.item is None and s.covers(item)), None)
    return standing.substitute if standing else member_id


def _called_for(m: Meeting, item: int | None) -> list[Substitution]:
    """Substitutions made for this one item (disqualification)."""
    if item is None:
        return []
    return [s for s in m.attendance.substitutions if s.item == item and s.covers(item)]


def _seat_of(m: Meeting, person: Person, item: int | None) -> str | None:
    """The member in whose place the person sits for `item`, if any."""
    if person.kind == "member":
        places = [person.id]
    else:
        places = [s.member for s in m.attendance.substitutions
                  if s.substitute == person.id and s.covers(item)]
    return next((place for place in places if _occupant(m, place, item) == person.id), None)


def _engaged(m: Meeting, substitution: Substitution) -> bool:
    """Whether a substitution still binds its substitute: not released, its item not closed."""
    if substitution.released_at is not None:
        return False
    scope = substitution.scope
    return scope is None or m.item(scope).state != ITEM_CLOSED  # type: ignore[union-attr]


def _engagement(m: Meeting, substitute_id: str) -> Substitution | None:
    """The substitution that binds the substitute now: they sit for one member at a time."""
    mine = (s for s in m.attendance.substitutions if s.substitute == substitute_id)
    return next((s for s in mine if _engaged(m, s)), None)


def _standing_in(m: Meeting, member_id: str) -> Substitution | None:
    """The substitute called for the meeting in the member's place, the member not yet back."""
    return next((s for s in m.attendance.substitutions if s.member == member_id and s.item is None
                 and s.finishing is None and s.released_at is None), None)


def _substitutes_for(roster: Roster, member: Person) -> list[Person]:
    """Who may be called in the member's place, in order of precedence."""
    substitutes = [p for p in roster.people if p.kind == "substitute"]
    if _personal_deputies(roster):
        return [p for p in substitutes if p.deputy_of == member.id]
    return sorted((p for p in substitutes if p.group == member.group), key=lambda p: p.order or 0)


def _personal_deputies(roster: Roster) -> bool:
    """Whether the body has personal deputies (a board, a committee), not a group's substitutes."""
    return any(p.deputy_of is not None for p in roster.people)


def _unavailable(m: Meeting, person_id: str) -> bool:
    """Reported absence and has not turned up since."""
    return person_id in m.attendance.absence_notices and person_id not in m.attendance.present


def _is_disqualified(m: Meeting, person_id: str, item: int | None) -> bool:
    return item is not None and person_id in m.attendance.disqualified.get(item, {})


# --- reading the command ------------------------------------------------------------------


def _roster(m: Meeting) -> Roster:
    if m.roster is None:
        raise Rejected("no_meeting")
    return m.roster


def _person(m: Meeting, person_id: str) -> Person:
    person = _roster(m).person(person_id)
    if person is None:
        raise Rejected("no_such_person", person=person_id)
    return person


def councillor(m: Meeting, person_id: str) -> Person:
    """A member or a substitute: officials (the mayor, ...) have no seat to attend."""
    person = _person(m, person_id)
    if person.kind not in ("member", "substitute"):
        raise Rejected("not_councillor", person=person_id)
    return person


def _subject(
    m: Meeting, actor: Actor, args: dict[str, Any], others: Callable[[Actor], None]
) -> Person:
    """Whom the command is about: members act for themselves; `others` checks who acts for anyone."""
    if actor.role is Role.MEMBER:
        if args.get("person", actor.person) != actor.person:
            raise Rejected("not_self")
        return councillor(m, actor.person)  # type: ignore[arg-type]
    others(actor)
    return _named(m, args, "person")


def _flag(args: dict[str, Any], name: str, default: bool) -> bool:
    value = args.get(name, default)
    if not isinstance(value, bool):
        raise Rejected("bad_argument", field=name)
    return value


def _during(m: Meeting) -> int | None:
    """The item under consideration, as the minutes name it (§)."""
    return m.current.number if m.current else None


def _open_roll_call(m: Meeting) -> RollCall:
    call = m.attendance.roll_call
    if call is None:
        raise Rejected("roll_call_not_open")
    return call


def _named(m: Meeting, args: dict[str, Any], name: str) -> Person:
    """The member or substitute an argument names."""
    return councillor(m, arg.text(args, name))  # type: ignore[arg-type]


def open_item(m: Meeting, args: dict[str, Any]) -> int:
    """The agenda item the `item` argument names, not yet closed."""
    number: int = arg.integer(args, "item")  # type: ignore[assignment]
    item = m.item(number)
    if item is None:
        raise Rejected("no_such_item", item=number)
    if item.state == ITEM_CLOSED:
        raise Rejected("item_closed", item=number)
    return number


def require_not_closed(m: Meeting) -> None:
    if m.phase == session.CLOSED:
        raise Rejected("meeting_closed")


def _require_in_session(m: Meeting) -> None:
    if not m.in_session:
        raise Rejected("meeting_not_open" if m.phase == session.DRAFT else "meeting_closed")


def _require_sitting(m: Meeting) -> None:
    _require_in_session(m)
    if m.phase == session.RECESS:
        raise Rejected("meeting_in_recess")


# --- applying events ----------------------------------------------------------------------


def on_roll_call_started(m: Meeting, ev: Recorded) -> None:
    m.attendance.roll_calls.append(RollCall(ev.data["number"], ev.at, list(ev.data["called"])))


def on_roll_call_answered(m: Meeting, ev: Recorded) -> None:
    person, present = ev.data["person"], ev.data["present"]
    m.attendance.roll_call.answers[person] = present  # type: ignore[union-attr]
    if present:
        m.attendance.present.add(person)
    else:
        m.attendance.present.discard(person)


def on_roll_call_ended(m: Meeting, ev: Recorded) -> None:
    call = m.attendance.roll_call
    for person in ev.data["absent"]:
        call.answers[person] = False  # type: ignore[union-attr]
        m.attendance.present.discard(person)
    call.ended_at = ev.at  # type: ignore[union-attr]


def on_quorum_declared(m: Meeting, ev: Recorded) -> None:
    m.attendance.declarations.append(QuorumDeclaration(at=ev.at, **ev.data))


def on_absence_reported(m: Meeting, ev: Recorded) -> None:
    m.attendance.absence_notices[ev.data["person"]] = ev.at


def on_substitute_seated(m: Meeting, ev: Recorded) -> None:
    d = ev.data
    seated = Substitution(d["substitute"], d["member"], d["item"], ev.at, d["during"])
    m.attendance.substitutions.append(seated)


def on_substitute_finishing_item(m: Meeting, ev: Recorded) -> None:
    _standing_in(m, ev.data["member"]).finishing = ev.data["item"]  # type: ignore[union-attr]


def on_substitute_released(m: Meeting, ev: Recorded) -> None:
    engaged = _engagement(m, ev.data["substitute"])
    engaged.released_at = ev.at  # type: ignore[union-attr]
    engaged.released_during = ev.data["during"]  # type: ignore[union-attr]


def on_disqualification_declared(m: Meeting, ev: Recorded) -> None:
    d = ev.data
    m.attendance.disqualified.setdefault(d["item"], {})[d["person"]] = d["basis"]
    m.attendance.disqualifications.append(Disqualification(d["person"], d["item"], d["basis"], ev.at))


def on_disqualification_ended(m: Meeting, ev: Recorded) -> None:
    item, person = ev.data["item"], ev.data["person"]
    on_item = m.attendance.disqualified[item]
    del on_item[person]
    if not on_item:
        del m.attendance.disqualified[item]
    ended = next(d for d in reversed(m.attendance.disqualifications)
                 if d.item == item and d.person == person and d.ended_at is None)
    ended.ended_at = ev.at


def on_arrived(m: Meeting, ev: Recorded) -> None:
    m.attendance.present.add(ev.data["person"])
    m.attendance.movements.append(Movement(ev.data["person"], ARRIVED, ev.at, ev.data["during"]))


def on_departed(m: Meeting, ev: Recorded) -> None:
    m.attendance.present.discard(ev.data["person"])
    m.attendance.movements.append(Movement(ev.data["person"], DEPARTED, ev.at, ev.data["during"]))


COMMANDS = {
    "start_roll_call": start_roll_call,
    "mark_present": mark_present,
    "mark_absent": mark_absent,
    "confirm_presence": confirm_presence,
    "end_roll_call": end_roll_call,
    "declare_quorum": declare_quorum,
    "report_absence": report_absence,
    "seat_substitute": seat_substitute,
    "release_substitute": release_substitute,
    "declare_disqualification": declare_disqualification,
    "end_disqualification": end_disqualification,
    "record_arrival": record_arrival,
    "record_departure": record_departure,
}

APPLIERS = {
    "roll_call_started": on_roll_call_started,
    "roll_call_answered": on_roll_call_answered,
    "roll_call_ended": on_roll_call_ended,
    "quorum_declared": on_quorum_declared,
    "absence_reported": on_absence_reported,
    "substitute_seated": on_substitute_seated,
    "substitute_finishing_item": on_substitute_finishing_item,
    "substitute_released": on_substitute_released,
    "disqualification_declared": on_disqualification_declared,
    "disqualification_ended": on_disqualification_ended,
    ARRIVED: on_arrived,
    DEPARTED: on_departed,
}
