"""Attendance (läsnäolo / närvaro): roll call, absence and substitutes, disqualification,
arrivals and departures, and the right to act derived from them (RULES.md §2.1, §2.3, §3.1, §15).

Commands go in through `decide`, events come out and are applied (h11 style); rights are asked of
`may_act`, which the vote and floor commands call.
"""

import copy
import inspect
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chamber.i18n import messages
from chamber.rules import Actor, Command, Context, Recorded, Rejected, Role, attendance, decide, replay
from chamber.rules.attendance import (
    Movement,
    eligible_voters,
    may_act,
    next_substitute,
    present_count,
    quorum_status,
    roll_call_order,
)
from chamber.rules.ruleset import RuleSet
from tests.factories import SECRETARY
from tests.rules.conftest import CHAIR, MEMBERS, Chamber, board_with_deputies, council_27, member, pid

EVERYONE = [pid(last) for names in MEMBERS.values() for last, _ in names]

ROLL_CALL_ORDER = ["Aaltonen", "Ahonen", "Björk", "Forsman", "Heikkinen", "Hämäläinen", "Järvinen",
                   "Korhonen", "Koskinen", "Laine", "Lehtonen", "Lindén", "Linden", "Müller", "Myllymäki",
                   "Mäkinen", "Nieminen", "Salo", "Sundqvist", "Virtanen", "Wikström", "Ylönen",
                   "Zetterberg", "Åberg", "Ärlig", "Öhman", "Östman"]


def refusal(chamber: Chamber, person: str, item: int | None) -> str | None:
    """The code `may_act` refuses the person with on the item, or None when they may act."""
    try:
        may_act(chamber.meeting, person, item)
    except Rejected as rejection:
        return rejection.code
    return None


def everyone_but(*absent: str) -> list[str]:
    return [p for p in EVERYONE if p not in absent]


# --- roll call (nimenhuuto / namnupprop) -------------------------------------------------------


def test_the_roll_call_names_the_members_alphabetically_with_a_a_o_after_z(council):
    [started] = council.do(CHAIR, "start_roll_call")
    assert started.data == {"number": 1, "called": [pid(n) for n in ROLL_CALL_ORDER], "during": None}
    assert roll_call_order(council.meeting) == started.data["called"]


def test_a_substitute_called_for_the_meeting_is_named_in_the_members_stead(council):
    council.do(member("ohman"), "report_absence")
    council.do(SECRETARY, "seat_substitute", member="ohman")
    called = roll_call_order(council.meeting)
    assert "ohman" not in called and called[:4] == ["aaltonen", "ahonen", "berg", "bjork"]


def test_members_answer_from_their_phones_and_those_not_answering_are_found_absent(council):
    council.do(CHAIR, "start_roll_call")
    council.do(member("laine"), "confirm_presence")
    council.do(SECRETARY, "mark_present", person="korhonen")
    council.do(SECRETARY, "mark_present", person="salo")
    council.do(CHAIR, "mark_absent", person="salo")  # a correction
    [ended] = council.do(CHAIR, "end_roll_call")
    assert set(ended.data["absent"]) == set(EVERYONE) - {"laine", "korhonen", "salo"}
    assert council.meeting.attendance.present == {"laine", "korhonen"}
    call = council.meeting.attendance.roll_calls[0]
    assert call.answers["laine"] is True and call.answers["salo"] is False and call.ended_at == council.clock
    assert council.refused(member("salo"), "confirm_presence") == "roll_call_not_open"


