"""The event log on PostgreSQL (`--store postgresql://...`): the same log, chains and batches
as on SQLite (`chamber.store.Log`), for a council that needs a standby engine.

One connection does everything: it holds the council's writer lock (a session-level advisory
lock) and writes the batches. A standby waits for the lock on its own connection and takes
over the moment the active engine's connection ends (a killed process, a lost host); a writer
whose connection was lost has lost the lock with it, and can write no more. The primary key of
(meeting, seq) fences the rest: two writers can never both write event n.

A batch is one statement (its events, its command ids and the ballot box), committed with
PostgreSQL's `synchronous_commit` (the WAL on disk, and on a synchronous standby when one is
configured) before anyone is answered.
"""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from .store import Log

log = logging.getLogger("chamber.pgstore")

# `hash` compares as bytes (`has_hash` looks hashes up by their first digits in any locale).
SCHEMA = """
CREATE TABLE IF NOT EXISTS meetings (
    id TEXT PRIMARY KEY,
    created_at BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
    meeting TEXT NOT NULL REFERENCES meetings(id),
    seq INTEGER NOT NULL,
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    type TEXT NOT NULL,
    data TEXT NOT NULL,
    prev TEXT NOT NULL,
    hash TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (meeting, seq)
);
CREATE INDEX IF NOT EXISTS events_by_hash ON events (hash);
CREATE TABLE IF NOT EXISTS commands (
    meeting TEXT NOT NULL,
    principal TEXT NOT NULL,
    id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    n INTEGER NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (meeting, principal, id),
    UNIQUE (meeting, n)
);
CREATE TABLE IF NOT EXISTS ballot_box (
    meeting TEXT PRIMARY KEY,
    election TEXT NOT NULL,
    ballots TEXT NOT NULL
);
"""

# The batch as one statement: columns as arrays, unnested into rows. The ballot box is written
# when the batch changed it ($10 not NULL): replaced, or removed when no election is open.
BATCH = """
WITH written AS (
    INSERT INTO events
    SELECT $1, * FROM unnest($2::int[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
), keys AS (
    INSERT INTO commands
    SELECT $1, * FROM unnest($11::text[], $12::text[], $13::int[], $14::int[], $15::text[])
), emptied AS (
    DELETE FROM ballot_box WHERE $10::text IS NOT NULL AND $9::text IS NULL AND meeting = $1
)
INSERT INTO ballot_box SELECT $1, $9, $10 WHERE $10::text IS NOT NULL AND $9::text IS NOT NULL
ON CONFLICT (meeting) DO UPDATE SET election = EXCLUDED.election, ballots = EXCLUDED.ballots
"""

# The council's writer lock: one per schema, so that councils (and tests) sharing a database
# each have their own.
LOCK = "SELECT pg_advisory_lock(hashtext('chamber writer ' || current_schema()))"
TRY_LOCK = LOCK.replace("pg_advisory_lock", "pg_try_advisory_lock")

_PARAMETER = re.compile(r"\?")


def redacted(dsn: str) -> str:
    """The URL without its password, to print."""
    parts = urlsplit(dsn)
    if parts.password is None:
        return dsn
    return urlunsplit(parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@", 1)))


def numbered(query: str) -> str:
    """A query written with `?` (as `Log` writes them) with PostgreSQL's `$1, $2, ...`."""
    count = iter(range(1, query.count("?") + 1))
    return _PARAMETER.sub(lambda _: f"${next(count)}", query)


class PostgresLog(Log):
    """The log of every meeting of a council, in one PostgreSQL schema (the DSN's
    `search_path`, default `public`)."""

    def __init__(self, db: asyncpg.Connection) -> None:
        super().__init__()
        self.db = db
        self._queries: dict[str, str] = {}
        # A connection runs one statement at a time; the engine's batches, the minutes' reads
        # and the stream's catching up take turns.
        self._turn = asyncio.Lock()

    @classmethod
    async def open(cls, dsn: str) -> "PostgresLog":
        db = await asyncpg.connect(dsn)
        try:
            async with db.transaction():
                # Two servers starting at once would both create the tables: one waits.
                await db.execute("SELECT pg_advisory_xact_lock(hashtext('chamber schema ' || current_schema()))")
                await db.execute(SCHEMA)
        except BaseException:
            await db.close()
            raise
        return cls(db)

    @classmethod
    async def read_only(cls, dsn: str) -> "PostgresLog":
        """The log opened for reading alone (`chamber verify`): every statement read-only."""
        db = await asyncpg.connect(dsn, server_settings={"default_transaction_read_only": "on"})
        return cls(db)

    async def lock_writer(self) -> None:
        """Wait for the council's writer lock; held until this connection ends."""
        async with self._turn:
            if await self.db.fetchval(TRY_LOCK):
                return
        log.warning("standby: another engine is the council's writer; taking over when it is gone")
        async with self._turn:  # nothing else is done on this log until then
            await self.db.execute(LOCK)
        log.warning("taking over as the council's writer")

    async def close(self) -> None:
        await self.db.close()

    async def _all(self, query: str, *args: Any) -> list[tuple[Any, ...]]:
        sql = self._queries.get(query) or self._queries.setdefault(query, numbered(query))
        async with self._turn:
            return [tuple(row) for row in await self.db.fetch(sql, *args)]

    async def _write(self, meeting: str, rows: list[tuple[Any, ...]], keys: list[tuple[Any, ...]],
                     election: str | None, ballots: str | None) -> None:
        events = [list(column) for column in zip(*rows)] if rows else [[]] * 8
        ids = [list(column) for column in zip(*keys)] if keys else [[]] * 6
        async with self._turn:
            await self.db.execute(BATCH, meeting, *events[1:], election, ballots, *ids[1:])

    async def forget_box_history(self) -> bool:
        """Free the ballot box's earlier row versions (PostgreSQL keeps each update's old row
        until a vacuum). What PostgreSQL's own WAL and its archives keep is the operator's to
        bound (docs/scaling.md)."""
        async with self._turn:
            await self.db.execute("VACUUM ballot_box")
        return True
