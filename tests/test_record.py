"""The record proves itself: `chamber verify` finds an edited event, a log cut short, a meeting
deleted, a chain rewritten whole, tampered command ids and forged checkpoints (docs/record.md)."""

import asyncio
import json
import sqlite3
import subprocess
from pathlib import Path

import pytest

from chamber.cli import main as chamber
from chamber.council import Council
from chamber.record import Checkpoint, signing_key
from chamber.rules import Actor, Command, Recorded, Role
from chamber.store import GENESIS, CommandKey, chain_hash
from tests.live import Client, default_setup, running
from tests.test_protocol import chair_client

CHAIR = Actor(Role.CHAIR, "m1")
MEETING = "2026-11-23"
COURSE = [("open_meeting", {}), ("take_up_item", {"item": 1}), ("close_item", {"item": 1}),
          ("take_up_item", {"item": 2}), ("recess", {})]


async def logged_meeting(data):
    """A meeting run through the server's shell (engine, notary) in `data`; its final hash."""
    council = await Council.open(data, default_setup())
    for name, args in COURSE:
        outcome = await council.engine.submit(CHAIR, Command(name, args))
        assert outcome.ok, outcome.error
    head = await council.log.head(MEETING)
    await council.close()
    return head


def verify(data, *options):
    return chamber(["verify", "--data", str(data), *options])


@pytest.fixture
def data(tmp_path):
    path = tmp_path / "data"
    path.mkdir()
    return path


def test_verify_reports_an_intact_record_with_its_final_hash(data, capsys):
    head = asyncio.run(logged_meeting(data))
    assert verify(data) == 0
    out = capsys.readouterr().out
    assert f"{MEETING}: 6 events and 0 command ids, chains intact, signed up to event 6, final hash {head.hash}" in out


@pytest.mark.parametrize("tamper, seq", [
    ("UPDATE events SET data = replace(data, '\"item\":1', '\"item\":2') WHERE seq = 3", 3),
    ("UPDATE events SET actor = 'chair:m2' WHERE seq = 2", 2),
    ("UPDATE events SET at = at + 1 WHERE seq = 4", 4),
    ("DELETE FROM events WHERE seq = 4", 4),
    ("UPDATE events SET seq = 99 WHERE seq = 2", 2),
])
def test_the_hash_chain_finds_the_first_tampered_event(data, tamper, seq, capsys):
    asyncio.run(logged_meeting(data))
    with sqlite3.connect(data / "log.db") as db:
        db.execute(tamper)
    assert verify(data) == 1
    assert f"{MEETING}: BROKEN at event {seq}" in capsys.readouterr().out


def rewrite_whole_chain(db, change):
    """What a careful forger does: change an event and hash the whole chain again."""
    rows = db.execute("SELECT seq, at, actor, type, data FROM events WHERE meeting = ? ORDER BY seq", (MEETING,))
    prev = GENESIS
    for seq, at, actor, type_, data in list(rows):
        data = change(seq, data)
        digest = chain_hash(prev, MEETING, Recorded(seq, at, actor, type_, json.loads(data)))
        db.execute("UPDATE events SET data = ?, prev = ?, hash = ? WHERE meeting = ? AND seq = ?",
                   (data, prev, digest, MEETING, seq))
        prev = digest


@pytest.mark.parametrize("tamper, finding", [
    (lambda db: db.execute("DELETE FROM events WHERE seq > 4"),
     "the log ends at event 4, but it was signed up to event 6"),
    (lambda db: (db.execute("DELETE FROM events"), db.execute("DELETE FROM meetings")),
     "the meeting is missing from the log"),
    (lambda db: rewrite_whole_chain(db, lambda seq, d: d.replace('"item":1', '"item":3') if seq == 3 else d),
     "is not the one signed (the log was rewritten)"),
])
def test_a_log_cut_short_deleted_or_rewritten_whole_breaks_its_signed_checkpoints(data, tamper, finding, capsys):
    asyncio.run(logged_meeting(data))
    with sqlite3.connect(data / "log.db") as db:
        tamper(db)
    assert verify(data) == 1
    assert finding in capsys.readouterr().out


async def meeting_with_command_ids(data):
    council = await Council.open(data, default_setup())
    for n, (name, args) in enumerate(COURSE):
        assert (await council.engine.submit(CHAIR, Command(name, args), CommandKey("chair:m1", f"c{n}"))).ok
    await council.close()


