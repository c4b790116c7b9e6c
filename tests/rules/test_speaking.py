"""The speaking queue (puheenvuorot / anföranden): RULES.md §4 — the worked examples SQ-T1..SQ-T9,
the rules SQ-1..SQ-8, the chair's controls, the views, and properties over any course of debate.

Commands go in through `decide` and events are applied (h11 style) on the 27-member council of
RULES.md (KOK 9, SDP 7, PS 5, KESK 4, VIHR 2). Timestamps in the worked examples are seconds
after the discussion opens; `at` sets the engine's clock for the next command.
"""

import copy
import inspect
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chamber.i18n import messages
from chamber.rules import Actor, Recorded, Rejected, Role, question_hour, replay, speaking
from chamber.rules.ruleset import RuleSet
from chamber.rules.speaking import may_request, member_places, order, queue_view
from tests.factories import SECRETARY
from tests.rules.conftest import CHAIR, MEMBERS, Chamber, council_27, member, pid, regrouped_council

EVERYONE = [pid(last) for names in MEMBERS.values() for last, _ in names]
GROUP_CHAIRS = {"kok": "virtanen", "sdp": "makinen", "ps": "korhonen", "kesk": "jarvinen", "vihr": "forsman"}
BOARD_CHAIR = "wikstrom"  # kaupunginhallituksen puheenjohtaja, a KOK member
COMMITTEE_CHAIR = "nieminen"  # tarkastuslautakunnan puheenjohtaja, an SDP member
FLOOR_ROLES = {**{p: ["group_chair"] for p in GROUP_CHAIRS.values()},
               BOARD_CHAIR: ["board_chair"], COMMITTEE_CHAIR: ["committee_chair"]}
# The members of the worked examples, none of them a group chair or holding an office.
M1, M2, M3, M5, M7, M8, M9 = "laine", "salo", "lehtonen", "muller", "ahonen", "bjork", "sundqvist"
ITEM = 5
VICE_CHAIR = Actor(Role.CHAIR, "zetterberg")  # chairing while the chair speaks (SQ-7)


def debate(rules: RuleSet | None = None, roster=None, present=None, **opening) -> Chamber:
    """The council with everyone present, item 5 under consideration, its discussion opened."""
    chamber = Chamber(roster or council_27(FLOOR_ROLES), rules)
    chamber.do(CHAIR, "open_meeting")
    chamber.roll_call(EVERYONE if present is None else present)
    chamber.do(CHAIR, "take_up_item", item=ITEM)
    chamber.do(CHAIR, "open_discussion", **opening)
    chamber.opened = chamber.clock
    return chamber


def at(chamber: Chamber, seconds: int) -> Chamber:
    """The next command happens `seconds` after the discussion opened."""
    chamber.clock = chamber.opened + seconds * 1000 - 1000
    return chamber


def ask(chamber: Chamber, person: str, kind: str = "speech", **args) -> str:
    """A member presses a button; returns the request's id."""
    [requested] = chamber.do(member(person), "request_floor", kind=kind, **args)
    return requested.data["request"]


def group_address(chamber: Chamber, group: str) -> str:
    return ask(chamber, GROUP_CHAIRS[group], "group_address")


def waiting(chamber: Chamber) -> list[tuple[str, str]]:
    return [(r.person, r.speech_class) for r in order(chamber.meeting)]


def speak(chamber: Chamber, request: str | None = None, **args) -> dict:
    """The chair gives the floor (to the next, or to `request`), and the speech ends."""
    args = {**args, "request": request} if request else args
    given = chamber.do(CHAIR, "give_floor", **args)[-1]
    chamber.do(CHAIR, "end_speech")
    return given.data


def speak_all(chamber: Chamber) -> list[tuple[str, str]]:
    """The floor given in order until nobody waits: who spoke, and the class of speech."""
    spoken = []
    while order(chamber.meeting):
        given = speak(chamber)
        spoken.append((given["person"], speaking.speech_class(given["kind"], _priority(chamber, given))))
    return spoken


def _priority(chamber: Chamber, given: dict) -> bool:
    return chamber.meeting.speaking[ITEM].requests[given["request"]].priority


def refusal(chamber: Chamber, actor: Actor, cmd: str, **args) -> str:
    return chamber.refused(actor, cmd, **args)


# --- RULES.md §4.3: the worked examples --------------------------------------------------------


def test_SQ_T1_group_addresses_come_first_by_group_size_then_speeches_in_order_requested():
    chamber = debate(group_round=True)
    for second, group in enumerate(("vihr", "ps", "kok", "kesk", "sdp"), start=1):  # asked in any order
        at(chamber, second)
        group_address(chamber, group)
    at(chamber, 10)
    ask(chamber, M3)
    at(chamber, 12)
    ask(chamber, M1)
    expected = [(GROUP_CHAIRS[g], "group_address") for g in ("kok", "sdp", "ps", "kesk", "vihr")]
    expected += [(M3, "ordinary"), (M1, "ordinary")]
    assert waiting(chamber) == expected
    assert speak_all(chamber) == expected


def test_SQ_T2_a_point_of_order_made_during_a_speech_comes_right_after_it():
    chamber = debate()
    at(chamber, 10)
    ask(chamber, M3)
    at(chamber, 12)
    ask(chamber, M1)
    chamber.do(CHAIR, "give_floor")  # M3 speaks
    ask(chamber, M5, "point_of_order")
    assert waiting(chamber) == [(M5, "point_of_order"), (M1, "ordinary")]
    assert refusal(chamber, CHAIR, "give_floor") == "speech_in_progress"  # SQ-2: never into a speech
    chamber.do(CHAIR, "end_speech")
    assert speak_all(chamber) == [(M5, "point_of_order"), (M1, "ordinary")]
    assert [s.person for s in chamber.meeting.speaking[ITEM].speeches] == [M3, M5, M1]


