"""Hostile input over a real server: text that Python's json cannot safely read, credentials of
odd characters, frames faster than anyone sends them, a request head that never ends. Each is
answered with a code (or a real close frame), changes nothing and logs no traceback."""

from __future__ import annotations

import asyncio
import json
import re
import time

import pytest
import websockets

from chamber.i18n import message
from chamber.limits import FLOOD, FRAME_BURST, HttpProtocol
from tests.live import Client, logged_failures
from tests.test_protocol import chair_client, refused

DEEP_LIST = "[" * 2000 + "]" * 2000
DEEP_OBJECT = '{"a":' * 2000 + "1" + "}" * 2000
TOO_DEEP = '{"id": "d", "cmd": "open_meeting", "x": ' + "[" * 40 + "]" * 40 + "}"
LONG_NUMBER = '{"id": "n", "cmd": "open_meeting", "item": ' + "7" * 5000 + "}"
SURROGATE = '{"id": "s", "cmd": "\\ud800"}'
UNREADABLE = [DEEP_LIST, DEEP_OBJECT, TOO_DEEP, LONG_NUMBER, SURROGATE,
              '{"id": "f", "cmd": "extend_speech", "seconds": NaN}',
              '{"id": "i", "cmd": "extend_speech", "seconds": 1e999}',
              '{"id": "a\\u0000b", "cmd": "open_meeting"}']  # no log keeps a NUL (PostgreSQL's text cannot)


@pytest.fixture
def failures():
    with logged_failures() as records:
        yield records
        assert not records, [r.getMessage() for r in records]


@pytest.mark.parametrize("frame", UNREADABLE, ids=["deep list", "deep object", "41 deep", "5000 digits",
                                                    "lone surrogate", "NaN", "infinite", "NUL in the id"])
async def test_frames_json_cannot_safely_read_are_malformed_and_the_connection_lives_on(server, failures, frame):
    async with await chair_client(server) as chair:
        await chair.send(frame)
        message = await chair.next_of("error")
        assert message["error"]["code"] == "malformed" and message["error"]["message"]
        reply = await chair.command("open_meeting")
        assert reply["ok"] and reply["seq"] == 2


@pytest.mark.parametrize("hello", [DEEP_LIST, DEEP_OBJECT, '{"type": "hello", "since": ' + "9" * 5000 + "}",
                                   '{"type": "hello", "as": "member", "token": "\\udfff"}'])
async def test_a_hello_json_cannot_safely_read_is_refused_with_4001(server, failures, hello):
    async with websockets.connect(server.ws_url) as ws:
        await ws.send(hello)
        assert json.loads(await ws.recv())["error"]["code"] == "hello_first"
        with pytest.raises(websockets.ConnectionClosedError) as closed:
            await ws.recv()
    assert closed.value.rcvd.code == 4001 and closed.value.rcvd.reason == "hello_first"


@pytest.mark.parametrize("key", ["ä", "€uro", "😀", "\x00", "k" * 10_000])
async def test_a_display_key_of_any_characters_is_refused_with_4001(server, failures, key):
    assert await refused(server, {"type": "hello", "as": "display", "key": key}) == (4001, "bad_display_key")


async def test_credentials_of_any_characters_are_refused_with_their_codes(server, failures):
    for token in ("ä", "😀" * 100, "\x00"):
        assert await refused(server, {"type": "hello", "as": "member", "token": token}) == (4001, "not_paired")
    async with server.http() as http:
        for code in ("ä", "😀", "\x00", "\ud800"):
            r = await http.post("/api/pair", content=json.dumps({"code": code}))
            assert (r.status_code, r.json()["error"]["code"]) == (400, "pairing_code_invalid")
        for password in ("ä", "😀" * 1000, "\x00", "\ud800"):
            r = await http.post("/api/login", content=json.dumps({"role": "chair", "password": password}))
            assert r.json()["error"]["code"] in ("wrong_password", "bad_argument"), r.text
        await http.post("/api/login", json={"role": "secretary", "password": "secretary-password"})
        for device in ("9" * 30, "9" * 5000, "-1", "٣"):
            r = await http.post(f"/api/devices/{device}/revoke")
            assert (r.status_code, r.json()["error"]["code"]) == (404, "no_such_device"), device


@pytest.mark.parametrize("body", [DEEP_LIST, DEEP_OBJECT, LONG_NUMBER, SURROGATE, '{"code": NaN}',
                                  b"\xff\xfe{}", json.dumps({"code": "x" * 70_000})])
async def test_json_bodies_json_cannot_safely_read_are_refused_with_codes(server, failures, body):
    async with server.http() as http:
        r = await http.post("/api/pair", content=body)
        assert (r.status_code, r.json()["error"]["code"]) == (400, "pairing_code_invalid")
        r = await http.post("/api/login", content=body)
        assert (r.status_code, r.json()["error"]["code"]) == (400, "bad_argument")


