"""Quorum (päätösvaltaisuus / beslutförhet): RULES.md §2.1 table Q and the thresholds (LAW-1, LAW-3)."""

import pytest

from chamber.rules import Rejected
from chamber.rules.attendance import quorum_status, require_quorum
from chamber.rules.quorum import is_quorate, quorum_needed
from chamber.rules.ruleset import RuleSet
from tests.factories import CHAIR as CHAIR_M1
from tests.factories import small_roster
from tests.rules.conftest import CHAIR, Chamber, council_27, member, pid

COUNCIL = RuleSet()
BOARD = RuleSet(body="board")


def council_of(seats: int, present: int, rules: RuleSet = COUNCIL) -> Chamber:
    """A council of `seats` members (m1 … mN) after a roll call in which the first `present` answered."""
    chamber = Chamber(small_roster(seats), rules)
    chamber.do(CHAIR_M1, "open_meeting")
    chamber.roll_call([f"m{n}" for n in range(1, present + 1)], chair=CHAIR_M1)
    return chamber


def status(chamber: Chamber, item: int | None = None) -> dict:
    return quorum_status(chamber.meeting, item)


def test_Q_1_27_seats_18_present_is_quorate():
    assert status(council_of(27, 18)) == {"present": 18, "seats": 27, "needed": 18, "quorate": True}
    assert is_quorate(18, 27, COUNCIL) and quorum_needed(27, COUNCIL) == 18


def test_Q_2_27_seats_17_present_is_not_quorate_and_decisions_are_refused():
    chamber = council_of(27, 17)
    assert status(chamber)["quorate"] is False and not is_quorate(17, 27, COUNCIL)
    with pytest.raises(Rejected) as refused:
        require_quorum(chamber.meeting, None)
    assert refused.value.code == "not_quorate"
    assert refused.value.params == {"item": None, "present": 17, "seats": 27, "needed": 18}


def test_Q_3_43_seats_need_29_and_28_is_not_enough():
    assert status(council_of(43, 29)) == {"present": 29, "seats": 43, "needed": 29, "quorate": True}
    assert status(council_of(43, 28))["quorate"] is False


def test_Q_4_85_seats_57_present_is_quorate():
    assert status(council_of(85, 57)) == {"present": 57, "seats": 85, "needed": 57, "quorate": True}


def test_Q_5_13_seats_9_present_is_quorate():
    assert status(council_of(13, 9)) == {"present": 9, "seats": 13, "needed": 9, "quorate": True}


def test_Q_6_one_disqualified_member_without_substitute_makes_item_5_inquorate_only():
    chamber = Chamber(council_27())
    chamber.do(CHAIR, "open_meeting")
    present = [pid(last) for last in ("Aaltonen", "Åberg", "Öhman", "Virtanen", "Wikström", "Ahonen",
                                      "Zetterberg", "Mäkinen", "Müller", "Myllymäki", "Nieminen", "Ärlig",
                                      "Korhonen", "Laine", "Salo", "Järvinen", "Lehtonen", "Forsman")]
    chamber.roll_call(present)
    chamber.do(member("salo"), "declare_disqualification", item=5)
    assert status(chamber, 5) == {"present": 17, "seats": 27, "needed": 18, "quorate": False}
    for other in (None, 1, 4, 6, 8):
        assert status(chamber, other) == {"present": 18, "seats": 27, "needed": 18, "quorate": True}
    with pytest.raises(Rejected) as refused:
        require_quorum(chamber.meeting, 5)
    assert refused.value.code == "not_quorate" and refused.value.params["item"] == 5
    require_quorum(chamber.meeting, 4)


def test_Q_7_nine_member_board_needs_more_than_half():
    assert status(council_of(9, 5, BOARD)) == {"present": 5, "seats": 9, "needed": 5, "quorate": True}
    assert status(council_of(9, 4, BOARD))["quorate"] is False
    assert is_quorate(5, 9, BOARD) and not is_quorate(4, 9, BOARD)


# Kuntalaki §16 minimum sizes and Helsinki's 85: the fewest present that are two thirds.
THRESHOLDS = {13: 9, 27: 18, 43: 29, 51: 34, 59: 40, 67: 45, 79: 53, 85: 57}


@pytest.mark.parametrize("seats", THRESHOLDS)
def test_council_quorum_at_exactly_the_threshold_and_one_below(seats):
    needed = THRESHOLDS[seats]
    assert quorum_needed(seats, COUNCIL) == needed
    assert is_quorate(needed, seats, COUNCIL) and not is_quorate(needed - 1, seats, COUNCIL)
    assert status(council_of(seats, needed))["quorate"] is True
    assert status(council_of(seats, needed - 1))["quorate"] is False


@pytest.mark.parametrize("seats", [5, 7, 8, 9, 11, 12, 15])
def test_board_quorum_is_more_than_half(seats):
    needed = seats // 2 + 1
    assert quorum_needed(seats, BOARD) == needed
    assert is_quorate(needed, seats, BOARD) and not is_quorate(needed - 1, seats, BOARD)
    assert 2 * needed > seats >= 2 * (needed - 1)


def test_the_fraction_comes_from_the_rule_set():
    half = RuleSet(quorum_numerator=1, quorum_denominator=2)
    assert quorum_needed(27, half) == 14 and is_quorate(14, 27, half) and not is_quorate(13, 27, half)


def test_the_needed_number_agrees_with_the_integer_rule_for_every_size():
    for rules in (COUNCIL, BOARD):
        for seats in range(1, 200):
            needed = quorum_needed(seats, rules)
            assert is_quorate(needed, seats, rules) and not is_quorate(needed - 1, seats, rules)


def test_vacant_seats_count_against_quorum():
    """`seats` is the council's size, not the number in office (LAW-1)."""
    chamber = Chamber(small_roster(20, seats=27))
    chamber.do(CHAIR_M1, "open_meeting")
    chamber.roll_call([f"m{n}" for n in range(1, 18)], chair=CHAIR_M1)
    assert status(chamber) == {"present": 17, "seats": 27, "needed": 18, "quorate": False}
