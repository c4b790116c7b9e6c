"""The speaking queue (puheenvuorojono / talarlista) of an item: RULES.md §4, [KRS §17].

When the chair has opened the discussion (keskustelu / diskussion), members ask for the floor
from their phones: a speech (puheenvuoro / anförande), a reply (vastauspuheenvuoro, repliikki /
replik) to the speech just given, a seconding speech (kannatuspuheenvuoro /
understödsanförande), a point of order (työjärjestyspuheenvuoro / ordningsfråga) and, for a
council group, its group address (ryhmäpuheenvuoro / gruppanförande). The chair can add any of
these for someone, and the presentation speech (esittelypuheenvuoro / presentationsanförande).

`order` gives the floor in the order of RULES.md SQ-1:

1. points of order, before all others, but never into a running speech (SQ-2);
   then the presentation speech, which belongs to the start of the item;
2. the replies the chair accepted to the speech just given (SQ-3);
3. seconding speeches;
4. the group addresses while the round is open, the largest group first (SQ-4);
5. the board chair, the mayor, and the chair of the committee that prepared the item;
6. every other speech, in the order requested.

Within a class the first to ask is the first to speak (group addresses: by group size). The
chair can give the floor to any waiting request, and move one: a moved request keeps the place
the chair gave it among those waiting, and later requests take their lawful places around it.
A reply answers the last speech of classes 4–6 (or the presentation) and lapses when the next
such speech starts (SQ-3). Only one speech is on the floor at a time, on any item or in the
question hour; its start, limit and extensions let the screens count down without a clock here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from . import args as arg
from .attendance import may_act
from .collation import letters
from .errors import Rejected
from .events import Actor, Context, Event, Recorded, Role
from .lot import shuffled
from .proposals import under_consideration
from .rights import require_chair
from .roster import Person

if TYPE_CHECKING:
    from .meeting import Meeting

# Kinds of request, as the phone's buttons and the chair's console name them.
SPEECH = "speech"  # puheenvuoro / anförande
REPLY = "reply"  # vastauspuheenvuoro, repliikki ("V") / replik
SECONDING = "seconding"  # kannatuspuheenvuoro / understödsanförande
POINT_OF_ORDER = "point_of_order"  # työjärjestyspuheenvuoro / ordningsfråga
GROUP_ADDRESS = "group_address"  # ryhmäpuheenvuoro / gruppanförande
PRESENTATION = "presentation"  # esittelypuheenvuoro / presentationsanförande (the chair adds it)
KINDS = (SPEECH, REPLY, SECONDING, POINT_OF_ORDER, GROUP_ADDRESS, PRESENTATION)
PHONE_KINDS = (SPEECH, REPLY, POINT_OF_ORDER, SECONDING, GROUP_ADDRESS)  # a member asks for these

# Classes of speech (SQ-1): a speech is a priority official's or an ordinary one. The order of
# the classes is the order of the floor; each class has its time limit (SQ-8).
PRIORITY = "priority"  # kaupunginhallituksen pj, kaupunginjohtaja, valmistelleen lautakunnan pj
ORDINARY = "ordinary"
CLASSES = (POINT_OF_ORDER, PRESENTATION, REPLY, SECONDING, GROUP_ADDRESS, PRIORITY, ORDINARY)
PRIORITY_FIRST = (POINT_OF_ORDER, PRESENTATION, REPLY, SECONDING, PRIORITY, GROUP_ADDRESS, ORDINARY)
ANSWERED = (PRESENTATION, GROUP_ADDRESS, PRIORITY, ORDINARY)  # SQ-3: what replies answer

# What became of a request.
WAITING = "waiting"  # in the queue
AWAITING = "awaiting"  # a reply the chair has not yet accepted
GIVEN = "given"
WITHDRAWN = "withdrawn"
REFUSED = "refused"
REMOVED = "removed"
LAPSED = "lapsed"
OPEN = (WAITING, AWAITING)

# Why requests lapse.
REPLY_EXPIRED = "reply_expired"  # SQ-3: the next speech of classes 4–6 started
ROUND_CLOSED = "group_round_closed"
DISCUSSION_ENDED = "discussion_ended"

MAX_SECONDS = 36_000  # the longest time limit or extension the chair may set

# Events that change what anyone may ask for (`may_request`), not only those with a request:
# the discussion and the list opened or closed, a speech given (a reply answers it), the round.
HALL_WIDE = frozenset({
    "discussion_opened", "discussion_closed", "discussion_reopened", "speakers_list_closed",
    "speakers_list_reopened", "floor_given", "group_round_closed", "group_address_passed",
})


def speech_class(kind: str, priority: bool) -> str:
    """The class (SQ-1) of a speech of `kind`."""
    if kind == SPEECH:
        return PRIORITY if priority else ORDINARY
    return kind


@dataclass
class Request:
    """A request for the floor (puheenvuoropyyntö / begäran om ordet)."""

    id: str
    number: int  # requests made in the meeting so far: first come, first served
    person: str  # who will speak
    kind: str
    requested_at: int
    by: str  # who asked: the member, the group chair, the chair (an actor label)
    priority: bool = False
    group: str | None = None  # a group address: the group
    replies_to: str | None = None  # a reply: the speech it answers
    state: str = WAITING
    placed: tuple[Any, ...] | None = None  # the place the chair moved it to (see `_placing`)
    reason: str | None = None  # why it was moved, refused, removed or lapsed

    @property
    def speech_class(self) -> str:
        return speech_class(self.kind, self.priority)


@dataclass
class Speech:
    """A speech given (pidetty puheenvuoro / hållet anförande), for the minutes and the video
    chapters; a turn of the question hour is one too, with `question` instead of `item`."""

    id: str
    person: str
    kind: str
    started_at: int
    limit: int | None  # seconds; None: no limit
    granted_by: str  # the actor who gave the floor
    requested_by: str | None = None  # who asked for it, when someone asked
    item: int | None = None
    question: str | None = None
    request: str | None = None
    priority: bool = False
    group: str | None = None
    replies_to: str | None = None
    extended: int = 0  # seconds the chair added
    ended_at: int | None = None

    @property
    def speech_class(self) -> str:
        return speech_class(self.kind, self.priority)

    @property
    def allowed(self) -> int | None:
        """The seconds the speaker has: the limit and the extensions."""
        return None if self.limit is None else self.limit + self.extended

    def overrun(self, at: int) -> int:
        """Whole seconds beyond the time allowed at `at` (0 with no limit), SQ-8."""
        allowed = self.allowed
        return 0 if allowed is None else max(0, (at - self.started_at) // 1000 - allowed)


@dataclass
class GroupRound:
    """The round of group addresses (ryhmäpuheenvuorot / gruppanföranden) at the start of the
    item, SQ-4: one address per group, the largest group first."""

    order: list[str]  # group ids by size, ties broken as configured
    lots: list[dict[str, list[str]]] = field(default_factory=list)  # each {"tied", "order"}: drawn
    spoke: list[str] = field(default_factory=list)
    passed: list[str] = field(default_factory=list)
    closed: bool = False  # by the chair

    def done(self, group: str) -> bool:
        return group in self.spoke or group in self.passed

    @property
    def open(self) -> bool:
        """Until the chair closes it or every group has spoken or passed."""
        return not self.closed and not all(self.done(g) for g in self.order)


@dataclass
class SpeakingQueue:
    """The floor on one item: the requests, the speeches given (the last may be on the floor)."""

    item: int
    opened_at: int
    group_round: GroupRound | None = None
    time_limits: dict[str, int | None] = field(default_factory=dict)  # decided for this item
    preparer: str | None = None  # the chair of the committee that prepared the item
    requests: dict[str, Request] = field(default_factory=dict)
    speeches: list[Speech] = field(default_factory=list)
    list_closed: bool = False  # puheenvuorolista suljettu / talarlistan stängd
    ended_at: int | None = None  # keskustelu päättyi / diskussionen avslutades

    @property
    def current(self) -> Speech | None:
        last = self.speeches[-1] if self.speeches else None
        return last if last is not None and last.ended_at is None else None

    @property
    def answered(self) -> Speech | None:
        """The speech a reply now answers: the last one of classes 4–6 (SQ-3)."""
        return next((s for s in reversed(self.speeches) if s.speech_class in ANSWERED), None)

    def open_requests(self, kind: str | None = None) -> list[Request]:
        return [r for r in self.requests.values() if r.state in OPEN and kind in (None, r.kind)]


# --- queries ----------------------------------------------------------------------------------


def current_queue(m: Meeting) -> SpeakingQueue | None:
    """The speaking queue of the item under consideration, once its discussion was opened."""
    return m.speaking.get(m.current.number) if m.current else None


def next_speech_id(m: Meeting) -> str:
    """A new speech's id: speeches are numbered through the meeting, question hour included."""
    given = sum(len(q.speeches) for q in m.speaking.values())
    turns = len(m.question_hour.turns) if m.question_hour is not None else 0
    return f"s{given + turns + 1}"


