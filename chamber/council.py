"""A running council: its data directory, its current meeting's engine, hub and access store;
with a backplane (docs/scaling.md), also the stream it publishes to and the requests of its
fan-out replicas."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Callable

from . import session
from .auth import Access
from .backplane import Backplane, Publisher
from .backplane import connect as connect_backplane
from .clock import now_ms
from .engine import Engine, Outcome
from .exports.minutes import draft
from .exports.minutes import to_html as minutes_html
from .exports.minutes import to_pdf as minutes_pdf
from .exports.statistics import SpeakingTime, speaking_time
from .exports.summary import Summary, decision_summary
from .hub import SEND_TIMEOUT, Hub
from .record import CHECKPOINTS_FILE, KEY_FILE, Checkpoint, Notary, signing_key
from .pgstore import PostgresLog
from .rules import Actor, Command, Meeting, Recorded, Role, replay
from .rules.lifecycle import setup_event
from .rules.meeting import CLOSED
from .rules.minutes import basis
from .rules.procedure import READ_ONLY
from .rules.roster import Roster
from .rules.ruleset import RuleSet
from .store import CommandKey, EventLog, Head, Log
from .views import Memo

log = logging.getLogger("chamber")

LOG_FILE = "log.db"
ACCESS_FILE = "access.db"
POSTGRES = ("postgresql://", "postgres://")


async def open_log(store: str | None, data: Path) -> Log:
    """The event log: `data`/log.db (the embedded default, `store` None), or PostgreSQL at the
    `store` URL."""
    if store is None:
        return await EventLog.open(data / LOG_FILE)
    if store.startswith(POSTGRES):
        return await PostgresLog.open(store, data)
    raise ValueError(f"--store must be a postgresql:// URL, not '{store}' (without it: {data / LOG_FILE})")


@dataclass(frozen=True)
class BackplaneAt:
    """Where the backplane is (a NATS URL) and the council's name there."""

    url: str
    council: str


@dataclass(frozen=True)
class MeetingSetup:
    """What a new meeting is called with: title, roster, agenda, date, publicity, rules."""

    title: dict[str, str]
    roster: Roster
    agenda: list[dict[str, Any]]
    date: str
    public: bool = True
    rules: RuleSet | None = None


