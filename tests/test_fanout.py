"""Fan-out replicas on a real backplane: the engine on PostgreSQL publishes to NATS JetStream,
replicas replay the stream into the same views, resume a client's `seq` on any of them, and
forward the members' commands to the engine (docs/scaling.md)."""

import asyncio
from contextlib import AsyncExitStack

import pytest
import websockets

from chamber.backplane import ChainBroken, continued
from chamber.rules import Recorded
from chamber.store import GENESIS, chain_hash
from tests.live import Client, replica, running


@pytest.fixture
async def cluster(tmp_path, postgres, backplane):
    """The engine and two replicas of one council."""
    async with AsyncExitStack() as stack:
        engine = await stack.enter_async_context(running(tmp_path / "data", store=postgres, backplane=backplane))
        replicas = [await stack.enter_async_context(replica(backplane)) for _ in range(2)]
        yield engine, replicas


async def chair_of(engine):
    return Client.connect(engine, "chair", cookie=f"chamber_session={await engine.session_cookie('chair')}")


async def phone(server, engine, person, **hello):
    return Client.connect(server, "member", token=await engine.member_token(person), **hello)


async def in_session(chair, phones):
    await chair.command("open_meeting")
    await chair.command("start_roll_call")
    replies = await asyncio.gather(*(p.command("confirm_presence") for p in phones), chair.command("confirm_presence"))
    assert all(r["ok"] for r in replies), replies
    await chair.command("end_roll_call")
    taken = await chair.command("take_up_item", item=1)
    assert taken["ok"], taken
    opened = await chair.command("open_discussion")
    assert opened["ok"], opened
    return opened["seq"]


async def test_a_replica_shows_every_role_what_the_engine_shows(cluster):
    engine, (first, second) = cluster
    async with AsyncExitStack() as stack:
        chair = await stack.enter_async_context(await chair_of(engine))
        key = await engine.display_key()
        here = [await stack.enter_async_context(Client.connect(engine, role, **hello))
                for role, hello in (("public", {}), ("display", {"key": key}))]
        there = [await stack.enter_async_context(Client.connect(server, role, **hello))
                 for server in (first, second) for role, hello in (("public", {}), ("display", {"key": key}))]
        phones = [await stack.enter_async_context(await phone(first, engine, p)) for p in ("m2", "m3", "m4")]
        seq = await in_session(chair, phones)
        asked = await phones[0].command("request_floor", kind="speech")
        assert asked["ok"], asked
        for client in here + there:
            await client.until_seq(asked["seq"])
        assert there[0].view == there[2].view == here[0].view  # the public, from every server
        assert there[1].view == there[3].view == here[1].view  # the hall screen
        assert [p["person"] for p in there[1].view["floor"]["waiting"]] == ["m2"]
        assert seq < asked["seq"]
    await asyncio.sleep(0.1)
    for server in (first, second):  # the stream replayed equals the engine's state
        assert repr(server.council.meeting) == repr(engine.council.meeting)


async def test_a_members_command_goes_to_the_engine_and_its_refusal_comes_in_their_language(cluster):
    engine, (first, _) = cluster
    async with AsyncExitStack() as stack:
        chair = await stack.enter_async_context(await chair_of(engine))
        member = await stack.enter_async_context(await phone(first, engine, "m2", lang="sv"))
        assert member.welcome["person"]["id"] == "m2"
        early = await member.command("request_floor", kind="speech")
        assert not early["ok"] and early["error"]["code"] == "meeting_not_open"
        assert early["error"]["message"] != ""
        await in_session(chair, [member])
        twice = [await member.command("confirm_presence", cmd_id="same") for _ in range(2)]
        assert twice[0] == twice[1]  # the same command id: decided once, answered alike
        refused = await member.command("open_vote")
        assert refused["error"]["code"] == "not_chair"
        public = await stack.enter_async_context(Client.connect(first, "public"))
        read_only = await public.command("request_floor", kind="speech")
        assert read_only["error"]["code"] == "read_only"
        assert public.view["floor"]["waiting"] == []  # nothing of it reached the floor


