"""Votes over real websockets: the demo council's 35 phones at once, retries, secret ballots."""

import asyncio
import json
import sqlite3
from contextlib import AsyncExitStack

import pytest

from chamber.council import MeetingSetup
from chamber.demo_data import demo_agenda, demo_roster
from chamber.rules.ruleset import RuleSet
from tests.live import Client, running
from tests.test_attendance_live import secretary_client
from tests.test_protocol import chair_client

ROSTER = demo_roster()
MEMBERS = [p.id for p in ROSTER.members]


@pytest.fixture
async def hall(tmp_path):
    """The demo council in session on item 4, everyone present by roll call from their phones."""
    setup = MeetingSetup({"fi": "Kokous", "sv": "Sammanträde"}, ROSTER, demo_agenda(), "2026-11-23")
    async with running(tmp_path / "data", setup) as server, AsyncExitStack() as stack:
        chair = await stack.enter_async_context(await chair_client(server))
        screen = await stack.enter_async_context(
            Client.connect(server, "display", key=await server.display_key()))
        phones = {}
        for person in MEMBERS[1:]:
            token = await server.member_token(person)
            phones[person] = await stack.enter_async_context(Client.connect(server, "member", token=token))
        await in_session_on_item_4(chair, phones)
        yield server, chair, screen, phones


async def in_session_on_item_4(chair, phones):
    """The meeting opened, everyone present by roll call from their phones, item 4 taken up."""
    await chair.command("open_meeting")
    await chair.command("start_roll_call")
    replies = await asyncio.gather(*(phone.command("confirm_presence") for phone in phones.values()),
                                   chair.command("confirm_presence"))
    assert all(r["ok"] for r in replies)
    await chair.command("end_roll_call")
    assert (await chair.command("take_up_item", item=4))["ok"]


async def open_counter_vote(chair, phones):
    # Item 4 is an appropriation (its base grants 1 200 000 €): a counter-proposal names its sum.
    made = await phones["m05"].command("make_proposal", kind="counter", text="Määräraha 300 000 €", amount=300_000)
    assert made["ok"], made
    proposal = phones["m05"]
    await proposal.until_seq(made["seq"])
    ref = proposal.view["proposals"]["proposals"][0]["id"]
    assert (await phones["m09"].command("second_proposal", proposal=ref))["ok"]
    for cmd in ("confirm_summary", "approve_voting_order", "open_vote"):
        reply = await chair.command(cmd)
        assert reply["ok"], (cmd, reply)
    return reply["seq"]


async def test_thirty_five_members_vote_at_once_and_the_screen_tallies_right(hall):
    server, chair, screen, phones = hall
    opened = await open_counter_vote(chair, phones)
    await screen.until_seq(opened)
    question = screen.view["vote"]
    assert question["jaa"]["ref"] == "base" and question["progress"]["eligible"] == 35
    assert question["result"] is None  # no live tally of choices (VT-3)

    choices = {p: ("jaa" if n % 3 else "ei") for n, p in enumerate(phones)}
    choices["m07"] = "tyhja"
    voters = list(choices)
    replies = await asyncio.gather(
        *(phones[p].command("cast_vote", cmd_id=f"vote-{p}", choice=choices[p]) for p in voters),
        chair.command("cast_vote", choice="jaa"))
    assert all(r["ok"] for r in replies)
    # A phone that lost its connection re-sends the same vote: answered as before, counted once.
    again = await phones["m10"].command("cast_vote", cmd_id="vote-m10", choice=choices["m10"])
    assert again == replies[voters.index("m10")]
    # A member changes their vote while it is open: the last one counts, and the phone shows it.
    choices["m11"] = "ei" if choices["m11"] == "jaa" else "jaa"
    changed = await phones["m11"].command("cast_vote", choice=choices["m11"])
    await phones["m11"].until_me(changed["seq"])  # "35 of 35 voted" did not change: only `me`
    assert phones["m11"].me["vote"]["choice"] == choices["m11"]

    closed = await chair.command("close_vote")
    await screen.until_seq(closed["seq"])
    result = screen.view["vote"]["result"]
    expected = {"jaa": 1 + sum(c == "jaa" for c in choices.values()),
                "ei": sum(c == "ei" for c in choices.values()), "tyhja": 1}
    assert (result["counts"]["jaa"], result["counts"]["ei"], result["counts"]["tyhja"]) == \
        (expected["jaa"], expected["ei"], expected["tyhja"])
    assert sum(result["counts"].values()) == 35
    assert sorted(result["jaa"]) == sorted(["m01"] + [p for p, c in choices.items() if c == "jaa"])
    events = await server.council.log.events(server.council.meeting.id)
    assert sum(e.type == "vote_cast" and e.data.get("person") == "m10" for e in events) == 1