def test_SQ_T3_accepted_replies_follow_the_speech_they_answer_in_the_order_requested():
    chamber = debate()
    ask(chamber, M3)
    ask(chamber, M1)
    m3 = speak(chamber)
    r7 = ask(chamber, M7, "reply")
    r2 = ask(chamber, M2, "reply")
    assert waiting(chamber) == [(M1, "ordinary")]  # replies wait for the chair
    chamber.do(CHAIR, "accept_request", request=r2)  # accepted in the other order
    chamber.do(CHAIR, "accept_request", request=r7)
    assert waiting(chamber) == [(M7, "reply"), (M2, "reply"), (M1, "ordinary")]
    assert speak_all(chamber) == [(M7, "reply"), (M2, "reply"), (M1, "ordinary")]
    replies = [s for s in chamber.meeting.speaking[ITEM].speeches if s.kind == "reply"]
    assert {s.replies_to for s in replies} == {m3["speech"]}


def test_SQ_T4_a_reply_not_granted_before_the_next_ordinary_speech_starts_expires():
    chamber = debate()
    ask(chamber, M3)
    ask(chamber, M1)
    chamber.do(CHAIR, "give_floor")
    r8 = ask(chamber, M8, "reply")  # during M3's speech
    chamber.do(CHAIR, "end_speech")
    lapsed, given = chamber.do(CHAIR, "give_floor")  # M1 starts: the reply was never accepted
    assert (lapsed.type, lapsed.data["requests"], lapsed.data["reason"]) == ("requests_lapsed", [r8], "reply_expired")
    assert given.data["person"] == M1
    assert refusal(chamber, CHAIR, "accept_request", request=r8) == "reply_expired"
    chamber.do(CHAIR, "end_speech")
    assert refusal(chamber, CHAIR, "give_floor", request=r8) == "reply_expired"
    assert member_places(chamber.meeting).get(M8, []) == []


def test_SQ_T5_the_board_chair_speaks_before_a_member_who_asked_earlier():
    chamber = debate()
    at(chamber, 12)
    ask(chamber, M1)
    at(chamber, 20)
    ask(chamber, BOARD_CHAIR)
    assert waiting(chamber) == [(BOARD_CHAIR, "priority"), (M1, "ordinary")]


def test_SQ_T6_groups_of_equal_size_are_ordered_by_the_tie_break_alphabetical_by_default():
    roster = regrouped_council({"Big": 19, "Y": 4, "X": 4})
    chamber = debate(roster=roster, group_round=True)
    assert chamber.log[-1].data["group_order"] == ["big", "x", "y"]
    for group in ("y", "x", "big"):
        speaker = next(p.id for p in roster.members if p.group == group and "chair" not in p.roles)
        chamber.do(CHAIR, "request_floor", kind="group_address", on_behalf_of=speaker)
    assert [r.group for r in order(chamber.meeting)] == ["big", "x", "y"]


def test_SQ_T7_a_member_already_waiting_cannot_ask_again_until_after_speaking():
    chamber = debate()
    ask(chamber, M3)
    assert refusal(chamber, member(M3), "request_floor", kind="speech") == "already_waiting"
    speak(chamber)
    ask(chamber, M3)  # after speaking a member may ask again (SQ-5)


def test_SQ_T8_a_member_disqualified_on_the_item_cannot_ask_for_the_floor():
    chamber = Chamber(council_27(FLOOR_ROLES))
    chamber.do(CHAIR, "open_meeting")
    chamber.roll_call(EVERYONE)
    chamber.do(member(M9), "declare_disqualification", item=ITEM)
    chamber.do(CHAIR, "take_up_item", item=ITEM)
    chamber.do(CHAIR, "open_discussion")
    for kind in ("speech", "point_of_order", "seconding"):
        assert refusal(chamber, member(M9), "request_floor", kind=kind) == "disqualified"
    assert refusal(chamber, CHAIR, "request_floor", kind="speech", on_behalf_of=M9) == "disqualified"


def test_SQ_T9_a_point_of_order_goes_before_a_reply_pending_after_the_same_speech():
    chamber = debate()
    ask(chamber, M3)
    ask(chamber, M1)
    speak(chamber)
    reply = ask(chamber, M7, "reply")
    ask(chamber, M5, "point_of_order")
    chamber.do(CHAIR, "accept_request", request=reply)
    assert waiting(chamber) == [(M5, "point_of_order"), (M7, "reply"), (M1, "ordinary")]


# --- SQ-1: the classes ---------------------------------------------------------------------------


def every_class(chamber: Chamber) -> None:
    """One request of each class, asked for in the reverse of the order of the floor."""
    ask(chamber, M9)
    chamber.do(CHAIR, "request_floor", kind="speech", on_behalf_of="mayor")
    group_address(chamber, "sdp")
    ask(chamber, M2, "seconding")
    chamber.do(CHAIR, "request_floor", kind="reply", on_behalf_of=M7)  # the chair's reply is accepted
    chamber.do(CHAIR, "request_floor", kind="presentation", on_behalf_of=BOARD_CHAIR)
    ask(chamber, M5, "point_of_order")


def test_SQ_1_the_floor_goes_from_the_highest_class_down():
    chamber = debate(group_round=True)
    ask(chamber, M3)
    speak(chamber)  # a speech to reply to
    every_class(chamber)
    assert waiting(chamber) == [(M5, "point_of_order"), (BOARD_CHAIR, "presentation"), (M7, "reply"),
                                (M2, "seconding"), ("makinen", "group_address"), ("mayor", "priority"),
                                (M9, "ordinary")]


def test_priority_officials_may_go_before_the_group_round_when_configured():
    chamber = debate(RuleSet(priority_before_group_round=True), group_round=True)
    ask(chamber, M3)
    speak(chamber)
    every_class(chamber)
    assert [c for _, c in waiting(chamber)][4:6] == ["priority", "group_address"]


def test_a_committee_chair_has_priority_only_on_the_item_the_committee_prepared():
    chamber = debate()
    ask(chamber, M1)
    ask(chamber, COMMITTEE_CHAIR)
    assert waiting(chamber) == [(M1, "ordinary"), (COMMITTEE_CHAIR, "ordinary")]
    chamber.do(CHAIR, "close_discussion")
    chamber.do(CHAIR, "close_item")
    chamber.do(CHAIR, "take_up_item", item=6)
    assert refusal(chamber, CHAIR, "open_discussion", preparing_committee_chair=M1) == "bad_argument"
    chamber.do(CHAIR, "open_discussion", preparing_committee_chair=COMMITTEE_CHAIR)
    ask(chamber, M1)
    ask(chamber, COMMITTEE_CHAIR)
    assert [c for _, c in waiting(chamber)] == ["priority", "ordinary"]