def test_the_roll_call_refuses_with_its_codes(council):
    assert council.refused(SECRETARY, "mark_present", person="laine") == "roll_call_not_open"
    assert council.refused(CHAIR, "end_roll_call") == "roll_call_not_open"
    assert council.refused(member("laine"), "start_roll_call") == "not_chair"
    assert council.refused(SECRETARY, "start_roll_call") == "not_chair"
    council.do(CHAIR, "start_roll_call")
    assert council.refused(CHAIR, "start_roll_call") == "roll_call_open"
    assert council.refused(CHAIR, "declare_quorum") == "roll_call_open"
    assert council.refused(member("berg"), "confirm_presence") == "not_called"
    assert council.refused(member("laine"), "mark_present", person="laine") == "not_staff"
    assert council.refused(SECRETARY, "confirm_presence") == "not_councillor"
    assert council.refused(SECRETARY, "mark_present", person="mayor") == "not_councillor"
    assert council.refused(SECRETARY, "mark_present", person="nobody") == "no_such_person"
    assert council.refused(SECRETARY, "mark_present") == "bad_argument"


def test_the_roll_call_waits_for_the_meeting_to_open_and_for_the_end_of_a_break():
    chamber = Chamber(council_27())
    assert chamber.refused(CHAIR, "start_roll_call") == "meeting_not_open"
    chamber.do(CHAIR, "open_meeting")
    chamber.roll_call(EVERYONE)
    chamber.do(CHAIR, "recess")
    assert chamber.refused(CHAIR, "start_roll_call") == "meeting_in_recess"
    chamber.do(CHAIR, "resume")
    chamber.roll_call(EVERYONE[:20])  # a new roll call after the break establishes presence anew
    assert present_count(chamber.meeting, None) == 20
    assert [c.number for c in chamber.meeting.attendance.roll_calls] == [1, 2]


def test_the_chair_declares_lawfulness_and_quorum_after_the_roll_call(council):
    assert council.refused(CHAIR, "declare_quorum") == "no_roll_call"
    council.roll_call(EVERYONE[:18])
    assert council.refused(SECRETARY, "declare_quorum") == "not_chair"
    assert council.refused(CHAIR, "declare_quorum", lawful="yes") == "bad_argument"
    [declared] = council.do(CHAIR, "declare_quorum")
    assert declared.data == {"lawful": True, "present": 18, "seats": 27, "needed": 18, "quorate": True,
                             "during": None}
    council.do(SECRETARY, "record_departure", person=EVERYONE[0])
    [declared] = council.do(CHAIR, "declare_quorum", lawful=True)
    assert declared.data["quorate"] is False and declared.data["present"] == 17
    assert [d.quorate for d in council.meeting.attendance.declarations] == [True, False]


# --- absence and substitutes (varavaltuutetut / ersättare) --------------------------------------


def test_a_reported_absence_proposes_the_groups_first_substitute_and_the_secretary_seats_them(council):
    [reported] = council.do(member("ohman"), "report_absence")
    assert reported.type == "absence_reported" and reported.data == {"person": "ohman"}
    assert next_substitute(council.meeting, "ohman") == "berg"
    [seated] = council.do(SECRETARY, "seat_substitute", member="ohman")
    assert seated.data == {"substitute": "berg", "member": "ohman", "item": None, "during": None}


def test_substitute_order_passes_over_the_first_already_seated_and_one_who_cannot_come(council):
    council.do(SECRETARY, "report_absence", person="aberg")
    council.do(SECRETARY, "seat_substitute", member="aberg")  # Berg, first in KOK's order
    council.do(member("ohman"), "report_absence")
    assert next_substitute(council.meeting, "ohman") == "kallio"  # second in order
    council.do(member("kallio"), "report_absence")  # LAW-8: the next is asked when one cannot come
    assert next_substitute(council.meeting, "ohman") == "rask"  # third
    code = council.refused(SECRETARY, "seat_substitute", member="ohman", substitute="berg")
    assert code == "substitute_already_seated"
    assert council.refused(SECRETARY, "seat_substitute", member="ohman", substitute="kallio") == "substitute_unavailable"
    assert council.refused(SECRETARY, "seat_substitute", member="ohman", substitute="granqvist") == "wrong_group"
    assert council.refused(SECRETARY, "seat_substitute", member="ohman", substitute="laine") == "not_substitute"
    assert council.refused(SECRETARY, "seat_substitute", member="berg") == "not_member"
    [seated] = council.do(CHAIR, "seat_substitute", member="ohman")
    assert seated.data["substitute"] == "rask"
    assert council.refused(SECRETARY, "seat_substitute", member="ohman", substitute="strom") == "already_replaced"
    assert council.refused(member("ohman"), "seat_substitute", member="ohman") == "not_staff"