async def test_an_absent_and_a_disqualified_member_cannot_vote(hall):
    server, chair, screen, phones = hall
    async with await secretary_client(server) as secretary:
        assert (await secretary.command("record_departure", person="m12"))["ok"]
    assert (await phones["m13"].command("declare_disqualification", item=4))["ok"]
    await open_counter_vote(chair, phones)
    assert (await phones["m12"].command("cast_vote", choice="jaa"))["error"]["code"] in ("not_present", "not_eligible")
    assert (await phones["m13"].command("cast_vote", choice="jaa"))["error"]["code"] in ("disqualified", "not_eligible")
    assert (await phones["m14"].command("cast_vote", choice="jaa"))["ok"]


async def test_a_secret_ballot_cannot_be_joined_to_its_voter_anywhere(hall, tmp_path):
    server, chair, screen, phones = hall
    candidates = ["m20", "m21", "m22"]
    opened = await chair.command("open_election", title={"fi": "Tarkastuslautakunnan jäsen"}, kind="majority",
                                 seats=1, candidates=candidates, secret=True)
    assert opened["ok"], opened
    picks = {p: candidates[n % 3] for n, p in enumerate(phones)}
    replies = await asyncio.gather(*(phones[p].command("cast_ballot", names=[c]) for p, c in picks.items()))
    assert all(r["ok"] for r in replies), [r for r in replies if not r["ok"]][:1]
    await phones["m05"].until_seq(max(r["seq"] for r in replies))
    assert phones["m05"].me["election"]["voted"] is True
    closed = await chair.command("close_election")
    assert closed["ok"], closed
    await screen.until_seq(closed["seq"])
    assert screen.view["election"]["totals"] == {c: sum(v == c for v in picks.values()) for c in candidates}

    # Nothing stored or shown joins a voter to a choice: while the election is open the log
    # records only who voted; the ballots appear once, at the close, without voters; stored
    # command ids carry no arguments; no view or own part shows a ballot's content.
    events = await server.council.log.events(server.council.meeting.id)
    opened_at = next(e.seq for e in events if e.type == "election_opened")
    during = [e for e in events if e.seq > opened_at and e.type != "election_closed"]
    assert {e.type for e in during} == {"ballot_cast"}
    assert all(set(e.data) == {"election", "voter"} for e in during)
    close = next(e for e in events if e.type == "election_closed")
    assert sorted(map(tuple, close.data["ballots"])) == sorted((c,) for c in picks.values())
    assert all(set(v) <= set(candidates) for v in close.data.values() if isinstance(v, dict))
    with sqlite3.connect(server.council.data / "log.db") as conn:
        assert [r[1] for r in conn.execute("PRAGMA table_info(commands)")] == \
            ["meeting", "principal", "id", "seq", "n", "hash"]
        assert list(conn.execute("SELECT * FROM ballot_box")) == []  # emptied into the log at the close
    for client in (screen, chair, *phones.values()):
        await client.until_seq(closed["seq"])
        shown = client.view["election"]
        assert "voters" not in shown and "ballots" not in shown and isinstance(shown["voted"], int)
        assert set((client.me or {}).get("election") or {}) <= {"election", "eligible", "voted"}


async def wal_emptied(path):
    for _ in range(100):
        if path.stat().st_size == 0:
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the WAL was not emptied")


def stored_bytes(data):
    """Every byte the data directory holds: the databases, their WAL and shared-memory files."""
    return b"".join(path.read_bytes() for path in sorted(data.iterdir()) if path.is_file())


async def test_the_ballot_box_is_on_disk_with_each_ballot_and_keeps_no_earlier_state(hall):
    """Each acknowledged ballot is in the stored box, and the files never hold two states of the
    box side by side (the difference would be the latest voter's ballot): not in the WAL, not in
    free pages. Ballots are cast one batch at a time, the worst case."""
    server, chair, screen, phones = hall
    candidates = ["m20", "m21", "m22", "m23"]
    opened = await chair.command("open_election", title={"fi": "Tarkastuslautakunnan jäsen"}, seats=1,
                                 candidates=candidates, secret=True)
    assert opened["ok"], opened
    picks, states = [], []
    for person, pick in zip(("m05", "m06", "m07", "m08"), ("m22", "m20", "m23", "m21")):
        assert (await phones[person].command("cast_ballot", names=[pick]))["ok"]
        picks.append(pick)
        states.append(json.dumps(sorted([p] for p in picks), separators=(",", ":")).encode())
        await wal_emptied(server.council.data / "log.db-wal")  # right after the replies
        stored = stored_bytes(server.council.data)
        assert stored.count(states[-1]) == 1, states[-1]
        assert not any(earlier in stored for earlier in states[:-1])
    with sqlite3.connect(server.council.data / "log.db") as conn:
        assert list(conn.execute("SELECT election, ballots FROM ballot_box")) == \
            [("e1", '[["m20"],["m21"],["m22"],["m23"]]')]


