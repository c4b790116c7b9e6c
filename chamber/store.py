"""The event log: append-only, hash-chained, committed before anything is shown.

`Log` is what every log does; `EventLog` keeps it on SQLite in the data directory (the embedded
default), `chamber.pgstore.PostgresLog` on PostgreSQL (`--store postgresql://...`), with the
same chains. One log is one connection used by one writer (the meeting's engine), so a batch of
events goes to disk in one transaction (group commit) (on SQLite with WAL and `synchronous=FULL`).
Each event's hash covers the previous event's hash, so an edited or removed event breaks
the chain from that point on; the command ids used (which make retries safe) have a chain of
their own. The heads of both chains are what a signed checkpoint seals (`chamber.record`), so
that a log cut short or rewritten whole is caught too (`chamber verify`).

The secret ballots of an open election are kept here as well, durable with the commit that
records who voted, but as one sorted box, never a row per ballot (docs/ballot-box.md).
"""

from __future__ import annotations

import hashlib
from abc import ABC, abstractmethod
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

import aiosqlite

from .rules import Recorded
from .rules.elections import BallotBox

GENESIS = "0" * 64
BUSY_TIMEOUT_MS = 5000  # how long a write waits for another connection's lock
CHECKPOINT_WAIT_MS = 50  # ... and emptying the WAL for a reader: it is tried again soon anyway

# The command ids used, numbered per meeting and chained like the events.
COMMANDS = """
CREATE TABLE IF NOT EXISTS commands (
    meeting TEXT NOT NULL,
    principal TEXT NOT NULL,
    id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    n INTEGER NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (meeting, principal, id),
    UNIQUE (meeting, n)
)"""

SCHEMA = COMMANDS + """;
CREATE TABLE IF NOT EXISTS meetings (
    id TEXT PRIMARY KEY,
    created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
    meeting TEXT NOT NULL REFERENCES meetings(id),
    seq INTEGER NOT NULL,
    at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    type TEXT NOT NULL,
    data TEXT NOT NULL,
    prev TEXT NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (meeting, seq)
);
-- The secret ballots of the open election (docs/ballot-box.md): one row per meeting, the whole
-- box as one sorted text, rewritten in the commit of each batch that changes it. No row per
-- ballot, so no rowid, order or time of casting; no voter.
CREATE TABLE IF NOT EXISTS ballot_box (
    meeting TEXT PRIMARY KEY,
    election TEXT NOT NULL,
    ballots TEXT NOT NULL
) WITHOUT ROWID;
"""

# A batch is written by one statement: one row put into this view, its events and command keys
# as JSON arrays, which the trigger writes to both tables (and the ballot box, when the batch
# changed it: `ballots` not NULL). One statement is atomic by itself and
# one round trip to the database thread; under load each round trip waits for the busy event
# loop, and a transaction of four statements waited four times.
BATCH = """
CREATE TEMP VIEW batch (events, commands, meeting, election, ballots) AS SELECT NULL, NULL, NULL, NULL, NULL;
CREATE TEMP TRIGGER write_batch INSTEAD OF INSERT ON batch BEGIN
    INSERT INTO events SELECT
        json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'),
        json_extract(value, '$[3]'), json_extract(value, '$[4]'), json_extract(value, '$[5]'),
        json_extract(value, '$[6]'), json_extract(value, '$[7]')
        FROM json_each(NEW.events);
    INSERT INTO commands SELECT
        json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'),
        json_extract(value, '$[3]'), json_extract(value, '$[4]'), json_extract(value, '$[5]')
        FROM json_each(NEW.commands);
    DELETE FROM ballot_box WHERE NEW.ballots IS NOT NULL AND meeting = NEW.meeting;
    INSERT INTO ballot_box SELECT NEW.meeting, NEW.election, NEW.ballots
        WHERE NEW.ballots IS NOT NULL AND NEW.election IS NOT NULL;
END;
"""


