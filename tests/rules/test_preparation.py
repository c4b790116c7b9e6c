"""Preparing the meeting: the secretary edits the roster and the agenda (h11-style: commands in,
events out). Before the meeting opens anything goes that a roster file could say; once it is open
only corrections; an edit that breaks a roster rule is refused with that rule's code and field."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chamber.rules import Actor, Role, replay
from chamber.rules.preparation import recorded_people
from tests.factories import CHAIR, SECRETARY, Hall

MEMBER = Actor(Role.MEMBER, "m2")


def person(pid: str, **fields: Any) -> dict[str, Any]:
    return {"id": pid, "first": "Uusi", "last": "Henkilö", "group": "a", **fields}


@pytest.fixture
def hall() -> Hall:
    return Hall()  # 7 members in groups a and b, m1 the chair; 3 items; not opened


# --- the roster before the meeting opens ---------------------------------------------------


def test_a_person_is_added_and_changed_by_id(hall):
    events = hall.do(SECRETARY, "add_person", person=person("s_a3", kind="substitute", order=3))
    assert [e.type for e in events] == ["person_added"]
    assert hall.meeting.roster.person("s_a3").order == 3
    assert hall.refused(SECRETARY, "add_person", person=person("s_a3", kind="official")) == "roster_taken"
    events = hall.do(SECRETARY, "change_person", person=person("s_a3", kind="substitute", order=4, last="Korjattu"))
    assert [e.type for e in events] == ["person_changed"]
    changed = hall.meeting.roster.person("s_a3")
    assert (changed.order, changed.last) == (4, "Korjattu")
    assert sum(p.id == "s_a3" for p in hall.meeting.roster.people) == 1


def test_a_new_member_needs_a_seat_in_the_council(hall):
    assert hall.refused(SECRETARY, "add_person", person=person("m8")) == "roster_too_few_seats"
    assert hall.refused(SECRETARY, "change_person", person=person("m8")) == "no_such_person"


@pytest.mark.parametrize(
    ("entry", "code", "field"),
    [
        (person("x", first=""), "roster_required", "first"),
        (person("x", group="nope", kind="substitute", order=5), "roster_no_group", "group"),
        (person("x", kind="substitute"), "roster_order_required", "order"),
        (person("x", kind="substitute", order=1), "roster_order_taken", "order"),
        (person("x", kind="official", seat="S2"), "roster_taken", "seat"),
        (person("x", kind="official", lang="de"), "roster_unknown_value", "lang"),
        (person("x", kind="official", roles=["king"]), "roster_unknown_role", "roles"),
        (person("m2", roles=["chair"]), "roster_one_chair", "roles"),
        (person("x", kind="official", deputy_of="ghost"), "roster_no_person", "deputy_of"),
    ],
)
def test_an_edit_that_breaks_a_roster_rule_is_refused_naming_the_field(hall, entry, code, field):
    before = hall.meeting.roster
    with pytest.raises(Exception) as caught:
        hall.do(SECRETARY, "change_person" if entry["id"] == "m2" else "add_person", person=entry)
    assert (caught.value.code, caught.value.params["field"]) == (code, field)
    assert hall.meeting.roster is before


def test_members_cannot_edit_the_roster(hall):
    assert hall.refused(MEMBER, "add_person", person=person("x", kind="official")) == "not_staff"
    assert hall.refused(MEMBER, "change_person", person=person("m2")) == "not_staff"
    assert hall.refused(MEMBER, "save_item", number=9, title="X") == "not_staff"


def test_a_person_is_removed_unless_the_record_names_them(hall):
    hall.do(SECRETARY, "remove_person", person="sb2")
    assert hall.meeting.roster.person("sb2") is None
    hall.do(SECRETARY, "report_absence", person="m3")
    assert "m3" in recorded_people(hall.meeting)
    assert hall.refused(SECRETARY, "remove_person", person="m3") == "person_in_record"
    assert hall.refused(SECRETARY, "remove_person", person="nobody") == "no_such_person"
    assert hall.refused(SECRETARY, "remove_person", person="m1") == "roster_one_chair"


def test_groups_are_added_renamed_and_removed_when_empty(hall):
    hall.do(SECRETARY, "save_group", group="c", name="Ryhmä C / Grupp C")
    hall.do(SECRETARY, "save_group", group="a", name="Ryhmä A")
    assert {g.id: g.name for g in hall.meeting.roster.groups} == {
        "a": "Ryhmä A", "b": "Group B", "c": "Ryhmä C / Grupp C"}
    assert hall.refused(SECRETARY, "remove_group", group="a") == "group_not_empty"
    hall.do(SECRETARY, "remove_group", group="c")
    assert [g.id for g in hall.meeting.roster.groups] == ["a", "b"]
    assert hall.refused(SECRETARY, "remove_group", group="c") == "no_such_group"


def test_a_whole_roster_replaces_the_one_called_with(hall):
    new = hall.meeting.roster.to_dict()
    new["people"] = [p for p in new["people"] if p["id"] != "sa2"]
    new["name"] = "Uusi valtuusto"
    hall.do(SECRETARY, "replace_roster", roster=new)
    assert hall.meeting.roster.name == "Uusi valtuusto"
    assert hall.meeting.roster.person("sa2") is None
    assert hall.refused(SECRETARY, "replace_roster", roster={"name": "x"}) == "roster_empty_list"


def test_a_replacement_may_not_drop_anyone_the_record_names(hall):
    hall.do(MEMBER, "report_absence")
    new = hall.meeting.roster.to_dict()
    new["people"] = [p for p in new["people"] if p["id"] != "m2"]
    new["seats"] = 7
    assert hall.refused(SECRETARY, "replace_roster", roster=new) == "person_in_record"


# --- once the meeting is open --------------------------------------------------------------


def test_once_open_only_names_seats_and_languages_can_be_corrected(hall):
    hall.do(CHAIR, "open_meeting")
    hall.do(SECRETARY, "change_person", person={**hall.meeting.roster.person("m2").to_dict(),
                                              "last": "Oikein", "seat": "S20", "lang": "sv"})
    fixed = hall.meeting.roster.person("m2")
    assert (fixed.last, fixed.seat, fixed.lang) == ("Oikein", "S20", "sv")
    moved = {**fixed.to_dict(), "group": "a"}
    with pytest.raises(Exception) as caught:
        hall.do(SECRETARY, "change_person", person=moved)
    assert (caught.value.code, caught.value.params) == ("field_locked", {"field": "group"})
    assert hall.refused(SECRETARY, "add_person", person=person("new", kind="official")) == "roster_locked"
    assert hall.refused(SECRETARY, "remove_person", person="sb2") == "roster_locked"
    assert hall.refused(SECRETARY, "replace_roster", roster=hall.meeting.roster.to_dict()) == "roster_locked"
    assert hall.refused(SECRETARY, "save_group", group="c", name="C") == "roster_locked"
    hall.do(SECRETARY, "save_group", group="b", name="Ryhmä B / Grupp B")  # a rename is a correction


def test_a_closed_meeting_is_not_edited(hall):
    hall.do(CHAIR, "open_meeting")
    hall.do(CHAIR, "close_meeting")
    assert hall.refused(SECRETARY, "save_group", group="b", name="B") == "meeting_closed"
    assert hall.refused(SECRETARY, "save_item", number=9, title="X") == "meeting_closed"


# --- the agenda ----------------------------------------------------------------------------


def test_items_are_added_in_number_order_and_corrected(hall):
    hall.do(SECRETARY, "save_item", number=2, title={"fi": "Uusi otsikko", "sv": ""},
            base_proposal={"fi": "Ehdotus", "sv": "Förslag"},
            attachments=[{"title": "Liite 1", "url": "https://example.fi/liite1.pdf"}])
    hall.do(SECRETARY, "save_item", number=10, title={"fi": "Lisäasia", "sv": "Tilläggsärende"})
    hall.do(SECRETARY, "save_item", number=5, title="Väliin")
    assert [i.number for i in hall.meeting.agenda] == [1, 2, 3, 5, 10]
    two = hall.meeting.item(2)
    assert two.title == {"fi": "Uusi otsikko"}  # the empty Swedish title is left out
    assert two.base_proposal == {"fi": "Ehdotus", "sv": "Förslag"}
    assert two.attachments == [{"title": "Liite 1", "url": "https://example.fi/liite1.pdf"}]
    assert hall.meeting.item(5).title == {"fi": "Väliin"}


@pytest.mark.parametrize(
    ("args", "code", "field"),
    [
        ({"number": 0, "title": "X"}, "agenda_not_positive", "number"),
        ({"number": 4, "title": {"fi": " ", "sv": ""}}, "bad_argument", "title"),
        ({"number": 4, "title": {"de": "Titel"}}, "bad_argument", "title"),
        ({"number": 4, "title": "X", "attachments": [{"title": "x", "url": "javascript:alert(1)"}]},
         "agenda_bad_attachments", "attachments"),
        ({"number": 4, "title": "X", "attachments": "liite.pdf"}, "agenda_bad_attachments", "attachments"),
        ({"number": 4, "title": "X", "base_amount": -1}, "agenda_not_amount", "base_amount"),
        ({"number": 4, "title": "X", "base_amount": 1.5}, "agenda_not_amount", "base_amount"),
        ({"number": 4, "title": "X", "base_amount": "85 000"}, "agenda_not_amount", "base_amount"),
        ({"number": 4, "title": "X", "base_amount": True}, "agenda_not_amount", "base_amount"),
    ],
)
def test_a_bad_item_is_refused_naming_the_field(hall, args, code, field):
    with pytest.raises(Exception) as caught:
        hall.do(SECRETARY, "save_item", **args)
    assert (caught.value.code, caught.value.params) == (code, {"field": field})
    assert [i.number for i in hall.meeting.agenda] == [1, 2, 3]


def test_an_item_is_marked_as_an_appropriation_with_its_base_amount(hall):
    hall.do(SECRETARY, "save_item", number=4, title="Lisämääraraha", base_amount=85_000)
    assert hall.meeting.item(4).base_amount == 85_000
    assert hall.log[-1].data["item"]["base_amount"] == 85_000
    hall.do(SECRETARY, "save_item", number=4, title="Lisämääraraha", base_amount=0)  # a sum of nothing is a sum
    assert hall.meeting.item(4).base_amount == 0
    hall.do(SECRETARY, "save_item", number=4, title="Ei enää määräraha")
    assert hall.meeting.item(4).base_amount is None
    assert replay(hall.log).item(4).to_dict() == hall.meeting.item(4).to_dict()


# --- a whole agenda, e.g. from a file -------------------------------------------------------

AGENDA = [
    {"number": 1, "title": {"fi": "Laillisuus", "sv": "Laglighet"}},
    {"number": 4, "title": {"fi": "Lisämääräraha", "sv": "Tilläggsanslag"},
     "base_proposal": {"fi": "Myönnetään 85 000 euroa.", "sv": "85 000 euro beviljas."}, "base_amount": 85_000,
     "attachments": [{"title": "Arvio", "url": "https://example.fi/arvio.pdf"}]},
    {"number": 5, "title": "Ilmoitusasiat", "unknown": "dropped"},
]


def test_a_whole_agenda_replaces_the_agenda_in_one_event(hall):
    events = hall.do(SECRETARY, "replace_agenda", agenda=AGENDA)
    assert [e.type for e in events] == ["agenda_replaced"]
    assert [i.number for i in hall.meeting.agenda] == [1, 4, 5]
    assert hall.meeting.item(4).base_amount == 85_000 and hall.meeting.item(1).base_amount is None
    assert hall.meeting.item(5).title == {"fi": "Ilmoitusasiat"}
    assert "unknown" not in events[0].data["agenda"][2]  # stored as the agenda's own entries
    assert [i.to_dict() for i in replay(hall.log).agenda] == [i.to_dict() for i in hall.meeting.agenda]


@pytest.mark.parametrize(
    ("agenda", "code", "params"),
    [
        ("not a list", "bad_argument", {"field": "agenda"}),
        ([], "agenda_empty", {}),
        ([{"title": "A"}, 7], "agenda_not_object", {"field": ""}),
        ([{"number": 2, "title": "A"}, {"number": 2, "title": "B"}], "agenda_number_taken",
         {"field": "number", "number": 2, "by": "agenda[0]"}),
        ([{"title": "A", "base_amount": -5}], "agenda_not_amount", {"field": "base_amount"}),
        ([{"title": {"fi": ""}}], "agenda_title_required", {"field": "title"}),
    ],
)
def test_a_bad_agenda_is_refused_and_changes_nothing(hall, agenda, code, params):
    before = [i.to_dict() for i in hall.meeting.agenda]
    with pytest.raises(Exception) as caught:
        hall.do(SECRETARY, "replace_agenda", agenda=agenda)
    assert (caught.value.code, caught.value.params) == (code, params)
    assert [i.to_dict() for i in hall.meeting.agenda] == before


def test_the_agenda_is_replaced_only_by_the_staff_before_the_meeting_opens(hall):
    assert hall.refused(MEMBER, "replace_agenda", agenda=AGENDA) == "not_staff"
    hall.do(CHAIR, "open_meeting")
    assert hall.refused(SECRETARY, "replace_agenda", agenda=AGENDA) == "agenda_replace_locked"
    hall.do(CHAIR, "close_meeting")
    assert hall.refused(SECRETARY, "replace_agenda", agenda=AGENDA) == "meeting_closed"


def test_an_item_holding_candidate_lists_is_neither_removed_nor_replaced_under_them(hall):
    """The lists handed in for item 2's election stay with item 2: replacing the agenda or
    removing the item would pass them to whatever item took the number (EL-P3)."""
    hall.do(SECRETARY, "submit_candidate_list", item=2, name="A", candidates=["m3", "m4"], signatories=["m5", "m6"])
    before = [i.to_dict() for i in hall.meeting.agenda]
    assert hall.refused(SECRETARY, "replace_agenda", agenda=AGENDA) == "candidate_lists_held"
    assert hall.refused(SECRETARY, "remove_item", item=2) == "candidate_lists_held"
    assert [i.to_dict() for i in hall.meeting.agenda] == before
    hall.do(SECRETARY, "remove_item", item=3)  # an item without lists goes as before
    hall.do(SECRETARY, "withdraw_candidate_list", item=2, agent="m5")
    hall.do(SECRETARY, "replace_agenda", agenda=AGENDA)


# --- the council's size ----------------------------------------------------------------------


def test_the_council_size_is_set_before_the_meeting_opens_and_moves_the_quorum(hall):
    from chamber.rules.quorum import quorum_needed

    assert hall.meeting.roster.seats == 7
    events = hall.do(SECRETARY, "set_seats", seats=9)
    assert [e.type for e in events] == ["seats_set"] and hall.meeting.roster.seats == 9
    assert quorum_needed(hall.meeting.roster.seats, hall.meeting.rules) == 6  # 2/3 of 9 [LAW-1]
    assert replay(hall.log).roster.seats == 9
    with pytest.raises(Exception) as caught:
        hall.do(SECRETARY, "set_seats", seats=6)  # fewer seats than the roster's 7 members
    assert (caught.value.code, caught.value.params) == ("roster_too_few_seats", {"field": "seats", "seats": 6, "members": 7})
    assert hall.refused(SECRETARY, "set_seats", seats=0) == "roster_not_positive"
    assert hall.refused(SECRETARY, "set_seats", seats="9") == "bad_argument"
    assert hall.refused(MEMBER, "set_seats", seats=8) == "not_staff"
    assert hall.meeting.roster.seats == 9
    hall.do(CHAIR, "open_meeting")
    assert hall.refused(SECRETARY, "set_seats", seats=8) == "seats_locked"  # quorum is counted from it
    assert hall.meeting.roster.seats == 9


def test_an_item_taken_up_keeps_its_texts_and_items_are_removed_only_before_opening(hall):
    hall.do(SECRETARY, "remove_item", item=3)
    assert [i.number for i in hall.meeting.agenda] == [1, 2]
    hall.do(CHAIR, "open_meeting")
    hall.do(CHAIR, "take_up_item", item=1)
    assert hall.refused(SECRETARY, "save_item", number=1, title="Muutettu") == "item_started"
    hall.do(CHAIR, "take_up_item", item=2)  # item 1 is set aside, pending again, but was discussed
    assert hall.refused(SECRETARY, "save_item", number=1, title="Muutettu") == "item_started"
    hall.do(SECRETARY, "save_item", number=4, title={"fi": "Kiireellinen asia", "sv": "Brådskande ärende"})
    assert hall.refused(SECRETARY, "remove_item", item=4) == "agenda_locked"


def test_the_last_item_stays(hall):
    hall.do(SECRETARY, "remove_item", item=1)
    hall.do(SECRETARY, "remove_item", item=2)
    assert hall.refused(SECRETARY, "remove_item", item=3) == "agenda_empty"
    assert hall.refused(SECRETARY, "remove_item", item=7) == "no_such_item"


# --- replay ---------------------------------------------------------------------------------

EDITS = st.sampled_from([
    ("add_person", {"person": person("o1", kind="official", roles=["mayor"])}),
    ("add_person", {"person": person("sa3", kind="substitute", order=3)}),
    ("change_person", {"person": person("m4", group="a", first="Korjattu")}),
    ("change_person", {"person": person("m3", first="Oikea", seat="S3")}),
    ("remove_person", {"person": "sb2"}),
    ("remove_person", {"person": "o1"}),
    ("save_group", {"group": "c", "name": "C"}),
    ("remove_group", {"group": "c"}),
    ("save_item", {"number": 7, "title": {"fi": "Seitsemän"}}),
    ("save_item", {"number": 2, "title": {"fi": "Kaksi", "sv": "Två"}, "base_amount": 50_000}),
    ("replace_agenda", {"agenda": AGENDA}),
    ("set_seats", {"seats": 8}),
    ("remove_item", {"item": 1}),
    ("open_meeting", {}),
])


@settings(max_examples=60, deadline=None)
@given(st.lists(EDITS, max_size=12))
def test_replaying_the_edits_gives_the_roster_and_agenda_the_hall_has(edits):
    hall = Hall()
    for cmd, args in edits:
        actor = CHAIR if cmd == "open_meeting" else SECRETARY
        try:
            hall.do(actor, cmd, **args)
        except Exception as refusal:
            assert getattr(refusal, "code", None), refusal  # a rejection, never a crash
    again = replay(hall.log)
    assert again.roster.to_dict() == hall.meeting.roster.to_dict()
    assert [i.to_dict() for i in again.agenda] == [i.to_dict() for i in hall.meeting.agenda]