# --- SQ-3: replies -------------------------------------------------------------------------------


def test_replies_answer_the_last_speech_and_a_reply_during_a_reply_joins_the_same_chain():
    chamber = debate()
    assert refusal(chamber, member(M7), "request_floor", kind="reply") == "no_speech_to_reply_to"
    ask(chamber, M3)
    m3 = speak(chamber)["speech"]
    chamber.do(CHAIR, "accept_request", request=ask(chamber, M7, "reply"))
    chamber.do(CHAIR, "give_floor")  # M7's reply
    r2 = ask(chamber, M2, "reply")
    assert chamber.meeting.speaking[ITEM].requests[r2].replies_to == m3
    assert refusal(chamber, member(M2), "request_floor", kind="reply") == "already_waiting"
    view = queue_view(chamber.meeting)
    assert [r["request"] for r in view["awaiting_chair"]] == [r2] and view["waiting"] == []


def test_the_chair_may_cap_the_replies_to_one_speech():
    chamber = debate(RuleSet(max_replies_per_speech=1))
    ask(chamber, M3)
    speak(chamber)
    chamber.do(CHAIR, "accept_request", request=ask(chamber, M7, "reply"))
    r2 = ask(chamber, M2, "reply")
    assert refusal(chamber, CHAIR, "accept_request", request=r2) == "too_many_replies"
    assert refusal(chamber, CHAIR, "give_floor", request=r2) == "too_many_replies"


def test_whether_the_speaker_may_answer_the_replies_is_a_local_rule():
    for allowed in (True, False):
        chamber = debate(RuleSet(original_speaker_may_reply=allowed))
        ask(chamber, M3)
        speak(chamber)
        if allowed:
            ask(chamber, M3, "reply")
        else:
            assert refusal(chamber, member(M3), "request_floor", kind="reply") == "own_speech"


def test_replies_need_not_expire_when_so_configured():
    chamber = debate(RuleSet(reply_request_expires_on_next_ordinary=False))
    ask(chamber, M3)
    ask(chamber, M1)
    speak(chamber)
    r8 = ask(chamber, M8, "reply")
    assert [e.type for e in chamber.do(CHAIR, "give_floor", request="r2")] == ["floor_given"]
    chamber.do(CHAIR, "end_speech")
    chamber.do(CHAIR, "accept_request", request=r8)
    assert waiting(chamber) == [(M8, "reply")]


# --- SQ-4: the group round -------------------------------------------------------------------------


def test_one_group_address_per_group_asked_for_by_its_group_chair():
    chamber = debate(group_round=True)
    assert refusal(chamber, member(M1), "request_floor", kind="group_address") == "not_group_chair"
    code = refusal(chamber, member("virtanen"), "request_floor", kind="group_address", on_behalf_of=M1)
    assert code == "not_group_chair"  # M1 is in PS, Virtanen chairs KOK
    code = refusal(chamber, member(M1), "request_floor", kind="speech", on_behalf_of=M2)
    assert code == "not_self"
    ask(chamber, "virtanen", "group_address", on_behalf_of="ohman")  # the group names its speaker
    assert waiting(chamber) == [("ohman", "group_address")]
    code = refusal(chamber, member("virtanen"), "request_floor", kind="group_address")
    assert code == "group_already_waiting"
    speak(chamber)
    assert refusal(chamber, member("virtanen"), "request_floor", kind="group_address") == "group_already_spoke"
    assert refusal(chamber, CHAIR, "pass_group_address", group="kok") == "group_already_spoke"


def test_a_group_that_passes_is_skipped_and_the_round_ends_when_every_group_is_done():
    chamber = debate(group_round=True)
    chamber.do(member("korhonen"), "pass_group_address")
    assert refusal(chamber, member("korhonen"), "request_floor", kind="group_address") == "group_passed"
    assert refusal(chamber, member("korhonen"), "pass_group_address", group="kok") == "not_group_chair"
    assert refusal(chamber, member(M1), "pass_group_address") == "not_group_chair"
    chamber.do(CHAIR, "pass_group_address", group="vihr")
    for group in ("kok", "sdp", "kesk"):
        group_address(chamber, group)
    speak_all(chamber)
    view = queue_view(chamber.meeting)["group_round"]
    assert view["open"] is False
    assert [(g["group"], g["size"], g["state"]) for g in view["groups"]] == [
        ("kok", 9, "spoke"), ("sdp", 7, "spoke"), ("ps", 5, "passed"), ("kesk", 4, "spoke"), ("vihr", 2, "passed")]
    assert refusal(chamber, member("forsman"), "request_floor", kind="group_address") == "no_group_round"


def test_closing_the_round_lets_the_group_addresses_still_waiting_lapse():
    chamber = debate(group_round=True)
    sdp = group_address(chamber, "sdp")
    lapsed, closed = chamber.do(CHAIR, "close_group_round")
    assert lapsed.data == {"item": ITEM, "requests": [sdp], "reason": "group_round_closed"}
    assert closed.type == "group_round_closed"
    assert refusal(chamber, CHAIR, "close_group_round") == "no_group_round"
    assert refusal(chamber, member("makinen"), "request_floor", kind="group_address") == "no_group_round"


def test_no_group_addresses_without_a_round():
    chamber = debate()
    assert refusal(chamber, member("virtanen"), "request_floor", kind="group_address") == "no_group_round"


