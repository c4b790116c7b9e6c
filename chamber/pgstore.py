"""The event log on PostgreSQL (`--store postgresql://...`): the same log, chains and batches
as on SQLite (`chamber.store.Log`), for a council that needs a standby engine.

One connection does everything: it holds the council's writer lock (a session-level advisory
lock) and writes the batches. A standby waits for the lock on its own connection and takes
over the moment the active engine's connection ends (a killed process; a lost host within some
11 s, `WRITER_SETTINGS`); a writer whose connection was lost has lost the lock with it, can
write no more, and stops. The primary key of
(meeting, seq) fences the rest: two writers can never both write event n.

A batch is one statement (its events, its command ids and the ballot box), committed with
PostgreSQL's `synchronous_commit` (the WAL on disk, and on a synchronous standby when one is
configured) before anyone is answered.

PostgreSQL keeps every state of a row in its WAL (and in its archive and on its replicas), so
the secret ballot box is stored there sealed, with a key of its election's own that is kept in
the data directory and destroyed once the box is emptied into the log (`BoxKeys`,
docs/ballot-box.md): the states of the box that PostgreSQL keeps cannot be read after the
election, even beside the `ballot_cast` events of the same commits.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import os
import re
from pathlib import Path
from typing import Any, Callable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import asyncpg
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from .rules.elections import BallotBox
from .store import COMMANDS, Log

KEYS_DIR = "ballot-box-keys"  # in the data directory
NONCE = 12  # bytes, fresh for every state of the box

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
CREATE TABLE IF NOT EXISTS ballot_box (
    meeting TEXT PRIMARY KEY,
    election TEXT NOT NULL,
    ballots TEXT NOT NULL
);
""" + COMMANDS  # the command ids' table as on SQLite

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

# The writer's connection: PostgreSQL probes it every few seconds when idle, so that the lock of
# an engine whose host vanished (no FIN, no RST) is released in about 11 s, not after the
# kernel's default two hours.
WRITER_SETTINGS = {"application_name": "chamber engine", "tcp_keepalives_idle": "5",
                   "tcp_keepalives_interval": "2", "tcp_keepalives_count": "3"}

_PARAMETER = re.compile(r"\?")


def redacted(dsn: str) -> str:
    """The URL without its password, to print."""
    parts = urlsplit(dsn)
    if parts.password is None:
        return dsn
    return urlunsplit(parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@", 1)))


def in_schema(dsn: str, schema: str) -> str:
    """The URL with `schema` as its `search_path` (in place of any it had)."""
    parts = urlsplit(dsn)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "search_path"] + [("search_path", schema)]
    return urlunsplit(parts._replace(query=urlencode(query)))


def numbered(query: str) -> str:
    """A query written with `?` (as `Log` writes them) with PostgreSQL's `$1, $2, ...`."""
    count = iter(range(1, query.count("?") + 1))
    return _PARAMETER.sub(lambda _: f"${next(count)}", query)