def test_a_substitute_cannot_sit_for_two_members_at_once(council):
    council.do(SECRETARY, "report_absence", person="aberg")
    council.do(SECRETARY, "report_absence", person="ohman")
    council.do(SECRETARY, "seat_substitute", member="aberg", substitute="kallio")
    try:
        decide(council.meeting, SECRETARY, Command("seat_substitute", {"member": "ohman", "substitute": "kallio"}),
               Context(council.clock))
    except Rejected as rejection:
        assert rejection.code == "substitute_already_seated"
        assert rejection.params == {"substitute": "kallio", "member": "aberg"}
    else:
        raise AssertionError("seated twice")
    assert next_substitute(council.meeting, "ohman") == "berg"


def test_no_substitute_is_available_when_the_group_has_none_left(council):
    for absent in ("jarvinen", "lehtonen", "bjork"):  # KESK: 4 members, 2 substitutes
        council.do(SECRETARY, "report_absence", person=absent)
    council.do(SECRETARY, "seat_substitute", member="jarvinen")
    council.do(SECRETARY, "seat_substitute", member="lehtonen")
    assert next_substitute(council.meeting, "bjork") is None
    assert council.refused(SECRETARY, "seat_substitute", member="bjork") == "no_substitute_available"


def test_a_board_calls_the_members_own_personal_deputy():
    board = Chamber(board_with_deputies(9), RuleSet(body="board"))
    chair = Actor(Role.CHAIR, "b1")
    board.do(chair, "open_meeting")
    board.do(member("b3"), "report_absence")
    board.do(member("b4"), "report_absence")
    assert next_substitute(board.meeting, "b3") == "d3" and next_substitute(board.meeting, "b4") == "d4"
    board.do(member("d3"), "report_absence")
    assert next_substitute(board.meeting, "b3") is None  # never another member's deputy
    assert board.refused(SECRETARY, "seat_substitute", member="b3") == "no_substitute_available"
    assert board.refused(SECRETARY, "seat_substitute", member="b4", substitute="d5") == "not_personal_deputy"
    board.do(SECRETARY, "seat_substitute", member="b4")
    assert "d4" in roll_call_order(board.meeting) and "b4" not in roll_call_order(board.meeting)
    board.roll_call(["b1", "b2", "d4", "b5", "b6"], chair=chair)
    assert quorum_status(board.meeting, None) == {"present": 5, "seats": 9, "needed": 5, "quorate": True}
    assert refusal(board, "d4", 1) is None and refusal(board, "b4", 1) == "replaced"


# --- the right to act ----------------------------------------------------------------------------


def test_absent_disqualified_and_replaced_members_are_refused_and_the_substitute_accepted(council):
    council.do(member("ohman"), "report_absence")
    council.do(SECRETARY, "seat_substitute", member="ohman")  # Berg
    council.roll_call(everyone_but("ohman", "wikstrom") + ["berg"])
    council.do(member("salo"), "declare_disqualification", item=3)
    council.do(CHAIR, "take_up_item", item=3)
    assert refusal(council, "wikstrom", 3) == "not_present"
    assert refusal(council, "salo", 3) == "disqualified"
    assert refusal(council, "ohman", 3) == "replaced"
    assert refusal(council, "berg", 3) is None
    assert refusal(council, "laine", 3) is None
    assert refusal(council, "kallio", 3) == "not_seated"
    assert refusal(council, "mayor", 3) == "not_councillor"
    assert refusal(council, "nobody", 3) == "no_such_person"
    voters = eligible_voters(council.meeting, 3)
    assert "berg" in voters and not {"ohman", "wikstrom", "salo"} & set(voters) and len(voters) == 25
    assert voters == [p for p in roll_call_order(council.meeting) if p in voters]


