"""The hub's running tally for the many (phones, the public): held for at most `TALLY`, never
shown from a state that is not on disk, and never stamped with a seq whose changes a client has
not got (a late viewer gets the tally so far; a client resumes only from a seq it fully holds)."""

from __future__ import annotations

import asyncio
import json
from typing import Callable

from chamber.hub import SLICE, TALLY, Connection, Hub
from chamber.rules import Role
from tests.rules.conftest import CHAIR, member
from tests.rules.test_votes import base_vs_counter
from tests.rules.voting import EVERYONE, Council

VOTERS = [p for p in EVERYONE if p != "aaltonen"]


class Viewer:
    """A public connection whose messages are kept."""

    def __init__(self, hub: Hub, since: int | None = None) -> None:
        self.got: list[dict] = []
        self.conn = Connection(send=self._send, close=self._close, role=Role.PUBLIC)
        self.resumed = hub.add(self.conn, since)

    async def _send(self, text: str) -> None:
        self.got.append(json.loads(text))

    async def _close(self, code: int, reason: str) -> None:
        pass

    def voted(self) -> int | None:
        views = [m["view"]["vote"] for m in self.got if "vote" in m.get("view", {})]
        return views[-1]["progress"]["voted"] if views and views[-1] else None


def cast(chamber, hub: Hub, n: int) -> None:
    events = chamber.do(member(VOTERS[n]), "cast_vote", choice="jaa")
    hub.publish(chamber.meeting, events)


def vote_opened(busy: Callable[[], bool] = lambda: False) -> tuple[Council, Hub]:
    """Item 1's vote just opened, shown by a hub; `busy` tells whether a batch is being written."""
    chamber = base_vs_counter()
    hub = Hub(busy=busy)
    hub.publish(chamber.meeting, None)
    hub.publish(chamber.meeting, chamber.do(CHAIR, "open_vote"))
    return chamber, hub


async def test_the_tally_is_held_for_the_many_then_shown_and_late_viewers_get_it():
    chamber, hub = vote_opened()
    await asyncio.sleep(0.05)
    early = Viewer(hub)
    cast(chamber, hub, 0)
    await asyncio.sleep(0.03)
    cast(chamber, hub, 1)
    await asyncio.sleep(0.03)
    held = hub.shown(Role.PUBLIC)
    assert held < hub.seq  # the public's parts are behind: held
    assert Viewer(hub, since=hub.seq).resumed is False  # no one resumes past what they were shown
    await asyncio.sleep(TALLY + 0.05)
    assert early.voted() == 2 and hub.shown(Role.PUBLIC) == hub.seq
    late = Viewer(hub)
    await asyncio.sleep(0.01)
    assert late.got[0]["type"] == "snapshot" and late.voted() == 2


async def test_a_held_tally_is_not_shown_while_a_batch_is_being_written():
    busy = [False]
    chamber, hub = vote_opened(busy=lambda: busy[0])
    await asyncio.sleep(0.05)
    viewer = Viewer(hub)
    cast(chamber, hub, 0)
    await asyncio.sleep(0.03)
    cast(chamber, hub, 1)
    busy[0] = True  # the engine applies a third vote and writes it
    third = chamber.do(member(VOTERS[2]), "cast_vote", choice="jaa")
    await asyncio.sleep(TALLY + 0.05)
    assert viewer.voted() < 3  # nothing of the unwritten batch
    busy[0] = False
    hub.publish(chamber.meeting, third)  # written: the engine publishes the batch
    assert viewer.voted() == 3


async def test_a_showing_held_back_by_a_batch_goes_when_that_batch_changed_nothing():
    busy = [False]
    chamber, hub = vote_opened(busy=lambda: busy[0])
    viewer = Viewer(hub)
    await asyncio.sleep(0.05)
    cast(chamber, hub, 0)
    busy[0] = True  # a batch of retried commands: answered from the log, no new events
    await asyncio.sleep(TALLY + 0.05)
    assert viewer.voted() == 0  # held, then due while the batch is being written
    busy[0] = False
    hub.publish(chamber.meeting, [])
    assert viewer.voted() == 1


# --- sending: at once while the transport takes it, else by a writer of the connection's own ---


class Transport:
    """A client's transport that takes frames at once until `full`, then waits for `drained`."""

    def __init__(self) -> None:
        self.got: list[str] = []
        self.full = False
        self.drained = asyncio.Event()

    async def send(self, text: str) -> None:
        if self.full:
            await self.drained.wait()
        self.got.append(text)

    async def close(self, code: int, reason: str) -> None:
        pass


def test_a_send_the_transport_takes_at_once_needs_no_task():
    transport = Transport()
    conn = Connection(send=transport.send, close=transport.close, role=Role.PUBLIC)
    conn.push("a")
    conn.push("b")
    assert transport.got == ["a", "b"] and conn.writer is None


async def test_a_client_that_reads_slowly_gets_everything_in_order_from_its_writer():
    transport = Transport()
    conn = Connection(send=transport.send, close=transport.close, role=Role.PUBLIC)
    conn.push("reply 1")
    transport.full = True
    conn.push("reply 2")
    conn.outbox.offer(5, {"floor": "{}"}, None)
    conn.flush()
    conn.push("reply 3")
    assert transport.got == ["reply 1"] and conn.writer is not None
    await asyncio.sleep(0.01)
    assert conn.sending_since is not None  # what the watchdog reads
    transport.full = False
    transport.drained.set()
    await asyncio.sleep(0.01)
    assert transport.got[1:3] == ["reply 2", "reply 3"]  # replies first, then the view
    assert json.loads(transport.got[3])["seq"] == 5 and len(transport.got) == 4
    assert conn.writer is None and conn.sending_since is None
    conn.push("reply 4")  # and again at once
    assert transport.got[-1] == "reply 4"


async def test_a_send_waiting_on_a_stalled_client_is_cancelled_when_it_is_dropped():
    transport = Transport()
    transport.full = True
    conn = Connection(send=transport.send, close=transport.close, role=Role.PUBLIC)
    conn.push("never read")
    writer = conn.writer
    assert writer is not None
    conn.drop("send timed out")
    await asyncio.sleep(0.01)
    assert writer.cancelled() and transport.got == []


async def test_a_fan_out_to_many_lets_the_loop_take_what_arrives_between_slices():
    chamber = base_vs_counter()
    hub = Hub()
    hub.publish(chamber.meeting, None)
    viewers = [Viewer(hub) for _ in range(SLICE + SLICE // 2)]
    await asyncio.sleep(0.05)
    hub.publish(chamber.meeting, chamber.do(CHAIR, "open_vote"))
    assert sum(v.voted() == 0 for v in viewers) == SLICE  # the first slice at once
    arrived = asyncio.get_running_loop().create_future()
    asyncio.get_running_loop().call_soon(arrived.set_result, sum(v.voted() == 0 for v in viewers))
    await arrived
    assert arrived.result() == SLICE  # something that arrived ran before the next slice
    await asyncio.sleep(0)
    assert all(v.voted() == 0 for v in viewers)
