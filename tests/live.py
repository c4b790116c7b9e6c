"""A real chamber server in the test's event loop, and real websocket clients for it."""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import socket
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any, AsyncIterator, Iterator

import httpx
import uvicorn
import websockets

from chamber.app import create_app
from chamber.cli import server_config
from chamber.council import BackplaneAt, Council, MeetingSetup
from chamber.replica import Replica, create_replica_app
from tests.factories import agenda, small_roster

PASSWORDS = {"chair": "chair-password", "secretary": "secretary-password"}


class Server:
    def __init__(self, server: uvicorn.Server, council: Council) -> None:
        self.server, self.council = server, council
        port = server.servers[0].sockets[0].getsockname()[1]
        self.base = f"http://127.0.0.1:{port}"
        self.ws_url = f"ws://127.0.0.1:{port}/ws"

    def http(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(base_url=self.base)

    async def member_token(self, person: str) -> str:
        code = (await self.council.access.issue_codes([person]))[person]
        return (await self.council.access.pair(code))[1]

    async def session_cookie(self, role: str) -> str:
        async with self.http() as http:
            r = await http.post("/api/login", json={"role": role, "password": PASSWORDS[role]})
            assert r.status_code == 200, r.text
            return r.cookies["chamber_session"]

    async def display_key(self) -> str:
        return await self.council.access.display_key()


def default_setup(public: bool = True) -> MeetingSetup:
    return MeetingSetup(title={"fi": "Kokous", "sv": "Sammanträde"}, roster=small_roster(),
                        agenda=agenda(5), date="2026-11-23", public=public)


@asynccontextmanager
async def running(data: Path, setup: MeetingSetup | None = None, send_timeout: float = 10.0,
                  trusted_proxies: list[str] | None = None, store: str | None = None,
                  backplane: tuple[str, str] | None = None) -> AsyncIterator[Server]:
    """Serve `data` on a free loopback port until the block ends (a restart is a new block),
    configured as `chamber serve` configures uvicorn; with the log at `store` and publishing to
    `backplane` (its URL and the council's name there), when given."""
    opened: list[Council] = []

    async def open_council() -> Council:
        council = await Council.open(data, setup or default_setup(), send_timeout=send_timeout, store=store,
                                     backplane=BackplaneAt(*backplane) if backplane else None)
        for role, password in PASSWORDS.items():
            await council.access.set_password(role, password)
        opened.append(council)
        return council

    async with serving(create_app(open_council), trusted_proxies) as server:
        yield Server(server, opened[0])


@asynccontextmanager
async def replica(backplane: tuple[str, str]) -> AsyncIterator[Server]:
    """A fan-out replica of the council on `backplane`, on a free loopback port."""
    opened: list[Replica] = []

    async def open_replica() -> Replica:
        opened.append(await Replica.open(*backplane))
        return opened[0]

    async with serving(create_replica_app(open_replica)) as server:
        yield Server(server, opened[0])  # type: ignore[arg-type]


@asynccontextmanager
async def serving(app: Any, trusted_proxies: list[str] | None = None) -> AsyncIterator[uvicorn.Server]:
    config = server_config(app, "127.0.0.1", 0, trusted_proxies or [])
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.01)
    try:
        yield server
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, 15)


def tiny_socket(server: Server) -> socket.socket:
    """A connected socket with a 4 kB receive window, like a phone on a bad link."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", int(server.base.rsplit(":", 1)[1])))
    sock.setblocking(False)
    return sock


class Client:
    """A websocket client that speaks the protocol and keeps the latest view."""

    ids = itertools.count(1)

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.view: dict[str, Any] | None = None
        self.me: dict[str, Any] | None = None
        self.seq = 0
        self.me_seq = 0
        self.welcome: dict[str, Any] = {}
        self.replies: dict[str, dict[str, Any]] = {}
        self.errors: list[dict[str, Any]] = []
        self.inbox: asyncio.Queue[Any] = asyncio.Queue()

    @classmethod
    @asynccontextmanager
    async def connect(cls, server: Server, as_: str = "public", cookie: str | None = None,
                      sock: socket.socket | None = None, **hello: Any) -> AsyncIterator["Client"]:
        headers = {"Cookie": cookie} if cookie else None
        async with websockets.connect(server.ws_url, additional_headers=headers, max_size=2**22,
                                      sock=sock, close_timeout=1) as ws:
            client = cls(ws)
            reader = asyncio.create_task(client._read())
            try:
                await client.send({"type": "hello", "as": as_, **hello})
                client.welcome = await client.next_of("welcome")
                if not client.welcome["resumed"]:
                    await client.next_of("snapshot")
                yield client
            finally:
                reader.cancel()

    async def _read(self) -> None:
        """Read all the time, as a page does, so that an idle client never stalls the server."""
        try:
            async for frame in self.ws:
                self.inbox.put_nowait(frame)
        except websockets.ConnectionClosed as closed:
            self.inbox.put_nowait(closed)

    async def send(self, message: dict[str, Any] | str) -> None:
        await self.ws.send(message if isinstance(message, str) else json.dumps(message))

    async def receive(self, timeout: float = 5.0) -> dict[str, Any]:
        frame = await asyncio.wait_for(self.inbox.get(), timeout)
        if isinstance(frame, Exception):
            self.inbox.put_nowait(frame)  # closed for good: every later read says so too
            raise frame
        message = json.loads(frame)
        kind = message.get("type")
        if kind == "snapshot":
            self.view, self.seq = message["view"], message["seq"]
            self.me, self.me_seq = message["me"], message["seq"]
        elif kind == "view":  # only the parts that changed
            self.view, self.seq = {**(self.view or {}), **message["view"]}, message["seq"]
        elif kind == "me":
            self.me, self.me_seq = message["me"], message["seq"]
        elif kind == "reply":
            self.replies[message["re"]] = message
        elif kind == "error":
            self.errors.append(message)
        return message

    async def next_of(self, kind: str, timeout: float = 5.0) -> dict[str, Any]:
        while True:
            message = await self.receive(timeout)
            if message.get("type") == kind:
                return message

    async def command(self, cmd: str, cmd_id: str | None = None, **args: Any) -> dict[str, Any]:
        cmd_id = cmd_id or f"t{next(self.ids)}"
        await self.send({"id": cmd_id, "cmd": cmd, **args})
        while cmd_id not in self.replies:
            await self.receive()
        return self.replies.pop(cmd_id)

    async def until_me(self, seq: int, timeout: float = 5.0) -> None:
        """Wait for the person's own part as of event `seq` (sent only when it changed)."""
        while self.me_seq < seq:
            await self.receive(timeout)

    async def until_seq(self, seq: int, timeout: float = 5.0) -> None:
        """Wait for the view that includes event `seq` (a person's own part, when it changed,
        comes before it)."""
        while self.seq < seq:
            await self.receive(timeout)


class _Failures(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR or record.exc_info:
            self.records.append(record)


@contextmanager
def logged_failures() -> Iterator[list[logging.LogRecord]]:
    """What the server logs as a failure — ERROR or worse, or with a traceback — from chamber's
    loggers and uvicorn's ("uvicorn" does not propagate to the root, so caplog would miss it)."""
    handler = _Failures()
    loggers = [logging.getLogger(name) for name in ("chamber", "uvicorn")]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        yield handler.records
    finally:
        for logger in loggers:
            logger.removeHandler(handler)