async def test_a_ballot_taken_again_starts_from_an_empty_box(hall):
    """`restart_ballot` goes through the ballot box: the server empties its box in the commit that
    forgets who voted, so the first attempt's ballots are neither counted nor block the close."""
    server, chair, screen, phones = hall
    opened = await chair.command("open_election", title={"fi": "Tarkastuslautakunnan jäsen"}, seats=1,
                                 candidates=["m20", "m21"], secret=True)
    assert opened["ok"], opened
    for person in ("m05", "m06", "m07"):
        assert (await phones[person].command("cast_ballot", names=["m20"]))["ok"]
    assert (await chair.command("restart_ballot"))["ok"]
    assert server.council.engine.box.ballots == ()
    assert (await phones["m05"].command("cast_ballot", names=["m21"]))["ok"]
    closed = await chair.command("close_election")
    assert closed["ok"], closed
    await screen.until_seq(closed["seq"])
    assert screen.view["election"]["totals"] == {"m21": 1}


async def test_a_minority_tables_the_item_and_a_senseless_order_is_refused_naming_the_step(tmp_path):
    """VO-6b with a third: the console counts what it takes live, and the refusals come in the
    chair's language; then an edited voting order that leaves the base out is refused."""
    rules = RuleSet(minority_tabling_numerator=1, minority_tabling_denominator=3)
    setup = MeetingSetup({"fi": "Kokous", "sv": "Sammanträde"}, ROSTER, demo_agenda(), "2026-11-23", rules=rules)
    async with running(tmp_path / "data", setup) as server, \
            await chair_client(server) as chair, \
            Client.connect(server, "member", token=await server.member_token("m05")) as mover, \
            Client.connect(server, "member", token=await server.member_token("m09")) as seconder:
        await chair.command("open_meeting")
        await chair.command("start_roll_call")
        for person in MEMBERS:
            assert (await chair.command("mark_present", person=person))["ok"]
        await chair.command("end_roll_call")
        await chair.command("take_up_item", item=4)
        await chair.command("open_discussion")
        made = await mover.command("make_proposal", kind="tabling", text="Asia pannaan pöydälle.")
        assert (await seconder.command("second_proposal", proposal="p1"))["ok"]
        await chair.until_seq(made["seq"])
        assert chair.view["voting_order"]["minority_tabling"] == {"numerator": 1, "denominator": 3, "present": 35,
                                                                   "needed": 12}
        others = [p for p in MEMBERS if p not in ("m05", "m09")]
        refused = await chair.command("table_by_minority", proposal="p1", demanders=others[:9])
        assert refused["error"]["code"] == "minority_too_small"  # the chair's roster language: Swedish
        assert refused["error"]["message"] == "11 kräver bordläggning; minoritetsrätten kräver 12."
        await chair.send({"type": "lang", "lang": "fi"})
        refused = await chair.command("table_by_minority", proposal="p1", demanders=others[:9])
        assert refused["error"]["message"] == "Pöydällepanoa vaatii 11; vähemmistöoikeuteen tarvitaan 12."
        tabled = await chair.command("table_by_minority", proposal="p1", demanders=others[:10])
        assert tabled["ok"], tabled
        await chair.until_seq(tabled["seq"])
        assert "pöydälle" in chair.view["decision"]["fi"]
        await chair.command("close_item", outcome="tabled")

        await chair.command("take_up_item", item=5)
        await chair.command("open_discussion")
        for text in ("Ehdotus A", "Ehdotus B"):
            made = await mover.command("make_proposal", kind="counter", text=text)
            await seconder.until_seq(made["seq"])
            proposal = seconder.view["proposals"]["proposals"][-1]["id"]
            assert (await seconder.command("second_proposal", proposal=proposal))["ok"]
        for cmd in ("close_discussion", "confirm_summary"):
            assert (await chair.command(cmd))["ok"]
        first, second = (p["id"] for p in seconder.view["proposals"]["proposals"])
        senseless = [{"kind": "pair", "jaa": second, "ei": first}, {"kind": "pair", "jaa": second, "ei": "winner"}]
        refused = await chair.command("approve_voting_order", steps=senseless)
        assert refused["error"]["code"] == "voting_order_already_voted" and refused["error"]["params"]["step"] == 2
        assert refused["error"]["message"].startswith("Äänestys 2: ehdotuksesta on jo äänestetty")
        sensible = [senseless[0], {"kind": "pair", "jaa": "base", "ei": "winner"}]
        assert (await chair.command("approve_voting_order", steps=sensible))["ok"]