def test_ties_in_group_size_by_lot_or_as_the_chair_lists_them():
    roster = regrouped_council({"Big": 19, "Y": 4, "X": 4})
    drawn = debate(RuleSet(group_size_tie_break="lot"), roster=roster, group_round=True)
    order_drawn = drawn.log[-1].data["group_order"]
    assert order_drawn[0] == "big" and sorted(order_drawn[1:]) == ["x", "y"]
    assert replay(drawn.log).speaking[ITEM].group_round.order == order_drawn  # drawn once, recorded
    assert drawn.log[-1].data["group_lots"] == [{"tied": ["x", "y"], "order": order_drawn[1:]}]  # the lot, as a lot
    assert queue_view(drawn.meeting)["group_round"]["lots"] == [{"tied": ["x", "y"], "order": order_drawn[1:]}]
    assert replay(drawn.log).speaking == drawn.meeting.speaking
    alphabetical = debate(roster=roster, group_round=True)
    assert alphabetical.log[-1].data["group_lots"] == [] and alphabetical.meeting.speaking[ITEM].group_round.order \
        == ["big", "x", "y"]
    chamber = Chamber(roster, RuleSet(group_size_tie_break="chair"))
    chamber.do(CHAIR, "open_meeting")
    chamber.do(CHAIR, "take_up_item", item=ITEM)
    assert refusal(chamber, CHAIR, "open_discussion", group_round=True) == "bad_argument"
    for bad in (["y", "big", 1], [None, "big", "x"], "big,y,x"):  # once a TypeError: unknown_error
        assert refusal(chamber, CHAIR, "open_discussion", group_round=True, group_order=bad) == "bad_argument"
    chamber.do(CHAIR, "open_discussion", group_round=True, group_order=["y", "big", "x"])
    assert chamber.meeting.speaking[ITEM].group_round.order == ["big", "y", "x"]  # size still first


# --- SQ-6, SQ-7: who may ask, and the chair's own speech ---------------------------------------------


def test_absent_disqualified_and_replaced_members_are_refused_and_the_substitute_may_ask():
    chamber = Chamber(council_27(FLOOR_ROLES))
    chamber.do(CHAIR, "open_meeting")
    chamber.do(member("ohman"), "report_absence")
    chamber.do(SECRETARY, "seat_substitute", member="ohman")  # Berg
    chamber.roll_call([p for p in EVERYONE if p not in ("ohman", M1)] + ["berg"])
    chamber.do(member(M2), "declare_disqualification", item=ITEM)
    chamber.do(CHAIR, "take_up_item", item=ITEM)
    chamber.do(CHAIR, "open_discussion")
    assert refusal(chamber, member(M1), "request_floor", kind="speech") == "not_present"
    assert refusal(chamber, member(M2), "request_floor", kind="point_of_order") == "disqualified"
    assert refusal(chamber, member("ohman"), "request_floor", kind="speech") == "replaced"
    assert refusal(chamber, member("kallio"), "request_floor", kind="speech") == "not_seated"
    ask(chamber, "berg")
    assert waiting(chamber) == [("berg", "ordinary")]


def test_members_not_recorded_present_may_ask_when_the_rules_allow():
    chamber = debate(RuleSet(present_only_can_request=False), present=[p for p in EVERYONE if p != M1])
    ask(chamber, M1)


def test_officials_may_give_speeches_but_nothing_else():
    chamber = debate()
    ask(chamber, "mayor")
    for kind in ("point_of_order", "seconding", "reply"):
        assert refusal(chamber, member("mayor"), "request_floor", kind=kind) == "not_for_officials"
    assert refusal(chamber, member(M1), "request_floor", kind="presentation") == "not_chair"
    assert refusal(chamber, SECRETARY, "request_floor", kind="speech", on_behalf_of=M1) == "not_chair"
    assert refusal(chamber, CHAIR, "request_floor", kind="speech", on_behalf_of="nobody") == "no_such_person"
    assert refusal(chamber, member(M1), "request_floor", kind="oration") == "bad_argument"


def test_the_chair_hands_over_the_chair_before_speaking():
    chamber = debate()
    ask(chamber, "aaltonen")  # from her own phone
    assert refusal(chamber, CHAIR, "give_floor") == "chair_must_hand_over"
    [given] = chamber.do(VICE_CHAIR, "give_floor")
    assert (given.data["person"], given.actor) == ("aaltonen", "chair:zetterberg")
    relaxed = debate(RuleSet(chair_must_hand_over_to_speak=False))
    ask(relaxed, "aaltonen")
    relaxed.do(CHAIR, "give_floor")


# --- what the phone offers: exactly what the rules accept ---------------------------------------------


def accepted_kinds(chamber: Chamber, person: str) -> list[str]:
    """The kinds `request_floor` accepts from the person's phone now, tried one by one."""
    kinds = []
    for kind in speaking.PHONE_KINDS:
        try:
            speaking.request_floor(chamber.meeting, member(person), {"kind": kind}, None)
        except Rejected:
            continue
        kinds.append(kind)
    return kinds


def test_the_phone_offers_the_kinds_of_request_the_rules_accept():
    chamber = Chamber(council_27(FLOOR_ROLES))
    chamber.do(CHAIR, "open_meeting")
    chamber.roll_call([p for p in EVERYONE if p != M9])
    chamber.do(CHAIR, "take_up_item", item=ITEM)
    assert may_request(chamber.meeting, M1) == []  # the discussion is not open
    chamber.do(CHAIR, "open_discussion", group_round=True)
    assert may_request(chamber.meeting, M1) == ["speech", "point_of_order", "seconding"]  # nothing to reply to
    assert may_request(chamber.meeting, GROUP_CHAIRS["kok"]) == ["speech", "point_of_order", "seconding", "group_address"]
    assert may_request(chamber.meeting, "mayor") == ["speech"]  # an official speaks, nothing else (SQ-6)
    assert may_request(chamber.meeting, M9) == []  # not present
    ask(chamber, M1)
    assert may_request(chamber.meeting, M1) == ["point_of_order", "seconding"]  # one speech at a time (SQ-5)
    group_address(chamber, "kok")
    assert "group_address" not in may_request(chamber.meeting, GROUP_CHAIRS["kok"])
    speak(chamber)  # KOK's address
    assert may_request(chamber.meeting, M2) == ["speech", "reply", "point_of_order", "seconding"]
    chamber.do(CHAIR, "close_speakers_list")
    assert may_request(chamber.meeting, M2) == ["reply", "point_of_order"]
    chamber.do(member(M2), "declare_disqualification", item=ITEM)
    assert may_request(chamber.meeting, M2) == []
    chamber.do(CHAIR, "recess")
    assert may_request(chamber.meeting, M3) == []
    chamber.do(CHAIR, "resume")
    for person in [*EVERYONE, "mayor", "berg"]:
        assert may_request(chamber.meeting, person) == accepted_kinds(chamber, person), person


