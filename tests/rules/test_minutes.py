"""The minutes' checking and publication (KRS §§33–34): checkers chosen at the meeting approve
the draft after the close, an approval lapses when the draft changes, the secretary publishes,
and a meeting closed to the public publishes only what the chair released."""

from __future__ import annotations

from chamber.rules import replay
from chamber.rules import Actor, Role
from chamber.rules.minutes import approved_by, basis, may_read_draft, public_items, ready_to_publish
from chamber.rules.ruleset import RuleSet
from tests.factories import SECRETARY
from tests.rules.conftest import CHAIR, Chamber, council_27, member
from tests.rules.voting import Council
ABSENT = ("koskinen", "ylonen")


def sitting(public: bool = True, rules: RuleSet | None = None) -> Chamber:
    """The 27-seat council opened, with a quorum (the surname ids of tests/rules/conftest)."""
    chamber = Chamber(council_27(), rules=rules, items=3, public=public)
    chamber.do(CHAIR, "open_meeting")
    chamber.roll_call([p.id for p in chamber.meeting.roster.members if p.id not in ABSENT])
    return chamber


def closed_with_checkers(public: bool = True) -> Chamber:
    chamber = sitting(public)
    chamber.do(CHAIR, "choose_minutes_checkers", checkers=["korhonen", "forsman"])
    for n in (1, 2):
        chamber.do(CHAIR, "take_up_item", item=n)
        chamber.do(CHAIR, "close_item")
    chamber.do(CHAIR, "close_meeting")
    return chamber


def test_the_chair_announces_two_checkers_sitting_in_the_hall():
    chamber = sitting()
    chamber.do(CHAIR, "choose_minutes_checkers", checkers=["korhonen", "forsman"])
    assert chamber.meeting.minutes.checkers == ("korhonen", "forsman")
    chamber.do(CHAIR, "choose_minutes_checkers", checkers=["laine", "forsman"])  # announced again: replaced
    assert chamber.meeting.minutes.checkers == ("laine", "forsman")


def test_checkers_are_two_distinct_councillors_present_unless_the_rules_say_otherwise():
    chamber = sitting()
    assert chamber.refused(CHAIR, "choose_minutes_checkers", checkers=["korhonen"]) == "minutes_checkers_count"
    assert chamber.refused(CHAIR, "choose_minutes_checkers", checkers=["korhonen", "korhonen"]) == "bad_argument"
    assert chamber.refused(CHAIR, "choose_minutes_checkers", checkers="korhonen") == "bad_argument"
    assert chamber.refused(CHAIR, "choose_minutes_checkers", checkers=["korhonen", "koskinen"]) == "not_present"
    assert chamber.refused(CHAIR, "choose_minutes_checkers", checkers=["korhonen", "nobody"]) == "no_such_person"
    assert chamber.refused(member("korhonen"), "choose_minutes_checkers", checkers=["korhonen", "forsman"]) == "not_chair"
    three = sitting(rules=RuleSet(minutes_checkers=3))
    three.do(CHAIR, "choose_minutes_checkers", checkers=["korhonen", "forsman", "laine"])
    assert len(three.meeting.minutes.checkers) == 3


def test_each_checker_approves_the_closed_meetings_draft_and_the_secretary_publishes():
    chamber = closed_with_checkers()
    draft = basis(chamber.meeting)
    assert chamber.refused(SECRETARY, "publish_minutes") == "minutes_not_approved"
    chamber.do(member("korhonen"), "approve_minutes", basis=draft)
    assert approved_by(chamber.meeting) == ["korhonen"] and not ready_to_publish(chamber.meeting)
    assert basis(chamber.meeting) == draft  # an approval leaves the content as it was
    assert chamber.refused(member("korhonen"), "approve_minutes", basis=draft) == "minutes_already_approved"
    chamber.do(member("forsman"), "approve_minutes", basis=draft)
    assert ready_to_publish(chamber.meeting) and public_items(chamber.meeting) == []
    assert chamber.refused(CHAIR, "publish_minutes") == "not_secretary"
    chamber.do(SECRETARY, "publish_minutes")
    assert chamber.meeting.minutes.published == draft
    assert public_items(chamber.meeting) == [1, 2]  # item 3 was never reached: no decision
    assert chamber.refused(SECRETARY, "publish_minutes") == "minutes_already_published"
    assert chamber.refused(member("forsman"), "approve_minutes", basis=draft) == "minutes_already_published"
    assert replay(chamber.log).minutes == chamber.meeting.minutes


