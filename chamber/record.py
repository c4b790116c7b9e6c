"""The record's anchor outside the database: signed checkpoints of the log's head.

The hash chain shows an event edited or removed inside the log. It cannot show a log cut short
(its last events deleted), a meeting deleted whole, or a chain rewritten from the start and
hashed again: each of those is a valid chain. A checkpoint names a head (the last event's seq
and hash, and the count and hash of the used command ids) and is signed with the council's
Ed25519 key. Checkpoints are appended to `checkpoints.jsonl` beside the database (copies can be
kept anywhere), and the hash at each decision is shown on the hall screen and the public page.
`chamber verify` holds the log to every checkpoint and to every hash it is given
(docs/record.md).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from .rules import Recorded
from .store import Head, Log, canonical

log = logging.getLogger("chamber.record")

CHECKPOINTS_FILE = "checkpoints.jsonl"
KEY_FILE = "signing.key"
SEAL_EVERY = 1.0  # seconds between checkpoints while events come and no decision is taken
# The events after which the record is sealed at once and its hash shown to the hall.
DECISIONS = frozenset({
    "meeting_opened", "vote_closed", "result_declared", "decision_declared", "election_closed",
    "elected_without_ballot", "item_closed", "meeting_closed", "minutes_approved", "minutes_published",
})
SHOWN_HEX = 16  # hex digits of a hash shown on the hall screen: enough to be an anchor


@dataclass(frozen=True)
class Checkpoint:
    """A signed statement: the meeting's record stood at this head at this time."""

    meeting: str
    seq: int
    hash: str
    commands: int
    commands_hash: str
    at: int
    key: str  # the signer's public key, hex
    decision: str = ""  # the event that made it a decision's checkpoint, shown to the hall
    signature: str = ""

    def payload(self) -> bytes:
        fields = asdict(self)
        del fields["signature"]
        return canonical({"checkpoint": fields}).encode()

    def line(self) -> str:
        return canonical(asdict(self))

    @classmethod
    def of_line(cls, text: str) -> "Checkpoint":
        """The checkpoint a line holds; ValueError for anything else, a line cut short included."""
        value = json.loads(text)
        kinds = {"seq": int, "commands": int, "at": int}
        if not isinstance(value, dict) or set(value) != set(cls.__dataclass_fields__) or not all(
                isinstance(v, kinds.get(k, str)) and not isinstance(v, bool) for k, v in value.items()):
            raise ValueError("not a checkpoint")
        return cls(**value)

    def signed_by(self, key: str) -> bool:
        """Whether the signature is good and made with `key` (hex)."""
        if self.key != key:
            return False
        try:
            Ed25519PublicKey.from_public_bytes(bytes.fromhex(key)).verify(bytes.fromhex(self.signature), self.payload())
        except (InvalidSignature, ValueError):
            return False
        return True

    def shown(self) -> dict[str, Any]:
        """What the hall screen and the public page show: where the record stood, with a hash
        long enough to be checked against the log later (`chamber verify --anchor`)."""
        return {"seq": self.seq, "hash": self.hash[:SHOWN_HEX], "at": self.at, "key": self.key[:SHOWN_HEX]}


def signing_key(path: Path) -> Ed25519PrivateKey:
    """The council's signing key, made on first use and readable by its owner only."""
    if not path.exists():
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(pem)
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} is not an Ed25519 private key")
    return key


def public_hex(key: Ed25519PrivateKey) -> str:
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()


def read_checkpoints(path: Path) -> list[Checkpoint | str]:
    """The checkpoints of a file in order; a line that is no checkpoint comes as its problem."""
    if not path.exists():
        return []
    found: list[Checkpoint | str] = []
    for number, text in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
        try:
            found.append(Checkpoint.of_line(text))
        except ValueError:
            found.append(f"{path.name} line {number} is not a checkpoint")
    return found


