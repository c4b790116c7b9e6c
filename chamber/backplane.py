"""The backplane: NATS JetStream between the engine and the fan-out replicas (docs/scaling.md).

The engine publishes every committed event to the council's stream, in order, each message a
run of events with the hash chain's link before the first and the hash after the last; a
replica replays them into the same `Meeting` and checks the chain as it goes. The log stays the
record: the stream is made from it, and an engine taking over publishes first whatever the log
holds beyond the stream's end (a message id per last event lets JetStream drop what was sent
twice). The signed checkpoints shown in the hall go the same way.

The other way, request and reply on plain NATS subjects that only the active engine answers:
who a client is (`identify`), a member's command (`submit`, whose command id makes a retry
safe), whether the clients a replica serves may still be served (`standing`), and which meeting
is current. The backplane is inside the council's trust: a replica's word on who sent a command
is believed, so NATS is reached only from the engine's and the replicas' hosts.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import deque
from dataclasses import dataclass
from typing import Any, AsyncIterator, Awaitable, Callable

import nats
from nats.aio.client import Client as Nats
from nats.aio.msg import Msg
from nats.errors import NoRespondersError, TimeoutError as NatsTimeout
from nats.js.api import StreamConfig
from nats.js.errors import NotFoundError

from .rules import Recorded
from .store import Head, Log, chain_hash

log = logging.getLogger("chamber.backplane")

CHUNK = 500  # events in one stream message at most (a 2,000-vote batch is four)
RETRY = 0.2  # seconds between two attempts to publish, or to reach the engine
ASK_TIMEOUT = 2.0  # seconds one request waits for the engine's reply
FAILOVER = 30.0  # seconds a request is tried again (a standby taking over) before it fails


class Unavailable(Exception):
    """No engine answered within `FAILOVER` seconds."""


@dataclass(frozen=True)
class Subjects:
    """The council's names on the NATS server: one stream, and the engine's request subjects."""

    council: str

    @property
    def stream(self) -> str:
        return f"CHAMBER-{self.council}"

    def log(self, meeting: str, kind: str = "*") -> str:
        """`events` or `record` of a meeting (`*`: both)."""
        return f"chamber.{self.council}.log.{meeting.replace('.', '_')}.{kind}"

    def rpc(self, name: str) -> str:
        return f"chamber.{self.council}.rpc.{name}"

    @property
    def active(self) -> str:
        """Where an engine says it has become active, and with which meeting."""
        return f"chamber.{self.council}.active"


async def connect(url: str, council: str) -> "Backplane":
    """Connect to NATS and make sure the council's stream exists."""
    nc = await nats.connect(url, name=f"chamber {council}", max_reconnect_attempts=-1, reconnect_time_wait=0.5)
    subjects = Subjects(council)
    js = nc.jetstream()
    try:
        await js.stream_info(subjects.stream)
    except NotFoundError:
        await js.add_stream(StreamConfig(name=subjects.stream, subjects=[f"chamber.{council}.log.>"]))
    return Backplane(nc, subjects)


class Backplane:
    """One NATS connection of the engine or of a replica."""

    def __init__(self, nc: Nats, subjects: Subjects) -> None:
        self.nc, self.subjects, self.js = nc, subjects, nc.jetstream()

    async def close(self) -> None:
        await self.nc.drain()

    # --- the stream ---------------------------------------------------------------

    async def last_published(self, meeting: str) -> int:
        """The seq of the last event of `meeting` in the stream (0: none)."""
        try:
            msg = await self.js.get_last_msg(self.subjects.stream, self.subjects.log(meeting, "events"))
        except NotFoundError:
            return 0
        return int(json.loads(msg.data)["events"][-1][0])

    async def publish(self, subject: str, body: dict[str, Any], msg_id: str) -> None:
        """Publish until the stream has it (NATS may be restarting; the log keeps everything)."""
        data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
        while True:
            try:
                await self.js.publish(subject, data, headers={"Nats-Msg-Id": msg_id})
                return
            except (NatsTimeout, NoRespondersError, asyncio.TimeoutError, ConnectionError) as problem:
                log.warning("could not publish to the stream (%s); trying again", problem)
                await asyncio.sleep(RETRY)

    async def follow(self, meeting: str) -> AsyncIterator[tuple[str, dict[str, Any]]]:
        """Every message of `meeting` from the stream's start, and on as they come: (`events` or
        `record`, the body). An ordered consumer: none missed, none twice, in order."""
        sub = await self.js.subscribe(self.subjects.log(meeting), ordered_consumer=True)
        try:
            async for msg in sub.messages:
                yield msg.subject.rsplit(".", 1)[1], json.loads(msg.data)
        finally:
            await sub.unsubscribe()

    # --- requests -----------------------------------------------------------------

    async def ask(self, name: str, body: dict[str, Any], patience: float | None = None) -> dict[str, Any]:
        """The engine's reply to a request, tried again while no engine answers (a standby
        takes over in seconds); `Unavailable` after `patience` seconds (default `FAILOVER`).
        Only for requests that are safe to repeat: a command carries its id."""
        data = json.dumps(body, ensure_ascii=False).encode()
        deadline = asyncio.get_running_loop().time() + (FAILOVER if patience is None else patience)
        while True:
            try:
                reply = await self.nc.request(self.subjects.rpc(name), data, timeout=ASK_TIMEOUT)
                return json.loads(reply.data)
            except (NatsTimeout, NoRespondersError, asyncio.TimeoutError):
                if asyncio.get_running_loop().time() > deadline:
                    raise Unavailable(name) from None
                await asyncio.sleep(RETRY)

    async def answer(self, name: str, handle: Callable[[dict[str, Any]], Awaitable[dict[str, Any]]],
                     tasks: set[asyncio.Task[None]]) -> None:
        """Answer the requests of `name`, each in a task of its own: the engine decides many
        commands in one batch, which one at a time would not let it."""

        async def reply(msg: Msg) -> None:
            try:
                answer = await handle(json.loads(msg.data))
            except Exception:
                log.exception("request %s failed", name)
                answer = {"error": {"code": "unknown_error", "params": {}}}
            await msg.respond(json.dumps(answer, ensure_ascii=False).encode())

        async def arrived(msg: Msg) -> None:
            task = asyncio.create_task(reply(msg))
            tasks.add(task)
            task.add_done_callback(tasks.discard)

        await self.nc.subscribe(self.subjects.rpc(name), queue="engine", cb=arrived)