def test_refusals_carry_the_reason_and_its_parameters(council):
    council.roll_call(EVERYONE)
    council.do(member("salo"), "declare_disqualification", item=3)
    with pytest.raises(Rejected) as refused:
        may_act(council.meeting, "salo", 3)
    assert refused.value.params == {"person": "salo", "item": 3}


# --- disqualification (esteellisyys / jäv) -------------------------------------------------------


def test_disqualification_is_for_one_item_only_and_a_substitute_may_sit_for_that_item(council):
    council.roll_call(EVERYONE)
    [declared] = council.do(member("laine"), "declare_disqualification", item=5)
    assert declared.data == {"person": "laine", "item": 5, "basis": "declared"}
    assert [refusal(council, "laine", n) for n in (4, 5, 6, None)] == [None, "disqualified", None, None]
    assert present_count(council.meeting, 5) == 26 and present_count(council.meeting, 4) == 27
    council.do(CHAIR, "take_up_item", item=5)
    council.do(SECRETARY, "record_departure", person="laine")  # leaves the room (LAW-9)
    [seated] = council.do(CHAIR, "seat_substitute", member="laine", item=5)
    assert seated.data == {"substitute": "kivela", "member": "laine", "item": 5, "during": 5}
    assert refusal(council, "kivela", 5) == "not_present"
    council.do(SECRETARY, "record_arrival", person="kivela")
    assert refusal(council, "kivela", 5) is None and refusal(council, "kivela", 6) == "not_seated"
    assert present_count(council.meeting, 5) == 27
    assert next_substitute(council.meeting, "salo") == "rantanen"  # Kivelä sits for item 5
    council.do(CHAIR, "close_item")
    assert next_substitute(council.meeting, "salo") == "kivela"  # free again once item 5 is closed
    council.do(CHAIR, "take_up_item", item=6)
    council.do(SECRETARY, "record_arrival", person="laine")  # returns
    assert refusal(council, "laine", 6) is None
    assert [(m.person, m.kind, m.during) for m in council.meeting.attendance.movements] == [
        ("laine", "departed", 5), ("kivela", "arrived", 5), ("laine", "arrived", 6)]


def test_the_chair_records_a_disqualification_the_council_decided(council):
    [declared] = council.do(CHAIR, "declare_disqualification", person="laine", item=2, basis="council")
    assert declared.data["basis"] == "council"
    assert council.refused(member("laine"), "end_disqualification", item=2) == "not_chair"
    [ended] = council.do(CHAIR, "end_disqualification", person="laine", item=2)
    assert council.meeting.attendance.disqualified == {}
    [record] = council.meeting.attendance.disqualifications  # the record keeps it, with its end
    assert (record.person, record.item, record.basis, record.declared_at, record.ended_at) == (
        "laine", 2, "council", declared.at, ended.at)
    council.do(member("laine"), "declare_disqualification", item=2)  # declared again: a second record
    assert [(d.basis, d.ended_at is None) for d in council.meeting.attendance.disqualifications] == [
        ("council", False), ("declared", True)]
    assert replay(council.log).attendance == council.meeting.attendance
    assert council.refused(CHAIR, "declare_disqualification", person="salo", item=2, basis="x") == "bad_argument"


def test_disqualification_refusals(council):
    assert council.refused(member("laine"), "declare_disqualification", person="salo", item=3) == "not_self"
    assert council.refused(SECRETARY, "declare_disqualification", person="salo", item=3) == "not_chair"
    assert council.refused(member("laine"), "declare_disqualification", item=99) == "no_such_item"
    assert council.refused(member("laine"), "declare_disqualification") == "bad_argument"
    council.do(member("laine"), "declare_disqualification", item=3)
    assert council.refused(member("laine"), "declare_disqualification", item=3) == "already_disqualified"
    assert council.refused(member("laine"), "end_disqualification", item=4) == "not_disqualified"
    council.do(CHAIR, "take_up_item", item=4)
    council.do(CHAIR, "close_item")
    assert council.refused(member("salo"), "declare_disqualification", item=4) == "item_closed"


