"""The question hour (kyselytunti / frågestund): RULES.md §9, KT-1 and KT-3, [KRS §7].

Written questions before the deadline, taken in order of arrival unless the chair orders
otherwise; each answered, then at most two short follow-ups from the asker; no discussion.
"""

import json

from chamber.rules import Actor, Recorded, Role, replay
from chamber.rules.question_hour import question_hour_view, question_order
from chamber.rules.ruleset import RuleSet
from tests.factories import SECRETARY
from tests.rules.conftest import CHAIR, MEMBERS, Chamber, council_27, member, pid

EVERYONE = [pid(last) for names in MEMBERS.values() for last, _ in names]
WITH_QUESTION_HOUR = RuleSet(question_hour={"enabled": True})
BOARD = "mayor"  # answers for the board (kaupunginhallitus / stadsstyrelsen)


def council(rules: RuleSet = WITH_QUESTION_HOUR) -> Chamber:
    """The council before the meeting opens: questions come in beforehand."""
    return Chamber(council_27(), rules)


def file(chamber: Chamber, asker: str, text: str = "Milloin koulun remontti alkaa?", **args) -> str:
    [filed] = chamber.do(member(asker), "file_question", text=text, addressee=BOARD, **args)
    return filed.data["question"]


def sitting(chamber: Chamber) -> Chamber:
    """The meeting opened, everyone present, the items dealt with, the question hour begun."""
    chamber.do(CHAIR, "open_meeting")
    chamber.roll_call(EVERYONE)
    chamber.do(CHAIR, "start_question_hour")
    return chamber


def taken(chamber: Chamber, **args) -> str:
    [*_, event] = chamber.do(CHAIR, "take_question", **args)
    return event.data["question"]


def turn(chamber: Chamber, cmd: str, **args) -> dict:
    """An answer or a follow-up given and ended; its speech as recorded."""
    [given] = chamber.do(CHAIR, cmd, **args)
    chamber.do(CHAIR, "end_speech")
    return given.data


# --- KT-1 -------------------------------------------------------------------------------------------


def test_KT_1_questions_are_taken_in_order_of_arrival_and_the_chair_may_set_another_order():
    chamber = council()
    first, second, third = file(chamber, "laine"), file(chamber, "salo"), file(chamber, "forsman")
    assert [q.id for q in question_order(chamber.meeting)] == [first, second, third]
    chamber.do(CHAIR, "order_questions", order=[third, first, second])  # treating members equally
    assert [q.id for q in question_order(chamber.meeting)] == [third, first, second]
    sitting(chamber)
    assert [taken(chamber), taken(chamber), taken(chamber)] == [third, first, second]
    assert chamber.refused(CHAIR, "take_question") == "no_questions_left"


def test_KT_1_each_answer_may_be_followed_by_at_most_two_follow_ups_from_the_asker():
    chamber = council()
    question = file(chamber, "laine")
    sitting(chamber)
    assert chamber.refused(CHAIR, "give_answer") == "no_question_taken"
    taken(chamber)
    assert chamber.refused(CHAIR, "give_follow_up") == "answer_first"
    answer = turn(chamber, "give_answer")
    assert (answer["person"], answer["kind"], answer["question"]) == (BOARD, "answer", question)
    assert turn(chamber, "give_follow_up")["person"] == "laine"
    assert chamber.refused(CHAIR, "give_follow_up") == "answer_first"  # each after an answer
    turn(chamber, "give_answer", person="wikstrom")  # another answers for the board
    turn(chamber, "give_follow_up")
    turn(chamber, "give_answer")
    assert chamber.refused(CHAIR, "give_follow_up") == "too_many_follow_ups"
    hour = chamber.meeting.question_hour
    assert hour.turns_on(question) == ["answer", "follow_up", "answer", "follow_up", "answer"]
    assert question_hour_view(chamber.meeting)["current"]["follow_ups"] == 2


def test_KT_1_late_questions_and_those_not_reached_go_to_the_next_question_hour():
    chamber = council()
    on_time = file(chamber, "laine")
    not_reached = file(chamber, "forsman", lang="sv", text="När börjar renoveringen av skolan?")
    chamber.do(SECRETARY, "set_question_deadline", deadline=chamber.clock + 500)
    chamber.clock += 10_000
    late = file(chamber, "salo")
    sitting(chamber)
    assert chamber.refused(CHAIR, "take_question", question=late) == "question_deadline_passed"
    assert chamber.refused(CHAIR, "take_question", question="q9") == "no_such_question"
    assert [q.id for q in question_order(chamber.meeting)] == [on_time, not_reached]
    assert taken(chamber) == on_time
    turn(chamber, "give_answer")
    assert chamber.refused(CHAIR, "take_question", question=on_time) == "question_done"
    done, ended = chamber.do(CHAIR, "end_question_hour")
    assert done.data == {"question": on_time}
    assert ended.data == {"deferred": [not_reached]}
    view = question_hour_view(chamber.meeting)
    assert [q["question"] for q in view["deferred"]] == [not_reached, late]
    assert [q["question"] for q in view["answered"]] == [on_time]
    assert view["deferred"][0]["lang"] == "sv"
    assert chamber.refused(CHAIR, "start_question_hour") == "question_hour_held"
    assert chamber.refused(CHAIR, "take_question") == "question_hour_not_running"
    filed_after = file(chamber, "korhonen")
    assert chamber.meeting.question_hour.questions[filed_after].late is True