def mend_torn_line(path: Path) -> None:
    """Cut a last line that a crash left half written (it was never complete, so never shown);
    the next checkpoint would otherwise be appended onto it."""
    if not path.exists():
        return
    data = path.read_bytes()
    if data and not data.endswith(b"\n"):
        with open(path, "r+b") as out:
            out.truncate(data.rfind(b"\n") + 1)
            os.fsync(out.fileno())


def _append(path: Path, lines: list[str], sync: bool) -> None:
    """Append lines; `sync` waits until they are on disk. The meeting's checkpoints go out
    without it: an fsync here would compete with the log's own commits for the disk (measured:
    the 200-vote round's tally 10-25 ms later in the runs it met), and a checkpoint lost in a
    power cut costs nothing, as the next start seals the log's head again (`Notary.resume`)."""
    with open(path, "a", encoding="utf-8") as out:
        out.write("".join(f"{line}\n" for line in lines))
        out.flush()
        if sync:
            os.fsync(out.fileno())


class Notary:
    """Seals the record: a checkpoint at each decision and at most every `SEAL_EVERY` seconds
    while events come, and one at the close. Signing is done at once (the hall screen shows the
    hash with the result); the file is written by a task of its own, never holding up a reply.

    `shown(checkpoint)` is told of each checkpoint taken at a decision."""

    def __init__(self, key: Ed25519PrivateKey, path: Path, clock: Callable[[], int],
                 shown: Callable[[Checkpoint], None] = lambda checkpoint: None) -> None:
        self.key, self.public = key, public_hex(key)
        self.path, self.clock, self.shown = path, clock, shown
        self.last: Checkpoint | None = None
        self._unsealed: Head | None = None
        self._lines: list[str] = []
        self._wake = asyncio.Event()
        self._closing = False
        self._timer: asyncio.TimerHandle | None = None
        self._writer: asyncio.Task[None] | None = None

    def resume(self, heads: list[Head]) -> None:
        """At the start, given every meeting's head, the current meeting's last: seal each head
        the file does not end with (a crash, or a log written before the record was signed), and
        show the current meeting's last decision again."""
        mend_torn_line(self.path)
        found = [c for c in read_checkpoints(self.path) if isinstance(c, Checkpoint)]
        for head in heads:
            mine = [c for c in found if c.meeting == head.meeting]
            if not mine or (mine[-1].seq, mine[-1].commands) != (head.seq, head.commands):
                self.seal(head)
        shown = [c for c in found if heads and c.meeting == heads[-1].meeting and c.decision]
        if shown:
            self.shown(shown[-1])

    def recorded(self, head: Head, events: Iterable[Recorded]) -> None:
        """The engine committed a batch: seal now after a decision, else within a second."""
        decision = next((e.type for e in events if e.type in DECISIONS), None)
        if decision is not None:
            self.shown(self.seal(head, decision))
            return
        self._unsealed = head
        if self._timer is None:
            self._timer = asyncio.get_running_loop().call_later(SEAL_EVERY, self._seal_unsealed)

    def seal(self, head: Head, decision: str = "") -> Checkpoint:
        """Sign the head and queue its line for the file."""
        self._unsealed = None
        unsigned = Checkpoint(head.meeting, head.seq, head.hash, head.commands, head.commands_hash,
                              self.clock(), self.public, decision)
        self.last = Checkpoint(**{**asdict(unsigned), "signature": self.key.sign(unsigned.payload()).hex()})
        self._lines.append(self.last.line())
        self._wake.set()
        if self._writer is None:
            self._writer = asyncio.create_task(self._write(), name="checkpoints")
        return self.last

    def _seal_unsealed(self) -> None:
        self._timer = None
        if self._unsealed is not None:
            self.seal(self._unsealed)

    async def _write(self) -> None:
        """The one writer of the file, so that lines go out whole and in order; a line that could
        not be written (a full disk) is kept and written with the next."""
        while True:
            await self._wake.wait()
            self._wake.clear()
            lines, self._lines = self._lines, []
            try:
                if lines:
                    await asyncio.to_thread(_append, self.path, lines, self._closing)
            except OSError as problem:
                log.error("could not write the checkpoints to %s: %s", self.path, problem)
                self._lines[:0] = lines
                if self._closing:
                    return
                await asyncio.sleep(SEAL_EVERY)
                self._wake.set()
                continue
            if self._closing and not self._lines:
                return

    async def close(self) -> None:
        """Seal what is unsealed and write every checkpoint out."""
        if self._timer is not None:
            self._timer.cancel()
        if self._unsealed is not None:
            self.seal(self._unsealed)
        self._closing = True
        self._wake.set()
        if self._writer is not None:
            await self._writer