@pytest.mark.parametrize("tamper, finding", [
    ("DELETE FROM commands WHERE n = 2", "command id 2 is missing"),
    ("UPDATE commands SET seq = seq + 1 WHERE n = 3", "command id 3 (chair:m1 c2) does not match its hash"),
    ("DELETE FROM commands WHERE n >= 4", "the command ids are not those signed"),
    ("UPDATE commands SET id = 'forged' WHERE n = 1", "command id 1 (chair:m1 forged) does not match"),
])
def test_the_used_command_ids_are_covered_too(data, tamper, finding, capsys):
    asyncio.run(meeting_with_command_ids(data))
    assert verify(data) == 0
    capsys.readouterr()
    with sqlite3.connect(data / "log.db") as db:
        db.execute(tamper)
    assert verify(data) == 1
    assert finding in capsys.readouterr().out


def test_a_forged_checkpoint_or_one_signed_with_another_key_is_refused(data, tmp_path, capsys):
    asyncio.run(logged_meeting(data))
    path = data / "checkpoints.jsonl"
    real_key = json.loads(path.read_text().splitlines()[-1])["key"]
    # A forger rewrites the log and the checkpoints to match, without the council's key.
    with sqlite3.connect(data / "log.db") as db:
        rewrite_whole_chain(db, lambda seq, d: d.replace('"item":1', '"item":3') if seq == 3 else d)
        head = db.execute("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1").fetchone()
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    path.write_text("".join(json.dumps({**c, "hash": head[1]} if c["seq"] == head[0] else c) + "\n" for c in lines))
    assert verify(data) == 1
    assert "is not signed by the council's key" in capsys.readouterr().out
    # With a key of their own the checkpoints sign well, but not with the key the council published.
    own = signing_key(tmp_path / "forger.key")
    resigned = []
    for c in lines:
        forged = Checkpoint(**{**c, "hash": head[1] if c["seq"] == head[0] else c["hash"], "signature": "",
                               "key": own.public_key().public_bytes_raw().hex()})
        resigned.append(Checkpoint(**{**forged.__dict__, "signature": own.sign(forged.payload()).hex()}).line())
    path.write_text("".join(f"{line}\n" for line in resigned if json.loads(line)["seq"] == head[0]))
    assert verify(data) == 0  # only the published key tells them apart
    capsys.readouterr()
    assert verify(data, "--public-key", real_key) == 1
    assert "is not signed by the council's key" in capsys.readouterr().out


def test_deleting_the_checkpoints_is_found_and_a_copy_kept_elsewhere_still_holds(data, tmp_path, capsys):
    asyncio.run(logged_meeting(data))
    copy = tmp_path / "elsewhere.jsonl"
    copy.write_bytes((data / "checkpoints.jsonl").read_bytes())
    (data / "checkpoints.jsonl").unlink()
    assert verify(data) == 1
    assert "no signed checkpoint covers this meeting" in capsys.readouterr().out
    with sqlite3.connect(data / "log.db") as db:
        db.execute("DELETE FROM events WHERE seq > 5")
    assert verify(data, "--checkpoints", str(copy)) == 1
    assert "the log ends at event 5, but it was signed up to event 6" in capsys.readouterr().out


def test_an_anchor_from_the_hall_must_be_in_the_log(data, capsys):
    head = asyncio.run(logged_meeting(data))
    shown = " ".join(head.hash[i:i + 4] for i in range(0, 16, 4))  # as the hall screen groups it
    assert verify(data, "--anchor", shown) == 0
    with sqlite3.connect(data / "log.db") as db:
        rewrite_whole_chain(db, lambda seq, d: d.replace('"item":2', '"item":4') if seq == 5 else d)
    (data / "checkpoints.jsonl").unlink()  # the forger removed the signed checkpoints as well
    capsys.readouterr()
    assert verify(data, "--anchor", shown) == 1
    assert f"no event of the log has the hash {shown}" in capsys.readouterr().out