def test_ending_a_disqualification_sends_the_substitute_for_that_item_away(council):
    council.roll_call(EVERYONE)
    council.do(member("laine"), "declare_disqualification", item=2)
    council.do(SECRETARY, "seat_substitute", member="laine", item=2)
    events = council.do(member("laine"), "end_disqualification", item=2)
    assert [(e.type, e.data.get("substitute")) for e in events] == [
        ("disqualification_ended", None), ("substitute_released", "kivela")]
    assert refusal(council, "laine", 2) is None and next_substitute(council.meeting, "salo") == "kivela"


def test_a_substitute_for_one_item_needs_someone_disqualified_on_it(council):
    council.roll_call(EVERYONE)
    assert council.refused(SECRETARY, "seat_substitute", member="laine", item=2) == "not_disqualified"
    assert council.refused(SECRETARY, "seat_substitute", member="laine") == "member_present"
    council.do(member("laine"), "declare_disqualification", item=2)
    council.do(SECRETARY, "seat_substitute", member="laine", item=2)
    assert council.refused(SECRETARY, "seat_substitute", member="laine", item=2) == "already_replaced"


def test_a_disqualified_substitute_is_replaced_for_that_item_by_the_next_one(council):
    council.do(member("ohman"), "report_absence")
    council.do(SECRETARY, "seat_substitute", member="ohman")  # Berg for the meeting
    council.roll_call(everyone_but("ohman") + ["berg"])
    council.do(member("berg"), "declare_disqualification", item=4)
    [seated] = council.do(CHAIR, "seat_substitute", member="ohman", item=4)
    assert seated.data["substitute"] == "kallio"
    council.do(SECRETARY, "record_arrival", person="kallio")
    assert refusal(council, "kallio", 4) is None and refusal(council, "berg", 4) == "disqualified"
    assert refusal(council, "berg", 3) is None and refusal(council, "kallio", 3) == "not_seated"
    assert present_count(council.meeting, 4) == 27


# --- arrivals and departures, and LAW-10 -------------------------------------------------------------


def test_arrivals_and_departures_are_recorded_with_their_time_and_item():
    chamber = Chamber(council_27())
    assert chamber.refused(SECRETARY, "record_arrival", person="salo") == "meeting_not_open"
    chamber.do(CHAIR, "open_meeting")
    chamber.roll_call(EVERYONE)
    chamber.do(CHAIR, "take_up_item", item=3)
    chamber.do(SECRETARY, "record_departure", person="salo")
    left = chamber.clock
    assert chamber.refused(SECRETARY, "record_departure", person="salo") == "not_present"
    chamber.do(CHAIR, "take_up_item", item=4)
    [arrived] = chamber.do(SECRETARY, "record_arrival", person="salo")
    assert chamber.refused(CHAIR, "record_arrival", person="salo") == "already_present"
    assert chamber.meeting.attendance.movements == [Movement("salo", "departed", left, 3),
                                                    Movement("salo", "arrived", arrived.at, 4)]
    assert chamber.refused(member("salo"), "record_arrival", person="salo") == "not_staff"
    assert chamber.refused(SECRETARY, "record_arrival", person="kivela") == "not_seated"  # a substitute not called in


def test_the_roll_call_records_whom_it_calls():
    chamber = Chamber(council_27())
    chamber.do(CHAIR, "open_meeting")
    chamber.do(CHAIR, "start_roll_call")
    assert chamber.refused(SECRETARY, "record_arrival", person="salo") == "roll_call_open"
    chamber.do(SECRETARY, "mark_present", person="salo")
    assert "salo" in chamber.meeting.attendance.present


