"""The live protocol over real websockets, several clients at once (docs/protocol.md)."""

import asyncio
import json

import pytest
import websockets

from chamber.clock import now_ms
from chamber.council import MeetingSetup
from tests.factories import agenda
from tests.live import Client, default_setup, running, tiny_socket


async def chair_client(server):
    return Client.connect(server, "chair", cookie=f"chamber_session={await server.session_cookie('chair')}")


async def test_every_role_gets_a_snapshot_of_its_own_view(server):
    token = await server.member_token("m3")
    async with (
        Client.connect(server, "public") as public,
        Client.connect(server, "display", key=await server.display_key()) as screen,
        Client.connect(server, "member", token=token) as member,
        await chair_client(server) as chair,
    ):
        assert public.welcome["role"] == "public" and "movements" not in public.view["attendance"]
        assert "movements" in chair.view["attendance"] and "next_substitutes" in chair.view["attendance"]
        assert screen.view["meeting"]["phase"] == "draft"
        assert member.welcome["person"]["id"] == "m3" and member.me["person"]["id"] == "m3"
        assert chair.welcome["person"]["id"] == "m1" and len(chair.view["people"]) == 11
        assert public.seq == screen.seq == member.seq == chair.seq == 1


async def test_a_change_reaches_every_client(server):
    tokens = [await server.member_token(f"m{n}") for n in range(2, 6)]
    async with await chair_client(server) as chair:
        async with (
            Client.connect(server, "public") as public,
            Client.connect(server, "display", key=await server.display_key()) as screen,
            Client.connect(server, "member", token=tokens[0]) as m2,
            Client.connect(server, "member", token=tokens[1]) as m3,
            Client.connect(server, "member", token=tokens[2]) as m4,
            Client.connect(server, "member", token=tokens[3]) as m5,
        ):
            reply = await chair.command("open_meeting")
            assert reply["ok"] and reply["seq"] == 2
            reply = await chair.command("take_up_item", item=2)
            for client in (chair, public, screen, m2, m3, m4, m5):
                await client.until_seq(reply["seq"])
                assert client.view["meeting"]["phase"] == "open"
                assert client.view["current_item"] == 2


async def test_resume_without_a_gap_sends_no_snapshot(server):
    async with await chair_client(server) as chair:
        await chair.command("open_meeting")
        async with Client.connect(server, "public") as first:
            seq = first.seq
        async with Client.connect(server, "public", since=seq) as again:
            assert again.welcome["resumed"] is True and again.view is None
            await chair.command("recess")
            await again.next_of("view")
            assert again.view["meeting"]["phase"] == "recess"


async def test_resume_after_a_gap_brings_a_fresh_snapshot(server):
    async with await chair_client(server) as chair:
        async with Client.connect(server, "public") as public:
            old = public.seq
        await chair.command("open_meeting")
        await chair.command("take_up_item", item=4)
        async with Client.connect(server, "public", since=old) as public:
            assert public.welcome["resumed"] is False and public.view is not None
            await public.until_seq(3)  # the snapshot, then (within the coalescing window) the rest
            assert public.view["current_item"] == 4


async def test_a_retried_command_is_applied_once(server):
    async with await chair_client(server) as chair:
        await chair.command("open_meeting")
        first = await chair.command("take_up_item", cmd_id="retry-1", item=1)
    async with await chair_client(server) as chair:  # as after a reconnect
        again = await chair.command("take_up_item", cmd_id="retry-1", item=1)
    assert first["ok"] and again["ok"] and again["seq"] == first["seq"]
    events = await server.council.log.events(server.council.meeting.id)
    assert [e.type for e in events].count("item_taken_up") == 1


async def test_concurrent_duplicates_in_one_batch_are_applied_once(server):
    async with await chair_client(server) as a, await chair_client(server) as b:
        await a.command("open_meeting")
        await a.send({"id": "dup", "cmd": "recess"})
        await b.send({"id": "dup", "cmd": "recess"})
        while "dup" not in a.replies:
            await a.receive()
        while "dup" not in b.replies:
            await b.receive()
        assert a.replies["dup"]["ok"] and b.replies["dup"]["ok"]
        assert a.replies["dup"]["seq"] == b.replies["dup"]["seq"]
    assert server.council.meeting.phase == "recess"