def test_a_group_chair_sees_the_address_they_asked_for_the_speaker_among_their_own_requests():
    chamber = debate(group_round=True)
    speaker = "lindén"
    [asked] = chamber.do(member(GROUP_CHAIRS["kok"]), "request_floor", kind="group_address", on_behalf_of=speaker)
    request = asked.data["request"]
    places = member_places(chamber.meeting)
    assert [(r["request"], r["person"]) for r in places[GROUP_CHAIRS["kok"]]] == [(request, speaker)]
    assert [(r["request"], r["person"]) for r in places[speaker]] == [(request, speaker)]
    chamber.do(member(GROUP_CHAIRS["kok"]), "withdraw_request", request=request)  # theirs to withdraw
    assert "group_address" in may_request(chamber.meeting, GROUP_CHAIRS["kok"])


# --- SQ-8: timers ----------------------------------------------------------------------------------


def test_each_class_of_speech_has_its_time_limit():
    chamber = debate(group_round=True)
    ask(chamber, M3)
    speak(chamber)
    every_class(chamber)
    limits = {}
    while order(chamber.meeting):
        given = speak(chamber)
        limits[speaking.speech_class(given["kind"], _priority(chamber, given))] = given["limit"]
    assert "reply" not in limits  # the presentation started: the reply lapsed (SQ-3)
    chamber.do(CHAIR, "request_floor", kind="reply", on_behalf_of=M8)
    limits["reply"] = speak(chamber)["limit"]
    assert limits == {"point_of_order": 60, "presentation": None, "reply": 60, "seconding": 30,
                      "group_address": 480, "priority": None, "ordinary": 300}
    assert limits == RuleSet().time_limits


def test_limits_decided_for_the_meeting_and_for_the_item():
    chamber = debate(RuleSet(time_limits={"ordinary": 240, "group_address": 600}),
                     time_limits={"reply": 120})
    assert queue_view(chamber.meeting)["time_limits"] == {**RuleSet().time_limits, "ordinary": 240,
                                                          "group_address": 600, "reply": 120}
    chamber.do(CHAIR, "set_time_limit", kind="ordinary", seconds=180)
    shown = queue_view(chamber.meeting)
    assert (shown["time_limits"]["ordinary"], shown["default_time_limits"]["ordinary"]) == (180, 240)
    assert shown["default_time_limits"] == {**RuleSet().time_limits, "ordinary": 240, "group_address": 600}
    ask(chamber, M1)
    assert speak(chamber)["limit"] == 180
    chamber.do(CHAIR, "set_time_limit", kind="ordinary", seconds=None)
    ask(chamber, M2)
    assert speak(chamber)["limit"] is None
    assert refusal(chamber, CHAIR, "set_time_limit", kind="ordinary", seconds=0) == "bad_argument"
    assert refusal(chamber, CHAIR, "set_time_limit", kind="ordinary") == "bad_argument"
    assert refusal(chamber, CHAIR, "set_time_limit", kind="speech", seconds=60) == "bad_argument"
    assert refusal(chamber, member(M1), "set_time_limit", kind="reply", seconds=60) == "not_chair"
    assert refusal(chamber, CHAIR, "open_discussion") == "discussion_already_open"
    with pytest.raises(ValueError):
        RuleSet(time_limits={"sermon": 60})


def test_the_countdown_runs_from_the_stamped_start_and_overrun_is_counted_from_the_end():
    chamber = debate()
    ask(chamber, M1)
    at(chamber, 100)
    chamber.do(CHAIR, "give_floor")
    current = queue_view(chamber.meeting)["current"]
    assert (current["person"], current["started_at"], current["limit_seconds"], current["extended_seconds"]) == (
        M1, chamber.opened + 100_000, 300, 0)
    assert queue_view(chamber.meeting)["warn_at_seconds"] == 30
    speech = chamber.meeting.on_the_floor
    assert speech.overrun(chamber.opened + 399_000) == 0 and speech.overrun(chamber.opened + 420_000) == 20
    at(chamber, 150)
    chamber.do(CHAIR, "extend_speech", seconds=60)
    assert speech.allowed == 360 and speech.overrun(chamber.opened + 420_000) == 0
    at(chamber, 475)
    chamber.do(CHAIR, "end_speech")
    [given] = queue_view(chamber.meeting)["speeches"]
    assert (given["ended_at"], given["extended_seconds"], given["overrun_seconds"]) == (
        chamber.opened + 475_000, 60, 15)
    assert refusal(chamber, CHAIR, "extend_speech", seconds=60) == "no_current_speech"


def test_extensions_need_a_limit_and_a_sensible_number_of_seconds():
    chamber = debate()
    chamber.do(CHAIR, "request_floor", kind="speech", on_behalf_of="mayor")
    chamber.do(CHAIR, "give_floor")
    assert refusal(chamber, CHAIR, "extend_speech", seconds=0) == "bad_argument"
    assert refusal(chamber, CHAIR, "extend_speech", seconds=60) == "no_time_limit"
    assert refusal(chamber, member("mayor"), "extend_speech", seconds=60) == "not_chair"


# --- the chair's controls --------------------------------------------------------------------------


def test_the_chair_moves_a_request_and_the_reason_is_recorded():
    chamber = debate()
    r1, r2, r3 = ask(chamber, M1), ask(chamber, M2), ask(chamber, M3)
    [moved] = chamber.do(CHAIR, "move_request", request=r3, position=1, reason="Esittelijän vastaus")
    assert moved.data == {"item": ITEM, "request": r3, "position": 1, "reason": "Esittelijän vastaus"}
    assert [r.id for r in order(chamber.meeting)] == [r3, r1, r2]
    ask(chamber, M5, "point_of_order")  # the law still puts a point of order first
    r7 = ask(chamber, M7)
    assert [r.person for r in order(chamber.meeting)] == [M5, M3, M1, M2, M7]
    chamber.do(CHAIR, "move_request", request=r1, position=99, reason="Puhuu viimeisenä")
    assert [r.person for r in order(chamber.meeting)] == [M5, M3, M2, M7, M1]
    assert [r["moved"] for r in queue_view(chamber.meeting)["waiting"]] == [False, True, False, False, True]
    assert refusal(chamber, CHAIR, "move_request", request=r2, position=0, reason="x") == "bad_argument"
    assert refusal(chamber, CHAIR, "move_request", request=r2, position=1) == "bad_argument"
    assert refusal(chamber, member(M2), "move_request", request=r2, position=1, reason="x") == "not_chair"
    assert r7


