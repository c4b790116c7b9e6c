"""The event log: durable appends, replay equal to the live state, a chain that shows tampering.

The tests of what every log does run against both stores, SQLite and PostgreSQL (`store`); the
SQLite files' own tests (the WAL, the pages) and PostgreSQL's writer lock follow them."""

import asyncio
import glob
import os
import secrets
import sqlite3
from pathlib import Path

import asyncpg
import pytest

from chamber.engine import Engine
from chamber.rules import Actor, Command, Recorded, Role, replay
from chamber.rules.lifecycle import setup_event
from chamber.rules.elections import BallotBox
from chamber.pgstore import KEYS_DIR, PostgresLog
from chamber.store import GENESIS, CommandKey, EventLog, chain_hash
from tests.factories import agenda, small_roster

CHAIR = Actor(Role.CHAIR, "m1")
REFUSED_TWICE = (sqlite3.IntegrityError, asyncpg.UniqueViolationError)  # a key written again


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    """Opens the log of the test's store anew each time it is called (as a restart does)."""
    if request.param == "sqlite":
        return lambda: EventLog.open(tmp_path / "log.db")
    dsn = request.getfixturevalue("postgres")
    return lambda: PostgresLog.open(dsn, tmp_path)


async def run_meeting(open_log, commands, **engine_options):
    log = await open_log()
    published = []
    engine = Engine(log, "m-1", lambda meeting, events: published.extend(events or []), **engine_options)
    await engine.create(setup_event("m-1", {"fi": "Kokous"}, small_roster(), agenda(3)))
    engine.start()
    for name, args in commands:
        outcome = await engine.submit(CHAIR, Command(name, args))
        assert outcome.ok, outcome.error
    await engine.stop()
    return log, engine, published


COURSE = [("open_meeting", {}), ("take_up_item", {"item": 1}), ("close_item", {}),
          ("take_up_item", {"item": 2}), ("recess", {})]


async def test_replaying_the_log_gives_the_live_state(store):
    log, engine, published = await run_meeting(store, COURSE)
    events = await log.events("m-1")
    assert [e.seq for e in events] == list(range(1, 7))
    assert events[1:] == published  # every committed event was published, in order
    assert repr(replay(events)) == repr(engine.meeting)
    await log.close()
    reopened = await store()  # as after a restart
    fresh = Engine(reopened, "m-1", lambda m, e: None)
    await fresh.load()
    assert repr(fresh.meeting) == repr(engine.meeting)
    await reopened.close()


async def test_time_is_stamped_by_the_engine_and_never_runs_backwards(store):
    log = await store()
    clock = iter([5_000, 9_000, 7_000, 12_000])
    engine = Engine(log, "m-1", lambda m, e: None, clock=lambda: next(clock))
    await engine.create(setup_event("m-1", {"fi": "Kokous"}, small_roster(), agenda(3)))
    engine.start()
    for name, args in COURSE[:3]:
        await engine.submit(CHAIR, Command(name, args))
    await engine.stop()
    assert [e.at for e in await log.events("m-1")] == [5_000, 9_000, 9_000, 12_000]
    assert engine.meeting.opened_at == 9_000
    await log.close()


async def test_a_rejected_command_writes_nothing(store):
    log, engine, _ = await run_meeting(store, [])
    engine.start()
    outcome = await engine.submit(CHAIR, Command("take_up_item", {"item": 1}))
    assert outcome.error.code == "meeting_not_open"
    await engine.stop()
    assert len(await log.events("m-1")) == 1
    await log.close()


async def test_a_failed_commit_is_refused_and_leaves_the_state_as_on_disk(store):
    log, engine, _ = await run_meeting(store, COURSE[:2])
    before = repr(engine.meeting)

    async def broken_append(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    real_append, log.append = log.append, broken_append
    engine.start()
    outcome = await engine.submit(CHAIR, Command("close_item", {}))
    assert outcome.error.code == "storage_error"
    assert repr(engine.meeting) == before  # nothing shown that is not on disk
    log.append = real_append
    assert (await engine.submit(CHAIR, Command("close_item", {}))).ok
    await engine.stop()
    await log.close()


async def test_a_batch_is_written_whole_or_not_at_all(store):
    log, engine, _ = await run_meeting(store, COURSE[:2])
    seq, at = engine.meeting.seq, engine.meeting.seq + 10**12
    close = Recorded(seq + 1, at, CHAIR.label(), "item_closed", {"item": 1, "note": "Päätös \"ok\" 😀\t"})
    await log.append("m-1", [close], [(CommandKey("chair:m1", "c1"), seq + 1)])
    again = Recorded(seq + 2, at, CHAIR.label(), "item_taken_up", {"item": 2})
    with pytest.raises(REFUSED_TWICE):  # the same command id twice: the batch is refused
        await log.append("m-1", [again], [(CommandKey("chair:m1", "c1"), seq + 2)])
    assert [e.seq for e in await log.events("m-1")][-1] == seq + 1  # nothing of it was kept
    await log.append("m-1", [again], [(CommandKey("chair:m1", "c2"), seq + 2)])
    assert await log.verify("m-1") is None and await log.commands("m-1") == {
        CommandKey("chair:m1", "c1"): seq + 1, CommandKey("chair:m1", "c2"): seq + 2}
    await log.close()


async def test_a_ballot_box_of_many_pages_leaves_no_earlier_state_in_the_files(tmp_path):
    """A box larger than a database page is rewritten into new pages at every ballot; the pages
    it left are zeroed (secure_delete) and the WAL emptied, so each ballot is stored once: no
    earlier state of the box stays readable beside the current one."""
    log, engine, _ = await run_meeting(lambda: EventLog.open(tmp_path / "log.db"), COURSE[:2])
    seq, box = engine.meeting.seq, BallotBox()
    for n in range(1, 6):
        box = box.put("e1", (f"<ballot {n}>" + "x" * 3000,))
        event = Recorded(seq + n, 10**12, "member:m2", "ballot_cast", {"election": "e1", "voter": f"m{n}"})
        await log.append("m-1", [event], [], box)
        assert await log.forget_box_history()
        stored = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.is_file())
        assert [stored.count(f"<ballot {k}>".encode()) for k in range(1, n + 1)] == [1] * n
    assert await log.ballot_box("m-1") == box
    await log.close()