@pytest.mark.parametrize("frame, code", [
    ("not json", "malformed"),
    ("[1, 2]", "malformed"),
    ('{"cmd": "open_meeting"}', "malformed"),
    ('{"id": 7, "cmd": "open_meeting"}', "malformed"),
    ('{"id": "x", "cmd": 5}', "malformed"),
    ('{"id": "' + "x" * 200 + '", "cmd": "open_meeting"}', "malformed"),
])
async def test_malformed_frames_are_answered_and_change_nothing(server, frame, code):
    async with await chair_client(server) as chair:
        await chair.send(frame)
        message = await chair.next_of("error")
        assert message["error"]["code"] == code and message["error"]["message"]
        reply = await chair.command("open_meeting")  # the connection still works
        assert reply["ok"] and reply["seq"] == 2


async def test_bad_commands_get_coded_errors_in_the_users_language(server):
    async with Client.connect(server, "chair", cookie=f"chamber_session={await server.session_cookie('chair')}",
                              lang="sv") as chair:
        reply = await chair.command("launch_rockets")
        assert reply["error"]["code"] == "unknown_command"
        assert reply["error"]["message"] == "Okänt kommando: launch_rockets."
        await chair.command("open_meeting")
        reply = await chair.command("take_up_item", item="two")
        assert reply["error"] == {"code": "bad_argument", "params": {"field": "item"},
                                  "message": "Värdet i fältet item saknas eller är felaktigt."}
    assert server.council.meeting.seq == 2


async def test_heartbeat_and_language_change_on_a_live_connection(server):
    async with Client.connect(server, "public") as public:
        assert public.welcome["server_time"] > 1_700_000_000_000
        await public.send({"type": "ping"})
        assert (await public.next_of("pong"))["server_time"] >= public.welcome["server_time"]
        await public.send({"type": "lang", "lang": "en"})
        assert (await public.command("open_meeting"))["error"]["message"] == "This view is read-only."
        await public.send({"type": "lang", "lang": "sv"})
        assert (await public.command("open_meeting"))["error"]["message"] == "Denna vy är skrivskyddad."


async def test_a_members_own_part_comes_before_the_view_it_belongs_to(server):
    token = await server.member_token("m2")
    async with await chair_client(server) as chair, Client.connect(server, "member", token=token) as m2:
        await chair.command("open_meeting")
        await m2.next_of("view")
        reply = await chair.command("start_roll_call")  # changes the view and m2's own part
        kinds = [(await m2.receive())["type"] for _ in range(2)]
        assert kinds == ["me", "view"] and m2.seq == m2.me_seq == reply["seq"]
        assert m2.me["roll_call"] == {"answered": None}


async def test_binary_frames_are_refused(server):
    async with Client.connect(server, "public") as public:
        await public.ws.send(b"\x00\x01")
        assert (await public.next_of("error"))["error"]["code"] == "binary_not_supported"


async def test_an_oversized_frame_closes_the_connection_with_1009(server):
    async with Client.connect(server, "public") as public:
        await public.send({"id": "big", "cmd": "open_meeting", "pad": "x" * 70_000})
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await public.next_of("reply")
        assert closed.value.rcvd.code == 1009
    async with Client.connect(server, "public") as public:  # the server lives on
        assert public.view["meeting"]["phase"] == "draft"


async def test_wrong_roles_are_refused(server):
    token = await server.member_token("m2")
    async with (
        Client.connect(server, "member", token=token) as member,
        Client.connect(server, "display", key=await server.display_key()) as screen,
        Client.connect(server, "public") as public,
    ):
        assert (await member.command("open_meeting"))["error"]["code"] == "not_chair"
        assert (await screen.command("open_meeting"))["error"]["code"] == "read_only"
        assert (await public.command("open_meeting"))["error"]["code"] == "read_only"
    assert server.council.meeting.seq == 1


async def refused(server, hello, cookie=None):
    headers = {"Cookie": cookie} if cookie else None
    async with websockets.connect(server.ws_url, additional_headers=headers) as ws:
        if hello is not None:
            await ws.send(json.dumps(hello))
        else:
            await ws.send(json.dumps({"id": "1", "cmd": "open_meeting"}))
        error = json.loads(await ws.recv())
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await ws.recv()
        return closed.value.rcvd.code, error["error"]["code"]