class BoxKeys:
    """The keys the ballot box is sealed with, one per election, as files in a directory of the
    data directory: made (and on disk) before the first ballot is committed, so that a standby
    sharing the directory reads the box after a takeover; overwritten and removed once no box
    of their election is left."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def seal(self, election: str, text: str) -> str:
        nonce = os.urandom(NONCE)
        sealed = AESGCM(self._key(election)).encrypt(nonce, text.encode(), election.encode())
        return base64.b64encode(nonce + sealed).decode()

    def open(self, election: str, sealed: str) -> str:
        raw = base64.b64decode(sealed)
        return AESGCM(self._key(election)).decrypt(raw[:NONCE], raw[NONCE:], election.encode()).decode()

    def destroy_all_but(self, elections: set[str]) -> None:
        """Destroy the keys of every election but these (those with a box now)."""
        if not self.directory.exists():
            return
        kept = {_key_name(e) for e in elections}
        for path in self.directory.iterdir():
            if path.name not in kept:
                with path.open("r+b") as file:
                    file.write(bytes(path.stat().st_size))
                    file.flush()
                    os.fsync(file.fileno())
                path.unlink()

    def _key(self, election: str) -> bytes:
        path = self.directory / _key_name(election)
        if path.exists():
            return path.read_bytes()
        self.directory.mkdir(mode=0o700, exist_ok=True)
        key = AESGCM.generate_key(bit_length=256)
        made = path.with_suffix(".new")
        with os.fdopen(os.open(made, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as file:
            file.write(key)
            file.flush()
            os.fsync(file.fileno())
        made.rename(path)
        directory = os.open(self.directory, os.O_RDONLY)
        try:
            os.fsync(directory)  # the key is on disk before any ballot sealed with it
        finally:
            os.close(directory)
        return key


def _key_name(election: str) -> str:
    return f"{base64.urlsafe_b64encode(election.encode()).decode()}.key"


class PostgresLog(Log):
    """The log of every meeting of a council, in one PostgreSQL schema (the DSN's
    `search_path`, default `public`); the ballot box's keys are in `keys` (BoxKeys)."""

    def __init__(self, db: asyncpg.Connection, keys: BoxKeys | None = None) -> None:
        super().__init__()
        self.db = db
        self.keys = keys
        self._queries: dict[str, str] = {}
        # A connection runs one statement at a time; the engine's batches, the minutes' reads
        # and the stream's catching up take turns.
        self._turn = asyncio.Lock()
        self._lost: Callable[[asyncpg.Connection], None] | None = None  # told when the lock goes

    @classmethod
    async def open(cls, dsn: str, data: Path) -> "PostgresLog":
        """The log at `dsn`, its ballot box's keys in the data directory `data`."""
        db = await asyncpg.connect(dsn, server_settings=WRITER_SETTINGS)
        try:
            async with db.transaction():
                # Two servers starting at once would both create the tables: one waits.
                await db.execute("SELECT pg_advisory_xact_lock(hashtext('chamber schema ' || current_schema()))")
                await db.execute(SCHEMA)
        except BaseException:
            await db.close()
            raise
        return cls(db, BoxKeys(data / KEYS_DIR))

    @classmethod
    async def read_only(cls, dsn: str) -> "PostgresLog":
        """The log opened for reading alone (`chamber verify`): every statement read-only."""
        db = await asyncpg.connect(dsn, server_settings={"default_transaction_read_only": "on"})
        return cls(db)

    async def lock_writer(self, lost: Callable[[str], None]) -> None:
        """Wait for the council's writer lock, held until this connection ends; `lost` is told
        then (another engine may be the writer by the time it is)."""
        async with self._turn:
            held = await self.db.fetchval(TRY_LOCK)
        if not held:
            log.warning("standby: another engine is the council's writer; taking over when it is gone")
            async with self._turn:  # nothing else is done on this log until then
                await self.db.execute(LOCK)
            log.warning("taking over as the council's writer")
        self._lost = lambda connection: lost("the connection to PostgreSQL ended, and the writer lock with it")
        self.db.add_termination_listener(self._lost)
        # The writer's alone: a crash may have come between emptying a box and destroying its key.
        await self.forget_box_history()

    async def close(self) -> None:
        if self._lost is not None:
            self.db.remove_termination_listener(self._lost)  # closed on purpose: nothing was lost
        await self.db.close()

    async def _all(self, query: str, *args: Any) -> list[tuple[Any, ...]]:
        sql = self._queries.get(query) or self._queries.setdefault(query, numbered(query))
        async with self._turn:
            return [tuple(row) for row in await self.db.fetch(sql, *args)]

    async def ballot_box(self, meeting: str) -> BallotBox:
        """The box as last committed, opened with its election's key."""
        row = await self._one("SELECT election, ballots FROM ballot_box WHERE meeting = ?", meeting)
        if row is None:
            return BallotBox()
        assert self.keys is not None, "a log opened for reading has no ballot box"
        return BallotBox(row[0], tuple(tuple(b) for b in json.loads(self.keys.open(row[0], row[1]))))

    async def _write(self, meeting: str, rows: list[tuple[Any, ...]], keys: list[tuple[Any, ...]],
                     election: str | None, ballots: str | None) -> None:
        if ballots is not None and election is not None:
            assert self.keys is not None, "a log opened for reading writes nothing"
            ballots = self.keys.seal(election, ballots)
        events = [list(column) for column in zip(*rows)] if rows else [[]] * 8
        ids = [list(column) for column in zip(*keys)] if keys else [[]] * 6
        async with self._turn:
            await self.db.execute(BATCH, meeting, *events[1:], election, ballots, *ids[1:])

    async def forget_box_history(self) -> bool:
        """Destroy the keys of every election whose box is gone, so that no state of it that
        PostgreSQL keeps (its WAL, its archive, a replica, an old row version) can be read; and
        free the old row versions (kept until a vacuum)."""
        async with self._turn:
            boxes = await self.db.fetch("SELECT election FROM ballot_box")
            await self.db.execute("VACUUM ballot_box")
        if self.keys is not None:
            self.keys.destroy_all_but({row[0] for row in boxes})
        return True
