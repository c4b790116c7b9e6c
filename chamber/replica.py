"""A fan-out replica (`chamber serve --role fanout`): the hall's views, served from the stream.

A replica holds no record and no secret. It replays the council's stream into a `Meeting` of
its own, checking the hash chain as it goes, and serves the same views over the same websocket
protocol as the engine's process, with the same hub; a client's `seq` is the event it has seen,
the same on every replica, so it resumes on any of them. Who a client is, and every command,
it asks the engine over the backplane (`chamber.backplane`), which a standby answers after a
takeover: a command is sent again under its id until an engine answers, and counted once.
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import asynccontextmanager
from typing import Any, AsyncIterator, Awaitable, Callable

from starlette.applications import Starlette
from starlette.middleware import Middleware

from . import session
from .app import SecurityHeaders, static_routes
from .backplane import Backplane, ChainBroken, Unavailable, connect, continued
from .engine import Outcome
from .hub import SEND_TIMEOUT, Hub
from .rules import Actor, Command, Meeting, Rejected, Role, apply
from .session import DEVICE_COOKIE, SESSION_COOKIE, Identity, Refusal
from .store import GENESIS, CommandKey

log = logging.getLogger("chamber.replica")

CLOSE_TRY_AGAIN = 1013  # no engine answers: the client reconnects in a moment
CLOSE_RESTARTING = 1012  # the council moved on to a new meeting: reconnect for its views
RESUME_WAIT = 5.0  # seconds a client ahead of this replica waits for it to catch up
HELLO_FIELDS = ("as", "key", "token")


class Replica:
    """What `session.serve` serves a websocket from, on a fan-out replica."""

    def __init__(self, backplane: Backplane, send_timeout: float = SEND_TIMEOUT) -> None:
        self.backplane = backplane
        self.hub = Hub(send_timeout)
        self.meeting_id = ""
        self._meeting = Meeting()
        self._hash = GENESIS  # of the last event applied
        self._follower: asyncio.Task[None] | None = None
        self.tasks: set[asyncio.Task[None]] = set()

    @classmethod
    async def open(cls, url: str, council: str, send_timeout: float = SEND_TIMEOUT) -> "Replica":
        """Connect, find the current meeting, and catch up with the stream before serving."""
        replica = cls(await connect(url, council), send_timeout)
        meeting = await replica._current()
        await replica.backplane.nc.subscribe(replica.backplane.subjects.active, cb=replica._activated)
        await replica.follow(meeting)
        replica.tasks.add(asyncio.create_task(replica._watch()))
        return replica

    @property
    def meeting(self) -> Meeting:
        return self._meeting

    async def close(self) -> None:
        for task in (*self.tasks, self._follower):
            if task is not None:
                task.cancel()
        self.hub.stop()
        await self.backplane.close()

    # --- the stream ---------------------------------------------------------------

    async def _current(self) -> str:
        """The meeting the engine holds; waits for an engine as long as it takes."""
        while True:
            try:
                return str((await self.backplane.ask("current", {}))["meeting"])
            except Unavailable:
                log.warning("no engine answers on the backplane; waiting for one")

    async def follow(self, meeting: str) -> None:
        """Replay `meeting` from the stream's start, and follow it from then on; returns once
        this replica shows what the stream held when it was called."""
        end = await self.backplane.last_published(meeting)
        self.meeting_id, self._meeting, self._hash = meeting, Meeting(), GENESIS
        caught_up = asyncio.Event()
        self._follower = asyncio.create_task(self._follow(meeting, end, caught_up), name=f"replica {meeting}")
        waiting = asyncio.create_task(caught_up.wait())
        await asyncio.wait([waiting, self._follower], return_when=asyncio.FIRST_COMPLETED)
        if not caught_up.is_set():
            waiting.cancel()
            self._follower.result()  # raises what stopped it
        self.hub.publish(self._meeting, None)

    async def _follow(self, meeting: str, end: int, caught_up: asyncio.Event) -> None:
        if end == 0:
            caught_up.set()
        while True:
            try:
                async for kind, body in self.backplane.follow(meeting):
                    self._received(kind, body)
                    if self._meeting.seq >= end:
                        caught_up.set()
            except ChainBroken as broken:  # never from a sound stream: start again from its start
                log.error("the stream broke off (%s); replaying it from the start", broken)
                self._meeting, self._hash = Meeting(), GENESIS

    def _received(self, kind: str, body: dict[str, Any]) -> None:
        if kind == "record":  # goes out with the events of its batch, which come next
            self.hub.record = body
            return
        new, self._hash = continued(body["events"], body["hash"], self._meeting.seq, self._hash, self.meeting_id)
        for event in new:
            apply(self._meeting, event)
        if new:
            self.hub.publish(self._meeting, new)

    async def _activated(self, msg: Any) -> None:
        """An engine became active: a new meeting's views replace the old one's."""
        meeting = msg.data.decode()
        if meeting == self.meeting_id:
            return  # a standby took over the same meeting: the stream goes on
        if self._follower is not None:
            self._follower.cancel()
        await self.hub.close_where(lambda c: True, CLOSE_RESTARTING, "restarting")
        await self.follow(meeting)

    async def caught_up(self, seq: int | None) -> None:
        deadline = asyncio.get_running_loop().time() + RESUME_WAIT
        while seq is not None and self.hub.seq < seq and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.01)

    # --- the engine's word --------------------------------------------------------

    async def identify(self, hello: dict[str, Any], cookies: dict[str, str]) -> Identity:
        asked = {"hello": {k: hello[k] for k in HELLO_FIELDS if isinstance(hello.get(k), str)},
                 "cookies": {k: cookies[k] for k in (DEVICE_COOKIE, SESSION_COOKIE) if k in cookies}}
        if asked["hello"].get("as", "public") == "public":
            return Identity(Role.PUBLIC)  # nothing to ask
        try:
            answer = await self.backplane.ask("identify", asked)
        except Unavailable:
            raise Refusal(CLOSE_TRY_AGAIN, "engine_unavailable") from None
        if "refusal" in answer:  # the engine's refusal, passed on as it is
            close_code, reason = answer["refusal"]["code"], answer["refusal"]["reason"]
            raise Refusal(close_code, reason)
        return Identity.from_dict(answer["identity"])

    async def submit(self, actor: Actor, command: Command, key: CommandKey) -> Outcome:
        body = {"actor": {"role": actor.role.value, "person": actor.person}, "cmd": command.type,
                "args": command.args, "key": [key.principal, key.id]}
        try:
            answer = await self.backplane.ask("submit", body)
        except Unavailable:
            return Outcome(error=Rejected("engine_unavailable"))
        if "error" in answer:  # the engine's rejection, passed on as it is
            code, params = answer["error"]["code"], answer["error"]["params"]
            return Outcome(error=Rejected(code, **params))
        return Outcome(seq=answer["seq"])

    async def _watch(self) -> None:
        """Close the clients whose access has ended (a revoked phone, a renewed display key, a
        console signed out), as the engine's `session.watch_access` does there."""
        while True:
            await asyncio.sleep(session.WATCH)
            held = list({(c.role, c.device, c.credential): c for c in self.hub.connections
                         if c.role is not Role.PUBLIC})
            if not held:
                continue
            identities = [Identity(role, device=device, credential=credential) for role, device, credential in held]
            try:
                ended = (await self.backplane.ask("standing", {"held": [i.to_dict() for i in identities]},
                                                  patience=session.WATCH))["ended"]
            except Unavailable:
                continue
            for (role, device, credential), verdict in zip(held, ended):
                if verdict is not None:
                    code, reason = verdict
                    await session.end(self, lambda c: (c.role, c.device, c.credential) == (role, device, credential),
                                      code, reason)


def create_replica_app(open_replica: Callable[[], Awaitable[Replica]]) -> Starlette:
    """The replica's application: the pages, the strings and the websocket; the consoles'
    pages and the API are the engine's (the load balancer sends them there: docs/scaling.md)."""

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        app.state.council = await open_replica()
        try:
            yield
        finally:
            await app.state.council.hub.close_where(lambda c: True, CLOSE_RESTARTING, "restarting")
            await app.state.council.close()

    return Starlette(routes=static_routes(), middleware=[Middleware(SecurityHeaders)], lifespan=lifespan)