# --- checking -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """What `verify` found of one meeting: its problems (none: it holds) and how far it is sealed."""

    meeting: str
    problems: list[str]
    sealed: int  # the highest seq a good checkpoint covers, 0 if none


async def check_record(log: Log, checkpoints: list[Checkpoint | str], key: str | None,
                       anchors: Iterable[str] = ()) -> list[Finding]:
    """Hold every meeting in the log to the checkpoints (signed with `key`, when given; else
    with the key the checkpoints name, which must be one key) and to the anchors: hashes or
    their first digits, shown in the hall or printed in the minutes."""
    problems_of: dict[str, list[str]] = {m: [] for m in await log.meetings()}
    sealed: dict[str, int] = {}
    loose = [c for c in checkpoints if isinstance(c, str)]
    good = [c for c in checkpoints if isinstance(c, Checkpoint)]
    keys = {c.key for c in good}
    if key is None and len(keys) > 1:
        loose.append(f"the checkpoints are signed with {len(keys)} different keys: give --public-key")
    trusted = key or next(iter(keys), None)
    closed: dict[str, Checkpoint] = {}
    for checkpoint in good:
        found = problems_of.setdefault(checkpoint.meeting, [])
        if not checkpoint.signed_by(trusted or ""):
            found.append(f"the checkpoint at event {checkpoint.seq} is not signed by the council's key")
            continue
        problem = await _hold(log, checkpoint)
        if problem:
            found.append(problem)
        else:
            sealed[checkpoint.meeting] = max(sealed.get(checkpoint.meeting, 0), checkpoint.seq)
        last = closed.get(checkpoint.meeting)
        if checkpoint.decision == "meeting_closed" or (last and checkpoint.seq > last.seq):
            closed[checkpoint.meeting] = checkpoint  # the close, then the minutes' checking
    for meeting, found in problems_of.items():
        if meeting in closed and not found:
            head, last = await log.head(meeting), closed[meeting]
            if (head.seq, head.commands) != (last.seq, last.commands):
                found.append(f"the log goes on after the closed meeting was last signed at event {last.seq}")
        if not sealed.get(meeting) and not found:
            found.append("no signed checkpoint covers this meeting")
    for anchor in anchors:
        if not await _anchored(log, anchor):
            loose.append(f"no event of the log has the hash {anchor} (cut short or rewritten)")
    findings = [Finding(m, p, sealed.get(m, 0)) for m, p in problems_of.items()]
    if loose:
        findings.append(Finding("", loose, 0))
    return findings


async def _hold(log: Log, checkpoint: Checkpoint) -> str | None:
    """What is wrong with the log at a good checkpoint, if anything."""
    if not await log.has_meeting(checkpoint.meeting):
        return f"the meeting is missing from the log (signed up to event {checkpoint.seq})"
    head = await log.head(checkpoint.meeting)
    if head.seq < checkpoint.seq:
        return f"the log ends at event {head.seq}, but it was signed up to event {checkpoint.seq}"
    if await log.hash_at(checkpoint.meeting, checkpoint.seq) != checkpoint.hash:
        return f"event {checkpoint.seq} is not the one signed (the log was rewritten)"
    if head.commands < checkpoint.commands or \
            await log.command_hash_at(checkpoint.meeting, checkpoint.commands) != checkpoint.commands_hash:
        return f"the command ids are not those signed at event {checkpoint.seq}"
    return None


async def _anchored(log: Log, anchor: str) -> bool:
    digits = "".join(anchor.split()).replace("-", "").lower()
    return len(digits) >= SHOWN_HEX and await log.has_hash(digits)