def test_the_chair_gives_the_floor_out_of_turn_with_a_reason():
    chamber = debate()
    ask(chamber, M1)
    r2 = ask(chamber, M2)
    [given] = chamber.do(CHAIR, "give_floor", request=r2, reason="Sovittu puheenvuorojärjestys")
    assert (given.data["person"], given.data["reason"]) == (M2, "Sovittu puheenvuorojärjestys")
    chamber.do(member(M2), "end_speech")  # the speaker says they are done
    assert refusal(chamber, CHAIR, "give_floor", request=r2) == "not_waiting"
    assert refusal(chamber, CHAIR, "give_floor", request="r99") == "no_such_request"
    speak(chamber)
    assert refusal(chamber, CHAIR, "give_floor") == "queue_empty"
    assert refusal(chamber, CHAIR, "end_speech") == "no_current_speech"


def test_only_the_chair_or_the_speaker_ends_a_speech():
    chamber = debate()
    ask(chamber, M1)
    chamber.do(CHAIR, "give_floor")
    assert refusal(chamber, member(M2), "end_speech") == "not_your_speech"  # not "only the chair"
    assert refusal(chamber, SECRETARY, "end_speech") == "not_chair"
    chamber.do(member(M1), "end_speech")  # the speaker says they are done
    assert chamber.meeting.on_the_floor is None


def test_refusing_removing_and_withdrawing_requests():
    chamber = debate()
    ask(chamber, M3)
    speak(chamber)
    reply, point, speech = ask(chamber, M7, "reply"), ask(chamber, M5, "point_of_order"), ask(chamber, M1)
    assert refusal(chamber, CHAIR, "refuse_request", request=speech) == "not_refusable"
    chamber.do(CHAIR, "refuse_request", request=point, reason="Ei koske työjärjestystä")
    chamber.do(CHAIR, "refuse_request", request=reply)
    assert refusal(chamber, CHAIR, "accept_request", request=reply) == "not_waiting"
    assert refusal(chamber, CHAIR, "accept_request", request=speech) == "not_awaiting_chair"
    assert refusal(chamber, CHAIR, "remove_request", request=speech) == "bad_argument"  # a reason is needed
    assert refusal(chamber, member(M2), "withdraw_request", request=speech) == "not_your_request"
    assert refusal(chamber, CHAIR, "withdraw_request", request=speech) == "not_your_request"
    chamber.do(member(M1), "withdraw_request", request=speech)
    assert refusal(chamber, member(M1), "withdraw_request", request=speech) == "not_waiting"
    chamber.do(CHAIR, "remove_request", request=ask(chamber, M2), reason="Ei paikalla")
    states = {r.person: (r.state, r.reason) for r in chamber.meeting.speaking[ITEM].requests.values()}
    assert states == {M3: ("given", None), M7: ("refused", None), M5: ("refused", "Ei koske työjärjestystä"),
                      M1: ("withdrawn", None), M2: ("removed", "Ei paikalla")}
    assert order(chamber.meeting) == []


def test_a_group_chair_may_withdraw_the_group_address_they_asked_for():
    chamber = debate(group_round=True)
    request = ask(chamber, "virtanen", "group_address", on_behalf_of="ohman")
    chamber.do(member("ohman"), "withdraw_request", request=request)
    request = ask(chamber, "virtanen", "group_address", on_behalf_of="ohman")
    chamber.do(member("virtanen"), "withdraw_request", request=request)


def test_a_closed_list_refuses_new_speakers_but_not_replies_points_of_order_or_the_chair():
    chamber = debate(group_round=True)
    ask(chamber, M3)
    speak(chamber)
    ask(chamber, M1)
    chamber.do(CHAIR, "close_speakers_list")
    assert refusal(chamber, CHAIR, "close_speakers_list") == "list_closed"
    for kind, person in (("speech", M2), ("seconding", M2), ("group_address", "virtanen")):
        assert refusal(chamber, member(person), "request_floor", kind=kind) == "list_closed"
    ask(chamber, M7, "reply")
    ask(chamber, M5, "point_of_order")
    chamber.do(CHAIR, "request_floor", kind="speech", on_behalf_of=M2)
    assert queue_view(chamber.meeting)["list_closed"] is True
    chamber.do(CHAIR, "reopen_speakers_list")
    assert refusal(chamber, CHAIR, "reopen_speakers_list") == "list_not_closed"
    ask(chamber, M9)


def test_closing_the_discussion_lets_every_open_request_lapse_and_it_can_be_reopened():
    chamber = debate()
    ask(chamber, M3)
    chamber.do(CHAIR, "give_floor")
    r7, r1 = ask(chamber, M7, "reply"), ask(chamber, M1)
    assert refusal(chamber, CHAIR, "close_discussion") == "speech_in_progress"
    chamber.do(CHAIR, "end_speech")
    lapsed, closed = chamber.do(CHAIR, "close_discussion")
    assert lapsed.data == {"item": ITEM, "requests": [r7, r1], "reason": "discussion_ended"}
    assert closed.data == {"item": ITEM}
    assert queue_view(chamber.meeting)["discussion"] == "ended"
    assert refusal(chamber, member(M2), "request_floor", kind="speech") == "discussion_ended"
    assert refusal(chamber, CHAIR, "open_discussion") == "discussion_ended"
    chamber.do(CHAIR, "reopen_discussion")
    assert refusal(chamber, CHAIR, "reopen_discussion") == "discussion_already_open"
    ask(chamber, M1)
    assert [s.person for s in chamber.meeting.speaking[ITEM].speeches] == [M3]