async def test_a_reader_holding_the_log_delays_emptying_the_wal_but_does_not_stop_it(tmp_path):
    """A backup or `chamber verify` reading the log keeps the WAL from being emptied (its older
    state must stay readable to it); the store says so at once instead of holding up the
    meeting, and the WAL is emptied once the reader is done."""
    log, engine, _ = await run_meeting(lambda: EventLog.open(tmp_path / "log.db"), COURSE[:2])
    seq, box = engine.meeting.seq, BallotBox()
    reader = sqlite3.connect(tmp_path / "log.db", isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM events").fetchone()  # holds its snapshot
    for n in (1, 2):
        box = box.put("e1", (f"<ballot {n}>",))
        event = Recorded(seq + n, 10**12, "member:m2", "ballot_cast", {"election": "e1", "voter": f"m{n}"})
        await log.append("m-1", [event], [], box)
        assert not await log.forget_box_history()
    reader.execute("COMMIT")
    reader.close()
    assert await log.forget_box_history()
    stored = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.is_file())
    assert (stored.count(b"<ballot 1>"), stored.count(b"<ballot 2>")) == (1, 1)
    assert (tmp_path / "log.db-wal").stat().st_size == 0
    await log.close()


async def test_the_ballot_box_is_kept_replaced_and_emptied_with_its_batches(store):
    log, engine, _ = await run_meeting(store, COURSE[:2])
    seq = engine.meeting.seq
    box = BallotBox().put("e1", ("Aalto",)).put("e1", ("Berg",))
    cast = Recorded(seq + 1, 10**12, "member:m2", "ballot_cast", {"election": "e1", "voter": "m2"})
    await log.append("m-1", [cast], [], box)
    assert await log.ballot_box("m-1") == box
    closed = Recorded(seq + 2, 10**12, "chair:m1", "election_closed", {"election": "e1"})
    await log.append("m-1", [closed], [], BallotBox())  # the box counted: no election open
    assert await log.ballot_box("m-1") == BallotBox()
    assert await log.forget_box_history()
    await log.close()


async def test_a_changed_event_breaks_the_chain_from_there(store, tmp_path):
    log, engine, _ = await run_meeting(store, COURSE)
    await log.close()
    if isinstance(log, EventLog):
        db = sqlite3.connect(tmp_path / "log.db")
        db.execute("UPDATE events SET data = '{\"item\":2}' WHERE seq = 3")
        db.commit()
        db.close()
    else:
        log = await store()
        await log.db.execute("UPDATE events SET data = '{\"item\":2}' WHERE seq = 3")
        await log.close()
    log = await store()
    broken = await log.verify("m-1")
    assert (broken.seq, broken.reason) == (3, "the event's content does not match its hash")
    await log.close()


async def test_both_stores_hold_the_same_chains(tmp_path, postgres):
    """The same meeting on SQLite and on PostgreSQL: every event's hash and both heads equal."""
    same = {"clock": lambda: 10**12, "entropy": lambda n: bytes(n)}
    logs = [(await run_meeting(opener, COURSE, **same))[0]
            for opener in (lambda: EventLog.open(tmp_path / "log.db"), lambda: PostgresLog.open(postgres, tmp_path))]
    for log in logs:
        head = await log.head("m-1")
        event = Recorded(head.seq + 1, 10**12, CHAIR.label(), "item_closed", {"item": 2, "note": "Å \"ä\" 😀\x00"})
        await log.append("m-1", [event], [(CommandKey("chair:m1", "ä-1"), head.seq + 1)])
    sqlite_rows, pg_rows = [await log._rows("m-1") for log in logs]
    assert sqlite_rows == pg_rows and len(pg_rows) == 7
    last = [(await log.head("m-1")) for log in logs]
    assert last[0].commands_hash == last[1].commands_hash != GENESIS
    assert chain_hash(sqlite_rows[-1][5], "m-1", (await logs[0].events("m-1"))[-1]) == last[0].hash
    for log in logs:
        assert await log.verify("m-1") is None
        await log.close()


async def test_a_standby_writes_only_once_the_active_writer_is_gone(postgres, tmp_path):
    """The council's writer lock: a second log waits for it until the first one's connection
    ends, as a standby engine waits for the active one to die; the one that lost it is told."""
    active, lost = await PostgresLog.open(postgres, tmp_path), []
    await active.lock_writer(lost.append)
    standby = await PostgresLog.open(postgres, tmp_path)
    waiting = asyncio.create_task(standby.lock_writer(lost.append))
    await asyncio.sleep(0.3)
    assert not waiting.done()
    await cut_writer(postgres)  # the connection dropped, as when the host is lost
    await asyncio.wait_for(waiting, 5)
    assert lost == ["the connection to PostgreSQL ended, and the writer lock with it"]
    await standby.close()  # closed on purpose: nothing lost
    assert len(lost) == 1


async def cut_writer(dsn: str) -> None:
    """End the connection that holds the council's writer lock, from PostgreSQL's side."""
    db = await asyncpg.connect(dsn)
    try:
        cut = await db.fetchval(WRITER_BACKENDS.replace("pid", "pg_terminate_backend(pid)", 1))
        assert cut, "no connection held the writer lock"
    finally:
        await db.close()


# The backend holding this schema's writer lock: an advisory lock on a bigint key, whose lower
# 32 bits are the lock's objid.
WRITER_BACKENDS = """
SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted
AND objid::bigint = (hashtext('chamber writer ' || current_schema())::bigint & 4294967295)
"""


async def test_a_command_sent_again_while_its_batch_is_written_waits_for_that_batch(store):
    """The copy of a command whose first copy's commit is still under way is not answered from
    the unwritten batch: if that commit fails, the copy is decided anew and written."""
    log, engine, _ = await run_meeting(store, COURSE[:2])
    real_append, started = log.append, asyncio.Event()

    async def slow_failing_append(*args, **kwargs):
        started.set()
        await asyncio.sleep(0.3)
        log.append = real_append
        raise sqlite3.OperationalError("disk I/O error")

    log.append = slow_failing_append
    engine.start()
    key = CommandKey("chair:m1", "close-1")
    first = asyncio.create_task(engine.submit(CHAIR, Command("close_item", {}), key))
    await started.wait()
    again = await engine.submit(CHAIR, Command("close_item", {}), key)
    assert (await first).error.code == "storage_error"
    assert again.ok and [e.type for e in await log.events("m-1")][-1] == "item_closed"
    assert (await log.commands("m-1"))[key] == again.seq
    await engine.stop()
    await log.close()


async def test_an_engine_that_cannot_read_its_log_refuses_everything_and_says_so(store):
    lost = []
    log, engine, _ = await run_meeting(store, COURSE[:2], on_lost=lost.append)

    async def broken(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    log.append = log.events = broken
    engine.start()
    assert (await engine.submit(CHAIR, Command("close_item", {}))).error.code == "storage_error"
    assert lost == ["the log cannot be read (disk I/O error)"]
    assert (await engine.submit(CHAIR, Command("close_item", {}))).error.code == "storage_error"
    await engine.stop()
    await log.close()


async def test_no_state_of_the_ballot_box_that_postgresql_keeps_can_be_read_after_the_election(postgres, tmp_path):
    """PostgreSQL keeps every state of the box row in its WAL: each is sealed with the election's
    key, which is on disk before the first ballot (a standby reads the box with it) and gone once
    the box is emptied into the log."""
    log, engine, _ = await run_meeting(lambda: PostgresLog.open(postgres, tmp_path), COURSE[:2])
    seq, box, marker = engine.meeting.seq, BallotBox(), secrets.token_hex(8)
    for n in (1, 2, 3):
        box = box.put("e1", (f"<ballot {n} {marker}>",))
        event = Recorded(seq + n, 10**12, f"member:m{n}", "ballot_cast", {"election": "e1", "voter": f"m{n}"})
        await log.append("m-1", [event], [], box)
        assert await log.forget_box_history()
        assert "<ballot" not in (await log.db.fetchval("SELECT ballots FROM ballot_box"))
    wal = [f for f in glob.glob("/var/lib/postgresql/*/main/pg_wal/0*") if os.access(f, os.R_OK)]
    assert not any(marker.encode() in Path(f).read_bytes() for f in wal)  # where the server is here
    keys = list((tmp_path / KEYS_DIR).iterdir())
    assert len(keys) == 1 and keys[0].stat().st_mode & 0o777 == 0o600
    standby = await PostgresLog.open(postgres, tmp_path)  # as after a takeover
    assert await standby.ballot_box("m-1") == box
    closed = Recorded(seq + 4, 10**12, "chair:m1", "election_closed", {"election": "e1"})
    await log.append("m-1", [closed], [], BallotBox())
    assert await log.forget_box_history()
    assert list((tmp_path / KEYS_DIR).iterdir()) == []
    for opened in (log, standby):
        await opened.close()