def test_KT_1_no_discussion_follows_and_the_hour_is_held_between_items():
    chamber = council()
    file(chamber, "laine")
    chamber.do(CHAIR, "open_meeting")
    chamber.roll_call(EVERYONE)
    chamber.do(CHAIR, "take_up_item", item=1)
    assert chamber.refused(CHAIR, "start_question_hour") == "item_still_open"
    chamber.do(CHAIR, "close_item")
    chamber.do(CHAIR, "start_question_hour")
    assert chamber.refused(CHAIR, "start_question_hour") == "question_hour_running"
    assert chamber.refused(member("salo"), "request_floor", kind="speech") == "no_current_item"
    assert chamber.refused(SECRETARY, "set_question_deadline", deadline=1) == "question_hour_running"


# --- KT-3 -------------------------------------------------------------------------------------------


def test_KT_3_answers_have_180_and_follow_ups_120_seconds_on_the_floor_with_no_vote():
    chamber = council()
    file(chamber, "laine")
    sitting(chamber)
    taken(chamber)
    chamber.do(CHAIR, "give_answer")
    speech = chamber.meeting.on_the_floor
    assert (speech.kind, speech.limit, speech.item, speech.question) == ("answer", 180, None, "q1")
    assert chamber.refused(CHAIR, "give_follow_up") == "speech_in_progress"
    assert chamber.refused(CHAIR, "take_question") == "speech_in_progress"
    assert chamber.refused(CHAIR, "end_question_hour") == "speech_in_progress"
    chamber.do(CHAIR, "extend_speech", seconds=30)
    assert speech.allowed == 210
    chamber.do(CHAIR, "end_speech")
    chamber.do(CHAIR, "give_follow_up")
    assert chamber.meeting.on_the_floor.limit == 120
    chamber.do(member("laine"), "end_speech")  # the asker is done
    view = question_hour_view(chamber.meeting)
    assert view["limit_seconds"] == 3600 and view["started_at"] is not None
    assert [t.id for t in chamber.meeting.question_hour.turns] == ["s1", "s2"]
    json.dumps(view)


def test_question_hour_limits_come_from_the_rule_set():
    chamber = council(RuleSet(question_hour={"enabled": True, "answer": 120, "follow_up": 60, "follow_ups": 1}))
    file(chamber, "laine")
    sitting(chamber)
    taken(chamber)
    assert turn(chamber, "give_answer")["limit"] == 120
    assert turn(chamber, "give_follow_up")["limit"] == 60
    turn(chamber, "give_answer")
    assert chamber.refused(CHAIR, "give_follow_up") == "too_many_follow_ups"


# --- who may do what ----------------------------------------------------------------------------------


def test_who_files_and_who_leads_the_question_hour():
    assert council(RuleSet()).refused(member("laine"), "file_question", text="?") == "no_question_hour"
    chamber = council()
    assert chamber.refused(member("laine"), "file_question", text="?", on_behalf_of="salo") == "not_self"
    assert chamber.refused(member("mayor"), "file_question", text="?") == "not_councillor"
    assert chamber.refused(member("laine"), "file_question", text=" ") == "bad_argument"
    assert chamber.refused(member("laine"), "file_question", text="?", addressee="nobody") == "no_such_person"
    assert chamber.refused(member("laine"), "file_question", text="?", lang="de") == "bad_argument"
    [entered] = chamber.do(SECRETARY, "file_question", text="Paperilla jätetty kysymys", on_behalf_of="salo")
    assert entered.data["person"] == "salo" and entered.actor == "secretary"
    assert chamber.refused(SECRETARY, "file_question", text="?") == "bad_argument"
    assert chamber.refused(member("laine"), "set_question_deadline", deadline=1) == "not_staff"
    assert chamber.refused(member("laine"), "order_questions", order=["q1"]) == "not_chair"
    assert chamber.refused(CHAIR, "order_questions", order=["q1", "q2"]) == "bad_argument"
    assert chamber.refused(CHAIR, "start_question_hour") == "meeting_not_open"
    sitting(chamber)
    assert chamber.refused(Actor(Role.MEMBER, "laine"), "take_question") == "not_chair"
    taken(chamber)  # Salo's question names no addressee: the chair names who answers
    assert chamber.refused(CHAIR, "give_answer") == "bad_argument"
    assert chamber.refused(CHAIR, "give_answer", person="nobody") == "no_such_person"
    turn(chamber, "give_answer", person=BOARD)
    chamber.do(SECRETARY, "record_departure", person="salo")
    assert chamber.refused(CHAIR, "give_follow_up") == "not_present"  # the asker must be there


def test_replaying_the_log_rebuilds_the_question_hour():
    chamber = council()
    file(chamber, "laine")
    file(chamber, "salo")
    sitting(chamber)
    taken(chamber)
    turn(chamber, "give_answer")
    turn(chamber, "give_follow_up")
    taken(chamber)
    chamber.do(CHAIR, "end_question_hour")
    log = json.loads(json.dumps([r.__dict__ for r in chamber.log]))
    rebuilt = replay([Recorded(**r) for r in log])
    assert rebuilt.question_hour == chamber.meeting.question_hour and rebuilt == chamber.meeting