def test_only_a_checker_approves_and_only_after_the_close():
    chamber = sitting()
    chamber.do(CHAIR, "choose_minutes_checkers", checkers=["korhonen", "forsman"])
    assert chamber.refused(member("korhonen"), "approve_minutes", basis=basis(chamber.meeting)) == "minutes_not_ready"
    chamber.do(CHAIR, "close_meeting")
    assert chamber.refused(member("laine"), "approve_minutes", basis=basis(chamber.meeting)) == "not_minutes_checker"
    assert chamber.refused(CHAIR, "approve_minutes", basis=basis(chamber.meeting)) == "not_minutes_checker"
    assert chamber.refused(member("korhonen"), "approve_minutes", basis="latest") == "bad_argument"


def decided_and_closed() -> Council:
    """Item 1 decided by a vote against which salo registered dissent, checkers chosen, closed."""
    c = Council()
    c.do(CHAIR, "choose_minutes_checkers", checkers=["korhonen", "forsman"])
    c.propose("salo")
    c.do(CHAIR, "confirm_summary")
    c.do(CHAIR, "approve_voting_order")
    c.vote(20, 7)
    c.do(CHAIR, "declare_decision")
    c.do(member("salo"), "register_dissent")
    c.do(CHAIR, "close_item")
    c.do(CHAIR, "close_meeting")
    return c


def test_an_approval_names_the_draft_and_lapses_when_the_content_changes():
    c = decided_and_closed()
    read = basis(c.meeting)
    c.do(member("korhonen"), "approve_minutes", basis=read)
    # salo hands in the dissent's written text after the close (LAW-15): the minutes say more now
    c.do(member("salo"), "register_dissent", item=1, text="Eriävä mielipide: perustelut.")
    assert c.meeting.decisions[1].dissents["salo"] == {"fi": "Eriävä mielipide: perustelut."}
    assert basis(c.meeting) > read
    assert approved_by(c.meeting) == []  # korhonen approved what the minutes said before
    assert c.refused(member("forsman"), "approve_minutes", basis=read) == "minutes_changed"
    assert c.refused(SECRETARY, "publish_minutes") == "minutes_not_approved"
    for checker in ("korhonen", "forsman"):
        c.do(member(checker), "approve_minutes", basis=basis(c.meeting))
    c.do(SECRETARY, "publish_minutes")
    assert public_items(c.meeting) == [1]


def test_after_the_close_only_an_announced_dissent_gets_its_text_and_only_until_publication():
    c = decided_and_closed()
    assert c.refused(member("laine"), "register_dissent", item=1, text="Myöhässä") == "no_dissent"
    assert c.refused(member("salo"), "register_dissent", item=2, text="Väärä asia") == "no_dissent"
    assert c.refused(member("salo"), "register_dissent", item=1) == "bad_argument"  # a text, or nothing
    for checker in ("korhonen", "forsman"):
        c.do(member(checker), "approve_minutes", basis=basis(c.meeting))
    c.do(SECRETARY, "publish_minutes")
    assert c.refused(member("salo"), "register_dissent", item=1, text="Liian myöhään") == "minutes_already_published"


def test_publishing_needs_checkers():
    chamber = sitting()
    chamber.do(CHAIR, "close_meeting")
    assert chamber.refused(SECRETARY, "publish_minutes") == "no_minutes_checkers"
    open_one = sitting()
    assert open_one.refused(SECRETARY, "publish_minutes") == "minutes_not_ready"


def test_a_closed_meeting_publishes_only_the_items_the_chair_released():
    chamber = closed_with_checkers(public=False)
    chamber.do(CHAIR, "release_item", item=2)
    assert chamber.refused(CHAIR, "release_item", item=2) == "item_already_released"
    assert chamber.refused(CHAIR, "release_item", item=3) == "item_not_closed"
    assert chamber.refused(CHAIR, "release_item", item=9) == "no_such_item"
    assert chamber.refused(SECRETARY, "release_item", item=1) == "not_chair"
    draft = basis(chamber.meeting)
    for checker in ("korhonen", "forsman"):
        chamber.do(member(checker), "approve_minutes", basis=draft)
    chamber.do(SECRETARY, "publish_minutes")
    assert public_items(chamber.meeting) == [2]


def test_a_public_meeting_has_nothing_to_release():
    chamber = closed_with_checkers()
    assert chamber.refused(CHAIR, "release_item", item=1) == "meeting_public"


def test_the_draft_is_read_before_publication_by_the_staff_and_the_checkers_only():
    chamber = closed_with_checkers()
    readers = [CHAIR, SECRETARY, member("korhonen"), member("forsman")]
    assert all(may_read_draft(chamber.meeting, actor) for actor in readers)
    assert not may_read_draft(chamber.meeting, member("laine"))
    assert not may_read_draft(chamber.meeting, Actor(Role.PUBLIC))
