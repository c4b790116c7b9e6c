"""The demo council is what every demonstration and many tests stand on, so its shape is checked:
group sizes all different (group-address order), substitutes in order, a seat per member."""

from __future__ import annotations

from collections import Counter
from importlib.resources import files

from chamber.demo_data import demo_agenda, demo_roster
from chamber.rosterfile import load_roster
from chamber.rules.agenda import parse_agenda
from chamber.rules.lifecycle import setup_event
from chamber.rules.roster import Roster


def test_demo_council_has_35_members_in_six_groups_of_different_sizes() -> None:
    roster = demo_roster()
    assert roster.seats == 35 and len(roster.members) == 35
    sizes = [roster.group_size(g.id) for g in roster.groups]
    assert len(sizes) == 6 and len(set(sizes)) == 6 and sum(sizes) == 35
    assert all(" / " in g.name for g in roster.groups)  # Finnish / Swedish
    assert " / " in roster.name and roster.secretary


def test_every_group_has_substitutes_in_order() -> None:
    roster = demo_roster()
    for group in roster.groups:
        orders = sorted(p.order for p in roster.people if p.kind == "substitute" and p.group == group.id)
        assert len(orders) >= 2 and orders == list(range(1, len(orders) + 1)), group.id
    big, small = roster.groups[0].id, roster.groups[-1].id
    assert _substitutes(roster, big) > _substitutes(roster, small)


def _substitutes(roster: Roster, group_id: str) -> int:
    return sum(1 for p in roster.people if p.kind == "substitute" and p.group == group_id)


def test_members_sit_by_group_blocks_in_unique_seats() -> None:
    roster = demo_roster()
    seats = [p.seat for p in roster.members]
    assert None not in seats and len(set(seats)) == 35
    rows = {g.id: {p.seat[0] for p in roster.members if p.group == g.id} for g in roster.groups}  # type: ignore[index]
    assert all(len(r) == 1 for r in rows.values()) and len({r.pop() for r in rows.values()}) == 6


def test_roles() -> None:
    roster = demo_roster()
    by_role = {role: [p for p in roster.people if role in p.roles] for role in
               ("chair", "vice_chair", "group_chair", "board_chair", "mayor")}
    assert len(by_role["chair"]) == 1 and by_role["chair"][0].kind == "member"
    assert len(by_role["vice_chair"]) == 1 and by_role["vice_chair"][0].kind == "member"
    assert sorted(p.group for p in by_role["group_chair"]) == sorted(g.id for g in roster.groups)  # type: ignore[arg-type]
    assert all(p.kind == "member" for p in by_role["group_chair"])
    assert [p.kind for p in by_role["board_chair"]] == ["member"]
    assert [(p.kind, p.group) for p in by_role["mayor"]] == [("official", None)]


def test_bilingual_people_with_nordic_letters() -> None:
    roster = demo_roster()
    langs = Counter(p.lang for p in roster.members)
    assert langs["fi"] >= 10 and langs["sv"] >= 10 and langs["en"] >= 1
    initials = {p.last[0] for p in roster.people}
    assert {"Å", "Ä", "Ö"} <= initials


def test_demo_roster_is_a_valid_roster_file_and_survives_the_log() -> None:
    roster = demo_roster()
    with_path = files("chamber.demo_data").joinpath("roster.json")
    assert load_roster(str(with_path)) == roster
    assert Roster.from_dict(roster.to_dict()) == roster


def test_demo_agenda_is_bilingual_and_realistic() -> None:
    entries = demo_agenda()
    items = parse_agenda(entries)
    assert len(items) >= 6
    for item in items:
        assert item.title.get("fi") and item.title.get("sv"), item.number
        assert item.base_proposal.get("fi") and item.base_proposal.get("sv"), item.number
    board = [i for i in items if i.base_proposal["fi"].startswith("Kaupunginhallitus ehdottaa, että valtuusto")]
    assert len(board) >= 4
    assert all(i.base_proposal["sv"].startswith("Stadsstyrelsen föreslår att fullmäktige") for i in board)
    assert any("euro" in i.base_proposal["fi"] for i in board)  # a money item, for the money voting order
    # ... marked as the appropriation it is, with the sum its texts name (VO-R4)
    [money] = [i for i in items if i.base_amount is not None]
    assert (money.number, money.base_amount) == (4, 1_200_000)
    assert "1 200 000 euron" in money.base_proposal["fi"] and "1 200 000 euro" in money.base_proposal["sv"]
    assert [i.number for i in items] == sorted(i.number for i in items)


def test_demo_meeting_can_be_set_up() -> None:
    event = setup_event("demo", {"fi": "Valtuusto", "sv": "Fullmäktige"}, demo_roster(), demo_agenda())
    assert event.data["roster"]["seats"] == 35 and len(event.data["agenda"]) == len(demo_agenda())