def order(m: Meeting) -> list[Request]:
    """The waiting requests on the item under consideration, in the order of the floor."""
    queue = current_queue(m)
    return _ordered(m, queue) if queue is not None else []


def time_limit(m: Meeting, queue: SpeakingQueue | None, cls: str) -> int | None:
    """The seconds for a speech of class `cls`: as decided for the item, or the meeting's rules."""
    if queue is not None and cls in queue.time_limits:
        return queue.time_limits[cls]
    return m.rules.time_limits[cls]


def member_places(m: Meeting) -> dict[str, list[dict[str, Any]]]:
    """Each member's own requests on the item: "you are 3rd of 7", or awaiting the chair; also
    those a group chair asked for the group's speaker (`person`), which the group chair may
    withdraw too.

    For everyone at once, so that the order is computed once for the whole hall."""
    queue = current_queue(m)
    if queue is None:
        return {}
    place = {r.id: n for n, r in enumerate(_ordered(m, queue), 1)}
    places: dict[str, list[dict[str, Any]]] = {}
    for r in queue.open_requests():
        asked = Actor.parse(r.by)
        mine = {r.person} | ({asked.person} if asked.role is Role.MEMBER and asked.person else set())
        for person in sorted(mine):
            places.setdefault(person, []).append(
                {"request": r.id, "kind": r.kind, "person": r.person, "awaiting_chair": r.state == AWAITING,
                 "place": place.get(r.id) if r.state == WAITING else None, "of": len(place)})
    return places