def canonical(value: Any) -> str:
    """The one JSON text of a value: sorted keys, no spaces, UTF-8 kept as is."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def chain_hash(prev: str, meeting: str, event: Recorded) -> str:
    body = canonical(
        {"meeting": meeting, "seq": event.seq, "at": event.at, "actor": event.actor,
         "type": event.type, "data": event.data}
    )
    return _link(prev, body)


def command_hash(prev: str, meeting: str, key: CommandKey, n: int, seq: int) -> str:
    """The link of the command-id chain: an id removed, added or moved breaks it from there."""
    return _link(prev, canonical({"meeting": meeting, "n": n, "principal": key.principal,
                                  "id": key.id, "seq": seq}))


def _link(prev: str, body: str) -> str:
    return hashlib.sha256(f"{prev}\n{body}".encode()).hexdigest()


@dataclass(frozen=True)
class CommandKey:
    """A command's identity for safe retries: who sent it and the id they gave it."""

    principal: str
    id: str


@dataclass(frozen=True)
class Head:
    """Where a meeting's record stands: its last event and last command id, each with the hash
    of its chain. A signed checkpoint seals a head."""

    meeting: str
    seq: int = 0
    hash: str = GENESIS
    commands: int = 0
    commands_hash: str = GENESIS


@dataclass(frozen=True)
class Break:
    """Where a log stops being trustworthy."""

    seq: int
    reason: str


async def connect(path: Path) -> aiosqlite.Connection:
    db = await aiosqlite.connect(path, isolation_level=None)
    await db.execute("PRAGMA journal_mode=WAL")
    await db.execute("PRAGMA synchronous=FULL")
    await db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    # What is deleted or overwritten is zeroed, not left in free space: an earlier state of the
    # ballot box, an ended session's token hash.
    await db.execute("PRAGMA secure_delete=ON")
    return db