def test_the_floor_waits_for_an_item_its_discussion_and_the_end_of_a_break():
    chamber = Chamber(council_27(FLOOR_ROLES))
    chamber.do(CHAIR, "open_meeting")
    chamber.roll_call(EVERYONE)
    assert refusal(chamber, member(M1), "request_floor", kind="speech") == "no_current_item"
    assert refusal(chamber, CHAIR, "open_discussion") == "no_current_item"
    chamber.do(CHAIR, "take_up_item", item=ITEM)
    assert refusal(chamber, member(M1), "request_floor", kind="speech") == "discussion_not_open"
    assert refusal(chamber, CHAIR, "reopen_discussion") == "discussion_not_open"
    assert queue_view(chamber.meeting)["discussion"] == "not_open"
    assert refusal(chamber, member(M1), "open_discussion") == "not_chair"
    assert refusal(chamber, CHAIR, "open_discussion", group_round="yes") == "bad_argument"
    assert refusal(chamber, CHAIR, "open_discussion", time_limits={"ordinary": -1}) == "bad_argument"
    chamber.do(CHAIR, "open_discussion")
    chamber.do(CHAIR, "recess")
    assert refusal(chamber, member(M1), "request_floor", kind="speech") == "meeting_in_recess"


def test_the_hall_moves_on_only_once_the_speech_is_ended():
    chamber = debate()
    ask(chamber, M1)
    chamber.do(CHAIR, "give_floor")
    assert refusal(chamber, CHAIR, "take_up_item", item=6) == "speech_in_progress"
    assert refusal(chamber, CHAIR, "close_item") == "speech_in_progress"
    chamber.do(CHAIR, "end_speech")
    chamber.do(CHAIR, "take_up_item", item=6)  # item 5 set aside
    chamber.do(CHAIR, "open_discussion")
    ask(chamber, M2)
    assert speak(chamber)["speech"] == "s2"  # speeches are numbered through the meeting


# --- what the screens show ---------------------------------------------------------------------------


def test_the_queue_view_and_each_members_place_agree_with_the_order():
    chamber = debate(group_round=True)
    at(chamber, 5)
    ask(chamber, M3)
    at(chamber, 6)
    kok = group_address(chamber, "kok")
    at(chamber, 7)
    ask(chamber, M1)
    at(chamber, 8)
    speech = speak(chamber)
    reply = ask(chamber, M7, "reply")
    view = queue_view(chamber.meeting)
    assert view["item"] == ITEM and view["discussion"] == "open" and view["current"] is None
    assert [(w["place"], w["person"], w["kind"]) for w in view["waiting"]] == [(1, M3, "speech"), (2, M1, "speech")]
    assert view["waiting"][0] == {"place": 1, "request": "r1", "person": M3, "kind": "speech", "class": "ordinary",
                                  "group": None, "replies_to": None, "requested_at": chamber.opened + 5000,
                                  "by": f"member:{M3}", "moved": False}
    assert [(a["request"], a["replies_to"]) for a in view["awaiting_chair"]] == [(reply, speech["speech"])]
    [given] = view["speeches"]
    assert {k: given[k] for k in ("speech", "person", "kind", "class", "group", "item", "requested_by",
                                  "granted_by", "limit_seconds")} == {
        "speech": "s1", "person": "virtanen", "kind": "group_address", "class": "group_address",
        "group": "kok", "item": ITEM, "requested_by": "member:virtanen", "granted_by": "chair:aaltonen",
        "limit_seconds": 480}
    assert given["started_at"] < given["ended_at"] and kok == "r2"
    assert member_places(chamber.meeting).get(M1, []) == [
        {"request": "r3", "kind": "speech", "person": M1, "awaiting_chair": False, "place": 2, "of": 2}]
    assert member_places(chamber.meeting).get(M7, []) == [
        {"request": reply, "kind": "reply", "person": M7, "awaiting_chair": True, "place": None, "of": 2}]
    assert member_places(chamber.meeting).get(M9, []) == []
    json.dumps(view)  # the view goes on the wire as it is


def test_every_reason_code_has_a_message_in_finnish_swedish_and_english():
    source = inspect.getsource(speaking) + inspect.getsource(question_hour)
    codes = set(re.findall(r'Rejected\(\s*"(\w+)"', source)) | {"discussion_ended", "discussion_already_open"}
    catalog = messages()
    for code in codes:
        assert set(catalog[code]) == {"fi", "sv", "en"}, code
        assert all(text.strip() for text in catalog[code].values()), code
    assert set(speaking.CLASSES) == set(RuleSet().time_limits)


# --- properties over any course of the debate ----------------------------------------------------------

SPEAKERS = [p for p in EVERYONE if p != "aaltonen"] + ["mayor"]  # the chair does not ask here (SQ-7)
MOVES = {  # how often each kind of move is drawn
    "request_floor": 24, "add_speaker": 4, "withdraw_request": 4, "give_floor": 10, "end_speech": 8,
    "accept_request": 8, "refuse_request": 2, "remove_request": 2, "move_request": 6, "extend_speech": 2,
    "close_speakers_list": 2, "reopen_speakers_list": 3, "close_group_round": 1, "pass_group_address": 2,
    "close_discussion": 1, "reopen_discussion": 1,
}
DRAWN = [name for name, weight in MOVES.items() for _ in range(weight)]
VARIANTS = (RuleSet(), RuleSet(priority_before_group_round=True),
            RuleSet(reply_request_expires_on_next_ordinary=False, one_pending_request_per_member=False,
                    max_replies_per_speech=2, original_speaker_may_reply=False))


