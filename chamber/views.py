"""What each role sees of the meeting: pure projections of the state, encoded by the hub.

Texts of the council come in all its languages; the client picks. Views hold no secrets of
other roles: the public and display views of a closed meeting say only that it is closed.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Callable, Iterable

from .rules import Meeting, Recorded, Role
from .rules.attendance import (
    eligible_voters,
    next_substitute,
    places,
    quorum_status,
    refusal,
)
from .exports.appeal import routes, way_paragraphs
from .exports.summary import BOTH, decision_summary
from .exports.summary import to_json as summary_json
from .i18n import LANGUAGES, message
from .rules.elections import Election, combined_list_view, election_board_view, election_view
from .rules.meeting import CLOSED
from .rules.minutes import approved_by, basis, public_items, ready_to_publish
from .rules.procedure import CONCEPT
from .rules.proposals import summary
from .rules.question_hour import question_hour_view
from .rules.speaking import HALL_WIDE, may_request, member_places, queue_view
from .rules.votes import Vote, current_vote, decision_text, minority_view, progress, question, result_of
from .rules.voting_order import voting_order_plan

ROLE_VIEWS = (Role.PUBLIC, Role.DISPLAY, Role.MEMBER, Role.CHAIR, Role.SECRETARY)
STAFF = (Role.CHAIR, Role.SECRETARY)


def meeting_part(m: Meeting) -> dict[str, Any]:
    return {
        **m.setup_dict(),
        "council": m.roster.name if m.roster else "",
        "languages": list(m.rules.languages),
        "phase": m.phase,
        "opened_at": m.opened_at,
        "closed_at": m.closed_at,
    }


def closed_session_view(m: Meeting) -> dict[str, Any]:
    return {
        "meeting": {"id": m.id, "title": dict(m.title), "public": False, "phase": m.phase},
        "closed_session": True,
    }


def roster_part(m: Meeting) -> dict[str, Any]:
    assert m.roster is not None
    people = [p.to_dict() for p in m.roster.people]
    groups = [{"id": g.id, "name": g.name, "size": m.roster.group_size(g.id)} for g in m.roster.groups]
    return {"people": people, "groups": groups, "seats": m.roster.seats}


def attendance_part(m: Meeting, staff: bool) -> dict[str, Any]:
    """Presence and quorum for the item under consideration (LAW-3), as everyone may see it.

    Staff also get the record of movements and the substitute to call for each empty place.
    """
    item = m.current.number if m.current else None
    a = m.attendance
    roll_call = a.roll_call
    last_declaration = a.declarations[-1] if a.declarations else None
    acting = eligible_voters(m, item)
    part: dict[str, Any] = {
        "item": item,
        "quorum": quorum_status(m, item, present=len(acting)),
        "present": sorted(a.present),
        "acting": acting,
        "places": places(m, item),
        "absence_notices": sorted(a.absence_notices),
        "disqualified": {str(n): dict(people) for n, people in a.disqualified.items()},
        "disqualifications": [{"person": d.person, "item": d.item, "basis": d.basis,
                               "declared_at": d.declared_at, "ended_at": d.ended_at}
                              for d in a.disqualifications],
        "substitutions": [
            {"substitute": s.substitute, "member": s.member, "item": s.item, "finishing": s.finishing,
             "seated_at": s.seated_at, "released_at": s.released_at}
            for s in a.substitutions if s.released_at is None
        ],
        "roll_call": {"number": roll_call.number, "started_at": roll_call.started_at,
                      "called": roll_call.called, "answers": roll_call.answers} if roll_call else None,
        "declaration": {"at": last_declaration.at, "lawful": last_declaration.lawful,
                        "quorate": last_declaration.quorate, "present": last_declaration.present,
                        "needed": last_declaration.needed} if last_declaration else None,
    }
    if staff:
        empty = [member for member, occupant in part["places"].items()
                 if occupant == member and member not in a.present]
        part["next_substitutes"] = {member: next_substitute(m, member) for member in empty}
        part["movements"] = [{"person": mv.person, "kind": mv.kind, "at": mv.at, "during": mv.during}
                             for mv in a.movements]
    return part


def latest_vote(m: Meeting, item: int) -> Vote | None:
    """The vote in progress on the item, else its last one (the result the hall looks at)."""
    return current_vote(m) or next((v for v in reversed(m.votes) if v.item == item), None)


def latest_election(m: Meeting, item: int) -> Election | None:
    return next((e for e in reversed(m.elections) if e.item == item), None)


def vote_part(m: Meeting, v: Vote) -> dict[str, Any]:
    """The question (what Jaa and Ei mean), "n of m voted", and the result once closed."""
    return {**question(m, v), "progress": progress(v), "result": result_of(m, v)}


def item_part(m: Meeting) -> dict[str, Any]:
    """What is decided on the item under consideration: proposals, order, vote, decision."""
    item = m.current.number if m.current else None
    if item is None:
        return {"proposals": None, "voting_order": None, "vote": None, "election": None, "candidate_lists": None,
                "decision": None}
    v, e = latest_vote(m, item), latest_election(m, item)
    return {
        "proposals": summary(m, item),
        "voting_order": {**voting_order_plan(m, item), "minority_tabling": minority_view(m, item)},
        "vote": vote_part(m, v) if v else None,
        "election": election_view(m, e) if e else None,
        "candidate_lists": combined_list_view(m, item),
        "decision": decision_text(m, item),
    }


def minutes_part(m: Meeting) -> dict[str, Any]:
    """The minutes' checking (pöytäkirjan tarkastus): who checks, who approved the draft as it
    stands (`basis` names it, once the meeting is closed: before, it would move at every vote
    cast and so change every view), and whether they are published and what was released."""
    mi = m.minutes
    return {"checkers": list(mi.checkers), "count": m.rules.minutes_checkers, "approved_by": approved_by(m),
            "basis": basis(m) if m.phase == CLOSED else None,
            "ready": ready_to_publish(m), "published": mi.published is not None,
            "published_at": mi.published_at, "released": sorted(mi.released)}


def published_part(m: Meeting) -> dict[str, Any] | None:
    """The decisions the public may read once the minutes are published, each with the way to
    appeal it, and the instructions of each way in fi, sv and en; None before publication."""
    public = public_items(m)
    if m.minutes.published is None:
        return None
    s = decision_summary(m, closed=True)
    decided = summary_json(replace(s, items=tuple(d for d in s.items if d.item in public)), BOTH)
    ways = routes(m, public)
    by_item = {n: way for way, numbers in ways.items() for n in numbers}
    return {
        "at": m.minutes.published_at,
        "items": [{**entry, "appeal": by_item.get(entry["number"])} for entry in decided["items"]],
        "appeal": [{"way": way, "items": numbers, "title": {lang: message(f"appeal_{way}", lang) for lang in LANGUAGES},
                    "text": {lang: way_paragraphs(m, way, lang) for lang in LANGUAGES}} for way, numbers in ways.items()],
    }


class Memo:
    """Parts of the views kept from one publication to the next while the concepts they read
    have not changed (`Meeting.revisions`): the roster, the agenda and attendance are computed
    again when their events come, not at every vote cast. A part kept is the same object, so
    the hub can keep its encoding too."""

    def __init__(self) -> None:
        self.kept: dict[str, tuple[tuple[int, ...], Any]] = {}

    def part(self, m: Meeting, name: str, concepts: tuple[str, ...], compute: Callable[[], Any]) -> Any:
        key = tuple(m.revisions.get(c, 0) for c in concepts)
        kept = self.kept.get(name)
        if kept is None or kept[0] != key:
            kept = self.kept[name] = (key, compute())
        return kept[1]


# What each kept part reads; `lifecycle` brings the meeting's creation and the current item.
SETUP = ("lifecycle", "preparation")
ATTENDANCE = ("lifecycle", "preparation", "attendance")


def role_views(m: Meeting, memo: Memo | None = None,
               record: dict[str, Any] | None = None) -> dict[Role, dict[str, Any]]:
    """Every role's view, each part computed once for all the roles that share it. `record` is
    where the record stood at the last decision (chamber.record), shown to all who see the
    meeting."""
    memo = memo or Memo()
    published = memo.part(m, "published", ("minutes",), lambda: published_part(m))
    shared = {
        "meeting": memo.part(m, "meeting", SETUP, lambda: meeting_part(m)),
        "agenda": memo.part(m, "agenda", SETUP, lambda: [item.to_dict() for item in m.agenda]),
        "current_item": m.current.number if m.current else None,
        **memo.part(m, "roster", SETUP, lambda: roster_part(m)),
        "floor": queue_view(m),
        "question_hour": question_hour_view(m)
        if m.question_hour is not None or m.rules.question_hour["enabled"] else None,
        **item_part(m),
        "record": record,
        "minutes": minutes_part(m),
        "published": published,
    }
    hall = {**shared, "attendance": memo.part(m, "hall_attendance", ATTENDANCE, lambda: attendance_part(m, False))}
    staff = {**shared, "attendance": memo.part(m, "staff_attendance", ATTENDANCE, lambda: attendance_part(m, True)),
             "election_board": election_board_view(m)}
    outside = hall if m.public else {**closed_session_view(m), "published": published}
    return {Role.PUBLIC: outside, Role.DISPLAY: outside, Role.MEMBER: hall,
            Role.CHAIR: staff, Role.SECRETARY: staff}


def role_view(m: Meeting, role: Role) -> dict[str, Any]:
    """The view of one role (the same for every connection of that role)."""
    return role_views(m)[role]


def me_views(m: Meeting, person_ids: Iterable[str],
             places: dict[str, list[dict[str, Any]]] | None = None) -> dict[str, dict[str, Any]]:
    """The own parts of these people, with what they share computed once."""
    places = member_places(m) if places is None else places
    return {p: me_view(m, p, places.get(p, [])) for p in person_ids}


# Events whose only effect on anyone's own part is on the person they name (field of the data).
PERSONAL = {"vote_cast": "person", "ballot_cast": "voter", "ballot_mark_cancelled": "voter",
            "roll_call_answered": "person"}
# Concepts no own part reads (proposals, the voting order and the question hour are in the view).
UNSEEN = frozenset({"proposals", "voting_order", "question_hour"})


def concerned(events: list[Recorded] | None, queued: Iterable[str]) -> set[str] | None:
    """The people whose own part `events` can change, or None for everyone.

    A queue change moves the places of everyone waiting, so `queued` (those with a request
    before or after the events) is concerned by any event of the speaking queue; one that
    changes what anyone may ask for (`me.may_request`: the discussion opened, a speech given
    that replies may answer, ...) concerns everyone.
    """
    if events is None:
        return None
    people: set[str] = set()
    for ev in events:
        concept = CONCEPT[ev.type]
        if ev.type in PERSONAL:
            people.add(ev.data[PERSONAL[ev.type]])
        elif concept == "speaking" and ev.type not in HALL_WIDE:
            people |= set(queued)
        elif concept not in UNSEEN:
            return None
    return people


def me_view(m: Meeting, person_id: str, requests: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A member's own part: small, so it can be sent to each member separately."""
    person = m.roster.person(person_id) if m.roster else None
    if person is None:
        return {"person": None}
    keys = ("id", "first", "last", "group", "kind", "lang", "seat", "roles")
    item = m.current.number if m.current else None
    roll_call = m.attendance.roll_call
    why_not = refusal(m, person_id, item)
    return {
        "person": {k: v for k, v in person.to_dict().items() if k in keys},
        "present": person_id in m.attendance.present,
        "absence_reported": person_id in m.attendance.absence_notices,
        "disqualified": item is not None and person_id in m.attendance.disqualified.get(item, {}),
        "may_act": why_not is None,
        "refusal": why_not,
        "sitting_for": next((s.member for s in m.attendance.substitutions
                             if s.substitute == person_id and s.covers(item)), None),
        "roll_call": None if roll_call is None or person_id not in roll_call.called else {
            "answered": roll_call.answers.get(person_id)},
        "requests": member_places(m).get(person_id, []) if requests is None else requests,
        "may_request": may_request(m, person_id),
        "dissent": item is not None and item in m.decisions and person_id in m.decisions[item].dissents,
        "checker": person_id in m.minutes.checkers,
        "approved_minutes": person_id in approved_by(m),
        "vote": my_vote(m, person_id),
        "election": my_ballot(m, person_id, item),
    }


def my_vote(m: Meeting, person_id: str) -> dict[str, Any] | None:
    """The member's own recorded choice in the vote in progress (what the server holds)."""
    v = current_vote(m)
    if v is None:
        return None
    return {"vote": v.id, "eligible": person_id in v.electorate, "choice": v.choices.get(person_id),
            "called": bool(v.called) and v.called[-1] == person_id}


def my_ballot(m: Meeting, person_id: str, item: int | None) -> dict[str, Any] | None:
    """Whether the member's ballot is in; never, for a secret ballot, what it said."""
    e = latest_election(m, item) if item is not None else None
    if e is None:
        return None
    return {"election": e.id, "eligible": person_id in e.electorate, "voted": person_id in e.voted}
