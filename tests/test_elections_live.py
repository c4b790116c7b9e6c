"""Elections over real websockets (RULES.md §10): the election board's lists and combined list
from the secretary, a proportional election cast from the phones with the comparative numbers
on the screen, paper ballots counted by the board, and a run-off that holds the item open."""

import asyncio
from contextlib import AsyncExitStack

import pytest

from chamber.council import MeetingSetup
from chamber.demo_data import demo_agenda, demo_roster
from chamber.rules.ruleset import RuleSet
from tests.live import Client, running
from tests.test_attendance_live import secretary_client
from tests.test_protocol import chair_client
from tests.test_voting_live import in_session_on_item_4

ROSTER = demo_roster()
MEMBERS = [p.id for p in ROSTER.members]


@pytest.fixture
def rules():
    return RuleSet()


@pytest.fixture
async def hall(tmp_path, rules):
    """The demo council in session on item 4, everyone present, with the screen and the secretary."""
    setup = MeetingSetup({"fi": "Kokous", "sv": "Sammanträde"}, ROSTER, demo_agenda(), "2026-11-23", rules=rules)
    async with running(tmp_path / "data", setup) as server, AsyncExitStack() as stack:
        chair = await stack.enter_async_context(await chair_client(server))
        secretary = await stack.enter_async_context(await secretary_client(server))
        screen = await stack.enter_async_context(Client.connect(server, "display", key=await server.display_key()))
        phones = {}
        for person in MEMBERS[1:]:
            token = await server.member_token(person)
            phones[person] = await stack.enter_async_context(Client.connect(server, "member", token=token))
        await in_session_on_item_4(chair, phones)
        yield chair, secretary, screen, phones


async def ok(client, cmd, **args):
    reply = await client.command(cmd, **args)
    assert reply["ok"], (cmd, reply)
    return reply


async def test_a_proportional_election_on_the_lists_handed_in_reaches_every_screen(hall):
    chair, secretary, screen, phones = hall
    for name, candidates, signatories in (("A", ["Anu Mäki", "Pertti Salo"], ["m20", "m26"]),
                                          ("B", ["Eva Lindqvist", "Karin Ek"], ["m02", "m04"])):
        await ok(secretary, "submit_candidate_list", item=4, name=name, candidates=candidates, signatories=signatories)
    refused = await secretary.command("submit_candidate_list", item=4, name="C", candidates=["X"],
                                      signatories=["m26", "m30"])
    assert refused["error"]["code"] == "already_signed"
    assert refused["error"]["message"] == ("Matti Ämmälä on jo allekirjoittanut listan A: valtuutettu voi "
                                           "allekirjoittaa vaalissa vain yhden ehdokaslistan.")
    combined = await ok(secretary, "combine_candidate_lists", item=4, seats=2)
    await screen.until_seq(combined["seq"])
    shown = screen.view["candidate_lists"]
    assert (shown["seats"], shown["present"], shown["demand_needed"]) == (2, 35, 12)  # ⌈35/3⌉
    assert sorted(lst["name"] for lst in shown["lists"]) == ["A", "B"] and shown["lot"]["tied"] == ["A", "B"]
    assert "election_board" not in screen.view  # the signatories are the staff's
    await secretary.until_seq(combined["seq"])
    assert secretary.view["election_board"]["nominations"]["4"]["lists"][0]["agent"] == "m20"

    number = {lst["name"]: lst["number"] for lst in shown["lists"]}
    opened = await ok(chair, "open_election", kind="proportional", title={"fi": "Lautakunta", "sv": "Nämnden"},
                      demanders=MEMBERS[:12])
    await phones["m05"].until_seq(opened["seq"])
    assert phones["m05"].view["election"]["lists"] == [
        {"number": n, "name": lst["name"], "candidates": lst["candidates"], "deputies": {}}
        for n, lst in sorted((lst["number"], lst) for lst in shown["lists"])]
    picks = {p: number["A"] if n % 3 else number["B"] for n, p in enumerate(phones)}
    replies = await asyncio.gather(*(phones[p].command("cast_ballot", list=n) for p, n in picks.items()))
    assert all(r["ok"] for r in replies)
    closed = await ok(chair, "close_election")
    await screen.until_seq(closed["seq"])
    result = screen.view["election"]
    a = sum(1 for n in picks.values() if n == number["A"])
    assert result["totals"] == {str(number["A"]): a, str(number["B"]): len(picks) - a}
    assert (a, len(picks) - a) == (22, 12)
    numbers = result["comparative_numbers"]
    assert (numbers["Anu Mäki"], numbers["Eva Lindqvist"], numbers["Pertti Salo"], numbers["Karin Ek"]) == \
        ("22,000", "12,000", "11,000", "6,000")
    assert result["elected"] == ["Anu Mäki", "Eva Lindqvist"] and result["demanders"] == MEMBERS[:12]
    assert screen.view["candidate_lists"]["election"] == "e1"