def a_move(data: st.DataObject, chamber: Chamber) -> tuple[Actor, str, dict]:
    """A command drawn from what the debate holds, so that most are accepted."""
    queue = chamber.meeting.speaking[ITEM]
    if queue.ended_at is not None and data.draw(st.integers(0, 3)):
        return CHAIR, "reopen_discussion", {}

    def one_of(requests) -> str:  # an open request, preferably of the kind the move needs
        ids = sorted(r.id for r in requests) or sorted(r.id for r in queue.open_requests()) or ["r1"]
        return data.draw(st.sampled_from(ids))

    name = data.draw(st.sampled_from(DRAWN))
    if name == "request_floor":
        kind = data.draw(st.sampled_from(("speech", "speech", "speech", "reply", "reply", "seconding",
                                          "point_of_order", "group_address")))
        person = data.draw(st.sampled_from(list(GROUP_CHAIRS.values()) if kind == "group_address" else SPEAKERS))
        return member(person), name, {"kind": kind}
    if name == "add_speaker":
        kind = data.draw(st.sampled_from(("speech", "reply", "presentation", "group_address")))
        return CHAIR, "request_floor", {"kind": kind, "on_behalf_of": data.draw(st.sampled_from(SPEAKERS))}
    if name == "withdraw_request":
        request = queue.requests.get(one_of([]))
        return member(request.person if request else M1), name, {"request": request.id if request else "r1"}
    args: dict = {}
    if name == "accept_request":
        args["request"] = one_of(r for r in queue.open_requests() if r.state == "awaiting")
    if name == "refuse_request":
        args["request"] = one_of(r for r in queue.open_requests() if r.kind in ("reply", "point_of_order"))
    if name in ("remove_request", "move_request") or (name == "give_floor" and not data.draw(st.integers(0, 3))):
        args["request"] = one_of([])
    if name in ("remove_request", "move_request"):
        args["reason"] = "syy"
    if name == "move_request":
        args["position"] = data.draw(st.integers(1, len(queue.open_requests()) + 1))
    if name == "extend_speech":
        args["seconds"] = 30
    if name == "pass_group_address":
        args["group"] = data.draw(st.sampled_from(sorted(GROUP_CHAIRS)))
    return CHAIR, name, args


def lawful_key(chamber: Chamber, request) -> tuple:
    """The order RULES.md SQ-1 gives, worked out here independently of the rules module."""
    rules, roster = chamber.meeting.rules, chamber.meeting.roster
    person = roster.person(request.person)
    priority = request.kind == "speech" and bool(person.roles & {"board_chair", "mayor"})
    cls = "priority" if priority else "ordinary" if request.kind == "speech" else request.kind
    classes = ["point_of_order", "presentation", "reply", "seconding", "group_address", "priority", "ordinary"]
    if rules.priority_before_group_round:
        classes[4:6] = ["priority", "group_address"]
    sizes = {"kok": 9, "sdp": 7, "ps": 5, "kesk": 4, "vihr": 2}
    turn = -sizes[request.group] if request.kind == "group_address" else int(request.id[1:])
    return classes.index(cls), turn


def check_the_queue(chamber: Chamber, before_order: list[str], name: str, args: dict, accepted) -> None:
    meeting = chamber.meeting
    queue = meeting.speaking[ITEM]
    made = [e.data["request"] for e in chamber.log if e.type == "floor_requested"]
    assert len(made) == len(set(made)) and list(queue.requests) == made  # nothing lost, nothing twice
    ended: dict[str, int] = {}
    for e in chamber.log:
        ids = e.data.get("requests", [e.data.get("request")]) if e.type != "floor_requested" else []
        for request_id in ids:
            if request_id is not None and e.type != "request_accepted" and e.type != "request_moved":
                ended[request_id] = ended.get(request_id, 0) + 1
    assert all(count == 1 for count in ended.values())  # each request ends once at most
    in_order = [r.id for r in order(meeting)]
    view = queue_view(meeting)
    shown = [w["request"] for w in view["waiting"]] + [a["request"] for a in view["awaiting_chair"]]
    assert in_order == [w["request"] for w in view["waiting"]]
    assert len(shown) == len(set(shown)) and set(shown) == set(made) - set(ended)  # every open one shown once
    unmoved = [lawful_key(chamber, r) for r in order(meeting) if r.placed is None]
    assert unmoved == sorted(unmoved)  # the rules' order, the chair's moves aside
    if meeting.rules.one_pending_request_per_member:
        owners = [(r.person, r.kind) for r in queue.open_requests()]
        assert len(owners) == len(set(owners))  # SQ-5
    groups = [r.group for r in queue.requests.values() if r.kind == "group_address" and r.state in ("waiting", "awaiting", "given")]
    assert len(groups) == len(set(groups))  # one address per group (SQ-4)
    assert sum(s.ended_at is None for s in queue.speeches) <= 1
    if accepted and name == "give_floor" and "request" not in args:
        assert accepted[-1].data["request"] == before_order[0]  # the floor goes to the first in order
    if accepted and name == "move_request":
        assert in_order.index(args["request"]) == min(args["position"], len(in_order)) - 1
    if meeting.rules.reply_request_expires_on_next_ordinary:
        chain = queue.answered
        assert all(r.replies_to == chain.id for r in queue.open_requests("reply"))  # SQ-3


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rules=st.sampled_from(VARIANTS), group_round=st.booleans(), steps=st.integers(10, 70), data=st.data())
def test_any_course_of_debate_keeps_the_lawful_order_and_loses_no_request(rules, group_round, steps, data):
    chamber = debate(rules, group_round=group_round)
    chamber.do(CHAIR, "request_floor", kind="speech", on_behalf_of=M3)
    speak(chamber, "r1")  # a speech to reply to
    for _ in range(steps):
        actor, name, args = a_move(data, chamber)
        meeting = chamber.meeting
        before = copy.deepcopy(meeting, {id(meeting.roster): meeting.roster})
        before_order = [r.id for r in order(meeting)]
        try:
            accepted = chamber.do(actor, name, **args)
        except Rejected:
            assert chamber.meeting == before  # a refusal changes nothing
            accepted = []
        if actor.role is Role.MEMBER and name == "request_floor":  # the phone offered what was accepted
            assert bool(accepted) == (args["kind"] in may_request(before, actor.person)), (actor, args)
        check_the_queue(chamber, before_order, name, args, accepted)
    log = json.loads(json.dumps([r.__dict__ for r in chamber.log]))  # what the store keeps
    rebuilt = replay([Recorded(**r) for r in log])
    assert rebuilt.speaking == chamber.meeting.speaking
    assert rebuilt == chamber.meeting