def queue_view(m: Meeting) -> dict[str, Any]:
    """What the hall screen, the overlay, the chair's console and the phones show of the floor.

    Times are the server's milliseconds; a client counts down from `current.started_at` and
    `current.limit_seconds + current.extended_seconds`, warning `warn_at_seconds` before the end.
    """
    queue = current_queue(m)
    speech = m.on_the_floor
    view: dict[str, Any] = {
        "item": m.current.number if m.current else None,
        "discussion": "not_open" if queue is None else "ended" if queue.ended_at else "open",
        "current": speech_view(speech) if speech else None,
        "warn_at_seconds": m.rules.warn_at_seconds,
        "time_limits": {cls: time_limit(m, queue, cls) for cls in CLASSES},
        "default_time_limits": {cls: m.rules.time_limits[cls] for cls in CLASSES},
        "list_closed": False, "waiting": [], "awaiting_chair": [], "group_round": None, "speeches": [],
    }
    if queue is None:
        return view
    rnd = queue.group_round
    return {
        **view,
        "list_closed": queue.list_closed,
        "waiting": [{"place": n, **_request_view(r)} for n, r in enumerate(_ordered(m, queue), 1)],
        "awaiting_chair": [_request_view(r) for r in queue.requests.values() if r.state == AWAITING],
        "group_round": None if rnd is None else {
            "open": rnd.open,
            "groups": [{"group": g, "size": m.roster.group_size(g),  # type: ignore[union-attr]
                        "state": _group_state(queue, rnd, g)} for g in rnd.order],
            "lots": [{"tied": list(lot["tied"]), "order": list(lot["order"])} for lot in rnd.lots],
        },
        "speeches": [speech_view(s) for s in queue.speeches],
    }


def speech_view(s: Speech) -> dict[str, Any]:
    """One speech for the screens and the minutes (who, kind, item, start, end, time used)."""
    return {
        "speech": s.id, "person": s.person, "kind": s.kind, "class": s.speech_class,
        "group": s.group, "item": s.item, "question": s.question, "replies_to": s.replies_to,
        "started_at": s.started_at, "ended_at": s.ended_at, "limit_seconds": s.limit,
        "extended_seconds": s.extended, "requested_by": s.requested_by, "granted_by": s.granted_by,
        "overrun_seconds": s.overrun(s.ended_at) if s.ended_at is not None else None,
    }


def _request_view(r: Request) -> dict[str, Any]:
    return {"request": r.id, "person": r.person, "kind": r.kind, "class": r.speech_class,
            "group": r.group, "replies_to": r.replies_to, "requested_at": r.requested_at,
            "by": r.by, "moved": r.placed is not None}


def _group_state(queue: SpeakingQueue, rnd: GroupRound, group: str) -> str:
    if group in rnd.spoke:
        return "spoke"
    if group in rnd.passed:
        return "passed"
    waiting = any(r.group == group for r in queue.open_requests(GROUP_ADDRESS))
    return "waiting" if waiting else "not_requested"


# --- the order of the floor (SQ-1) ------------------------------------------------------------


def _ordered(m: Meeting, queue: SpeakingQueue) -> list[Request]:
    waiting = [r for r in queue.requests.values() if r.state == WAITING]
    return sorted(waiting, key=lambda r: _place(m, queue, r))


def _place(m: Meeting, queue: SpeakingQueue, r: Request) -> tuple[Any, ...]:
    """Where a request stands: its class, its turn within the class, then the chair's moves."""
    return (r.placed or _natural(m, queue, r)) + (r.number,)


def _natural(m: Meeting, queue: SpeakingQueue, r: Request) -> tuple[Any, ...]:
    classes = PRIORITY_FIRST if m.rules.priority_before_group_round else CLASSES
    turn = queue.group_round.order.index(r.group) if r.kind == GROUP_ADDRESS else r.number  # type: ignore[union-attr]
    return (classes.index(r.speech_class), turn, Fraction(0))


def _placing(m: Meeting, queue: SpeakingQueue, request: Request, position: int) -> tuple[Any, ...]:
    """The place of a request the chair moves to `position` (1 = first; past the end = last):
    just before the request now there, or just after the last one. Requests made later sort
    around it by their own class and turn."""
    others = [_place(m, queue, r)[:3] for r in _ordered(m, queue) if r.id != request.id]
    if not others:
        return _natural(m, queue, request)
    index = min(position, len(others) + 1) - 1
    if index == len(others):
        rank, turn, offset = others[-1]
        return (rank, turn, offset + 1)
    rank, turn, offset = others[index]
    if index > 0 and others[index - 1][:2] == (rank, turn):
        return (rank, turn, (others[index - 1][2] + offset) / 2)
    return (rank, turn, offset - 1)


