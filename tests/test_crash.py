"""A server killed with SIGKILL in the middle of a secret ballot loses no acknowledged ballot.

The server runs as its own process (`chamber serve`), as in the hall; the test kills it while
ballots are arriving, starts it again on the same data directory, and the phones that got no
answer send the same command again, as the member page does after a reconnect.
"""

import asyncio
import signal
import socket
import subprocess
import sys
from collections import Counter
from contextlib import AsyncExitStack
from pathlib import Path

import httpx
import pytest
import websockets

from chamber.auth import Access
from chamber.cli import main as chamber
from chamber.demo_data import demo_roster
from tests.live import PASSWORDS, Client
from tests.test_voting_live import in_session_on_item_4

DEMO = Path(__file__).resolve().parent.parent / "chamber" / "demo_data"
MEMBERS = [p.id for p in demo_roster().members]
CANDIDATES = ["m20", "m21", "m22"]


class ServerProcess:
    """`chamber serve` on a free loopback port, in a process of its own: the demo council's
    engine on `data`, or with `data` None a fan-out replica (`options` say of what)."""

    def __init__(self, data: Path | None, *options: str) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        self.base, self.ws_url = f"http://127.0.0.1:{port}", f"ws://127.0.0.1:{port}/ws"
        served = ["--data", str(data), "--roster", str(DEMO / "roster.json"), "--agenda", str(DEMO / "agenda.json")] \
            if data is not None else ["--role", "fanout"]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "chamber", "serve", *served, *options, "--host", "127.0.0.1", "--port", str(port),
             "--no-qr"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    async def started(self) -> "ServerProcess":
        async with httpx.AsyncClient(base_url=self.base) as http:
            for _ in range(200):
                assert self.process.poll() is None, self.process.stderr.read().decode()
                try:
                    if (await http.get("/healthz")).status_code == 200:
                        return self
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.05)
        raise AssertionError("the server did not start")

    async def chair(self) -> Client:
        async with httpx.AsyncClient(base_url=self.base) as http:
            signed = await http.post("/api/login", json={"role": "chair", "password": PASSWORDS["chair"]})
        return Client.connect(self, "chair", cookie=f"chamber_session={signed.cookies['chamber_session']}")

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


async def paired_phones(data: Path) -> dict[str, str]:
    """A device token for every member but the chair, as if each had scanned their card."""
    data.mkdir()
    access = await Access.open(data / "access.db")
    for role, password in PASSWORDS.items():
        await access.set_password(role, password)
    codes = await access.issue_codes(MEMBERS[1:])
    tokens = {person: (await access.pair(code))[1] for person, code in codes.items()}
    await access.close()
    return tokens


async def cast(phone: Client, person: str, pick: str) -> dict:
    return await phone.command("cast_ballot", cmd_id=f"ballot-{person}", names=[pick])


@pytest.mark.parametrize("killed_after", [3, 17])
async def test_every_acknowledged_secret_ballot_is_counted_after_a_kill(tmp_path, killed_after):
    data = tmp_path / "data"
    tokens = await paired_phones(data)
    picks = {person: CANDIDATES[n % 3] for n, person in enumerate(tokens)}
    server = await ServerProcess(data).started()
    acked: set[str] = set()
    try:
        async with AsyncExitStack() as stack:
            chair = await stack.enter_async_context(await server.chair())
            phones = {p: await stack.enter_async_context(Client.connect(server, "member", token=t))
                      for p, t in tokens.items()}
            await in_session_on_item_4(chair, phones)
            opened = await chair.command("open_election", title={"fi": "Tarkastuslautakunnan jäsen"},
                                         seats=1, candidates=CANDIDATES, secret=True)
            assert opened["ok"], opened

            async def vote(n: int, person: str) -> dict | None:
                await asyncio.sleep(n * 0.01)  # ballots come in over a third of a second, as in a hall
                try:
                    reply = await cast(phones[person], person, picks[person])
                except (websockets.ConnectionClosed, asyncio.TimeoutError):
                    return None  # the server was killed before it answered
                acked.add(person)
                if len(acked) == killed_after:
                    server.kill()
                return reply

            replies = await asyncio.gather(*(vote(n, p) for n, p in enumerate(phones)))
        assert all(r["ok"] for r in replies if r is not None), replies
        assert killed_after <= len(acked) < len(phones)

        server = await ServerProcess(data).started()
        async with AsyncExitStack() as stack:
            chair = await stack.enter_async_context(await server.chair())
            for person, token in tokens.items():  # each phone reconnects and sends what it had sent
                phone = await stack.enter_async_context(Client.connect(server, "member", token=token))
                reply = await cast(phone, person, picks[person])
                assert reply["ok"], reply  # counted once: a ballot that was kept answers as before
            closed = await chair.command("close_election")
            assert closed["ok"], closed  # the box survived: no `ballot_box_incomplete`, no restart
            await chair.until_seq(closed["seq"])
            election = chair.view["election"]
    finally:
        server.stop()
    # Every ballot counted once, with its choice; the acknowledged ones among them for certain.
    assert election["totals"] == dict(Counter(picks.values()))
    assert await asyncio.to_thread(chamber, ["verify", "--data", str(data)]) == 0