async def test_credentials_are_checked_for_the_role_asked(server):
    assert await refused(server, None) == (4001, "hello_first")
    assert await refused(server, {"type": "hello", "as": "display", "key": "guess"}) == (4001, "bad_display_key")
    assert await refused(server, {"type": "hello", "as": "member"}) == (4001, "not_paired")
    assert await refused(server, {"type": "hello", "as": "member", "token": "forged"}) == (4001, "not_paired")
    assert await refused(server, {"type": "hello", "as": "chair"}) == (4001, "sign_in_required")
    secretary = f"chamber_session={await server.session_cookie('secretary')}"
    assert await refused(server, {"type": "hello", "as": "chair"}, secretary) == (4001, "sign_in_required")
    assert await refused(server, {"type": "hello", "as": "wizard"}) == (4001, "auth_failed")


async def test_a_page_of_another_site_cannot_open_a_session(server):
    with pytest.raises(websockets.InvalidStatus):
        async with websockets.connect(server.ws_url, origin="https://evil.example"):
            pass
    async with websockets.connect(server.ws_url, origin=server.base) as ws:  # same origin is fine
        await ws.send(json.dumps({"type": "hello"}))
        assert json.loads(await ws.recv())["type"] == "welcome"


async def test_a_closed_meeting_has_no_public_view(tmp_path):
    async with running(tmp_path, default_setup(public=False)) as server:
        closed = {"meeting": {"id": "2026-11-23", "title": {"fi": "Kokous", "sv": "Sammanträde"},
                              "public": False, "phase": "draft"}, "closed_session": True,
                  "published": None}  # what the chair releases, once the minutes are published
        async with (
            Client.connect(server, "display", key=await server.display_key()) as screen,
            Client.connect(server, "public") as public,
            await chair_client(server) as chair,
        ):
            assert screen.view == closed and public.view == closed
            reply = await chair.command("open_meeting")
            await chair.command("take_up_item", item=2)  # shows nothing new to the public
            await public.until_seq(reply["seq"])
            assert public.view == {**closed, "meeting": {**closed["meeting"], "phase": "open"}}
            assert "agenda" in chair.view


async def test_views_after_a_restart_equal_those_before(tmp_path):
    data = tmp_path / "data"
    async with running(data) as server:
        token = await server.member_token("m4")
        async with await chair_client(server) as chair:
            await chair.command("open_meeting")
            await chair.command("take_up_item", item=3)
            await chair.command("close_item")
            last = await chair.command("take_up_item", item=1)
        async with Client.connect(server, "member", token=token) as member:
            await member.until_seq(last["seq"])
            before = (member.seq, member.view, member.me)
    async with running(data) as server:
        async with Client.connect(server, "member", token=token) as member:
            assert (member.seq, member.view, member.me) == before


def long_agenda_setup():
    """Forty items with full base proposals: views of ~100 kB, as a real agenda gives."""
    setup = default_setup()
    text = "Kaupunginhallitus ehdottaa, että valtuusto hyväksyy liitteen mukaisen esityksen. " * 30
    items = [{**item, "base_proposal": {"fi": text, "sv": text}} for item in agenda(40)]
    return MeetingSetup(setup.title, setup.roster, items, setup.date)


async def test_a_client_that_stops_reading_is_cut_off_and_delays_no_one(tmp_path):
    async with running(tmp_path, long_agenda_setup(), send_timeout=0.5) as server:
        key = await server.display_key()
        async with (
            await chair_client(server) as chair,
            Client.connect(server, "display", key=key) as healthy,
            Client.connect(server, "public", sock=tiny_socket(server)) as stalled,
        ):
            stalled.ws.transport.pause_reading()  # a phone locked mid-send: it reads nothing more
            await chair.command("open_meeting")
            lags = []
            for n in range(40):
                item = 1 + n % 5
                await chair.command("take_up_item", item=item)
                while True:  # the view sent for this change, and how long it took to arrive
                    message = await healthy.next_of("view")
                    if healthy.view["current_item"] == item:
                        lags.append(now_ms() - message["server_time"])
                        break
            await asyncio.sleep(1.0)
            roles = [c.role.value for c in server.council.hub.connections]
            assert "public" not in roles, "the stalled client is still being served"
            assert max(lags) <= 100, f"a healthy client's view arrived {max(lags)} ms after it was sent"