# --- deciding commands: the discussion --------------------------------------------------------


def open_discussion(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The chair opens the discussion on the item under consideration ([KRS §17]: "Kun asia on
    esitelty, siitä on varattava tilaisuus keskustella").

    `group_round`: the group addresses come first (SQ-4); with the tie-break "chair" the chair
    gives `group_order`. `time_limits`: limits the council decided for this item, by class.
    `preparing_committee_chair`: the committee chair who speaks out of turn on this item.
    """
    require_chair(actor)
    item = under_consideration(m)
    queue = m.speaking.get(item)
    if queue is not None:
        raise Rejected("discussion_ended" if queue.ended_at else "discussion_already_open", item=item)
    group_round = args.get("group_round", False)
    if not isinstance(group_round, bool):
        raise Rejected("bad_argument", field="group_round")
    limits = args.get("time_limits", {})
    if not isinstance(limits, dict) or not all(k in CLASSES and _seconds(v) for k, v in limits.items()):
        raise Rejected("bad_argument", field="time_limits")
    order, lots = _group_order(m, args, ctx) if group_round else (None, [])
    return [Event("discussion_opened", {
        "item": item,
        "group_order": order,
        "group_lots": lots,
        "time_limits": dict(limits),
        "preparer": _preparer(m, args),
    })]


def close_speakers_list(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The chair closes the list of speakers (puheenvuorolista suljetaan / talarlistan stängs):
    those waiting still speak; new speeches, seconding speeches and group addresses are refused.
    Replies and points of order remain possible."""
    require_chair(actor)
    queue = _discussion(m)
    if queue.list_closed:
        raise Rejected("list_closed")
    return [Event("speakers_list_closed", {"item": queue.item})]


def reopen_speakers_list(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The chair opens the closed list of speakers again."""
    require_chair(actor)
    queue = _discussion(m)
    if not queue.list_closed:
        raise Rejected("list_not_closed")
    return [Event("speakers_list_reopened", {"item": queue.item})]


def close_discussion(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The chair declares the discussion closed (keskustelu päättyi / diskussionen avslutades);
    requests still open lapse, each recorded."""
    require_chair(actor)
    queue = _discussion(m)
    if queue.current is not None:
        raise Rejected("speech_in_progress")
    return [*_lapsed(queue, queue.open_requests(), DISCUSSION_ENDED),
            Event("discussion_closed", {"item": queue.item})]


def reopen_discussion(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The chair opens a closed discussion again (keskustelu avataan uudelleen)."""
    require_chair(actor)
    item = under_consideration(m)
    queue = m.speaking.get(item)
    if queue is None:
        raise Rejected("discussion_not_open", item=item)
    if queue.ended_at is None:
        raise Rejected("discussion_already_open", item=item)
    return [Event("discussion_reopened", {"item": item})]


def close_group_round(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The chair ends the round of group addresses; group addresses still waiting lapse."""
    require_chair(actor)
    queue = _discussion(m)
    _open_round(queue)
    return [*_lapsed(queue, queue.open_requests(GROUP_ADDRESS), ROUND_CLOSED),
            Event("group_round_closed", {"item": queue.item})]


def set_time_limit(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The chair records a time limit the council decided for this item (SQ-8): `kind` is a
    class of speech, `seconds` a number or null for no limit. Speeches under way keep theirs."""
    require_chair(actor)
    queue = _discussion(m)
    kind = arg.choice(args, "kind", CLASSES)
    if "seconds" not in args or not _seconds(args["seconds"]):
        raise Rejected("bad_argument", field="seconds")
    return [Event("time_limit_set", {"item": queue.item, "kind": kind, "seconds": args["seconds"]})]


# --- deciding commands: requests --------------------------------------------------------------


def request_floor(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """A member asks for the floor from the phone (pyytää puheenvuoroa / begär ordet).

    Members ask for themselves; a group chair asks for the group's address and names its
    speaker (`on_behalf_of`); the chair adds a speaker who asked aloud (`on_behalf_of`), and
    the presentation speech. Officials with the right to speak ask for speeches only (SQ-6).
    """
    queue = _discussion(m)
    kind = arg.choice(args, "kind", KINDS)
    speaker = _speaker(m, actor, args, kind)
    replies_to = _requestable(m, queue, actor, speaker, kind)
    number = sum(len(q.requests) for q in m.speaking.values()) + 1
    return [Event("floor_requested", {
        "item": queue.item, "request": f"r{number}", "number": number, "person": speaker.id,
        "kind": kind, "priority": kind == SPEECH and _has_priority(m, queue, speaker),
        "group": speaker.group if kind == GROUP_ADDRESS else None, "replies_to": replies_to,
        "awaiting": kind == REPLY and actor.role is not Role.CHAIR,
    })]


def may_request(m: Meeting, person_id: str) -> list[str]:
    """The kinds of request the person could make for themselves from the phone now: exactly
    those `request_floor` would accept, by the same check, so that the phone offers these
    buttons and no list of its own (a reply only to a speech given, one request of a kind at
    a time, the group address for a group chair while the round is open...)."""
    try:
        queue = _discussion(m)
    except Rejected:
        return []
    person = m.roster.person(person_id) if m.roster else None
    if person is None:
        return []
    actor = Actor(Role.MEMBER, person_id)
    return [kind for kind in PHONE_KINDS if _accepted(m, queue, actor, person, kind)]


def _accepted(m: Meeting, queue: SpeakingQueue, actor: Actor, speaker: Person, kind: str) -> bool:
    try:
        _requestable(m, queue, actor, speaker, kind)
    except Rejected:
        return False
    return True


def _requestable(m: Meeting, queue: SpeakingQueue, actor: Actor, speaker: Person, kind: str) -> str | None:
    """Whether `actor` may ask for the floor of `kind` for `speaker` now (`Rejected` says why
    not): who may act on the item (SQ-6), the closed list, the group round (SQ-4), what a reply
    answers (SQ-3), one open request of a kind (SQ-5). For a reply, the speech it answers."""
    _may_speak(m, queue, speaker, kind)
    by_chair = actor.role is Role.CHAIR
    if kind == PRESENTATION and not by_chair:
        raise Rejected("not_chair")
    if queue.list_closed and kind in (SPEECH, SECONDING, GROUP_ADDRESS) and not by_chair:
        raise Rejected("list_closed")
    if kind == GROUP_ADDRESS:
        _may_address_for_group(m, queue, actor, speaker)
    replies_to = _answerable(m, queue, speaker).id if kind == REPLY else None
    one_at_a_time = kind != SPEECH or m.rules.one_pending_request_per_member  # SQ-5
    if one_at_a_time and any(r.person == speaker.id for r in queue.open_requests(kind)):
        raise Rejected("already_waiting", kind=kind)
    return replies_to


def withdraw_request(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The member withdraws a request still open (pyyntö perutaan / begäran återtas); so may
    whoever made it for them."""
    queue = _discussion(m)
    request = _open_request(queue, args)
    if actor.role is not Role.MEMBER or actor.person not in (request.person, Actor.parse(request.by).person):
        raise Rejected("not_your_request", request=request.id)
    return [Event("request_withdrawn", {"item": queue.item, "request": request.id})]


def pass_group_address(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """A group passes its turn in the round (SQ-4): its group chair, or the chair for it."""
    queue = _discussion(m)
    rnd = _open_round(queue)
    if actor.role is Role.MEMBER:
        group = _chaired_group(m, actor)
        if group is None or args.get("group", group) != group:
            raise Rejected("not_group_chair", group=args.get("group", group))
    else:
        require_chair(actor)
        group = arg.choice(args, "group", tuple(rnd.order))
    _group_may_speak(queue, rnd, group)
    return [Event("group_address_passed", {"item": queue.item, "group": group})]


# --- deciding commands: the chair's floor -----------------------------------------------------


def give_floor(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The chair gives the floor (antaa puheenvuoron / ger ordet): to the first in order, or to
    any open request (`request`, with a `reason` for the record). A speech on the floor is
    never interrupted: the chair ends it first (SQ-2). A speech of classes 4–6 starting makes
    the replies still open lapse (SQ-3)."""
    require_chair(actor)
    queue = _discussion(m)
    if m.on_the_floor is not None:
        raise Rejected("speech_in_progress")
    if "request" in args:
        request = _open_request(queue, args)
    else:
        waiting = _ordered(m, queue)
        if not waiting:
            raise Rejected("queue_empty")
        request = waiting[0]
    if m.rules.chair_must_hand_over_to_speak and request.person == actor.person:  # SQ-7
        raise Rejected("chair_must_hand_over")
    if request.state == AWAITING:
        _room_for_reply(m, queue, request)
    events = []
    if request.speech_class in ANSWERED and m.rules.reply_request_expires_on_next_ordinary:
        events += _lapsed(queue, queue.open_requests(REPLY), REPLY_EXPIRED)
    return events + [Event("floor_given", {
        "item": queue.item, "request": request.id, "speech": next_speech_id(m),
        "person": request.person, "kind": request.kind,
        "limit": time_limit(m, queue, request.speech_class),
        "reason": arg.text(args, "reason", required=False),
    })]


def accept_request(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The chair accepts a reply (SQ-3); it takes its place after the speech it answers."""
    require_chair(actor)
    queue = _discussion(m)
    request = _open_request(queue, args)
    if request.state != AWAITING:
        raise Rejected("not_awaiting_chair", request=request.id)
    _room_for_reply(m, queue, request)
    return [Event("request_accepted", {"item": queue.item, "request": request.id})]


def refuse_request(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The chair refuses a reply, or a point of order that is not about the order of business."""
    require_chair(actor)
    queue = _discussion(m)
    request = _open_request(queue, args)
    if request.kind not in (REPLY, POINT_OF_ORDER):
        raise Rejected("not_refusable", kind=request.kind)
    return [Event("request_refused", {"item": queue.item, "request": request.id,
                                      "reason": arg.text(args, "reason", required=False)})]


def remove_request(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The chair takes a request off the list, stating why."""
    require_chair(actor)
    queue = _discussion(m)
    request = _open_request(queue, args)
    return [Event("request_removed", {"item": queue.item, "request": request.id,
                                      "reason": arg.text(args, "reason")})]


def move_request(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The chair moves a waiting request to `position` (1 = next), stating why."""
    require_chair(actor)
    queue = _discussion(m)
    request = _open_request(queue, args)
    if request.state != WAITING:
        raise Rejected("not_waiting", request=request.id)
    position = arg.integer(args, "position")
    if position < 1:  # type: ignore[operator]
        raise Rejected("bad_argument", field="position")
    return [Event("request_moved", {"item": queue.item, "request": request.id, "position": position,
                                    "reason": arg.text(args, "reason")})]


def end_speech(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The speech on the floor ends: the chair ends it, or the speaker says they are done."""
    speech = m.on_the_floor
    if speech is None:
        raise Rejected("no_current_speech")
    if actor.role is Role.MEMBER and actor.person != speech.person:
        raise Rejected("not_your_speech")
    if actor.role is not Role.CHAIR and actor.role is not Role.MEMBER:
        raise Rejected("not_chair")
    return [Event("speech_ended", {"speech": speech.id, "person": speech.person})]


def extend_speech(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The chair gives the speaker more time (SQ-8)."""
    require_chair(actor)
    speech = m.on_the_floor
    if speech is None:
        raise Rejected("no_current_speech")
    seconds = arg.integer(args, "seconds")
    if not 1 <= seconds <= MAX_SECONDS:  # type: ignore[operator]
        raise Rejected("bad_argument", field="seconds")
    if speech.limit is None:
        raise Rejected("no_time_limit")
    return [Event("speech_extended", {"speech": speech.id, "seconds": seconds})]


# --- the rules the commands apply -------------------------------------------------------------


def _discussion(m: Meeting) -> SpeakingQueue:
    """The queue of the item under consideration, its discussion open."""
    item = under_consideration(m)
    queue = m.speaking.get(item)
    if queue is None:
        raise Rejected("discussion_not_open", item=item)
    if queue.ended_at is not None:
        raise Rejected("discussion_ended", item=item)
    return queue


def _speaker(m: Meeting, actor: Actor, args: dict[str, Any], kind: str) -> Person:
    """Who is to speak: the member; the speaker a group chair names; whom the chair adds."""
    if actor.role is Role.MEMBER:
        person_id = args.get("on_behalf_of", actor.person)
        if person_id != actor.person and kind != GROUP_ADDRESS:
            raise Rejected("not_self")
    elif actor.role is Role.CHAIR:
        person_id = arg.text(args, "on_behalf_of")
    else:
        raise Rejected("not_chair")
    person = m.roster.person(person_id) if isinstance(person_id, str) else None  # type: ignore[union-attr]
    if person is None:
        raise Rejected("no_such_person", person=person_id)
    return person


def _may_speak(m: Meeting, queue: SpeakingQueue, person: Person, kind: str) -> None:
    """SQ-6: a councillor present and sitting, not disqualified (attendance says); an official
    with the right to speak gives speeches only."""
    if person.kind == "official":
        if kind not in (SPEECH, PRESENTATION):
            raise Rejected("not_for_officials", kind=kind)
        return
    try:
        may_act(m, person.id, queue.item)
    except Rejected as refusal:
        if refusal.code != "not_present" or m.rules.present_only_can_request:
            raise


def _has_priority(m: Meeting, queue: SpeakingQueue, person: Person) -> bool:
    """[KRS §17(2)]: the board chair and the mayor; a committee chair on the item their
    committee prepared."""
    roles = person.roles & set(m.rules.priority_roles)
    return bool(roles - {"committee_chair"}) or ("committee_chair" in roles and queue.preparer == person.id)


def _may_address_for_group(m: Meeting, queue: SpeakingQueue, actor: Actor, speaker: Person) -> None:
    """SQ-4: while the round is open, once per group, asked for by the group's chair."""
    rnd = _open_round(queue)
    if actor.role is Role.MEMBER and _chaired_group(m, actor) != speaker.group:
        raise Rejected("not_group_chair", group=speaker.group)
    _group_may_speak(queue, rnd, speaker.group)  # type: ignore[arg-type]


def _chaired_group(m: Meeting, actor: Actor) -> str | None:
    """The group whose chair (ryhmäpuheenjohtaja / gruppordförande) the member is."""
    person = m.roster.person(actor.person or "")  # type: ignore[union-attr]
    return person.group if person is not None and "group_chair" in person.roles else None


def _open_round(queue: SpeakingQueue) -> GroupRound:
    if queue.group_round is None or not queue.group_round.open:
        raise Rejected("no_group_round")
    return queue.group_round


def _group_may_speak(queue: SpeakingQueue, rnd: GroupRound, group: str) -> None:
    if group in rnd.spoke:
        raise Rejected("group_already_spoke", group=group)
    if group in rnd.passed:
        raise Rejected("group_passed", group=group)
    if any(r.group == group for r in queue.open_requests(GROUP_ADDRESS)):
        raise Rejected("group_already_waiting", group=group)


def _answerable(m: Meeting, queue: SpeakingQueue, speaker: Person) -> Speech:
    """The speech a reply would answer (SQ-3)."""
    speech = queue.answered
    if speech is None:
        raise Rejected("no_speech_to_reply_to")
    if speech.person == speaker.id and not m.rules.original_speaker_may_reply:
        raise Rejected("own_speech")
    return speech


def _room_for_reply(m: Meeting, queue: SpeakingQueue, request: Request) -> None:
    """`max_replies_per_speech` (SQ-3): replies accepted or given to one speech."""
    cap = m.rules.max_replies_per_speech
    taken = [r for r in queue.requests.values()
             if r.replies_to == request.replies_to and r.state in (WAITING, GIVEN)]
    if cap is not None and len(taken) >= cap:
        raise Rejected("too_many_replies", max=cap)


def _open_request(queue: SpeakingQueue, args: dict[str, Any]) -> Request:
    """The request named in the command, still waiting or awaiting the chair."""
    request_id = arg.text(args, "request")
    request = queue.requests.get(request_id)  # type: ignore[arg-type]
    if request is None:
        raise Rejected("no_such_request", request=request_id)
    if request.state == LAPSED and request.reason == REPLY_EXPIRED:
        raise Rejected("reply_expired", request=request.id)
    if request.state not in OPEN:
        raise Rejected("not_waiting", request=request.id)
    return request


def _lapsed(queue: SpeakingQueue, requests: list[Request], reason: str) -> list[Event]:
    if not requests:
        return []
    return [Event("requests_lapsed", {"item": queue.item, "requests": [r.id for r in requests],
                                      "reason": reason})]


def _group_order(m: Meeting, args: dict[str, Any], ctx: Context) -> tuple[list[str], list[dict[str, list[str]]]]:
    """The groups by size, largest first; ties by `group_size_tie_break` (SQ-4, C-11):
    alphabetically by name, by lot, or as the chair lists them. A lot is drawn now and kept
    with the order: for each size shared by several groups, who tied (by id) and the order
    drawn (arpa / lott), so that the screens and the minutes can say the lot decided."""
    roster = m.roster
    sizes = {g.id: roster.group_size(g.id) for g in roster.groups}  # type: ignore[union-attr]
    sizes = {g: size for g, size in sizes.items() if size}
    names = {g.id: g.name for g in roster.groups}  # type: ignore[union-attr]
    tie_break = m.rules.group_size_tie_break
    if tie_break == "lot":
        ties = shuffled(ctx.entropy, sorted(sizes))
    elif tie_break == "chair":
        ties = args.get("group_order")
        if not isinstance(ties, list) or not all(isinstance(g, str) for g in ties) \
                or sorted(ties) != sorted(sizes):  # sorting [1, "x"] would raise
            raise Rejected("bad_argument", field="group_order")
    else:
        ties = sorted(sizes, key=lambda g: (letters(names[g]), g))
    order = sorted(sizes, key=lambda g: (-sizes[g], ties.index(g)))
    if tie_break != "lot":
        return order, []
    tied = [[g for g in order if sizes[g] == size] for size in dict.fromkeys(sizes[g] for g in order)]
    return order, [{"tied": sorted(groups), "order": groups} for groups in tied if len(groups) > 1]


def _preparer(m: Meeting, args: dict[str, Any]) -> str | None:
    """The committee chair named as the chair of the body that prepared the item."""
    person_id = args.get("preparing_committee_chair")
    if person_id is None:
        return None
    person = m.roster.person(person_id) if isinstance(person_id, str) else None  # type: ignore[union-attr]
    if person is None or "committee_chair" not in person.roles:
        raise Rejected("bad_argument", field="preparing_committee_chair")
    return person.id


def _seconds(value: Any) -> bool:
    """A time limit: whole seconds, or None for no limit."""
    return value is None or (isinstance(value, int) and not isinstance(value, bool)
                             and 1 <= value <= MAX_SECONDS)


# --- applying events --------------------------------------------------------------------------


def _request(m: Meeting, ev: Recorded) -> Request:
    return m.speaking[ev.data["item"]].requests[ev.data["request"]]


def on_discussion_opened(m: Meeting, ev: Recorded) -> None:
    d = ev.data
    # A log written before the group round's lot was recorded has no `group_lots`: no lot to show.
    lots = [{"tied": list(lot["tied"]), "order": list(lot["order"])} for lot in d.get("group_lots", ())]
    rnd = GroupRound(list(d["group_order"]), lots) if d["group_order"] is not None else None
    m.speaking[d["item"]] = SpeakingQueue(d["item"], ev.at, rnd, dict(d["time_limits"]), d["preparer"])


def on_floor_requested(m: Meeting, ev: Recorded) -> None:
    d = ev.data
    m.speaking[d["item"]].requests[d["request"]] = Request(
        d["request"], d["number"], d["person"], d["kind"], ev.at, ev.actor, d["priority"], d["group"],
        d["replies_to"], AWAITING if d["awaiting"] else WAITING)


def on_request_withdrawn(m: Meeting, ev: Recorded) -> None:
    _request(m, ev).state = WITHDRAWN


def on_request_accepted(m: Meeting, ev: Recorded) -> None:
    _request(m, ev).state = WAITING


def on_request_refused(m: Meeting, ev: Recorded) -> None:
    request = _request(m, ev)
    request.state, request.reason = REFUSED, ev.data["reason"]


def on_request_removed(m: Meeting, ev: Recorded) -> None:
    request = _request(m, ev)
    request.state, request.reason = REMOVED, ev.data["reason"]


def on_request_moved(m: Meeting, ev: Recorded) -> None:
    queue = m.speaking[ev.data["item"]]
    request = queue.requests[ev.data["request"]]
    request.placed, request.reason = _placing(m, queue, request, ev.data["position"]), ev.data["reason"]


def on_requests_lapsed(m: Meeting, ev: Recorded) -> None:
    queue = m.speaking[ev.data["item"]]
    for request_id in ev.data["requests"]:
        queue.requests[request_id].state = LAPSED
        queue.requests[request_id].reason = ev.data["reason"]


def on_floor_given(m: Meeting, ev: Recorded) -> None:
    d = ev.data
    queue = m.speaking[d["item"]]
    request = queue.requests[d["request"]]
    request.state = GIVEN
    queue.speeches.append(Speech(
        d["speech"], request.person, request.kind, ev.at, d["limit"], ev.actor, request.by,
        item=queue.item, request=request.id, priority=request.priority, group=request.group,
        replies_to=request.replies_to))
    if request.kind == GROUP_ADDRESS:
        queue.group_round.spoke.append(request.group)  # type: ignore[union-attr, arg-type]


def on_speech_ended(m: Meeting, ev: Recorded) -> None:
    m.on_the_floor.ended_at = ev.at  # type: ignore[union-attr]


def on_speech_extended(m: Meeting, ev: Recorded) -> None:
    m.on_the_floor.extended += ev.data["seconds"]  # type: ignore[union-attr]


def on_speakers_list_closed(m: Meeting, ev: Recorded) -> None:
    m.speaking[ev.data["item"]].list_closed = True


def on_speakers_list_reopened(m: Meeting, ev: Recorded) -> None:
    m.speaking[ev.data["item"]].list_closed = False


def on_discussion_closed(m: Meeting, ev: Recorded) -> None:
    m.speaking[ev.data["item"]].ended_at = ev.at


def on_discussion_reopened(m: Meeting, ev: Recorded) -> None:
    m.speaking[ev.data["item"]].ended_at = None


def on_group_round_closed(m: Meeting, ev: Recorded) -> None:
    m.speaking[ev.data["item"]].group_round.closed = True  # type: ignore[union-attr]


def on_group_address_passed(m: Meeting, ev: Recorded) -> None:
    m.speaking[ev.data["item"]].group_round.passed.append(ev.data["group"])  # type: ignore[union-attr]


def on_time_limit_set(m: Meeting, ev: Recorded) -> None:
    m.speaking[ev.data["item"]].time_limits[ev.data["kind"]] = ev.data["seconds"]


COMMANDS = {
    "open_discussion": open_discussion,
    "request_floor": request_floor,
    "withdraw_request": withdraw_request,
    "give_floor": give_floor,
    "accept_request": accept_request,
    "refuse_request": refuse_request,
    "remove_request": remove_request,
    "move_request": move_request,
    "end_speech": end_speech,
    "extend_speech": extend_speech,
    "set_time_limit": set_time_limit,
    "pass_group_address": pass_group_address,
    "close_group_round": close_group_round,
    "close_speakers_list": close_speakers_list,
    "reopen_speakers_list": reopen_speakers_list,
    "close_discussion": close_discussion,
    "reopen_discussion": reopen_discussion,
}

APPLIERS = {
    "discussion_opened": on_discussion_opened,
    "floor_requested": on_floor_requested,
    "request_withdrawn": on_request_withdrawn,
    "request_accepted": on_request_accepted,
    "request_refused": on_request_refused,
    "request_removed": on_request_removed,
    "request_moved": on_request_moved,
    "requests_lapsed": on_requests_lapsed,
    "floor_given": on_floor_given,
    "speech_ended": on_speech_ended,
    "speech_extended": on_speech_extended,
    "time_limit_set": on_time_limit_set,
    "group_address_passed": on_group_address_passed,
    "group_round_closed": on_group_round_closed,
    "speakers_list_closed": on_speakers_list_closed,
    "speakers_list_reopened": on_speakers_list_reopened,
    "discussion_closed": on_discussion_closed,
    "discussion_reopened": on_discussion_reopened,
}