async def test_a_run_off_keeps_the_item_open_until_it_is_held(hall):
    chair, secretary, screen, phones = hall
    await ok(chair, "open_election", title={"fi": "Kaupunginjohtaja"}, candidates=["m20", "m21", "m22"],
             absolute_majority=True, secret=True)
    people = list(phones)
    votes = {p: ["m20"] if n < 14 else ["m21"] if n < 26 else ["m22"] for n, p in enumerate(people)}
    assert all(r["ok"] for r in await asyncio.gather(*(phones[p].command("cast_ballot", names=v)
                                                       for p, v in votes.items())))
    closed = await ok(chair, "close_election")
    await screen.until_seq(closed["seq"])
    assert screen.view["election"]["state"] == "runoff_needed" and screen.view["election"]["runoff"] == ["m20", "m21"]
    refused = await chair.command("close_item", item=4)
    assert refused["error"]["code"] == "runoff_pending"
    assert (await chair.command("declare_decision"))["error"]["code"] == "runoff_pending"
    await ok(chair, "open_runoff")
    assert (await phones["m05"].command("cast_ballot", names=["m22"]))["error"]["code"] == "no_such_candidate"
    assert all(r["ok"] for r in await asyncio.gather(*(phones[p].command("cast_ballot", names=["m21"]) for p in people)))
    await ok(chair, "close_election")
    await ok(chair, "close_item", item=4)


@pytest.mark.parametrize("rules", [RuleSet(closed_ballot_mode="paper")])
async def test_paper_ballots_the_board_count_is_announced_by_the_chair(hall):
    chair, secretary, screen, phones = hall
    opened = await ok(chair, "open_election", title={"fi": "Tilintarkastaja"}, candidates=["m20", "m21"], secret=True)
    await phones["m05"].until_seq(opened["seq"])
    assert phones["m05"].view["election"]["paper"] is True
    assert (await phones["m05"].command("cast_ballot", names=["m20"]))["error"]["code"] == "not_staff"
    for person in ("m05", "m06", "m07", "m08"):
        marked = await ok(secretary, "cast_ballot", person=person)
        await phones[person].until_me(marked["seq"])
        assert phones[person].me["election"]["voted"] is True
    unmarked = await ok(secretary, "cancel_ballot_mark", person="m08")  # marked by mistake
    await phones["m08"].until_me(unmarked["seq"])
    assert phones["m08"].me["election"]["voted"] is False
    wrong = await secretary.command("enter_ballot_count", count={"totals": {"m20": 2}, "valid": 2, "blank": 0, "invalid": 0})
    assert wrong["error"]["code"] == "count_mismatch" and wrong["error"]["params"] == {"counted": 2, "handed_in": 3}
    entered = await ok(secretary, "enter_ballot_count", count={"totals": {"m20": 2, "m21": 0}, "valid": 2, "blank": 1,
                                                               "invalid": 0})
    await chair.until_seq(entered["seq"])
    assert chair.view["election_board"]["ballot"]["count"] == {"totals": {"m20": 2}, "valid": 2, "blank": 1, "invalid": 0}
    assert "totals" not in chair.view["election"]  # the part every role sees: not announced yet
    closed = await ok(chair, "close_election")
    await screen.until_seq(closed["seq"])
    assert screen.view["election"]["elected"] == ["m20"] and screen.view["election"]["blank"] == 1