class Council:
    """What the web layer talks to: one meeting at a time, served live."""

    def __init__(self, data: Path, log_: Log, access: Access, hub: Hub, engine: Engine,
                 notary: Notary, outputs: Outputs, publisher: Publisher | None,
                 lost: asyncio.Future[str]) -> None:
        self.data, self.log, self.access, self.hub, self.engine = data, log_, access, hub, engine
        self.notary, self.outputs, self.publisher = notary, outputs, publisher
        # Done, with the reason, when this server may write the council's log no more (its
        # connection and writer lock gone, the log unreadable): the server stops (chamber.cli).
        self.lost = lost
        self.tasks: set[asyncio.Task[None]] = set()  # the server's own background work, ended at close

    @classmethod
    async def open(
        cls, data: Path, setup: MeetingSetup | None = None, send_timeout: float = SEND_TIMEOUT,
        key_file: Path | None = None, store: str | None = None, backplane: BackplaneAt | None = None,
    ) -> "Council":
        """Continue the meeting in progress, or call a new one from `setup`. The record is
        signed with the key in `key_file` (default: made in the data directory). The log is in
        the data directory, or in PostgreSQL at `store`, where a second server waits as the
        standby until this one is gone; with a `backplane`, what is committed is published
        there and the replicas' requests are answered."""
        data.mkdir(parents=True, exist_ok=True)
        log_ = await open_log(store, data)
        access: Access | None = None
        bus: Backplane | None = None
        lost: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        lose = partial(_tell, lost)
        try:
            await log_.lock_writer(lose)
            access = await Access.open(data / ACCESS_FILE)
            bus = await connect_backplane(backplane.url, backplane.council) if backplane else None
            hub = Hub(send_timeout)
            publisher = Publisher(bus, log_) if bus else None
            notary = Notary(signing_key(key_file or data / KEY_FILE), data / CHECKPOINTS_FILE, now_ms,
                            _shown(hub, publisher))
            outputs = Outputs()
            engine = await _current_engine(log_, hub, notary, setup, outputs, publisher, lose)
            hub.busy = lambda: engine.in_batch
            notary.resume([await log_.head(m) for m in await log_.meetings()])
            council = cls(data, log_, access, hub, engine, notary, outputs, publisher, lost)
            if bus is not None and publisher is not None:
                publisher.start(engine.meeting_id, await log_.head(engine.meeting_id))
                await council._answer(bus)
        except BaseException:
            for opened in (log_, access, bus):
                if opened is not None:
                    await opened.close()
            raise
        outputs.publish(engine.meeting, None)
        hub.publish(engine.meeting)
        engine.start()
        return council

    @property
    def meeting(self) -> Meeting:
        return self.engine.meeting

    async def identify(self, hello: dict[str, Any], cookies: dict[str, str]) -> session.Identity:
        return await session.authenticate(self, hello, cookies)

    async def submit(self, actor: Actor, command: Command, key: CommandKey) -> Outcome:
        return await self.engine.submit(actor, command, key)

    async def caught_up(self, seq: int | None) -> None:
        """The engine's views are the newest there are: nothing to wait for."""

    async def close(self) -> None:
        for task in self.tasks:
            task.cancel()
        self.hub.stop()
        await self.engine.stop()
        if self.publisher is not None:
            await self.publisher.stop()
            await self.publisher.backplane.close()
        await self.notary.close()
        await self.log.close()
        await self.access.close()

    # --- the replicas' requests (chamber.backplane) --------------------------------------

    async def _answer(self, bus: Backplane) -> None:
        """Answer the replicas, and tell them this engine is the council's now."""
        for name, handle in (("submit", self._submit), ("identify", self._identify),
                             ("standing", self._standing), ("current", self._current)):
            await bus.answer(name, handle, self.tasks)
        await bus.nc.publish(bus.subjects.active, self.engine.meeting_id.encode())

    async def _submit(self, body: dict[str, Any]) -> dict[str, Any]:
        """A member's (or a console's) command that a replica forwards, under its command id."""
        actor = Actor(Role(body["actor"]["role"]), body["actor"]["person"])
        if actor.role in READ_ONLY:
            return {"error": {"code": "read_only", "params": {}}}
        outcome = await self.engine.submit(actor, Command(body["cmd"], body["args"]), CommandKey(*body["key"]))
        if outcome.error is not None:
            return {"error": {"code": outcome.error.code, "params": outcome.error.params}}
        return {"seq": outcome.seq}

    async def _identify(self, body: dict[str, Any]) -> dict[str, Any]:
        try:
            identity = await session.authenticate(self, body["hello"], body["cookies"])
        except session.Refusal as refusal:
            return {"refusal": {"code": refusal.close_code, "reason": refusal.reason}}
        return {"identity": identity.to_dict()}

    async def _standing(self, body: dict[str, Any]) -> dict[str, Any]:
        held = [session.Identity.from_dict(i) for i in body["held"]]
        return {"ended": await session.standings(self.access, held)}

    async def _current(self, body: dict[str, Any]) -> dict[str, Any]:
        return {"meeting": self.engine.meeting_id}


class NoMeeting(Exception):
    """The data directory has no meeting in progress and no roster was given to call one."""


