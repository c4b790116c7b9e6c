"""The event log: durable appends, replay equal to the live state, a chain that shows tampering."""

import sqlite3

import pytest

from chamber.engine import Engine
from chamber.rules import Actor, Command, Recorded, Role, replay
from chamber.rules.lifecycle import setup_event
from chamber.rules.elections import BallotBox
from chamber.store import CommandKey, EventLog
from tests.factories import agenda, small_roster

CHAIR = Actor(Role.CHAIR, "m1")


async def run_meeting(path, commands):
    log = await EventLog.open(path)
    published = []
    engine = Engine(log, "m-1", lambda meeting, events: published.extend(events or []))
    await engine.create(setup_event("m-1", {"fi": "Kokous"}, small_roster(), agenda(3)))
    engine.start()
    for name, args in commands:
        outcome = await engine.submit(CHAIR, Command(name, args))
        assert outcome.ok, outcome.error
    await engine.stop()
    return log, engine, published


COURSE = [("open_meeting", {}), ("take_up_item", {"item": 1}), ("close_item", {}),
          ("take_up_item", {"item": 2}), ("recess", {})]


async def test_replaying_the_log_gives_the_live_state(tmp_path):
    log, engine, published = await run_meeting(tmp_path / "log.db", COURSE)
    events = await log.events("m-1")
    assert [e.seq for e in events] == list(range(1, 7))
    assert events[1:] == published  # every committed event was published, in order
    assert repr(replay(events)) == repr(engine.meeting)
    await log.close()
    reopened = await EventLog.open(tmp_path / "log.db")  # as after a restart
    fresh = Engine(reopened, "m-1", lambda m, e: None)
    await fresh.load()
    assert repr(fresh.meeting) == repr(engine.meeting)
    await reopened.close()


async def test_time_is_stamped_by_the_engine_and_never_runs_backwards(tmp_path):
    log = await EventLog.open(tmp_path / "log.db")
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


async def test_a_rejected_command_writes_nothing(tmp_path):
    log, engine, _ = await run_meeting(tmp_path / "log.db", [])
    engine.start()
    outcome = await engine.submit(CHAIR, Command("take_up_item", {"item": 1}))
    assert outcome.error.code == "meeting_not_open"
    await engine.stop()
    assert len(await log.events("m-1")) == 1
    await log.close()


async def test_a_failed_commit_is_refused_and_leaves_the_state_as_on_disk(tmp_path):
    log, engine, _ = await run_meeting(tmp_path / "log.db", COURSE[:2])
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


async def test_a_batch_is_written_whole_or_not_at_all(tmp_path):
    log, engine, _ = await run_meeting(tmp_path / "log.db", COURSE[:2])
    seq, at = engine.meeting.seq, engine.meeting.seq + 10**12
    close = Recorded(seq + 1, at, CHAIR.label(), "item_closed", {"item": 1, "note": "Päätös \"ok\" 😀\t"})
    await log.append("m-1", [close], [(CommandKey("chair:m1", "c1"), seq + 1)])
    again = Recorded(seq + 2, at, CHAIR.label(), "item_taken_up", {"item": 2})
    with pytest.raises(sqlite3.IntegrityError):  # the same command id twice: the batch is refused
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
    log, engine, _ = await run_meeting(tmp_path / "log.db", COURSE[:2])
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
    log, engine, _ = await run_meeting(tmp_path / "log.db", COURSE[:2])
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