class Publisher:
    """The engine's side of the stream: what the engine commits goes out in order, after what
    the log holds beyond the stream's end.

    `committed` and `sealed` are called by the engine's hooks (no waiting there); the task sends.
    """

    def __init__(self, backplane: Backplane, log_: Log) -> None:
        self.backplane, self.log = backplane, log_
        self.subjects = backplane.subjects
        self.meeting = ""
        self._hash = ""  # after the last event committed
        self._pending: deque[tuple[str, Any]] = deque()  # ("events", [(event, prev, hash)...]) | ("record", shown)
        self._wake = asyncio.Event()
        self.published = 0  # the seq of the last event in the stream
        self.task: asyncio.Task[None] | None = None

    def committed(self, head: Head, events: list[Recorded]) -> None:
        """A batch is on disk: queue its events with their links. Before `start` nothing is
        queued: the start publishes what the log holds then."""
        if self.task is None:
            return
        links, prev = [], self._hash
        for event in events:
            digest = chain_hash(prev, self.meeting, event)
            links.append((event, prev, digest))
            prev = digest
        self._hash = head.hash
        if links:
            self._pending.append(("events", links))
            self._wake.set()

    def sealed(self, shown: dict[str, Any]) -> None:
        """A checkpoint was shown in the hall: the replicas show it too."""
        self._pending.append(("record", shown))
        self._wake.set()

    def start(self, meeting: str, head: Head) -> None:
        """Publish `meeting` from `head` on (and first what the stream lacks before it)."""
        self.meeting, self._hash = meeting, head.hash
        self.task = asyncio.create_task(self._run(), name=f"publisher {meeting}")

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            try:
                await self.task
            except asyncio.CancelledError:
                pass

    async def _run(self) -> None:
        self.published = await self.backplane.last_published(self.meeting)
        await self._send(await self.log.links(self.meeting, self.published))
        while True:
            await self._wake.wait()
            self._wake.clear()
            while self._pending:
                kind, body = self._pending.popleft()
                if kind == "events":
                    await self._send(body)
                else:
                    await self.backplane.publish(self.subjects.log(self.meeting, "record"), body,
                                                 f"{self.meeting}:record:{body['seq']}:{body['at']}")

    async def _send(self, links: list[tuple[Recorded, str, str]]) -> None:
        """Publish the events not yet in the stream, `CHUNK` to a message."""
        links = [link for link in links if link[0].seq > self.published]
        for start in range(0, len(links), CHUNK):
            run = links[start:start + CHUNK]
            body = {"prev": run[0][1], "hash": run[-1][2],
                    "events": [[e.seq, e.at, e.actor, e.type, e.data] for e, _, _ in run]}
            last = run[-1][0].seq
            await self.backplane.publish(self.subjects.log(self.meeting, "events"), body, f"{self.meeting}:{last}")
            self.published = last


class ChainBroken(Exception):
    """A stream message that does not continue the chain the replica holds."""


def continued(events: list[list[Any]], digest: str, seq: int, prev: str, meeting: str) -> tuple[list[Recorded], str]:
    """The events of a stream message beyond `seq` (the last the replica holds, whose hash is
    `prev`), checked against the message's hash; and the new last hash. A message wholly
    behind is [] (sent twice); one that skips events or breaks the chain is `ChainBroken`."""
    new = [_event(row) for row in events if row[0] > seq]
    if not new:
        return [], prev
    if new[0].seq != seq + 1:
        raise ChainBroken(f"event {seq + 1} is missing from the stream")
    for event in new:
        prev = chain_hash(prev, meeting, event)
    if prev != digest:
        raise ChainBroken(f"events {new[0].seq}-{new[-1].seq} do not match their hash")
    return new, prev


def _event(row: list[Any]) -> Recorded:
    seq, at, actor, type_, data = row
    return Recorded(seq=seq, at=at, actor=actor, type=type_, data=data)