async def test_deputies_follow_their_principals_and_the_gender_quota_warns_the_chair(hall):
    """LAW-19, EL-P5: each candidate paired with a personal deputy; LAW-20: a result below 40 %
    women is shown with a warning (`gender_quota`), in the chair's language, and not refused."""
    chair, secretary, screen, phones = hall
    refused = await secretary.command("submit_candidate_list", item=4, name="A", candidates=["m20", "m21"],
                                      deputies=["m22"], signatories=["m20", "m26"])
    assert refused["error"]["code"] == "deputies_mismatch"
    assert refused["error"]["message"] == ("Listalla on 2 ehdokasta mutta 1 varajäsenen paikkaa: jokaisella "
                                           "ehdokkaalla on yksi varajäsenen paikka (voi olla tyhjä).")
    await ok(secretary, "submit_candidate_list", item=4, name="A", candidates=["m20", "m21", "m23"],
             deputies=["m22", None, "Outi Ulkopuolinen"], genders=["m", "m", "m"], deputy_genders=["f", None, "f"],
             signatories=["m20", "m26"])
    await ok(secretary, "submit_candidate_list", item=4, name="B", candidates=["m24", "m25"],
             deputies=["m22", ""], genders=["m", "m"], signatories=["m02", "m04"])
    refused = await secretary.command("combine_candidate_lists", item=4, seats=3)
    assert refused["error"]["code"] == "candidate_on_two_lists" and refused["error"]["params"]["candidate"] == "m22"
    await ok(secretary, "submit_candidate_list", item=4, name="B", candidates=["m24", "m25"],
             deputies=["m27", ""], genders=["m", "m"], deputy_genders=["f", None], signatories=["m02", "m04"])
    combined = await ok(secretary, "combine_candidate_lists", item=4, seats=3)
    await screen.until_seq(combined["seq"])
    by_name = {lst["name"]: lst for lst in screen.view["candidate_lists"]["lists"]}
    assert by_name["A"]["deputies"] == {"m20": "m22", "m23": "Outi Ulkopuolinen"}
    assert "genders" not in by_name["A"]  # the genders are the board's
    opened = await ok(chair, "open_election", kind="proportional", title={"fi": "Lautakunta"}, demanders=MEMBERS[:9])
    await phones["m05"].until_seq(opened["seq"])
    assert phones["m05"].view["election"]["deputies"] == {"m20": "m22", "m23": "Outi Ulkopuolinen", "m24": "m27"}
    picks = {p: by_name["A"]["number"] if n % 3 else by_name["B"]["number"] for n, p in enumerate(phones)}
    assert all(r["ok"] for r in await asyncio.gather(*(phones[p].command("cast_ballot", list=n)
                                                       for p, n in picks.items())))
    closed = await ok(chair, "close_election")
    await chair.until_seq(closed["seq"])
    result = chair.view["election"]
    assert result["elected"] == ["m20", "m24", "m21"]  # A 22 / 11, B 12
    assert "gender_quota" not in result  # the counts by gender are the board's, not the hall's
    assert chair.view["election_board"]["gender_quota"][result["election"]] == {
        "elected": {"f": 0, "m": 3, "unknown": 0},  # 0 % women
        "deputies": {"f": 2, "m": 0, "unknown": 0}}  # m22, m27: 0 % men
    await phones["m05"].until_seq(closed["seq"])
    assert "election_board" not in phones["m05"].view and "gender_quota" not in phones["m05"].view["election"]
