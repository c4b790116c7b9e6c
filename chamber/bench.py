"""`chamber bench`: chamber's speed at chamber scale and beyond, against the floor of its stack.

The parent process generates a council of N members, pairs N devices, starts a real `chamber
serve` (or targets `--url`), and runs the chair. Worker processes hold the simulated devices
(phones, hall screens, public viewers) over real websockets, and note when each change arrives.
Latency is send stamp -> receipt, on one machine's clock. In the same run `--baseline` measures
a bare Starlette + uvicorn broadcast of the same message size to the same clients
(`chamber.benchfloor`), and the report states chamber's figures as a ratio to that floor.

Only loopback is targeted unless `--url` is given; every wait is bounded, and the run ends by
itself.
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import gc
import itertools
import json
import multiprocessing
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import AsyncExitStack, asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from multiprocessing.connection import Connection as Pipe
from pathlib import Path
from typing import Any, AsyncIterator, Iterator

import httpx
import websockets

WAIT = 30.0  # seconds any one phase may take before the bench gives up on it
ROUNDS = 20  # pushes measured per scenario
GAP = 0.12  # seconds between pushes: more than the hub's coalescing window, so each is shown at once
SETTLE = 1.0  # seconds for a new item's views to reach every device before pushes are measured
# A replica's capacity: the connections it serves on half a core (the rest is headroom) when
# every one of them is sent a change four times a second (the coalesced public view in a vote).
CORE_SHARE, CHANGES_PER_SECOND = 0.5, 4
VIEWERS = 50_000  # the paper estimate's audience
SERVICES = ("postgresql://chamber:chamber@127.0.0.1:5432/chamber_test", "nats://127.0.0.1:4222")  # deploy/services


# --- numbers ---------------------------------------------------------------------------------


def percentiles(values: list[float]) -> dict[str, float]:
    """p50/p95/p99/max in milliseconds (values in seconds)."""
    if not values:
        return {"n": 0, "p50": 0.0, "p95": 0.0, "p99": 0.0, "max": 0.0}
    ordered = sorted(values)

    def at(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 2)

    return {"n": len(ordered), "p50": at(0.50), "p95": at(0.95), "p99": at(0.99), "max": round(ordered[-1] * 1000, 2)}


def process_usage(pid: int) -> tuple[float, int]:
    """CPU seconds used so far and peak resident memory in bytes, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    peak = re.search(r"VmHWM:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text())
    return cpu, int(peak.group(1)) * 1024 if peak else 0


# --- the simulated devices (in worker processes) -----------------------------------------------

# A view's type and seq, which chamber and the floor both put first.
HEAD = re.compile(r'\{"type":"(\w+)","seq":(\d+)')


@dataclass
class Device:
    """One simulated websocket client and what it has seen."""

    spec: dict[str, Any]
    ws: Any = None
    vote: dict[str, Any] | None = None  # the one part of the view the bench reads
    arrivals: list[tuple[int, float, int]] = field(default_factory=list)  # (seq, when, bytes)
    voted_at: dict[int, float] = field(default_factory=dict)  # "n voted" first seen
    result_at: float | None = None
    sent: dict[str, float] = field(default_factory=dict)  # command id -> when sent
    acks: list[float] = field(default_factory=list)
    first_sent: float = float("inf")  # of this round's commands
    last_ack: float = 0.0
    messages: int = 0

    async def read(self) -> None:
        """Note when each change arrives. Only what the bench looks into is parsed whole (replies,
        snapshots, a changed vote): the devices are the instrument, and parsing every view would
        charge their CPU to the server's latency."""
        try:
            async for frame in self.ws:
                now = time.time()
                self.messages += 1
                head = HEAD.match(frame)
                if head is None:  # a reply, an error
                    self._note_reply(json.loads(frame), now)
                    continue
                kind, seq = head[1], int(head[2])
                if kind not in ("snapshot", "view"):
                    continue  # the person's own part
                if kind == "snapshot" or '"vote":' in frame:
                    self.vote = json.loads(frame)["view"].get("vote")
                    self._note_vote(now)
                self.arrivals.append((seq, now, len(frame)))
        except (websockets.ConnectionClosed, OSError):
            pass

    def _note_reply(self, message: dict[str, Any], now: float) -> None:
        if message.get("type") == "reply" and message["re"] in self.sent:
            self.acks.append(now - self.sent.pop(message["re"]))
            self.last_ack = now

    def _note_vote(self, now: float) -> None:
        vote = self.vote
        if not vote:
            return
        self.voted_at.setdefault(vote["progress"]["voted"], now)
        if vote.get("result") is not None and self.result_at is None:
            self.result_at = now

    def first_arrival(self, seq: int) -> tuple[int, float, int] | None:
        """The first view at or after `seq`: (its seq, when, its size). Views arrive in seq order."""
        at = bisect.bisect_left(self.arrivals, (seq,))
        return self.arrivals[at] if at < len(self.arrivals) else None


class Worker:
    """A share of the devices, run by one process, answering the parent over a pipe."""

    def __init__(self, pipe: Pipe, url: str, specs: list[dict[str, Any]]) -> None:
        self.pipe, self.url = pipe, url
        self.devices = [Device(spec) for spec in specs]
        self.readers: list[asyncio.Task[None]] = []
        self.ids = itertools.count()

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        async with AsyncExitStack() as stack:
            self.stack = stack
            while True:
                order = await loop.run_in_executor(None, self.pipe.recv)
                if order["op"] == "stop":
                    for reader in self.readers:
                        reader.cancel()
                    self.pipe.send(None)
                    return
                self.pipe.send(await getattr(self, order["op"])(**order.get("args", {})))

    async def connect(self, url: str | None = None) -> dict[str, Any]:
        """Connect every device (to `url`, for the floor); returns each connect time."""
        url = url or self.url
        for reader in self.readers:
            reader.cancel()
        self.readers = []
        times = await asyncio.gather(*(self._connect(d, url) for d in self.devices))
        return {"times": times}

    async def _connect(self, device: Device, url: str) -> float:
        start = time.time()
        device.ws = await self.stack.enter_async_context(  # no pings of its own, like a browser
            websockets.connect(url, max_size=2**24, open_timeout=WAIT, close_timeout=1, compression=None,
                               ping_interval=None))
        device.arrivals, device.vote = [], None
        if device.spec.get("as"):
            await device.ws.send(json.dumps({"type": "hello", **device.spec}))
            while not device.arrivals:  # the snapshot
                frame = json.loads(await asyncio.wait_for(device.ws.recv(), WAIT))
                if frame["type"] == "snapshot":
                    device.vote = frame["view"].get("vote")
                    device.arrivals.append((frame["seq"], time.time(), 0))
        self.readers.append(asyncio.create_task(device.read()))
        return time.time() - start

    async def arrivals(self, seq: int) -> dict[str, Any]:
        """When each device first had a view at or after `seq` (None if not yet), and its size."""
        times, sizes = [], []
        for device in self.devices:
            first = device.first_arrival(seq)
            times.append(first[1] if first else None)
            if first and first[0] == seq and first[2]:
                sizes.append(first[2])
        return {"times": times, "sizes": sizes}

    async def command(self, cmd: str, who: str = "members", args: dict[str, Any] | None = None) -> dict[str, Any]:
        """Every member device sends `cmd` now (roll-call answers, say)."""
        devices = [d for d in self.devices if d.spec.get("as") == "member"]
        await asyncio.gather(*(self._send(d, cmd, args or {}) for d in devices))
        return {"sent": len(devices)}

    async def _send(self, device: Device, cmd: str, args: dict[str, Any]) -> None:
        command_id = f"b{next(self.ids)}"
        device.sent[command_id] = time.time()
        device.first_sent = min(device.first_sent, device.sent[command_id])
        await device.ws.send(json.dumps({"id": command_id, "cmd": cmd, **args}))

    async def vote(self, start: float, spread: float) -> dict[str, Any]:
        """Every member casts a vote at `start` + a random moment within `spread` seconds."""
        members = [d for d in self.devices if d.spec.get("as") == "member"]
        for device in members:
            device.acks.clear()
            device.first_sent, device.last_ack = float("inf"), 0.0

        async def cast(device: Device) -> None:
            await asyncio.sleep(max(0.0, start + random.uniform(0, spread) - time.time()))
            await self._send(device, "cast_vote", {"choice": random.choice(("jaa", "ei", "tyhja"))})

        await asyncio.gather(*(cast(d) for d in members))
        deadline = time.time() + WAIT
        while any(d.sent for d in members) and time.time() < deadline:
            await asyncio.sleep(0.01)
        return {"acks": [a for d in members for a in d.acks], "unanswered": sum(len(d.sent) for d in members),
                "first_sent": min(d.first_sent for d in members), "last_ack": max(d.last_ack for d in members)}

    async def tally(self, voted: int) -> dict[str, Any]:
        """When each screen first showed `voted` votes cast, and the result."""
        screens = [d for d in self.devices if d.spec.get("as") == "display"]
        return {"voted_at": [d.voted_at.get(voted) for d in screens], "result_at": [d.result_at for d in screens]}

    async def stall(self) -> dict[str, Any]:
        """One member's phone stops reading (locked mid-send)."""
        device = next(d for d in self.devices if d.spec.get("as") == "member")
        device.ws.transport.pause_reading()
        device.spec["stalled"] = True
        return {"stalled": 1}

    async def counted(self) -> dict[str, Any]:
        return {"messages": sum(d.messages for d in self.devices)}


def worker_main(pipe: Pipe, url: str, specs: list[dict[str, Any]]) -> None:
    # The devices are the instrument: a full collection over hundreds of connections stops the
    # process for tens of milliseconds, and that pause would be read as the server's latency. A
    # worker lives for one bounded run, and what it parses is freed by reference counting.
    gc.disable()
    asyncio.run(Worker(pipe, url, specs).run())


class Crowd:
    """The worker processes, addressed as one; worker n's devices connect to `urls[n % len(urls)]`
    (the fan-out replicas, each served by its own workers)."""

    def __init__(self, urls: list[str], specs: list[dict[str, Any]], processes: int) -> None:
        context = multiprocessing.get_context("spawn")
        self.pipes, self.processes = [], []
        self.served = [0] * len(urls)  # devices per url
        for n in range(processes):
            parent, child = context.Pipe()
            self.served[n % len(urls)] += len(specs[n::processes])
            proc = context.Process(target=worker_main, args=(child, urls[n % len(urls)], specs[n::processes]),
                                   daemon=True)
            proc.start()
            self.pipes.append(parent)
            self.processes.append(proc)

    async def ask(self, op: str, only_first: bool = False, **args: Any) -> list[dict[str, Any]]:
        pipes = self.pipes[:1] if only_first else self.pipes
        for pipe in pipes:
            pipe.send({"op": op, "args": args})
        loop = asyncio.get_running_loop()
        return list(await asyncio.gather(*(loop.run_in_executor(None, self._answer, p) for p in pipes)))

    @staticmethod
    def _answer(pipe: Pipe) -> Any:
        if not pipe.poll(WAIT * 4):
            raise TimeoutError("a bench worker did not answer")
        return pipe.recv()

    def stop(self) -> None:
        for pipe in self.pipes:
            try:
                pipe.send({"op": "stop"})
            except (BrokenPipeError, OSError):
                pass
        for proc in self.processes:
            proc.join(5)
            if proc.is_alive():
                proc.kill()


# --- the council, the server and the chair -----------------------------------------------------


def council(members: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A roster of `members` in eight groups of different sizes, and a three-item agenda."""
    weights = [30, 22, 16, 12, 8, 6, 4, 2]
    groups = [{"id": f"g{n}", "name": f"Ryhmä {n} / Grupp {n}"} for n in range(len(weights))]
    people = []
    for n in range(1, members + 1):
        group = random.Random(n).choices(range(len(weights)), weights)[0]
        people.append({"id": f"m{n}", "first": f"Jäsen{n}", "last": f"Sukunimi{n:05d}", "group": f"g{group}",
                       "seat": f"S{n}", "roles": ["chair"] if n == 1 else []})
    used = {p["group"] for p in people}
    roster = {"name": "Benchby", "seats": members, "groups": [g for g in groups if g["id"] in used],
              "people": people}
    agenda = [{"number": n, "title": {"fi": f"Asia {n}", "sv": f"Ärende {n}"},
               "base_proposal": {"fi": "Pohjaehdotus " * 20, "sv": "Grundförslag " * 20}} for n in (1, 2, 3)]
    return roster, agenda


async def pair_devices(data: Path, people: list[str]) -> list[str]:
    """Device tokens for everyone, made directly in the data directory before the server starts."""
    from .auth import Access

    access = await Access.open(data / "access.db")
    await access.db.execute("PRAGMA synchronous=OFF")  # set-up of the bench, not a meeting's record
    codes = await access.issue_codes(people)
    tokens = [(await access.pair(codes[p]))[1] for p in people]
    await access.close()
    return tokens


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def server_process(argv: list[str], ready: str) -> Iterator[tuple[subprocess.Popen[str], list[str]]]:
    """A server in its own process; yields it with its start-up lines (until one holds `ready`)."""
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []
    try:
        deadline = time.time() + WAIT
        while ready and not any(ready in line for line in lines):
            line = proc.stdout.readline()  # type: ignore[union-attr]
            if not line and proc.poll() is not None or time.time() > deadline:
                raise RuntimeError("the server did not start:\n" + "".join(lines))
            lines.append(line)
        yield proc, lines
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


async def wait_listening(port: int) -> None:
    deadline = time.time() + WAIT
    while time.time() < deadline:
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.close()
            return
        except OSError:
            await asyncio.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port}")


class Chair:
    """The chair's console, driven by the bench: commands with their send stamps."""

    def __init__(self, ws: Any) -> None:
        self.ws, self.view, self.ids = ws, {}, itertools.count()
        self.replies: dict[str, dict[str, Any]] = {}
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        try:
            async for frame in self.ws:
                message = json.loads(frame)
                if message["type"] == "snapshot":
                    self.view = message["view"]
                elif message["type"] == "view":
                    self.view.update(message["view"])
                elif message["type"] == "reply":
                    self.replies[message["re"]] = {**message, "received_at": time.time()}
        except websockets.ConnectionClosed:
            pass

    async def do(self, cmd: str, **args: Any) -> tuple[float, dict[str, Any]]:
        command_id = f"chair{next(self.ids)}"
        sent = time.time()
        await self.ws.send(json.dumps({"id": command_id, "cmd": cmd, **args}))
        deadline = time.time() + WAIT
        while command_id not in self.replies:
            if time.time() > deadline:
                raise TimeoutError(f"no reply to {cmd}")
            await asyncio.sleep(0.002)
        reply = self.replies.pop(command_id)
        if not reply["ok"]:
            raise RuntimeError(f"{cmd} refused: {reply['error']['message']}")
        return sent, reply


# --- the run ---------------------------------------------------------------------------------


@dataclass
class Settings:
    members: int
    screens: int
    public: int
    processes: int
    spread: float
    rounds: int
    baseline: bool
    idle: float
    url: str | None = None  # an existing server, set up for benchmarking (see --url)
    chair_password: str | None = None
    secretary_password: str | None = None
    display_key: str | None = None
    replicas: int = 0  # fan-out replicas the devices connect to (0: the engine serves them)
    store: str | None = None  # with replicas: the PostgreSQL the engine logs to (a schema of its own)
    backplane: str | None = None  # with replicas: the NATS server


@dataclass
class Layout:
    """The servers a run drives: the engine (the chair's console), and where the devices
    connect (the engine itself, or the replicas), with their processes when local."""

    base: str
    device_urls: list[str]
    engine_pid: int | None = None
    replica_pids: list[int] = field(default_factory=list)


async def latencies(crowd: Crowd, sent: float, seq: int, exclude_stalled: bool = False) -> tuple[list[float], list[int]]:
    """Every device's delay for the change `seq` sent at `sent`, waiting until all have it."""
    deadline = time.time() + WAIT
    while True:
        answers = await crowd.ask("arrivals", seq=seq)
        times = [t for a in answers for t in a["times"]]
        missing = sum(t is None for t in times)
        if missing <= (1 if exclude_stalled else 0) or time.time() > deadline:
            sizes = [s for a in answers for s in a["sizes"]]
            return [t - sent for t in times if t is not None], sizes
        await asyncio.sleep(0.02)


async def push_rounds(chair: Chair, crowd: Crowd, speakers: list[str], stalled: bool = False) -> tuple[list[float], list[int]]:
    """Rounds of a change to the queue (the chair adds a speaker), each measured at every device."""
    delays, sizes = [], []
    for speaker in speakers:
        sent, reply = await chair.do("request_floor", kind="speech", on_behalf_of=speaker)
        got, size = await latencies(crowd, sent, reply["seq"], exclude_stalled=stalled)
        delays += got
        sizes += size
        await asyncio.sleep(GAP)
    return delays, sizes


async def run(settings: Settings) -> dict[str, Any]:
    """Every scenario against a fresh server (or `--url`); returns the report."""
    report: dict[str, Any] = {"settings": vars(settings),
                              "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]}}
    if settings.url:
        report["chamber"] = await remote(settings)
    else:
        report["chamber"] = await local(settings)
    if settings.baseline:
        report["floor"] = await floor(settings, report["chamber"]["push"]["message_bytes"])
    report["targets"] = judge(report)
    return report


async def remote(settings: Settings) -> dict[str, Any]:
    """Target a server someone else started: pair its people through the secretary's cards."""
    base = settings.url.rstrip("/")  # type: ignore[union-attr]
    async with httpx.AsyncClient(base_url=base, timeout=WAIT) as http:
        await http.post("/api/login", json={"role": "secretary", "password": settings.secretary_password})
        cards = (await http.get("/secretary/cards")).text
        tokens: dict[str, str] = {}
        for code in re.findall(r"/pair#([\w-]+)<", cards):
            async with httpx.AsyncClient(base_url=base, timeout=WAIT) as phone:
                paired = await phone.post("/api/pair", json={"code": code})
                tokens[paired.json()["person"]["id"]] = paired.cookies["chamber_device"]
    layout = Layout(base, [base.replace("http", "ws", 1) + "/ws"])
    return await scenarios(settings, layout, settings.chair_password or "", settings.display_key or "", tokens)


async def local(settings: Settings) -> dict[str, Any]:
    """A fresh server with a generated council of `settings.members`, on a loopback port; with
    `settings.replicas`, the engine on PostgreSQL and NATS and that many fan-out replicas."""
    from .cli import PASSWORD_FILE

    with tempfile.TemporaryDirectory(prefix="chamber-bench-") as tmp:
        async with AsyncExitStack() as stack:
            port = free_port()
            data = Path(tmp) / "data"
            data.mkdir()
            roster, agenda = council(settings.members)
            (Path(tmp) / "roster.json").write_text(json.dumps(roster), encoding="utf-8")
            (Path(tmp) / "agenda.json").write_text(json.dumps(agenda), encoding="utf-8")
            tokens = await pair_devices(data, [p["id"] for p in roster["people"]])
            argv = [sys.executable, "-m", "chamber", "serve", "--data", str(data), "--roster",
                    str(Path(tmp) / "roster.json"), "--agenda", str(Path(tmp) / "agenda.json"),
                    "--host", "127.0.0.1", "--port", str(port), "--no-qr"]
            fanout = await stack.enter_async_context(beyond_one_machine(settings)) if settings.replicas else []
            proc, lines = stack.enter_context(server_process(argv + fanout, "passwords:"))
            text = "".join(lines)
            written = (data / PASSWORD_FILE).read_text(encoding="utf-8")  # its output is no terminal
            password = dict(line.split("=", 1) for line in written.splitlines())["chair"]
            key = re.search(r"display-key: (\S+)", text).group(1)  # type: ignore[union-attr]
            await wait_listening(port)
            layout = Layout(f"http://127.0.0.1:{port}", [f"ws://127.0.0.1:{port}/ws"], proc.pid)
            if settings.replicas:
                layout.device_urls = []
                for _ in range(settings.replicas):
                    replica_port = free_port()
                    replica, _ = stack.enter_context(server_process(
                        [sys.executable, "-m", "chamber", "serve", "--role", "fanout", *fanout[2:],
                         "--host", "127.0.0.1", "--port", str(replica_port)], "fan-out replica"))
                    await wait_listening(replica_port)
                    layout.device_urls.append(f"ws://127.0.0.1:{replica_port}/ws")
                    layout.replica_pids.append(replica.pid)
            people = [p["id"] for p in roster["people"]]
            return await scenarios(settings, layout, password, key, dict(zip(people, tokens)))


@asynccontextmanager
async def beyond_one_machine(settings: Settings) -> AsyncIterator[list[str]]:
    """A PostgreSQL schema and a NATS council name of the run's own, removed after it; yields
    the engine's options for them (`--store ... --backplane ... --council ...`)."""
    import asyncpg
    import nats

    from .pgstore import in_schema

    name = f"bench_{os.getpid()}_{random.randrange(1 << 30)}"
    admin = await asyncpg.connect(settings.store)
    await admin.execute(f"CREATE SCHEMA {name}")
    store = in_schema(settings.store, name)  # type: ignore[arg-type]
    council_name = name.replace("_", "-")
    try:
        yield ["--store", store, "--backplane", settings.backplane, "--council", council_name]  # type: ignore[list-item]
    finally:
        await admin.execute(f"DROP SCHEMA {name} CASCADE")
        await admin.close()
        nc = await nats.connect(settings.backplane)
        try:
            await nc.jetstream().delete_stream(f"CHAMBER-{council_name}")
        except Exception:  # never made: the engine did not get that far
            pass
        await nc.close()


def specs(settings: Settings, tokens: dict[str, str], members: list[str], key: str) -> list[dict[str, Any]]:
    members_ = [{"as": "member", "token": tokens[m]} for m in members if m in tokens]
    screens = [{"as": "display", "key": key} for _ in range(settings.screens)]
    public = [{"as": "public"} for _ in range(settings.public)]
    return members_ + screens + public


async def scenarios(settings: Settings, layout: Layout, password: str, key: str,
                    tokens: dict[str, str]) -> dict[str, Any]:
    """Every scenario against the servers of `layout`."""
    out: dict[str, Any] = {}
    base = layout.base
    ws_url = base.replace("http", "ws", 1) + "/ws"
    async with httpx.AsyncClient(base_url=base) as http:
        login = await http.post("/api/login", json={"role": "chair", "password": password})
        if login.status_code != 200:
            raise ValueError("the chair's password was not accepted")
        cookie = f"chamber_session={login.cookies['chamber_session']}"
    async with websockets.connect(ws_url, additional_headers={"Cookie": cookie}, compression=None,
                                  max_size=2**24) as ws:
        await ws.send(json.dumps({"type": "hello", "as": "chair"}))
        chair = Chair(ws)
        while not chair.view:
            await asyncio.sleep(0.01)
        people = [p for p in chair.view["people"] if p["kind"] == "member"]
        chair_id = next(p["id"] for p in people if "chair" in p["roles"])
        members = [p["id"] for p in people if p["id"] != chair_id]
        settings.members = len(members) + 1
        crowd = Crowd(layout.device_urls, specs(settings, tokens, members, key), settings.processes)
        try:
            return await _scenarios(settings, chair, crowd, members, layout, out)
        finally:
            crowd.stop()


async def _scenarios(settings: Settings, chair: Chair, crowd: Crowd, members: list[str], layout: Layout,
                     out: dict[str, Any]) -> dict[str, Any]:
    """(a) connect all, (b) queue changes pushed to everyone, (c) a vote round, (d) the same pushes
    with one phone that stopped reading, and an idle hall."""
    pid = layout.engine_pid
    cpu0, _ = usage(pid)
    start = time.time()
    connected = await crowd.ask("connect")
    out["connect"] = {"clients": sum(len(c["times"]) for c in connected), "seconds": round(time.time() - start, 3),
                      **percentiles([t for c in connected for t in c["times"]])}
    await chair.do("open_meeting")
    await chair.do("start_roll_call")
    await crowd.ask("command", cmd="confirm_presence")
    await chair.do("confirm_presence")
    await asyncio.sleep(1.0)
    await chair.do("end_roll_call")
    await chair.do("take_up_item", item=1)
    await chair.do("open_discussion")
    await asyncio.sleep(SETTLE)

    cpu1, _ = usage(pid)
    replicas0 = [usage(p)[0] for p in layout.replica_pids]
    before = sum(c["messages"] for c in await crowd.ask("counted"))
    start = time.time()
    delays, sizes = await push_rounds(chair, crowd, members[:settings.rounds])
    elapsed = time.time() - start
    after = sum(c["messages"] for c in await crowd.ask("counted"))
    cpu2, _ = usage(pid)
    if layout.replica_pids:
        out["replicas"] = replica_figures(layout, crowd, replicas0, after - before)
    out["push"] = {**percentiles(delays), "message_bytes": int(statistics.mean(sizes)) if sizes else 0,
                   "messages_per_second": round((after - before) / elapsed)}
    if pid is not None:
        out["push"]["server_cpu_seconds"] = round(cpu2 - cpu1, 3)

    out["vote"] = await vote_round(chair, crowd, settings, members[0], pid)

    # The stall is measured against pushes in the same state (the second item, after a vote),
    # made just before it, so that nothing but the stall differs.
    await chair.do("take_up_item", item=2)
    await chair.do("open_discussion")
    await asyncio.sleep(SETTLE)
    delays, _ = await push_rounds(chair, crowd, members[:settings.rounds])
    out["before_stall"] = percentiles(delays)
    await crowd.ask("stall", only_first=True)
    delays, _ = await push_rounds(chair, crowd, members[settings.rounds:2 * settings.rounds], stalled=True)
    out["stalled_client"] = percentiles(delays)

    await asyncio.sleep(1.0)  # let the writers settle, then measure an idle hall
    idle0, _ = usage(pid)
    await asyncio.sleep(settings.idle)
    idle1, peak = usage(pid)
    if pid is not None:
        out["idle"] = {"connections": out["connect"]["clients"] + 1, "seconds": settings.idle,
                       "cpu_percent_of_one_core": round((idle1 - idle0) / settings.idle * 100, 2)}
        out["server"] = {"cpu_seconds": round(idle1 - cpu0, 3), "peak_rss_mb": round(peak / 2**20, 1)}
    return out


def usage(pid: int | None) -> tuple[float, int]:
    """The server's CPU seconds and peak memory, when it runs on this machine."""
    return process_usage(pid) if pid is not None else (0.0, 0)


async def vote_round(chair: Chair, crowd: Crowd, settings: Settings, mover: str, pid: int | None) -> dict[str, Any]:
    """Open vote -> every member casts within the spread -> close -> result on every screen."""
    await chair.do("record_proposal", kind="counter", text="Vastaehdotus / Motförslag", mover=mover)
    deadline = time.time() + WAIT
    while not (chair.view.get("proposals") or {}).get("proposals") and time.time() < deadline:
        await asyncio.sleep(0.01)
    proposal = chair.view["proposals"]["proposals"][0]["id"]
    await crowd.ask("command", cmd="second_proposal", args={"proposal": proposal})
    await asyncio.sleep(0.5)
    for cmd in ("close_discussion", "confirm_summary", "approve_voting_order", "open_vote"):
        await chair.do(cmd)
    await asyncio.sleep(0.5)
    cpu0, _ = usage(pid)
    start = time.time() + 0.3
    chairs_vote = asyncio.create_task(cast_in_time(chair, start + random.uniform(0, settings.spread)))
    casts = await crowd.ask("vote", start=start, spread=settings.spread)
    chair_sent, chair_acked = await chairs_vote  # the chair is a member and votes with the rest
    acks = [a for c in casts for a in c["acks"]] + [chair_acked - chair_sent]
    first_vote = min([c["first_sent"] for c in casts] + [chair_sent])
    last_ack = max([c["last_ack"] for c in casts] + [chair_acked])
    shown = await on_every_screen(crowd, "voted_at", settings.members)
    closed_at, _ = await chair.do("close_vote")
    results = await on_every_screen(crowd, "result_at", settings.members)
    cpu1, _ = usage(pid)
    await finish_item(chair)
    return {
        "voters": settings.members, "spread_seconds": settings.spread,
        "ack": percentiles(acks), "unanswered": sum(c["unanswered"] for c in casts),
        "tally_on_screens_after_first_vote_ms": round((shown - first_vote) * 1000, 1),
        "tally_on_screens_after_last_ack_ms": round((shown - last_ack) * 1000, 1),
        "result_on_screens_after_close_ms": round((results - closed_at) * 1000, 1),
        **({"server_cpu_seconds": round(cpu1 - cpu0, 3)} if pid is not None else {}),
    }


def replica_figures(layout: Layout, crowd: Crowd, cpu_before: list[float], messages: int) -> dict[str, Any]:
    """What the replicas spent on the push rounds, and so what one replica carries."""
    used = [usage(pid) for pid in layout.replica_pids]
    cpu = [round(now - before, 3) for (now, _), before in zip(used, cpu_before)]
    per_message = sum(cpu) / max(messages, 1)
    # None when the rounds were too short for the kernel's CPU clock (10 ms ticks) to see them.
    capacity = int(CORE_SHARE / (CHANGES_PER_SECOND * per_message)) if per_message else None
    return {"count": len(used), "connections": crowd.served, "push_cpu_seconds": cpu,
            "peak_rss_mb": [round(rss / 2**20, 1) for _, rss in used],
            "cpu_us_per_message": round(per_message * 1e6, 2) if per_message else None,
            "capacity_connections": capacity,
            "replicas_for_50000_viewers": -(-VIEWERS // capacity) + 1 if capacity else None}


async def cast_in_time(chair: Chair, at: float) -> tuple[float, float]:
    """The chair's own vote, cast at `at`: when it was sent and when its ack came."""
    await asyncio.sleep(max(0.0, at - time.time()))
    sent, reply = await chair.do("cast_vote", choice="jaa")
    return sent, reply["received_at"]


async def on_every_screen(crowd: Crowd, what: str, voted: int) -> float:
    """When the last screen showed `what` ("voted_at" all votes in, or "result_at")."""
    deadline = time.time() + WAIT
    while True:
        seen = [t for c in await crowd.ask("tally", voted=voted) for t in c[what]]
        if all(t is not None for t in seen):
            return max(seen)
        if time.time() > deadline:
            raise TimeoutError(f"not every screen showed {what} within {WAIT} s")
        await asyncio.sleep(0.02)


async def finish_item(chair: Chair) -> None:
    """Declare the result (the chair's casting vote decides a tie), the decision, close the item."""
    try:
        await chair.do("declare_result")
    except RuntimeError:  # a tie: awaiting the chair's casting vote (LAW-12)
        await chair.do("casting_vote", choice="jaa")
        await chair.do("declare_result")
    await chair.do("declare_decision")
    await chair.do("close_item")


async def floor(settings: Settings, size: int) -> dict[str, Any]:
    """The same clients and message size on a bare Starlette + uvicorn broadcast."""
    port = free_port()
    with server_process([sys.executable, "-m", "chamber.benchfloor", "--port", str(port)], ""):
        await wait_listening(port)
        url = f"ws://127.0.0.1:{port}/ws"
        clients = settings.members - 1 + settings.screens + settings.public
        crowd = Crowd([url], [{} for _ in range(clients)], settings.processes)
        try:
            await crowd.ask("connect")
            async with websockets.connect(url, compression=None) as trigger:
                delays = []
                for n in range(1, settings.rounds + 1):
                    sent = time.time()
                    await trigger.send(json.dumps({"broadcast": max(size, 64), "seq": n}))
                    got, _ = await latencies(crowd, sent, n)
                    delays += got
                    await asyncio.sleep(GAP)
            return {"push": {**percentiles(delays), "message_bytes": max(size, 64)}}
        finally:
            crowd.stop()


def judge(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The README's targets that this run's size speaks to, each met or not."""
    s, c, f = report["settings"], report["chamber"], report.get("floor")
    targets = []
    if f:
        ratio = c["push"]["p99"] / max(f["push"]["p99"], 0.01)
        limit = 2.0 if s["public"] >= 5000 else 1.5
        targets.append({"target": f"push p99 <= {limit}x the floor's p99", "value": round(ratio, 2), "met": ratio <= limit})
    if s["members"] == 200 and s["spread"] == 0 and s["public"] == 0:
        v = c["vote"]["tally_on_screens_after_first_vote_ms"]
        targets.append({"target": "all-at-once vote: final tally on screens <= 60 ms after the first vote", "value": v, "met": v <= 60})
    if s["members"] >= 1000 and s["spread"] >= 1:
        targets.append({"target": "1,000 votes in 1 s: ack p99 <= 50 ms", "value": c["vote"]["ack"]["p99"],
                        "met": c["vote"]["ack"]["p99"] <= 50})
        v = c["vote"]["tally_on_screens_after_last_ack_ms"]
        targets.append({"target": "final tally on every screen <= 100 ms after the last ack", "value": v, "met": v <= 100})
    stall = c["stalled_client"]["max"] - c["before_stall"]["max"]
    targets.append({"target": "a stalled client delays no other by more than 100 ms", "value": round(stall, 1), "met": stall <= 100})
    if "server" not in c:
        return targets  # a server elsewhere: its CPU and memory are not ours to read
    if s["public"] >= 5000:
        targets.append({"target": "server RSS <= 300 MB", "value": c["server"]["peak_rss_mb"], "met": c["server"]["peak_rss_mb"] <= 300})
    idle = c["idle"]["cpu_percent_of_one_core"]
    targets.append({"target": f"idle with {c['idle']['connections']} connections < 2 % of one core", "value": idle, "met": idle < 2})
    return targets


def table(report: dict[str, Any]) -> str:
    c, f = report["chamber"], report.get("floor")
    s = report["settings"]
    rows = [f"chamber bench: {s['members']} members, {s['screens']} screens, {s['public']} public, "
            f"{s['processes']} client processes, {report['machine']['cpus']} CPUs"
            + (f", {s['replicas']} fan-out replicas" if s["replicas"] else ""), ""]

    def line(name: str, value: Any, floor_value: Any = "") -> None:
        rows.append(f"  {name:<46}{value!s:>14}{floor_value!s:>14}")

    line("", "chamber", "floor" if f else "")
    line("connect all (s)", c["connect"]["seconds"])
    line("connect p99 (ms)", c["connect"]["p99"])
    for q in ("p50", "p95", "p99", "max"):
        line(f"push latency {q} (ms)", c["push"][q], f["push"][q] if f else "")
    line("push message size (bytes)", c["push"]["message_bytes"], f["push"]["message_bytes"] if f else "")
    line("messages per second (push rounds)", c["push"]["messages_per_second"])
    v = c["vote"]
    line(f"vote: ack p50 / p99 (ms), {v['voters']} voters", f"{v['ack']['p50']} / {v['ack']['p99']}")
    line("vote: tally on screens after first vote (ms)", v["tally_on_screens_after_first_vote_ms"])
    line("vote: tally on screens after last ack (ms)", v["tally_on_screens_after_last_ack_ms"])
    line("vote: result on screens after close (ms)", v["result_on_screens_after_close_ms"])
    line("second item, push p99 / max (ms)", f"{c['before_stall']['p99']} / {c['before_stall']['max']}")
    line("… one client stalled: others' p99 / max (ms)", f"{c['stalled_client']['p99']} / {c['stalled_client']['max']}")
    if "replicas" in c:
        r = c["replicas"]
        line(f"replicas: connections each ({r['count']})", " / ".join(map(str, r["connections"])))
        line("replicas: CPU in the push rounds (s each)", " / ".join(map(str, r["push_cpu_seconds"])))
        line("replicas: peak RSS (MB each)", " / ".join(map(str, r["peak_rss_mb"])))
        line("replica CPU per message sent (µs)", r["cpu_us_per_message"])
        line(f"replica capacity ({CHANGES_PER_SECOND}/s, {CORE_SHARE:.0%} core)", r["capacity_connections"])
        line(f"replicas for {VIEWERS:,} viewers (+1 spare)", r["replicas_for_50000_viewers"])
    if "server" in c:
        line("idle CPU (% of one core)", c["idle"]["cpu_percent_of_one_core"])
        line("server CPU seconds (whole run)", c["server"]["cpu_seconds"])
        line("server peak RSS (MB)", c["server"]["peak_rss_mb"])
    rows.append("")
    rows += [f"  [{'met' if t['met'] else 'MISSED'}] {t['target']}: {t['value']}" for t in report["targets"]]
    return "\n".join(rows)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--members", type=int, default=200, help="simulated members, each with a phone (default 200)")
    p.add_argument("--screens", type=int, default=10, help="hall screens and overlays (default 10)")
    p.add_argument("--public", type=int, default=0, help="read-only public viewers (default 0)")
    p.add_argument("--processes", type=int, default=2, help="client processes (default 2)")
    p.add_argument("--spread", type=float, default=0.0, help="seconds over which the votes are cast (default 0: at once)")
    p.add_argument("--rounds", type=int, default=ROUNDS, help=f"pushes measured per scenario (default {ROUNDS})")
    p.add_argument("--baseline", action="store_true", help="also measure the bare stack's floor")
    p.add_argument("--idle", type=float, default=10.0, help="seconds of idle hall measured (default 10)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--url", help="bench a server already running, set up for benchmarking: the bench opens its "
                                 "meeting, runs a roll call, a vote and more. Never a council's real meeting.")
    p.add_argument("--chair-password", help="with --url")
    p.add_argument("--secretary-password", help="with --url: to pair the devices through the cards")
    p.add_argument("--display-key", help="with --url")
    p.add_argument("--replicas", type=int, default=0,
                   help="the multi-process layout: the engine on PostgreSQL and NATS, and this many fan-out "
                        "replicas that the devices connect to (default 0: the engine serves them)")
    p.add_argument("--store", default=SERVICES[0], metavar="URL",
                   help="with --replicas: the PostgreSQL database, where the run makes a schema of its own and "
                        "drops it after (default: deploy/services' database)")
    p.add_argument("--backplane", default=SERVICES[1], metavar="URL",
                   help="with --replicas: the NATS server (default: deploy/services' one)")


def main(args: argparse.Namespace) -> int:
    if args.members < 3:
        raise ValueError("--members must be at least 3 (the chair, a mover and a seconder)")
    if args.rounds < 1 or args.members <= 2 * args.rounds:
        raise ValueError("--rounds must be at least 1 and under half of --members (each round's "
                         "speaker asks for the floor once per item)")
    if args.url and not (args.chair_password and args.secretary_password and args.display_key):
        raise ValueError("--url needs --chair-password, --secretary-password and --display-key")
    if args.replicas and args.url:
        raise ValueError("--replicas starts its own servers: not with --url")
    settings = Settings(args.members, args.screens, args.public, max(1, args.processes, args.replicas), args.spread,
                        args.rounds, args.baseline, args.idle, args.url, args.chair_password,
                        args.secretary_password, args.display_key, max(0, args.replicas), args.store,
                        args.backplane)
    report = asyncio.run(run(settings))
    print(json.dumps(report, indent=2) if args.json else table(report))
    return 0
