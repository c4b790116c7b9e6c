"""Access ends when it should: signing out and an expired session close the consoles, a renewed
display key closes the screens on the old one; sign-in guessing locks nobody out and made-up
forwarded addresses buy nothing; new passwords stay out of a service's log; /healthz says nothing
of a meeting closed to the public."""

import asyncio
import io
import os
import stat
import sys
import time

import pytest
import websockets

from chamber import auth, cli, session
from chamber.app import LOGIN_FAILURES, LOGIN_ROLE_FAILURES
from chamber.council import Council
from chamber.i18n import message
from chamber.rules import Role
from tests.live import PASSWORDS, Client, default_setup, running
from tests.test_protocol import refused


async def closed(client: Client, timeout: float = 5.0) -> tuple[int, str]:
    """Read until the server closes the connection: its close code and reason."""
    with pytest.raises(websockets.ConnectionClosed) as ended:
        while True:
            await client.receive(timeout)
    return ended.value.rcvd.code, ended.value.rcvd.reason


def sign_in(role: str, password: str | None = None) -> dict[str, str]:
    return {"role": role, "password": PASSWORDS[role] if password is None else password}


# --- the consoles' sessions -----------------------------------------------------------------


async def test_signing_out_closes_that_sessions_consoles_at_once(server):
    async with server.http() as browser:
        assert (await browser.post("/api/login", json=sign_in("chair"))).status_code == 200
        cookie = f"chamber_session={browser.cookies['chamber_session']}"
        other = f"chamber_session={await server.session_cookie('chair')}"  # the chair's laptop
        async with (
            Client.connect(server, "chair", cookie=cookie, lang="sv") as console,
            Client.connect(server, "chair", cookie=other) as laptop,
        ):
            assert (await console.command("open_meeting"))["ok"]
            assert (await browser.post("/api/logout")).json() == {"ok": True}
            assert await closed(console) == (4002, "signed_out")
            assert console.errors[-1]["error"]["message"] == message("signed_out", "sv")
            with pytest.raises(websockets.ConnectionClosed):
                await console.command("recess")
            assert [c.role for c in server.council.hub.connections] == [Role.CHAIR]  # the laptop's
            assert (await laptop.command("recess"))["ok"]  # another session is not ended
    assert server.council.meeting.phase == "recess"
    assert await refused(server, {"type": "hello", "as": "chair"}, cookie) == (4001, "sign_in_required")


async def test_a_command_after_the_session_expired_is_refused_and_the_console_closed(tmp_path, monkeypatch):
    monkeypatch.setattr(session, "WATCH", 3600.0)  # no periodic look: the command's own check
    monkeypatch.setattr(auth, "SESSION_TTL_MS", 300)
    async with running(tmp_path / "data") as server:
        cookie = f"chamber_session={await server.session_cookie('chair')}"
        async with Client.connect(server, "chair", cookie=cookie) as console:
            await asyncio.sleep(0.4)
            reply = await console.command("open_meeting")
            assert not reply["ok"] and reply["error"]["code"] == "session_expired"
            assert await closed(console) == (4002, "session_expired")
        assert server.council.meeting.phase == "draft"


async def test_a_console_whose_session_expires_is_closed_without_a_command(server, monkeypatch):
    monkeypatch.setattr(auth, "SESSION_TTL_MS", 1000)
    cookie = f"chamber_session={await server.session_cookie('secretary')}"
    async with Client.connect(server, "secretary", cookie=cookie) as console:
        started = time.monotonic()
        assert await closed(console) == (4002, "session_expired")
        assert time.monotonic() - started < 1.0 + 2 * session.WATCH
    assert server.council.hub.connections == set()


# --- the display key ------------------------------------------------------------------------


async def test_renewing_the_display_key_from_the_command_line_closes_the_old_screens(server, capsys):
    old = await server.display_key()
    async with Client.connect(server, "display", key=old) as screen:
        renew = ["display-key", "--data", str(server.council.data), "--renew"]
        started = time.monotonic()
        assert await asyncio.to_thread(cli.main, renew) == 0  # another process, as it were
        new = capsys.readouterr().out.strip()
        assert new != old and new == await server.display_key()
        async with Client.connect(server, "display", key=new) as renewed:
            assert await closed(screen) == (4004, "display_key_renewed")
            assert time.monotonic() - started < 2 * session.WATCH + 0.5
            await asyncio.sleep(2 * session.WATCH)  # the server looks again: the new key holds
            await renewed.send({"type": "ping"})
            assert (await renewed.next_of("pong"))["server_time"]
    assert await refused(server, {"type": "hello", "as": "display", "key": old}) == (4001, "bad_display_key")