async def test_a_client_resumes_its_seq_on_another_replica(cluster):
    engine, (first, second) = cluster
    async with AsyncExitStack() as stack:
        chair = await stack.enter_async_context(await chair_of(engine))
        key = await engine.display_key()
        member = await stack.enter_async_context(await phone(engine, engine, "m3"))
        seq = await in_session(chair, [member])
        async with Client.connect(first, "display", key=key) as screen:
            await screen.until_seq(seq)
            held, view = screen.seq, screen.view
        await asyncio.sleep(0.1)  # the other replica has it too
        async with Client.connect(second, "display", key=key, since=held) as screen:
            assert screen.welcome["resumed"] and screen.welcome["seq"] == held and screen.view is None
            asked = await chair.command("request_floor", kind="speech", on_behalf_of="m3")
            assert asked["ok"], asked
            message = await screen.next_of("view")
            assert message["seq"] == asked["seq"]
            assert [p["person"] for p in message["view"]["floor"]["waiting"]] == ["m3"]
            assert {**view, **message["view"]}["meeting"] == view["meeting"]


async def test_a_revoked_phone_is_closed_on_the_replica(cluster):
    engine, (first, _) = cluster
    async with await phone(first, engine, "m2") as member:
        device = (await engine.council.access.devices())[-1].id
        async with engine.http() as http:
            http.cookies.set("chamber_session", await engine.session_cookie("secretary"))
            assert (await http.post(f"/api/devices/{device}/revoke")).status_code == 200
        with pytest.raises(websockets.ConnectionClosed) as closed:
            for _ in range(40):
                await member.receive(timeout=3)
        assert closed.value.rcvd.code == 4003


async def test_a_command_no_engine_answers_is_refused_in_the_members_language(tmp_path, postgres, backplane,
                                                                            monkeypatch):
    monkeypatch.setattr("chamber.backplane.FAILOVER", 1.0)
    serving = running(tmp_path / "data", store=postgres, backplane=backplane)
    engine = await serving.__aenter__()
    try:
        async with replica(backplane) as fanout, await phone(fanout, engine, "m2", lang="sv") as member:
            await serving.__aexit__(None, None, None)  # the engine gone, no standby
            engine = None
            refused = await member.command("confirm_presence")
            assert refused["error"]["code"] == "engine_unavailable"
            assert refused["error"]["message"].startswith("Mötets server svarar inte")
    finally:
        if engine is not None:
            await serving.__aexit__(None, None, None)


async def test_the_stream_starts_with_what_the_log_held_before_it(tmp_path, postgres, backplane):
    """An engine that ran without the backplane (or died before publishing) publishes the
    log's events first when it starts with it: a replica sees the whole meeting."""
    async with running(tmp_path / "data", store=postgres) as engine:
        async with await chair_of(engine) as chair:
            opened = await chair.command("open_meeting")
    async with running(tmp_path / "data", store=postgres, backplane=backplane) as engine:
        async with replica(backplane) as fanout, Client.connect(fanout, "public") as viewer:
            assert viewer.seq >= opened["seq"] and viewer.view["meeting"]["phase"] == "open"
            assert repr(fanout.council.meeting) == repr(engine.council.meeting)


def test_a_stream_message_must_continue_the_chain():
    events = [Recorded(n, 1000, "system", "t", {"n": n}) for n in (1, 2, 3)]
    hashes, prev = [], GENESIS
    for event in events:
        prev = chain_hash(prev, "m", event)
        hashes.append(prev)
    rows = [[e.seq, e.at, e.actor, e.type, e.data] for e in events]
    new, last = continued(rows, hashes[2], 1, hashes[0], "m")
    assert [e.seq for e in new] == [2, 3] and last == hashes[2]  # the first was had already
    assert continued(rows, hashes[2], 3, hashes[2], "m") == ([], hashes[2])  # sent twice
    with pytest.raises(ChainBroken, match="event 2 is missing"):
        continued(rows[2:], hashes[2], 1, hashes[0], "m")
    rows[1][4] = {"n": 20}
    with pytest.raises(ChainBroken, match="do not match"):
        continued(rows, hashes[2], 0, GENESIS, "m")