def test_a_member_arriving_late_takes_over_from_the_substitute_at_the_next_item(council):
    council.do(member("ohman"), "report_absence")
    council.do(SECRETARY, "seat_substitute", member="ohman")
    council.roll_call(everyone_but("ohman") + ["berg"])
    council.do(CHAIR, "take_up_item", item=2)
    events = council.do(SECRETARY, "record_arrival", person="ohman")
    assert [(e.type, e.data) for e in events] == [
        ("arrived", {"person": "ohman", "during": 2}),
        ("substitute_finishing_item", {"substitute": "berg", "member": "ohman", "item": 2})]
    assert refusal(council, "ohman", 2) == "replaced" and refusal(council, "berg", 2) is None
    assert present_count(council.meeting, 2) == 27
    council.do(CHAIR, "close_item")
    council.do(CHAIR, "take_up_item", item=3)
    assert refusal(council, "ohman", 3) is None and refusal(council, "berg", 3) == "not_seated"
    assert present_count(council.meeting, 3) == 27
    assert next_substitute(council.meeting, "wikstrom") == "berg"  # free again


@pytest.mark.parametrize("timing, during", [("immediate", 2), ("next_item", None)])
def test_the_substitute_leaves_at_once_between_items_or_with_immediate_swap(timing, during):
    chamber = Chamber(council_27(), RuleSet(substitute_swap_timing=timing))
    chamber.do(CHAIR, "open_meeting")
    chamber.do(member("ohman"), "report_absence")
    chamber.do(SECRETARY, "seat_substitute", member="ohman")
    chamber.roll_call(everyone_but("ohman") + ["berg"])
    if during:
        chamber.do(CHAIR, "take_up_item", item=during)
    events = chamber.do(SECRETARY, "record_arrival", person="ohman")
    assert [e.type for e in events] == ["arrived", "substitute_released"]
    assert refusal(chamber, "ohman", during) is None and refusal(chamber, "berg", during) == "not_seated"


def test_the_secretary_releases_a_substitute(council):
    assert council.refused(SECRETARY, "release_substitute", substitute="berg") == "not_seated"
    council.do(SECRETARY, "report_absence", person="ohman")
    council.do(SECRETARY, "seat_substitute", member="ohman")
    assert council.refused(member("berg"), "release_substitute", substitute="berg") == "not_staff"
    [released] = council.do(SECRETARY, "release_substitute", substitute="berg")
    assert released.data == {"substitute": "berg", "member": "ohman", "during": None}
    assert council.meeting.attendance.substitutions[0].released_at == council.clock


def test_absence_notices_and_their_refusals(council):
    assert council.refused(member("laine"), "report_absence", person="salo") == "not_self"
    council.do(member("laine"), "report_absence", person="laine")
    council.do(SECRETARY, "report_absence", person="salo")
    assert council.refused(member("salo"), "report_absence") == "absence_already_reported"
    assert council.refused(SECRETARY, "report_absence", person="mayor") == "not_councillor"
    assert council.refused(SECRETARY, "report_absence") == "bad_argument"
    council.roll_call(["korhonen"])
    assert council.refused(member("korhonen"), "report_absence") == "already_present"
    assert set(council.meeting.attendance.absence_notices) == {"laine", "salo"}
    council.do(CHAIR, "close_meeting")
    assert council.refused(member("ohman"), "report_absence") == "meeting_closed"


def test_display_and_public_connections_change_nothing(council):
    assert council.refused(Actor(Role.DISPLAY), "start_roll_call") == "read_only"
    assert council.refused(Actor(Role.PUBLIC), "report_absence", person="salo") == "read_only"


def test_every_reason_code_has_a_message_in_finnish_swedish_and_english():
    source = inspect.getsource(attendance)
    codes = set(re.findall(r'Rejected\("(\w+)"', source)) | {"not_personal_deputy", "wrong_group"}
    catalog = messages()
    for code in codes:
        assert set(catalog[code]) == {"fi", "sv", "en"}, code
        assert all(text.strip() for text in catalog[code].values()), code


# --- replay (the log alone rebuilds the state) ---------------------------------------------------

FROM_THE_PHONE = ("confirm_presence", "report_absence", "declare_disqualification", "end_disqualification")
CHAIRS = ("start_roll_call", "end_roll_call", "declare_quorum", "declare_disqualification",
          "end_disqualification", "take_up_item", "close_item", "recess", "resume")
KINDS = sorted(attendance.COMMANDS) + ["take_up_item", "close_item", "recess", "resume"]


def a_command(data: st.DataObject, meeting) -> tuple[Actor, str, dict]:
    """A random command whose arguments are drawn from what the meeting holds, so most are valid."""
    att, roster = meeting.attendance, meeting.roster

    def one_of(options, fallback=("mayor",)):
        return data.draw(st.sampled_from(sorted(options) or sorted(fallback)))

    name = data.draw(st.sampled_from(KINDS))
    absent = {p.id for p in roster.people if p.id not in att.present}
    item = data.draw(st.integers(1, 4))
    disqualified = [(n, p) for n, people in att.disqualified.items() for p in people]
    if name in ("mark_present", "mark_absent", "confirm_presence"):
        args = {"person": one_of(att.roll_call.called if att.roll_call else [])}
    elif name == "record_arrival" and data.draw(st.booleans()):  # a replaced member turns up (LAW-10)
        args = {"person": one_of(s.member for s in att.substitutions if s.item is None and s.released_at is None)}
    elif name in ("report_absence", "record_arrival"):
        args = {"person": one_of(absent)}
    elif name == "record_departure":
        args = {"person": one_of(att.present)}
    elif name == "declare_disqualification":
        args = {"person": one_of(p.id for p in roster.people), "item": item}
    elif name == "end_disqualification":
        number, person = data.draw(st.sampled_from(disqualified)) if disqualified else (item, "salo")
        args = {"person": person, "item": number}
    elif name == "seat_substitute" and disqualified and data.draw(st.booleans()):
        number, person = data.draw(st.sampled_from(disqualified))
        args = {"member": person, "item": number}
    elif name == "seat_substitute":
        args = {"member": one_of(p.id for p in roster.members if p.id in absent)}
    elif name == "release_substitute":
        args = {"substitute": one_of(s.substitute for s in att.substitutions if s.released_at is None)}
    else:
        args = {"item": item}
    if name in FROM_THE_PHONE and data.draw(st.booleans()):
        return member(args.pop("person")), name, args
    return (CHAIR if name in CHAIRS else SECRETARY), name, args


def check_rights(meeting, items) -> None:
    """Each place is filled once at most, and whoever is counted may act, on every item still to
    be handled (nobody acts on a closed item; a vote keeps the electorate it opened with)."""
    for item in items:
        if item is not None and meeting.item(item).state == "closed":
            continue
        voters = eligible_voters(meeting, item)
        assert len(voters) == len(set(voters)) <= meeting.roster.seats
        for voter in voters:
            may_act(meeting, voter, item)


@settings(max_examples=75, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(present=st.sets(st.sampled_from(EVERYONE)), steps=st.integers(10, 80), data=st.data())
def test_replaying_the_log_gives_the_same_attendance_as_the_live_state(present, steps, data):
    chamber = Chamber(council_27(), items=4)
    chamber.do(CHAIR, "open_meeting")
    chamber.roll_call(sorted(present))
    for _ in range(steps):
        actor, name, args = a_command(data, chamber.meeting)
        meeting = chamber.meeting
        before = copy.deepcopy(meeting, {id(meeting.roster): meeting.roster})  # the roster is immutable
        try:
            chamber.do(actor, name, **args)
        except Rejected:
            assert chamber.meeting == before  # a refusal changes nothing
        check_rights(chamber.meeting, {None, meeting.current and meeting.current.number})
    check_rights(chamber.meeting, (1, 2, 3, 4))
    log = json.loads(json.dumps([r.__dict__ for r in chamber.log]))  # what the store keeps
    rebuilt = replay([Recorded(**r) for r in log])
    assert rebuilt.attendance == chamber.meeting.attendance
    assert rebuilt == chamber.meeting
