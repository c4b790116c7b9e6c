"""The question hour (kyselytunti / frågestund): RULES.md §9, [KRS §7].

Members put short written questions to the board, each on one matter of the town's
administration or finances, before the deadline the secretary announces (ten days before the
meeting in [KRS §7]). Questions filed later, and those not reached, go to the next question
hour. The council chair takes the questions in order of arrival unless the chair sets another
order, treating members equally. Each is answered (180 s), then the asker may put at most two
short follow-up questions (120 s), each after an answer; there is no discussion (KT-1, KT-3).
The answers and follow-ups are speeches on the floor, so the screens count them down and the
chair ends or extends them as any other (`speaking.end_speech`, `speaking.extend_speech`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import args as arg
from .attendance import may_act
from .errors import Rejected
from .events import Actor, Context, Event, Recorded, Role
from .lifecycle import require_sitting
from .meeting import CLOSED
from .rights import require_chair, require_staff
from .roster import LANGUAGES, Person
from .speaking import Speech, next_speech_id, speech_view

if TYPE_CHECKING:
    from .meeting import Meeting

ANSWER = "answer"  # vastaus / svar
FOLLOW_UP = "follow_up"  # lisäkysymys / tilläggsfråga

WAITING = "waiting"
CURRENT = "current"  # taken up: being answered
DONE = "done"
DEFERRED = "deferred"  # filed late or not reached: for the next question hour


@dataclass
class Question:
    """A written question (kysymys / fråga) to the board."""

    id: str
    number: int  # order of arrival
    person: str  # the asker
    text: str
    addressee: str | None  # who answers for the board (the mayor, the board chair), if named
    lang: str
    filed_at: int
    by: str  # the asker, or the secretary who entered the written question
    late: bool  # filed after the deadline or once the question hour had begun: deferred
    state: str = WAITING


@dataclass
class QuestionHour:
    """The question hour of the meeting: the questions, the deadline, the turns given."""

    questions: dict[str, Question] = field(default_factory=dict)
    deadline: int | None = None  # ms; None: any question filed before the start is in time
    arranged: list[str] = field(default_factory=list)  # the order the chair set
    started_at: int | None = None
    ended_at: int | None = None
    turns: list[Speech] = field(default_factory=list)  # answers and follow-ups, in order

    @property
    def running(self) -> bool:
        return self.started_at is not None and self.ended_at is None

    @property
    def current(self) -> Question | None:
        return next((q for q in self.questions.values() if q.state == CURRENT), None)

    @property
    def turn(self) -> Speech | None:
        """The answer or follow-up on the floor."""
        last = self.turns[-1] if self.turns else None
        return last if last is not None and last.ended_at is None else None

    def turns_on(self, question: str) -> list[str]:
        """The kinds of the turns given on a question, in order."""
        return [t.kind for t in self.turns if t.question == question]


# --- queries ------------------------------------------------------------------------------------


def question_order(m: Meeting) -> list[Question]:
    """The questions still to be answered at this question hour: as the chair ordered them,
    then the rest in order of arrival."""
    hour = _hour(m)
    waiting = {q.id: q for q in hour.questions.values() if q.state == WAITING}
    first = [waiting[q] for q in hour.arranged if q in waiting]
    return first + sorted((q for q in waiting.values() if q.id not in hour.arranged), key=lambda q: q.number)


def question_hour_view(m: Meeting) -> dict[str, Any]:
    """What the screens and the chair's console show of the question hour."""
    hour = _hour(m)
    rules = m.rules.question_hour
    current = hour.current
    turn = hour.turn
    return {
        "enabled": rules["enabled"],
        "deadline": hour.deadline,
        "started_at": hour.started_at,
        "ended_at": hour.ended_at,
        "limit_seconds": rules["total"],
        "current": None if current is None else {
            **_question_view(hour, current), "turn": speech_view(turn) if turn else None},
        "waiting": [_question_view(hour, q) for q in question_order(m)],
        "deferred": [_question_view(hour, q) for q in hour.questions.values() if q.state == DEFERRED],
        "answered": [_question_view(hour, q) for q in hour.questions.values() if q.state == DONE],
    }


def _question_view(hour: QuestionHour, q: Question) -> dict[str, Any]:
    return {"question": q.id, "person": q.person, "by": q.by, "text": q.text, "addressee": q.addressee,
            "lang": q.lang, "filed_at": q.filed_at, "late": q.late, "state": q.state,
            "follow_ups": hour.turns_on(q.id).count(FOLLOW_UP)}