async def test_a_body_cut_short_by_a_client_that_goes_away_logs_no_traceback(server, failures):
    host, port = server.base.removeprefix("http://").split(":")
    for path in ("/api/pair", "/api/login", "/api/roster-file?name=council.json"):
        reader, writer = await asyncio.open_connection(host, int(port))
        writer.write(f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{{\"code\": ".encode())
        await writer.drain()
        await asyncio.sleep(0.1)
        writer.close()
    await asyncio.sleep(0.3)  # the server notices the disconnects
    async with server.http() as http:
        assert (await http.get("/healthz")).status_code == 200


@pytest.mark.parametrize("body, problem", [
    (DEEP_LIST, "roster_file_json_deep"),
    (DEEP_OBJECT, "roster_file_json_deep"),
    ('{"name": "x", "seats": ' + "1" * 5000 + "}", "roster_file_json_digits"),
    ('{"name": "\\udc00"}', "roster_file_json_surrogate"),
    ('{"name": "x", "seats": Infinity}', "roster_file_json_nonfinite"),
])
async def test_a_roster_file_json_cannot_safely_read_is_refused_in_the_users_language(server, failures, body, problem):
    async with server.http() as http:
        await http.post("/api/login", json={"role": "secretary", "password": "secretary-password"})
        for lang in ("fi", "sv", "en"):
            r = await http.post(f"/api/roster-file?name=council.json&lang={lang}", content=body)
            error = r.json()["error"]
            assert (r.status_code, error["code"]) == (400, "roster_file_invalid")
            assert error["params"]["detail"] == "council.json: " + message(problem, lang, {"depth": 32})
            if lang != "en":  # the reader's own English ("nested more than 32 deep") is never shown
                assert not re.search(r"nested|digits|surrogate|infinite", error["message"]), error["message"]


async def test_a_csv_roster_with_seats_int_cannot_read_is_refused(server, failures):
    async with server.http() as http:
        await http.post("/api/login", json={"role": "secretary", "password": "secretary-password"})
        for seats in ("²", "1" * 5000):
            body = f"name,Testby\nseats,{seats}\nid,first,last,group,group_name\nm1,A,B,a,Group A\n"
            r = await http.post("/api/roster-file?name=council.csv&lang=en", content=body.encode())
            assert (r.status_code, r.json()["error"]["code"]) == (400, "roster_file_invalid")
            assert "whole number" in r.json()["error"]["message"]


async def test_a_text_frame_that_is_not_utf8_is_closed_1007_without_a_traceback(server, failures):
    async with Client.connect(server, "public") as public:
        await public.ws.send(b'{"type": "ping"}\xff', text=True)
        with pytest.raises(websockets.ConnectionClosedError) as closed:
            await public.next_of("pong")
    assert closed.value.rcvd.code == 1007


# --- frames faster than anyone sends them -----------------------------------------------


async def test_frames_over_the_limit_are_refused_and_change_nothing(server, failures):
    async with await chair_client(server) as chair:
        assert (await chair.command("open_meeting"))["ok"]
        for _ in range(FRAME_BURST + 5):  # the whole burst, within a few ms
            await chair.send({"type": "ping"})
        await chair.send({"id": "late", "cmd": "recess"})
        await chair.ws.send(b"\x00")
        while "late" not in chair.replies:
            await chair.receive()
        assert chair.replies["late"]["error"]["code"] == "rate_limited"
        assert chair.replies["late"]["error"]["message"] == "Liian monta viestiä liian nopeasti; odota hetki ja yritä uudelleen."
        assert [e["error"]["code"] for e in chair.errors] == ["rate_limited"] * 6  # 5 pings and the binary frame
        assert server.council.meeting.phase == "open"
        await asyncio.sleep(0.3)  # three frames' worth of time later, the connection serves again
        assert (await chair.command("recess"))["ok"]
        assert server.council.meeting.phase == "recess"


async def test_a_client_that_keeps_flooding_is_closed_with_1008(server, failures):
    async with Client.connect(server, "public") as flooder, Client.connect(server, "public") as other:
        with pytest.raises(websockets.ConnectionClosedError) as closed:
            for n in range(10 * (FRAME_BURST + FLOOD)):
                await flooder.send({"id": f"f{n}", "cmd": "open_meeting"})
            while True:
                await flooder.receive()
        assert closed.value.rcvd.code == 1008 and closed.value.rcvd.reason == "rate_limited"
        assert flooder.errors[-1]["error"]["code"] == "rate_limited"
        limited = [r for r in flooder.replies.values() if r["error"]["code"] == "rate_limited"]
        assert len(limited) >= FLOOD
        await other.send({"type": "ping"})  # the server serves everyone else as before
        assert (await other.next_of("pong"))["type"] == "pong"
    assert server.council.meeting.seq == 1


# --- a request head that never ends (slowloris) ---------------------------------------


async def dribble(server, head: bytes, every: float, limit: float) -> tuple[float, bytes]:
    """Send `head` a byte every `every` seconds (sent whole first: a keep-alive's first request),
    then more header bytes one at a time; returns when the server closed and what it sent."""
    host, port = server.base.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    started, received = time.monotonic(), b""
    try:
        writer.write(head + b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        while time.monotonic() - started < limit:
            writer.write(b"X")
            await writer.drain()
            try:
                chunk = await asyncio.wait_for(reader.read(65536), every)
            except asyncio.TimeoutError:
                continue
            if not chunk:
                return time.monotonic() - started, received
            received += chunk
        raise AssertionError(f"still open after {limit} s")
    finally:
        writer.close()


async def test_a_request_head_that_never_ends_is_cut_off_in_bounded_time(server, failures, monkeypatch):
    monkeypatch.setattr(HttpProtocol, "head_timeout", 1.0)
    lasted, received = await dribble(server, b"", every=0.1, limit=5.0)
    assert 1.0 <= lasted < 2.0 and received == b""
    first = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"  # a keep-alive: the second head is bounded too
    lasted, received = await dribble(server, first, every=0.1, limit=5.0)
    assert 1.0 <= lasted < 2.0 and received.startswith(b"HTTP/1.1 200")
    async with server.http() as http:  # an ordinary request is served as before
        assert (await http.get("/healthz")).status_code == 200
    async with Client.connect(server, "public") as public:  # and a websocket outlives the deadline
        await asyncio.sleep(1.5)
        await public.send({"type": "ping"})
        assert (await public.next_of("pong"))["type"] == "pong"
