"""The meeting's course (RULES.md §3): open, items, recess, close — and every refusal."""

from chamber.rules import Actor, Command, Context, Role, decide, replay
from tests.factories import CHAIR, SECRETARY, Hall

MEMBER = Actor(Role.MEMBER, "m2")


def test_a_meeting_runs_its_course():
    hall = Hall()
    hall.do(CHAIR, "open_meeting")
    assert hall.meeting.phase == "open" and hall.meeting.opened_at == hall.clock
    hall.do(CHAIR, "take_up_item", item=1)
    assert hall.meeting.current.number == 1
    hall.do(CHAIR, "close_item")
    assert hall.meeting.item(1).state == "closed" and hall.meeting.item(1).outcome == "handled"
    hall.do(CHAIR, "take_up_item", item=2)
    hall.do(CHAIR, "close_item", outcome="tabled")
    hall.do(CHAIR, "close_meeting")
    assert hall.meeting.phase == "closed"
    assert [i.state for i in hall.meeting.agenda] == ["closed", "closed", "pending"]


def test_moving_to_another_item_sets_the_unfinished_one_aside():
    hall = Hall()
    hall.do(CHAIR, "open_meeting")
    hall.do(CHAIR, "take_up_item", item=1)
    events = hall.do(CHAIR, "take_up_item", item=3)
    assert [e.type for e in events] == ["item_set_aside", "item_taken_up"]
    assert hall.meeting.item(1).state == "pending" and hall.meeting.current.number == 3
    hall.do(CHAIR, "take_up_item", item=1)  # resumed later
    assert hall.meeting.current.number == 1


def test_recess_stops_the_agenda_until_resumed():
    hall = Hall()
    hall.do(CHAIR, "open_meeting")
    hall.do(CHAIR, "recess")
    assert hall.refused(CHAIR, "take_up_item", item=1) == "meeting_in_recess"
    assert hall.refused(CHAIR, "recess") == "meeting_not_open"
    hall.do(CHAIR, "resume")
    assert hall.refused(CHAIR, "resume") == "not_in_recess"
    hall.do(CHAIR, "take_up_item", item=1)


def test_a_meeting_never_opened_cannot_be_closed():
    hall = Hall()
    assert hall.refused(CHAIR, "close_meeting") == "meeting_not_open"
    assert hall.meeting.phase == "draft" and [e.type for e in hall.log] == ["meeting_created"]
    hall.do(CHAIR, "open_meeting")  # it is still there to be opened, and then closed
    hall.do(CHAIR, "close_meeting")
    assert hall.meeting.phase == "closed"


def test_refusals_carry_their_codes():
    hall = Hall()
    assert hall.refused(CHAIR, "take_up_item", item=1) == "meeting_not_open"
    assert hall.refused(CHAIR, "close_meeting") == "meeting_not_open"
    assert hall.refused(MEMBER, "open_meeting") == "not_chair"
    assert hall.refused(SECRETARY, "open_meeting") == "not_chair"
    hall.do(CHAIR, "open_meeting")
    assert hall.refused(CHAIR, "open_meeting") == "meeting_already_open"
    assert hall.refused(CHAIR, "take_up_item", item=9) == "no_such_item"
    assert hall.refused(CHAIR, "take_up_item", item="1") == "bad_argument"
    assert hall.refused(CHAIR, "take_up_item") == "bad_argument"
    assert hall.refused(CHAIR, "close_item") == "no_current_item"
    hall.do(CHAIR, "take_up_item", item=1)
    assert hall.refused(CHAIR, "take_up_item", item=1) == "item_already_current"
    assert hall.refused(CHAIR, "close_item", outcome="vanished") == "bad_argument"
    assert hall.refused(CHAIR, "close_item", item="1") == "bad_argument"
    assert hall.refused(CHAIR, "close_meeting") == "item_still_open"
    hall.do(CHAIR, "close_item")
    assert hall.refused(CHAIR, "take_up_item", item=1) == "item_closed"
    hall.do(CHAIR, "close_meeting")
    assert hall.refused(CHAIR, "open_meeting") == "meeting_closed"
    assert hall.refused(CHAIR, "take_up_item", item=2) == "meeting_closed"


def test_closing_the_item_the_chair_confirmed_never_closes_another():
    """The chair confirms closing item 1, but item 2 was taken up before the confirmation arrived
    (a quick shortcut): item 2 stays open, item 1 stays set aside."""
    hall = Hall()
    hall.do(CHAIR, "open_meeting")
    hall.do(CHAIR, "take_up_item", item=1)
    hall.do(CHAIR, "take_up_item", item=2)
    assert hall.refused(CHAIR, "close_item", item=1) == "item_not_current"
    assert hall.meeting.current.number == 2 and hall.meeting.item(1).state == "pending"
    hall.do(CHAIR, "close_item", item=2)
    assert hall.meeting.item(2).state == "closed"


def test_read_only_roles_and_unknown_commands_are_refused():
    hall = Hall()
    for role in (Role.DISPLAY, Role.PUBLIC):
        assert hall.refused(Actor(role), "open_meeting") == "read_only"
    assert hall.refused(CHAIR, "launch_rockets") == "unknown_command"


def test_decide_changes_nothing_and_replay_rebuilds_the_state():
    hall = Hall()
    hall.do(CHAIR, "open_meeting")
    hall.do(CHAIR, "take_up_item", item=2)
    before = repr(hall.meeting)
    decide(hall.meeting, CHAIR, Command("close_item"), Context(1))
    assert repr(hall.meeting) == before
    assert repr(replay(hall.log)) == repr(hall.meeting)