class Outputs:
    """The decision summary and the speaking statistics as of the last commit, for
    `GET /api/summary` and `GET /api/statistics`. While a batch is written the engine's meeting
    holds events not yet on disk, and a request served then must not show them; so both are made
    at each publication, after the commit (the summary again only when what it reads has changed).
    A closed meeting's summary is made too: the endpoint gives it to the secretary alone."""

    READS = ("lifecycle", "preparation", "proposals", "votes", "elections")
    # Many a second while a vote is open, and none decides anything or is spoken: a batch of only
    # these leaves both as they were (the votes' revision moves, so the next other batch makes
    # the summary anew).
    CASTS = frozenset({"vote_cast", "ballot_cast"})

    def __init__(self) -> None:
        self.memo = Memo()
        self.summary: Summary | None = None
        self.statistics: SpeakingTime | None = None
        self._minutes: tuple[Any, bytes | str] | None = None  # (what was asked, as of which event; the document)
        self._drafting = asyncio.Lock()  # one document made at a time: a PDF is seconds of CPU

    def publish(self, meeting: Meeting, events: list[Recorded] | None) -> None:
        if events is None:  # rebuilt from the log: nothing kept is known to hold
            self.memo = Memo()
        elif all(e.type in self.CASTS for e in events):  # a vote's casts, or nothing: as it was
            return
        self.summary = self.memo.part(meeting, "summary", self.READS, lambda: decision_summary(meeting, closed=True))
        self.statistics = speaking_time(meeting)  # a speech on the floor runs on

    async def minutes(self, log_: Log, meeting: str, lang: str, form: str,
                      only: set[int] | None) -> bytes | str:
        """The minutes as the log holds them (never an unwritten batch), in `lang` as a page or
        a PDF, of all items or `only` these; made again only when the log has moved on."""
        async with self._drafting:
            head = await log_.head(meeting)
            asked = (meeting, head.seq, lang, form, None if only is None else frozenset(only))
            if self._minutes is None or self._minutes[0] != asked:
                events = [e for e in await log_.events(meeting) if e.seq <= head.seq]
                state = await asyncio.to_thread(replay, events)  # once, and off the hall's loop
                seq = basis(state)
                anchor = (seq, await log_.hash_at(meeting, seq) or "")
                document = await asyncio.to_thread(minutes_document, state, events, lang, form, anchor, only)
                self._minutes = (asked, document)
            return self._minutes[1]


def minutes_document(meeting: Meeting, events: list[Recorded], lang: str, form: str,
                     anchor: tuple[int, str], only: set[int] | None) -> bytes | str:
    """The minutes of this log (and the meeting it replays to) as a page (`html`) or PDF/A (`pdf`)."""
    page = minutes_html(draft(meeting, events, items=only), lang, anchor)
    return minutes_pdf(page) if form == "pdf" else page


def _shown(hub: Hub, publisher: Publisher | None) -> Callable[[Checkpoint], None]:
    """Where a checkpoint taken at a decision is shown: the hall's views, and the replicas'."""
    def shown(checkpoint: Checkpoint) -> None:
        hub.seal(checkpoint)
        if publisher is not None:
            publisher.sealed(checkpoint.shown())

    return shown


def _tell(lost: asyncio.Future[str], why: str) -> None:
    """The server may write no more: the engine refuses what comes, and the server stops."""
    if not lost.done():
        log.critical("this server may write the council's log no more: %s", why)
        lost.set_result(why)


async def _current_engine(log_: Log, hub: Hub, notary: Notary, setup: MeetingSetup | None,
                          outputs: Outputs, publisher: Publisher | None, lose: Callable[[str], None]) -> Engine:
    def publish(meeting: Meeting, events: list[Recorded] | None) -> None:
        outputs.publish(meeting, events)
        hub.publish(meeting, events)

    def recorded(head: Head, events: list[Recorded]) -> None:
        notary.recorded(head, events)
        if publisher is not None:
            publisher.committed(head, events)

    ids = await log_.meetings()
    if ids:
        engine = Engine(log_, ids[-1], publish, recorded=recorded, on_lost=lose)
        await engine.load()
        if engine.meeting.phase != CLOSED or setup is None:
            return engine
    if setup is None:
        raise NoMeeting("no meeting in progress: give a roster to call one")
    engine = Engine(log_, _new_id(setup.date, ids), publish, recorded=recorded, on_lost=lose)
    await engine.create(
        setup_event(engine.meeting_id, setup.title, setup.roster, setup.agenda,
                    date=setup.date, public=setup.public, rules=setup.rules)
    )
    log.info("called meeting %s", engine.meeting_id)
    return engine


def _new_id(date: str, taken: list[str]) -> str:
    base = date or str(now_ms())
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate
