"""Websocket fan-out: encode each view once, and never let one client hold up the others.

Every connection has its own `Outbox`, drained by its own writer task: an ordered queue for
messages that must all arrive (replies, snapshots) and a latest-only slot per view, where a
newer view replaces an unsent older one. Every send has a timeout; a client that does not
read in time is disconnected (4008) and resumes later from its `seq`.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable

from starlette.websockets import WebSocketDisconnect

from .clock import now_ms
from .rules import Meeting, Role
from .views import ROLE_VIEWS, me_view, role_view

log = logging.getLogger("chamber.hub")

SEND_TIMEOUT = 10.0  # seconds a single send may take before the client counts as stalled
ORDERED_LIMIT = 512  # undelivered must-deliver messages before the client counts as stalled

CLOSE_STALLED = 4008


def encode(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class Outbox:
    """Messages waiting for one connection."""

    def __init__(self, limit: int = ORDERED_LIMIT) -> None:
        self.ordered: deque[str] = deque()
        self.latest: dict[str, str] = {}
        self.limit = limit
        self.ready = asyncio.Event()

    def put(self, text: str) -> bool:
        """Queue a must-deliver message; False when the client is too far behind."""
        if len(self.ordered) >= self.limit:
            return False
        self.ordered.append(text)
        self.ready.set()
        return True

    def replace(self, slot: str, text: str) -> None:
        """Offer the newest version of a view; an unsent older one is dropped."""
        self.latest[slot] = text
        self.ready.set()

    def take(self) -> list[str]:
        texts = [*self.ordered, *self.latest.values()]
        self.ordered.clear()
        self.latest.clear()
        self.ready.clear()
        return texts


@dataclass(eq=False)
class Connection:
    """One websocket client, as the hub knows it."""

    send: Callable[[str], Awaitable[None]]
    close: Callable[[int, str], Awaitable[None]]
    role: Role
    person: str | None = None
    device: int | None = None
    outbox: Outbox = field(default_factory=Outbox)
    writer: asyncio.Task[None] | None = None
    on_drop: Callable[["Connection"], None] | None = None
    closing: bool = False

    def push(self, text: str) -> None:
        if not self.outbox.put(text):
            self.drop("too many undelivered messages")

    def drop(self, why: str) -> None:
        """Stop serving a client that cannot keep up; it reconnects and resumes from `seq`."""
        if self.closing:
            return
        self.closing = True
        log.info("dropping %s connection: %s", self.role.value, why)
        if self.on_drop is not None:
            self.on_drop(self)
        asyncio.create_task(self.shut(CLOSE_STALLED, "stalled"))

    async def shut(self, code: int, reason: str) -> None:
        """Close with `code`; a transport too stuck to take the close frame is left to die."""
        self.closing = True
        if self.writer is not None and self.writer is not asyncio.current_task():
            self.writer.cancel()
        try:
            await asyncio.wait_for(self.close(code, reason), SEND_TIMEOUT)
        except Exception:
            pass

    async def pump(self, timeout: float) -> None:
        """The connection's writer: send whatever is waiting, each send bounded in time."""
        try:
            while True:
                await self.outbox.ready.wait()
                for text in self.outbox.take():
                    await asyncio.wait_for(self.send(text), timeout)
        except asyncio.TimeoutError:
            self.drop("send timed out")
        except (OSError, RuntimeError, WebSocketDisconnect):
            pass  # disconnected: the receive loop notices and unregisters


class Hub:
    """All connections to one meeting, by role; holds the current encoded views."""

    def __init__(self, send_timeout: float = SEND_TIMEOUT) -> None:
        self.send_timeout = send_timeout
        self.connections: set[Connection] = set()
        self.seq = 0
        self.bodies: dict[Role, str] = {}
        self.meeting: Meeting | None = None

    def add(self, conn: Connection, since: int | None) -> bool:
        """Register a connection and queue its snapshot; True when it was already current."""
        self.connections.add(conn)
        conn.on_drop = self.remove
        conn.writer = asyncio.create_task(conn.pump(self.send_timeout))
        resumed = since is not None and since == self.seq
        if not resumed:
            conn.push(self.snapshot(conn))
        return resumed

    def remove(self, conn: Connection) -> None:
        self.connections.discard(conn)
        if conn.writer is not None and conn.writer is not asyncio.current_task():
            conn.writer.cancel()

    def snapshot(self, conn: Connection) -> str:
        me = self.me_body(conn.person) if conn.person else "null"
        return (
            f'{{"type":"snapshot","seq":{self.seq},"server_time":{now_ms()},'
            f'"view":{self.bodies[conn.role]},"me":{me}}}'
        )

    def me_body(self, person: str) -> str:
        assert self.meeting is not None
        return encode(me_view(self.meeting, person))

    def publish(self, meeting: Meeting) -> None:
        """Encode each role's view once and offer the same text to every connection of it."""
        self.meeting, self.seq = meeting, meeting.seq
        self.bodies = {role: encode(role_view(meeting, role)) for role in ROLE_VIEWS}
        now = now_ms()
        messages = {
            role: f'{{"type":"view","seq":{self.seq},"server_time":{now},"view":{body}}}'
            for role, body in self.bodies.items()
        }
        for conn in list(self.connections):
            # A person's own part goes first: a client that saw view N has seen its `me` N too,
            # so resuming from N never misses it.
            if conn.person is not None:
                me = f'{{"type":"me","seq":{self.seq},"me":{self.me_body(conn.person)}}}'
                conn.outbox.replace("me", me)
            conn.outbox.replace("view", messages[conn.role])

    async def close_where(self, match: Callable[[Connection], bool], code: int, reason: str) -> None:
        """Close every connection that `match` picks (a revoked device, a shutdown)."""
        chosen = [c for c in self.connections if match(c)]
        for conn in chosen:
            self.remove(conn)
        await asyncio.gather(*(conn.shut(code, reason) for conn in chosen))