async def test_the_secretary_renews_the_display_key_and_the_old_screens_close_at_once(tmp_path, monkeypatch):
    monkeypatch.setattr(session, "WATCH", 3600.0)  # no periodic look: the renewal closes them
    async with running(tmp_path / "data") as server, server.http() as secretary, server.http() as chair:
        await secretary.post("/api/login", json=sign_in("secretary"))
        await chair.post("/api/login", json=sign_in("chair"))
        old = await server.display_key()
        async with Client.connect(server, "display", key=old) as screen:
            assert (await chair.post("/api/display-key/renew")).status_code == 401
            r = await secretary.post("/api/display-key/renew")
            assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
            assert r.json()["key"] == await server.display_key() != old
            assert await closed(screen, timeout=1) == (4004, "display_key_renewed")


# --- sign-in guessing -----------------------------------------------------------------------


async def guess(http, role: str, times: int, **headers: str) -> None:
    for _ in range(times):
        r = await http.post("/api/login", json=sign_in(role, "guess"), headers=headers)
        assert r.status_code == 401, r.text


async def test_guessing_the_secretarys_password_does_not_lock_out_the_chair(server):
    async with server.http() as guesser, server.http() as chair:
        await guess(guesser, "secretary", LOGIN_FAILURES)
        assert (await guesser.post("/api/login", json=sign_in("secretary"))).status_code == 429
        assert (await chair.post("/api/login", json=sign_in("chair"))).status_code == 200  # same address


async def test_the_chairs_own_browser_signs_in_while_its_address_is_throttled(server):
    async with server.http() as chair, server.http() as guesser:
        r = await chair.post("/api/login", json=sign_in("chair"))
        browser = next(c for c in r.headers.get_list("set-cookie") if c.startswith("chamber_browser_chair="))
        assert {"httponly", "samesite=strict", "path=/api/login"} <= {p.strip().lower() for p in browser.split(";")}
        await chair.post("/api/logout")
        await guess(guesser, "chair", LOGIN_FAILURES)
        assert (await guesser.post("/api/login", json=sign_in("chair"))).status_code == 429
        await guess(chair, "chair", 1)  # the chair mistypes: counted against this browser alone
        assert (await chair.post("/api/login", json=sign_in("chair"))).status_code == 200
        assert chair.cookies["chamber_browser_chair"] == browser.split(";")[0].split("=", 1)[1]
        guesser.cookies.set("chamber_browser_chair", "made-up")  # an unknown cookie: an unknown browser
        assert (await guesser.post("/api/login", json=sign_in("chair"))).status_code == 429


async def test_guesses_sent_all_at_once_get_no_more_than_the_budget(server):
    """The password check takes tens of milliseconds off the event loop: attempts in flight
    together each count from the start, so parallel guessing is as slow as serial."""
    async with server.http() as guesser:
        answers = await asyncio.gather(*(guesser.post("/api/login", json=sign_in("chair", "guess"))
                                         for _ in range(3 * LOGIN_FAILURES)))
    codes = [r.status_code for r in answers]
    assert codes.count(401) == LOGIN_FAILURES and codes.count(429) == 2 * LOGIN_FAILURES, codes


async def test_a_made_up_forwarded_address_gives_no_fresh_budget(server):
    async with server.http() as guesser:
        for n in range(LOGIN_FAILURES):
            await guess(guesser, "chair", 1, **{"x-forwarded-for": f"10.0.{n}.1"})
        r = await guesser.post("/api/login", json=sign_in("chair"), headers={"x-forwarded-for": "10.9.9.9"})
        assert r.status_code == 429


async def test_behind_a_trusted_proxy_addresses_count_apart_and_all_together_stay_slow(tmp_path):
    async with running(tmp_path / "data", trusted_proxies=["127.0.0.1"]) as server, server.http() as proxy:
        await guess(proxy, "chair", LOGIN_FAILURES, **{"x-forwarded-for": "10.0.0.1"})
        first = await proxy.post("/api/login", json=sign_in("chair"), headers={"x-forwarded-for": "10.0.0.1"})
        assert first.status_code == 429
        for n in range(LOGIN_ROLE_FAILURES - LOGIN_FAILURES):  # other clients, each with a budget
            await guess(proxy, "chair", 1, **{"x-forwarded-for": f"10.1.{n}.1"})
        r = await proxy.post("/api/login", json=sign_in("chair"), headers={"x-forwarded-for": "10.2.0.1"})
        assert r.status_code == 429  # the role's cap for browsers it does not know
        r = await proxy.post("/api/login", json=sign_in("secretary"), headers={"x-forwarded-for": "10.2.0.1"})
        assert r.status_code == 200


def test_serve_believes_forwarded_headers_only_from_a_trusted_proxy():
    args = cli.parser().parse_args(["serve", "--data", "d", "--trusted-proxy", "127.0.0.1",
                                    "--trusted-proxy", "10.0.0.0/8, ::1"])
    assert args.trusted_proxy == ["127.0.0.1", "10.0.0.0/8", "::1"]
    config = cli.server_config(None, "127.0.0.1", 8000, args.trusted_proxy)
    assert config.proxy_headers and config.forwarded_allow_ips == ["127.0.0.1", "10.0.0.0/8", "::1"]
    plain = cli.parser().parse_args(["demo"])
    assert not cli.server_config(None, "127.0.0.1", 8000, plain.trusted_proxy).proxy_headers
    with pytest.raises(SystemExit):
        cli.parser().parse_args(["serve", "--data", "d", "--trusted-proxy", "proxy.example.fi"])


# --- new passwords --------------------------------------------------------------------------


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


async def announce(data, demo: bool = False) -> None:
    council = await Council.open(data, default_setup())
    try:
        await cli._announce(council, cli.parser().parse_args(["serve", "--data", str(data), "--no-qr"]), demo)
    finally:
        await council.close()


async def test_a_service_writes_its_new_passwords_to_a_file_only_its_owner_reads(tmp_path, capsys):
    path = tmp_path / cli.PASSWORD_FILE
    path.write_text("chair=from-an-earlier-start\n")
    umask = os.umask(0)  # the file's mode does not depend on the service's umask
    try:
        await announce(tmp_path)
    finally:
        os.umask(umask)
    out = capsys.readouterr().out
    assert f"passwords: new ones in {path}" in out
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    passwords = dict(line.split("=", 1) for line in path.read_text().splitlines())
    assert set(passwords) == {"chair", "secretary"} and not any(p in out for p in passwords.values())
    council = await Council.open(tmp_path)
    try:
        assert all([await council.access.sign_in(role, p) for role, p in passwords.items()])
    finally:
        await council.close()
    await announce(tmp_path)  # a restart: no new passwords, nothing said of them
    assert "password" not in capsys.readouterr().out and path.read_text().count("=") == 2


async def test_on_a_terminal_new_passwords_are_printed_and_no_file_is_written(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "stdout", terminal := Terminal())
    await announce(tmp_path)
    assert "passwords: chair=" in terminal.getvalue() and "(password: " in terminal.getvalue()
    assert not (tmp_path / cli.PASSWORD_FILE).exists()


async def test_the_demo_prints_its_passwords_wherever_its_output_goes(tmp_path, capsys):
    await announce(tmp_path, demo=True)
    assert "passwords: chair=" in capsys.readouterr().out
    assert not (tmp_path / cli.PASSWORD_FILE).exists()


# --- /healthz -------------------------------------------------------------------------------


async def test_healthz_says_nothing_of_a_meeting_closed_to_the_public(tmp_path):
    async with running(tmp_path / "closed", default_setup(public=False)) as server, server.http() as http:
        assert (await http.get("/healthz")).json() == {"ok": True}
    async with running(tmp_path / "public") as server, server.http() as http:
        assert (await http.get("/healthz")).json() == {"ok": True, "meeting": "2026-11-23", "seq": 1,
                                                       "connections": 0}


async def test_the_access_files_tell_when_another_process_wrote_them(tmp_path):
    """What lets the server's watch skip its queries while nothing changed (session.watch_access)."""
    server_side = await auth.Access.open(tmp_path / "access.db")
    await server_side.display_key()
    before = server_side.written()
    assert server_side.written() == before  # reading changes nothing
    other_process = await auth.Access.open(tmp_path / "access.db")
    await other_process.display_key(renew=True)
    await other_process.close()
    assert server_side.written() != before
    await server_side.close()