class Log(ABC):
    """What every event log does, whichever database holds it: the chains are made here, so a
    meeting's hashes are the same on SQLite and on PostgreSQL (`chamber.pgstore`). A backend
    runs the queries (written with `?` for each parameter) and writes a batch in one statement
    (`_write`); `append` is for one writer at a time."""

    def __init__(self) -> None:
        self._heads: dict[str, Head] = {}

    # --- what a backend provides ----------------------------------------------------

    @abstractmethod
    async def _all(self, query: str, *args: Any) -> list[tuple[Any, ...]]:
        """The rows a query gives (none, for a statement that writes)."""

    @abstractmethod
    async def _write(self, meeting: str, rows: list[tuple[Any, ...]], keys: list[tuple[Any, ...]],
                     election: str | None, ballots: str | None) -> None:
        """Write a batch's event rows, command-id rows and (`ballots` not None) the ballot box,
        all or nothing."""

    @abstractmethod
    async def close(self) -> None:
        """Close the connection (and with it, the writer's lock)."""

    @abstractmethod
    async def forget_box_history(self) -> bool:
        """Leave no earlier state of the ballot box readable beside the current one (see the
        backends); False when it could not be done now and is to be tried again."""

    async def lock_writer(self, lost: Callable[[str], None]) -> None:
        """Wait until this process is the council's only writer (a standby waits here); `lost`
        is told if it ever stops being the writer. On SQLite the data directory is the server's
        own, and nothing can take it over."""

    # --- the queries ----------------------------------------------------------------

    async def _one(self, query: str, *args: Any) -> tuple[Any, ...] | None:
        rows = await self._all(query, *args)
        return rows[0] if rows else None

    async def meetings(self) -> list[str]:
        """Meeting ids, oldest first."""
        return [row[0] for row in await self._all("SELECT id FROM meetings ORDER BY created_at, id")]

    async def create_meeting(self, meeting: str, at: int) -> None:
        await self._all("INSERT INTO meetings (id, created_at) VALUES (?, ?)", meeting, at)

    async def events(self, meeting: str, after: int = 0) -> list[Recorded]:
        """The log of a meeting, in order: whole, or the events after `after`."""
        return [_recorded(row) for row in await self._rows(meeting, after)]

    async def links(self, meeting: str, after: int = 0) -> list[tuple[Recorded, str, str]]:
        """The events after `after`, each with its chain's link: the hash before it and its own."""
        return [(_recorded(row), row[5], row[6]) for row in await self._rows(meeting, after)]

    async def commands(self, meeting: str) -> dict[CommandKey, int]:
        """Every command id already applied, with the seq its reply named."""
        rows = await self._all("SELECT principal, id, seq FROM commands WHERE meeting = ?", meeting)
        return {CommandKey(p, i): seq for p, i, seq in rows}

    async def ballot_box(self, meeting: str) -> BallotBox:
        """The secret ballots of the meeting's open election, as last committed."""
        row = await self._one("SELECT election, ballots FROM ballot_box WHERE meeting = ?", meeting)
        if row is None:
            return BallotBox()
        return BallotBox(row[0], tuple(tuple(b) for b in json.loads(row[1])))

    async def append(
        self, meeting: str, events: list[Recorded], commands: Iterable[tuple[CommandKey, int]] = (),
        box: BallotBox | None = None,
    ) -> Head:
        """Write a batch in one transaction; on any failure nothing of it is kept. `box` is the
        ballot box as the batch leaves it, when the batch changed it. Returns the new head."""
        head = self._heads.get(meeting) or await self.head(meeting)
        rows, prev = [], head.hash
        for event in events:
            digest = chain_hash(prev, meeting, event)
            rows.append((meeting, event.seq, event.at, event.actor, event.type,
                         canonical(event.data), prev, digest))
            prev = digest
        keys, n, key_prev = [], head.commands, head.commands_hash
        for key, seq in commands:
            n += 1
            key_prev = command_hash(key_prev, meeting, key, n, seq)
            keys.append((meeting, key.principal, key.id, seq, n, key_prev))
        last = events[-1].seq if events else head.seq
        sealed = Head(meeting, last, prev, n, key_prev)
        ballots = None if box is None else canonical([list(b) for b in box.ballots])
        try:
            await self._write(meeting, rows, keys, box and box.election, ballots)
        except BaseException:
            self._heads.pop(meeting, None)
            raise
        self._heads[meeting] = sealed
        return sealed

    async def _rows(self, meeting: str, after: int = 0) -> list[tuple[Any, ...]]:
        query = "SELECT seq, at, actor, type, data, prev, hash FROM events WHERE meeting = ? AND seq > ? ORDER BY seq"
        return await self._all(query, meeting, after)

    async def _command_rows(self, meeting: str) -> list[tuple[Any, ...]]:
        return await self._all("SELECT principal, id, seq, n, hash FROM commands WHERE meeting = ? ORDER BY n", meeting)

    async def verify(self, meeting: str) -> Break | None:
        """The first event (or command id) whose numbering, link or hash is wrong, or None."""
        prev, expected_seq = GENESIS, 1
        for row in await self._rows(meeting):
            seq, _, _, _, _, link, digest = row
            if seq != expected_seq:
                return Break(expected_seq, f"event {expected_seq} is missing")
            if link != prev:
                return Break(seq, "the link to the previous event does not match")
            if chain_hash(prev, meeting, _recorded(row)) != digest:
                return Break(seq, "the event's content does not match its hash")
            prev, expected_seq = digest, seq + 1
        prev, expected_n = GENESIS, 1
        for principal, id_, seq, n, digest in await self._command_rows(meeting):
            if n != expected_n:
                return Break(seq, f"command id {expected_n} is missing")
            if seq >= expected_seq or command_hash(prev, meeting, CommandKey(principal, id_), n, seq) != digest:
                return Break(seq, f"command id {n} ({principal} {id_}) does not match its hash")
            prev, expected_n = digest, n + 1
        return None

    async def head(self, meeting: str) -> Head:
        """The meeting's head as stored."""
        last = await self._one("SELECT seq, hash FROM events WHERE meeting = ? ORDER BY seq DESC LIMIT 1", meeting)
        key = await self._one("SELECT n, hash FROM commands WHERE meeting = ? ORDER BY n DESC LIMIT 1", meeting)
        return Head(meeting, *(last or (0, GENESIS)), *(key or (0, GENESIS)))

    async def hash_at(self, meeting: str, seq: int) -> str | None:
        """The hash of event `seq`, if the log has it."""
        row = await self._one("SELECT hash FROM events WHERE meeting = ? AND seq = ?", meeting, seq)
        return row[0] if row else None

    async def command_hash_at(self, meeting: str, n: int) -> str | None:
        """The hash of the command-id chain after its `n`th id."""
        if n == 0:
            return GENESIS
        row = await self._one("SELECT hash FROM commands WHERE meeting = ? AND n = ?", meeting, n)
        return row[0] if row else None

    async def has_hash(self, digits: str) -> bool:
        """Whether some event's hash starts with these hex digits."""
        if not digits or any(d not in "0123456789abcdef" for d in digits):
            return False
        return await self._one("SELECT 1 FROM events WHERE hash >= ? AND hash < ? LIMIT 1", digits, digits + "g") is not None

    async def has_meeting(self, meeting: str) -> bool:
        return await self._one("SELECT 1 FROM meetings WHERE id = ?", meeting) is not None


