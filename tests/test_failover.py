"""A standby engine takes over when the active one is killed, and no acknowledged vote is lost.

Everything runs as its own process, as on the servers: two engines on the same PostgreSQL log
(the second waits for the council's writer lock), and a fan-out replica that the phones and the
hall screen use, on NATS JetStream. The test kills the active engine with SIGKILL while the
votes come in; the replica sends each command it had no answer to again, under its id, until
the standby answers.
"""

import asyncio
from contextlib import AsyncExitStack

import httpx
import websockets

from chamber.cli import main as chamber
from tests.live import Client
from tests.test_crash import ServerProcess, paired_phones
from tests.test_store import cut_writer
from tests.test_voting_live import in_session_on_item_4, open_counter_vote


async def listening(server: ServerProcess) -> bool:
    try:
        async with httpx.AsyncClient(base_url=server.base) as http:
            return (await http.get("/healthz")).status_code == 200
    except httpx.TransportError:
        return False


async def test_the_standby_takes_over_and_every_acknowledged_vote_is_counted(tmp_path, postgres, backplane):
    data = tmp_path / "data"
    tokens = await paired_phones(data)
    choices = {person: ("jaa" if n % 3 else "ei") for n, person in enumerate(tokens)}
    url, name = backplane
    options = ("--store", postgres, "--backplane", url, "--council", name)
    active = await ServerProcess(data, *options).started()
    standby = ServerProcess(data, *options)  # waits for the writer lock: not listening yet
    fanout = await ServerProcess(None, "--backplane", url, "--council", name).started()
    acked: dict[str, dict] = {}
    try:
        await asyncio.sleep(1.0)
        assert standby.process.poll() is None and not await listening(standby)
        async with AsyncExitStack() as stack:
            chair = await stack.enter_async_context(await active.chair())
            phones = {p: await stack.enter_async_context(Client.connect(fanout, "member", token=t))
                      for p, t in tokens.items()}
            await in_session_on_item_4(chair, phones)
            await open_counter_vote(chair, phones)

            async def vote(n: int, person: str) -> dict:
                await asyncio.sleep(n * 0.02)  # the votes come in over two thirds of a second
                reply = await phones[person].command("cast_vote", cmd_id=f"vote-{person}", choice=choices[person])
                acked[person] = reply
                if len(acked) == 10:
                    active.kill()
                return reply

            replies = await asyncio.gather(*(vote(n, p) for n, p in enumerate(phones)))
            assert all(r["ok"] for r in replies), replies  # the standby answered what the dead one had not
            assert not await listening(active) and await listening(standby)

        async with AsyncExitStack() as stack:
            chair = await stack.enter_async_context(await standby.chair())
            screen = await stack.enter_async_context(Client.connect(fanout, "public"))
            phone = await stack.enter_async_context(Client.connect(fanout, "member", token=tokens["m02"]))
            again = await phone.command("cast_vote", cmd_id="vote-m02", choice=choices["m02"])
            assert again == acked["m02"]  # sent once more: answered as before, counted once
            closed = await chair.command("close_vote")
            assert closed["ok"], closed
            await screen.until_seq(closed["seq"], timeout=10)
            counts = screen.view["vote"]["result"]["counts"]
    finally:
        for server in (active, standby, fanout):
            server.stop()
    expected = {choice: sum(c == choice for c in choices.values()) for choice in ("jaa", "ei")}
    assert (counts["jaa"], counts["ei"]) == (expected["jaa"], expected["ei"])
    assert await asyncio.to_thread(chamber, ["verify", "--data", str(data), "--store", postgres]) == 0


async def test_a_killed_engine_can_write_no_more(tmp_path, postgres):
    """Without the lock no writes: a second engine on the log serves only once the first is gone."""
    data = tmp_path / "data"
    await paired_phones(data)
    first = await ServerProcess(data, "--store", postgres).started()
    second = ServerProcess(data, "--store", postgres)
    try:
        async with await first.chair() as chair:
            assert (await chair.command("open_meeting"))["ok"]
        first.process.terminate()  # a clean stop lets go of the lock as a kill does
        first.process.wait(10)
        await second.started()
        async with await second.chair() as chair:
            assert chair.view["meeting"]["phase"] == "open"  # continued from the log
            taken = await chair.command("start_roll_call")
            assert taken["ok"], taken
    finally:
        first.stop()
        second.stop()
    try:
        async with websockets.connect(first.ws_url):
            raise AssertionError("the first engine still serves")
    except OSError:
        pass


async def test_an_engine_cut_off_from_postgresql_stops_and_the_standby_takes_over(tmp_path, postgres):
    """A lost host's connection ends while its process lives on: the engine, told that its
    writer lock went with it, stops serving (exit 1, for its supervisor) and the standby takes
    over."""
    data = tmp_path / "data"
    await paired_phones(data)
    first = await ServerProcess(data, "--store", postgres).started()
    second = ServerProcess(data, "--store", postgres)
    try:
        await asyncio.sleep(0.5)
        await cut_writer(postgres)
        assert await asyncio.to_thread(first.process.wait, 10) == 1
        assert b"may write the log no more" in first.process.stderr.read()
        await second.started()
        async with await second.chair() as chair:
            assert (await chair.command("open_meeting"))["ok"]
    finally:
        first.stop()
        second.stop()
