"""The event log on SQLite: append-only, hash-chained, committed before anything is shown.

One `EventLog` is one connection used by one writer (the meeting's engine), so a batch of
events goes to disk in one transaction (group commit) with WAL and `synchronous=FULL`.
Each event's hash covers the previous event's hash, so an edited or removed event breaks
the chain from that point on (`chamber verify`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import aiosqlite

from .rules import Recorded

GENESIS = "0" * 64

SCHEMA = """
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
CREATE TABLE IF NOT EXISTS commands (
    meeting TEXT NOT NULL,
    principal TEXT NOT NULL,
    id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (meeting, principal, id)
);
"""

# A batch is written by one statement: one row put into this view, its events and command keys
# as JSON arrays, which the trigger writes to both tables. One statement is atomic by itself and
# one round trip to the database thread; under load each round trip waits for the busy event
# loop, and a transaction of four statements waited four times.
BATCH = """
CREATE TEMP VIEW batch (events, commands) AS SELECT NULL, NULL;
CREATE TEMP TRIGGER write_batch INSTEAD OF INSERT ON batch BEGIN
    INSERT INTO events SELECT
        json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'),
        json_extract(value, '$[3]'), json_extract(value, '$[4]'), json_extract(value, '$[5]'),
        json_extract(value, '$[6]'), json_extract(value, '$[7]')
        FROM json_each(NEW.events);
    INSERT INTO commands SELECT
        json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'),
        json_extract(value, '$[3]')
        FROM json_each(NEW.commands);
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
    return hashlib.sha256(f"{prev}\n{body}".encode()).hexdigest()


@dataclass(frozen=True)
class CommandKey:
    """A command's identity for safe retries: who sent it and the id they gave it."""

    principal: str
    id: str


@dataclass(frozen=True)
class Break:
    """Where a log stops being trustworthy."""

    seq: int
    reason: str


async def connect(path: Path) -> aiosqlite.Connection:
    db = await aiosqlite.connect(path, isolation_level=None)
    await db.execute("PRAGMA journal_mode=WAL")
    await db.execute("PRAGMA synchronous=FULL")
    await db.execute("PRAGMA busy_timeout=5000")
    return db


class EventLog:
    """The log of every meeting in a data directory; append is for one writer at a time."""

    def __init__(self, db: aiosqlite.Connection) -> None:
        self.db = db
        self._heads: dict[str, str] = {}

    @classmethod
    async def open(cls, path: Path) -> "EventLog":
        db = await connect(path)
        await db.executescript(SCHEMA + BATCH)
        return cls(db)

    async def close(self) -> None:
        await self.db.close()

    async def meetings(self) -> list[str]:
        """Meeting ids, oldest first."""
        async with self.db.execute("SELECT id FROM meetings ORDER BY created_at, id") as cur:
            return [row[0] for row in await cur.fetchall()]

    async def create_meeting(self, meeting: str, at: int) -> None:
        await self.db.execute("INSERT INTO meetings (id, created_at) VALUES (?, ?)", (meeting, at))

    async def events(self, meeting: str) -> list[Recorded]:
        """The whole log of a meeting, in order; also remembers the chain's head for appends."""
        rows = await self._rows(meeting)
        self._heads[meeting] = rows[-1][6] if rows else GENESIS
        return [_recorded(row) for row in rows]

    async def commands(self, meeting: str) -> dict[CommandKey, int]:
        """Every command id already applied, with the seq its reply named."""
        query = "SELECT principal, id, seq FROM commands WHERE meeting = ?"
        async with self.db.execute(query, (meeting,)) as cur:
            return {CommandKey(p, i): seq for p, i, seq in await cur.fetchall()}

    async def append(
        self, meeting: str, events: list[Recorded], commands: Iterable[tuple[CommandKey, int]] = ()
    ) -> None:
        """Write a batch in one transaction; on any failure nothing of it is kept."""
        prev = self._heads.get(meeting)
        if prev is None:
            rows = await self._rows(meeting)
            prev = rows[-1][6] if rows else GENESIS
        rows = []
        for event in events:
            digest = chain_hash(prev, meeting, event)
            rows.append((meeting, event.seq, event.at, event.actor, event.type,
                         canonical(event.data), prev, digest))
            prev = digest
        keys = [(meeting, key.principal, key.id, seq) for key, seq in commands]
        try:
            await self.db.execute("INSERT INTO batch VALUES (?, ?)", (json.dumps(rows), json.dumps(keys)))
        except BaseException:
            self._heads.pop(meeting, None)
            raise
        self._heads[meeting] = prev

    async def _rows(self, meeting: str) -> list[tuple[Any, ...]]:
        query = "SELECT seq, at, actor, type, data, prev, hash FROM events WHERE meeting = ? ORDER BY seq"
        async with self.db.execute(query, (meeting,)) as cur:
            return list(await cur.fetchall())

    async def verify(self, meeting: str) -> Break | None:
        """The first event whose numbering, link or hash is wrong, or None if all hold."""
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
        return None

    async def head(self, meeting: str) -> str:
        rows = await self._rows(meeting)
        return rows[-1][6] if rows else GENESIS


def _recorded(row: tuple[Any, ...]) -> Recorded:
    seq, at, actor, type_, data = row[:5]
    return Recorded(seq=seq, at=at, actor=actor, type=type_, data=json.loads(data))