class EventLog(Log):
    """The log of every meeting in a data directory, on SQLite (the embedded default)."""

    def __init__(self, db: aiosqlite.Connection) -> None:
        super().__init__()
        self.db = db

    @classmethod
    async def open(cls, path: Path) -> "EventLog":
        db = await connect(path)
        await _chain_old_command_ids(db)
        await db.executescript(SCHEMA + BATCH)
        log_ = cls(db)
        await log_.forget_box_history()  # a crash may have left the WAL holding an earlier box
        return log_

    @classmethod
    async def read_only(cls, path: Path) -> "EventLog":
        """The log opened for reading alone (`chamber verify`, also beside a running server):
        nothing written, nothing migrated, no checkpoint taken."""
        return cls(await aiosqlite.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True))

    async def close(self) -> None:
        await self.db.close()

    async def _all(self, query: str, *args: Any) -> list[tuple[Any, ...]]:
        async with self.db.execute(query, args) as cur:
            return list(await cur.fetchall())

    async def _write(self, meeting: str, rows: list[tuple[Any, ...]], keys: list[tuple[Any, ...]],
                     election: str | None, ballots: str | None) -> None:
        await self.db.execute("INSERT INTO batch VALUES (?, ?, ?, ?, ?)",
                              (json.dumps(rows), json.dumps(keys), meeting, election, ballots))

    async def forget_box_history(self) -> bool:
        """Copy the WAL into the database and empty it, so that the files hold the ballot box as
        it is now and no earlier state of it: two states side by side would tell which ballot
        came with which voter (SQLite's WAL keeps each commit's pages in commit order). False
        when a reader (a backup, `chamber verify`) holds an older state open: the WAL must stay
        until it is done, and the caller tries again."""
        await self.db.execute(f"PRAGMA busy_timeout={CHECKPOINT_WAIT_MS}")
        try:
            async with self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)") as cur:
                busy, _, _ = await cur.fetchone()  # type: ignore[misc]
        finally:
            await self.db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        return busy == 0


async def _chain_old_command_ids(db: aiosqlite.Connection) -> None:
    """A log written before command ids were chained gets their chain, in the order written."""
    async with db.execute("PRAGMA table_info(commands)") as cur:
        columns = [row[1] for row in await cur.fetchall()]
    if not columns or "hash" in columns:
        return
    async with db.execute("SELECT meeting, principal, id, seq FROM commands ORDER BY rowid") as cur:
        rows = list(await cur.fetchall())
    chained, heads = [], {}
    for meeting, principal, id_, seq in rows:
        n, prev = heads.get(meeting, (0, GENESIS))
        prev = command_hash(prev, meeting, CommandKey(principal, id_), n + 1, seq)
        heads[meeting] = (n + 1, prev)
        chained.append((meeting, principal, id_, seq, n + 1, prev))
    await db.execute("BEGIN IMMEDIATE")
    await db.execute("DROP TABLE commands")
    await db.execute(COMMANDS)
    await db.executemany("INSERT INTO commands VALUES (?, ?, ?, ?, ?, ?)", chained)
    await db.execute("COMMIT")


def _recorded(row: tuple[Any, ...]) -> Recorded:
    seq, at, actor, type_, data = row[:5]
    return Recorded(seq=seq, at=at, actor=actor, type=type_, data=json.loads(data))