async def test_the_hall_screen_shows_the_records_hash_at_each_decision(tmp_path):
    async with running(tmp_path / "data") as server:
        async with await chair_client(server) as chair, \
                Client.connect(server, "display", key=await server.display_key()) as screen:
            await chair.command("open_meeting")
            taken = await chair.command("take_up_item", item=1)
            await screen.until_seq(taken["seq"])
            opened = screen.view["record"]
            closed = await chair.command("close_item", item=1)
            await screen.until_seq(closed["seq"])
            record = screen.view["record"]
            assert record["seq"] == closed["seq"] and record != opened
            head = await server.council.log.head(server.council.meeting.id)
            assert head.hash.startswith(record["hash"]) and len(record["hash"]) == 16
            assert server.council.notary.last.signed_by(server.council.notary.public)


async def test_a_closed_meetings_screen_and_public_get_no_record(tmp_path):
    async with running(tmp_path / "data", default_setup(public=False)) as server:
        async with await chair_client(server) as chair, Client.connect(server, "public") as public:
            assert (await chair.command("open_meeting"))["ok"]
            assert "record" in chair.view and "record" not in public.view


def test_the_backup_copies_the_checkpoints_and_waits_for_an_open_secret_ballot(data, tmp_path):
    asyncio.run(logged_meeting(data))
    script = Path(__file__).resolve().parent.parent / "deploy" / "backup.sh"
    done = subprocess.run(["bash", str(script), str(data), str(tmp_path / "copy")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "copy" / "checkpoints.jsonl").read_bytes() == (data / "checkpoints.jsonl").read_bytes()
    assert "signed up to event 6" in done.stdout
    with sqlite3.connect(data / "log.db") as db:
        db.execute("INSERT INTO ballot_box VALUES (?, 'e1', '[]')", (MEETING,))
    refused = subprocess.run(["bash", str(script), str(data), str(tmp_path / "during")], capture_output=True, text=True)
    assert refused.returncode == 1 and "a secret ballot is open" in refused.stderr
    assert not (tmp_path / "during").exists()


def test_a_checkpoint_line_cut_short_by_a_crash_is_mended_at_the_next_start(data, capsys):
    asyncio.run(logged_meeting(data))
    path = data / "checkpoints.jsonl"
    whole = path.read_bytes()
    path.write_bytes(whole + whole.splitlines(keepends=True)[-1][:40])  # a power cut mid-line
    assert verify(data) == 1
    assert "checkpoints.jsonl line" in capsys.readouterr().out
    async def start_and_stop():
        council = await Council.open(data, default_setup())
        await council.close()

    asyncio.run(start_and_stop())
    assert path.read_bytes().startswith(whole) and verify(data) == 0


@pytest.mark.parametrize("line", [
    '{"meeting": 1, "seq": "6"}', '[]', '{"seq": true}', "\xff\xfe not even text",
])
def test_a_checkpoint_file_of_any_content_is_read_without_a_traceback(data, line, capsys):
    asyncio.run(logged_meeting(data))
    with open(data / "checkpoints.jsonl", "a", encoding="utf-8", errors="surrogateescape") as out:
        out.write(line + "\n")
    assert verify(data) == 1
    assert "is not a checkpoint" in capsys.readouterr().out


def test_events_after_the_meeting_was_closed_and_signed_are_found(data, capsys):
    async def closed_meeting():
        council = await Council.open(data, default_setup())
        for name, args in [("open_meeting", {}), ("close_meeting", {})]:
            assert (await council.engine.submit(CHAIR, Command(name, args))).ok
        await council.close()

    asyncio.run(closed_meeting())
    assert verify(data) == 0
    with sqlite3.connect(data / "log.db") as db:
        head = db.execute("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1").fetchone()
        extra = Recorded(head[0] + 1, 10**12, "chair:m1", "meeting_opened", {})
        db.execute("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   (MEETING, extra.seq, extra.at, extra.actor, extra.type, "{}", head[1],
                    chain_hash(head[1], MEETING, extra)))
    capsys.readouterr()
    assert verify(data) == 1
    assert f"the log goes on after the closed meeting was last signed at event {head[0]}" in capsys.readouterr().out


async def test_verify_reads_the_log_of_a_running_server_without_holding_it_up(tmp_path):
    async with running(tmp_path / "data") as server:
        async with await chair_client(server) as chair:
            assert (await chair.command("open_meeting"))["ok"]
            assert await asyncio.to_thread(chamber, ["verify", "--data", str(server.council.data)]) == 0
            assert (await chair.command("take_up_item", item=1))["ok"]