# --- deciding commands --------------------------------------------------------------------------


def set_question_deadline(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The secretary or the chair records the deadline for written questions (ms)."""
    require_staff(actor)
    _not_yet_begun(_enabled(m))
    deadline = arg.integer(args, "deadline")
    return [Event("question_deadline_set", {"deadline": deadline})]


def file_question(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """A member files a written question from the phone, or the secretary enters one handed in
    on paper (`on_behalf_of`). A late question is kept for the next question hour."""
    hour = _enabled(m)
    if m.phase == CLOSED:
        raise Rejected("meeting_closed")
    asker = _asker(m, actor, args)
    addressee = args.get("addressee")
    if addressee is not None and (not isinstance(addressee, str) or m.roster.person(addressee) is None):  # type: ignore[union-attr]
        raise Rejected("no_such_person", person=addressee)
    lang = arg.choice(args, "lang", LANGUAGES) if "lang" in args else asker.lang
    late = (hour.deadline is not None and ctx.at > hour.deadline) or hour.started_at is not None
    number = len(hour.questions) + 1
    return [Event("question_filed", {
        "question": f"q{number}", "number": number, "person": asker.id, "text": arg.text(args, "text"),
        "addressee": addressee, "lang": lang, "late": late,
    })]


def order_questions(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The chair sets the order of the questions still to be answered ([KRS §7])."""
    require_chair(actor)
    hour = _enabled(m)
    if hour.ended_at is not None:
        raise Rejected("question_hour_held")
    given = arg.ids(args, "order")
    if set(given) != {q.id for q in question_order(m)}:
        raise Rejected("bad_argument", field="order")
    return [Event("questions_ordered", {"order": given})]


def start_question_hour(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The council chair opens the question hour, between items (after them unless the council
    decides otherwise)."""
    require_chair(actor)
    _not_yet_begun(_enabled(m))
    require_sitting(m)
    if m.current is not None:
        raise Rejected("item_still_open", item=m.current.number)
    return [Event("question_hour_started", {})]


def take_question(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The chair takes up the next question, or the one named; the one before is done."""
    hour = _running(m, actor)
    if "question" in args:
        question = _question(hour, args)
        if question.late:
            raise Rejected("question_deadline_passed", question=question.id)
        if question.state != WAITING:
            raise Rejected("question_done", question=question.id)
    else:
        waiting = question_order(m)
        if not waiting:
            raise Rejected("no_questions_left")
        question = waiting[0]
    return [*_finished(hour), Event("question_taken", {"question": question.id})]


def give_answer(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The board answers (the addressee, or the `person` the chair names), KT-3: 180 s."""
    hour = _running(m, actor)
    question = _taken(hour)
    person_id = args.get("person", question.addressee)
    if person_id is None:
        raise Rejected("bad_argument", field="person")
    if not isinstance(person_id, str) or m.roster.person(person_id) is None:  # type: ignore[union-attr]
        raise Rejected("no_such_person", person=person_id)
    return [_turn(m, question, person_id, ANSWER)]


def give_follow_up(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The asker puts a short follow-up question after an answer, at most two (KT-1): 120 s."""
    hour = _running(m, actor)
    question = _taken(hour)
    turns = hour.turns_on(question.id)
    if not turns or turns[-1] != ANSWER:
        raise Rejected("answer_first", question=question.id)
    most = m.rules.question_hour["follow_ups"]
    if turns.count(FOLLOW_UP) >= most:
        raise Rejected("too_many_follow_ups", max=most)
    may_act(m, question.person, None)
    return [_turn(m, question, question.person, FOLLOW_UP)]


def end_question_hour(m: Meeting, actor: Actor, args: dict[str, Any], ctx: Context) -> list[Event]:
    """The chair closes the question hour; questions not reached go to the next one."""
    hour = _running(m, actor)
    deferred = [q.id for q in hour.questions.values() if q.state == WAITING]
    return [*_finished(hour), Event("question_hour_ended", {"deferred": deferred})]


def _enabled(m: Meeting) -> QuestionHour:
    if not m.rules.question_hour["enabled"]:
        raise Rejected("no_question_hour")
    return _hour(m)


def _hour(m: Meeting) -> QuestionHour:
    """The question hour as recorded so far (empty before its first event)."""
    return m.question_hour if m.question_hour is not None else QuestionHour()


def _not_yet_begun(hour: QuestionHour) -> None:
    if hour.running:
        raise Rejected("question_hour_running")
    if hour.ended_at is not None:
        raise Rejected("question_hour_held")


def _running(m: Meeting, actor: Actor) -> QuestionHour:
    """The question hour under way, the meeting sitting, the chair acting, nobody on the floor."""
    require_chair(actor)
    require_sitting(m)
    hour = _enabled(m)
    if not hour.running:
        raise Rejected("question_hour_not_running")
    if m.on_the_floor is not None:
        raise Rejected("speech_in_progress")
    return hour


def _taken(hour: QuestionHour) -> Question:
    question = hour.current
    if question is None:
        raise Rejected("no_question_taken")
    return question


def _question(hour: QuestionHour, args: dict[str, Any]) -> Question:
    question_id = arg.text(args, "question")
    question = hour.questions.get(question_id)  # type: ignore[arg-type]
    if question is None:
        raise Rejected("no_such_question", question=question_id)
    return question


def _asker(m: Meeting, actor: Actor, args: dict[str, Any]) -> Person:
    """A councillor asks for themselves; the secretary or the chair enters a written question."""
    if actor.role is Role.MEMBER:
        if args.get("on_behalf_of", actor.person) != actor.person:
            raise Rejected("not_self")
        person_id = actor.person
    else:
        require_staff(actor)
        person_id = arg.text(args, "on_behalf_of")
    person = m.roster.person(person_id or "")  # type: ignore[union-attr]
    if person is None:
        raise Rejected("no_such_person", person=person_id)
    if person.kind == "official":
        raise Rejected("not_councillor", person=person.id)
    return person


def _finished(hour: QuestionHour) -> list[Event]:
    current = hour.current
    return [Event("question_done", {"question": current.id})] if current else []


def _turn(m: Meeting, question: Question, person: str, kind: str) -> Event:
    return Event("question_turn_given", {"question": question.id, "speech": next_speech_id(m),
                                         "person": person, "kind": kind,
                                         "limit": m.rules.question_hour[kind]})


# --- applying events ----------------------------------------------------------------------------


def _recorded(m: Meeting) -> QuestionHour:
    if m.question_hour is None:
        m.question_hour = QuestionHour()
    return m.question_hour


def on_question_deadline_set(m: Meeting, ev: Recorded) -> None:
    _recorded(m).deadline = ev.data["deadline"]


def on_question_filed(m: Meeting, ev: Recorded) -> None:
    d = ev.data
    _recorded(m).questions[d["question"]] = Question(
        d["question"], d["number"], d["person"], d["text"], d["addressee"], d["lang"], ev.at, ev.actor,
        d["late"], DEFERRED if d["late"] else WAITING)


def on_questions_ordered(m: Meeting, ev: Recorded) -> None:
    _recorded(m).arranged = list(ev.data["order"])


def on_question_hour_started(m: Meeting, ev: Recorded) -> None:
    _recorded(m).started_at = ev.at


def on_question_taken(m: Meeting, ev: Recorded) -> None:
    _recorded(m).questions[ev.data["question"]].state = CURRENT


def on_question_done(m: Meeting, ev: Recorded) -> None:
    _recorded(m).questions[ev.data["question"]].state = DONE


def on_question_turn_given(m: Meeting, ev: Recorded) -> None:
    d = ev.data
    _recorded(m).turns.append(Speech(d["speech"], d["person"], d["kind"], ev.at, d["limit"], ev.actor,
                                     question=d["question"]))


def on_question_hour_ended(m: Meeting, ev: Recorded) -> None:
    hour = _recorded(m)
    hour.ended_at = ev.at
    for question_id in ev.data["deferred"]:
        hour.questions[question_id].state = DEFERRED


COMMANDS = {
    "set_question_deadline": set_question_deadline,
    "file_question": file_question,
    "order_questions": order_questions,
    "start_question_hour": start_question_hour,
    "take_question": take_question,
    "give_answer": give_answer,
    "give_follow_up": give_follow_up,
    "end_question_hour": end_question_hour,
}

APPLIERS = {
    "question_deadline_set": on_question_deadline_set,
    "question_filed": on_question_filed,
    "questions_ordered": on_questions_ordered,
    "question_hour_started": on_question_hour_started,
    "question_taken": on_question_taken,
    "question_done": on_question_done,
    "question_turn_given": on_question_turn_given,
    "question_hour_ended": on_question_hour_ended,
}
