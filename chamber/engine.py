"""One writer per meeting: take commands in order, decide, make durable, then acknowledge.

The engine is the thin shell around `chamber.rules`: it stamps the time and supplies entropy,
commits every event of a batch in one transaction (group commit), and only then answers the
senders and hands the new state to the publisher. Nothing is shown before it is on disk.
The secret ballot box is committed with the batch that changed it, so an acknowledged ballot
survives a crash like any event (docs/ballot-box.md).
"""

from __future__ import annotations

import asyncio
import logging
import os
from dataclasses import dataclass
from typing import Callable

from .clock import now_ms
from .rules import Actor, Command, Context, Event, Meeting, Recorded, Rejected, apply, decide, replay
from .rules.elections import BALLOT_BOX_COMMANDS, BallotBox
from .rules.events import SYSTEM
from .rules.procedure import decide_at_ballot_box
from .store import CommandKey, Head, Log

log = logging.getLogger("chamber.engine")

MAX_QUEUE = 10_000  # commands waiting; beyond this a sender is told `busy`
MAX_BATCH = 2_000  # commands decided and committed together
RETRY = 1.0  # seconds before the WAL is emptied again, when a reader kept it from happening


@dataclass(frozen=True)
class Outcome:
    """The answer to one command: `seq` when accepted, else the rejection."""

    seq: int | None = None
    error: Rejected | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class _Pending:
    key: CommandKey | None
    actor: Actor
    command: Command
    future: asyncio.Future[Outcome]


class Engine:
    """The meeting's single writer. `publish(meeting, events)` runs after every batch: `events`
    are the batch's, [] when it changed nothing, None after a rebuild from the log (what changed
    is then unknown). `recorded(head, events)` runs after every commit, before the publication:
    the record's new head and the events that led to it (for the signed checkpoints).
    `on_lost(why)` runs once if the engine may write no more (`lose`)."""

    def __init__(
        self,
        log_: Log,
        meeting_id: str,
        publish: Callable[[Meeting, list[Recorded] | None], None],
        clock: Callable[[], int] = now_ms,
        entropy: Callable[[int], bytes] = os.urandom,
        recorded: Callable[[Head, list[Recorded]], None] = lambda head, events: None,
        on_lost: Callable[[str], None] = lambda why: None,
    ) -> None:
        self.log = log_
        self.meeting_id = meeting_id
        self.publish = publish
        self.clock = clock
        self.entropy = entropy
        self.recorded = recorded
        self.on_lost = on_lost
        self.lost: str | None = None  # why this engine may write no more
        self.meeting = Meeting()
        # The secret ballots of the open election: never in an event while it is open; stored
        # as one sorted box beside the log (store.ballot_box).
        self.box = BallotBox()
        self._box_in_batch = self.box
        self.applied: dict[CommandKey, int] = {}
        self.queue: asyncio.Queue[_Pending] = asyncio.Queue(MAX_QUEUE)
        self._task: asyncio.Task[None] | None = None
        self._last_at = 0
        self.in_batch = False  # the state holds events of a batch that is not yet committed
        self._box_history = False  # the WAL may hold an earlier state of the ballot box

    # --- life ---------------------------------------------------------------------

    async def load(self) -> None:
        """Rebuild the state from the log: a restart is a replay."""
        events = await self.log.events(self.meeting_id)
        self.meeting = replay(events)
        self.box = await self.log.ballot_box(self.meeting_id)
        self.applied = await self.log.commands(self.meeting_id)
        self._last_at = events[-1].at if events else 0

    async def create(self, setup: Event) -> None:
        """Write a new meeting's first event (`meeting_created`)."""
        at = self._stamp()
        await self.log.create_meeting(self.meeting_id, at)
        first = Recorded(1, at, SYSTEM.label(), setup.type, setup.data)
        head = await self.log.append(self.meeting_id, [first])
        apply(self.meeting, first)
        self.recorded(head, [first])

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=f"engine {self.meeting_id}")

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
        while not self.queue.empty():
            pending = self.queue.get_nowait()
            pending.future.set_result(Outcome(error=Rejected("busy")))

    # --- commands -----------------------------------------------------------------

    async def submit(self, actor: Actor, command: Command, key: CommandKey | None = None) -> Outcome:
        """Queue a command and wait until it is durable (or refused). A command sent again under
        its id is answered at once only when its first copy is on disk; while that copy's batch is
        being written, the second waits its turn (and is answered as the first was, or decided
        anew if the batch failed)."""
        if self.lost is not None:
            return Outcome(error=Rejected("storage_error"))
        if key is not None and key in self.applied and not self.in_batch:
            return Outcome(seq=self.applied[key])
        future: asyncio.Future[Outcome] = asyncio.get_running_loop().create_future()
        try:
            self.queue.put_nowait(_Pending(key, actor, command, future))
        except asyncio.QueueFull:
            return Outcome(error=Rejected("busy"))
        return await future

    async def _run(self) -> None:
        while True:
            try:
                first = await asyncio.wait_for(self.queue.get(), RETRY if self._box_history else None)
            except asyncio.TimeoutError:  # quiet, with the WAL still to empty
                await self._forget_box_history()
                continue
            batch = [first]
            while len(batch) < MAX_BATCH and not self.queue.empty():
                batch.append(self.queue.get_nowait())
            await self._process(batch)
            if self.lost is not None:
                self.lose(self.lost)  # what came in meanwhile
                return

    async def _process(self, batch: list[_Pending]) -> None:
        """Decide each command on the state left by the previous one, then commit them all."""
        outcomes: list[Outcome] = []
        new_events: list[Recorded] = []
        new_keys: list[tuple[CommandKey, int]] = []
        head: Head | None = None
        self._box_in_batch = self.box
        self.in_batch = True
        try:
            for pending in batch:
                outcomes.append(self._decide(pending, new_events, new_keys))
            if new_events or new_keys:
                box = self._box_in_batch if self._box_in_batch is not self.box else None
                head = await self.log.append(self.meeting_id, new_events, new_keys, box)
                self._box_history |= box is not None
            self.box = self._box_in_batch
        except Exception:
            # The state held events that are not on disk: rebuild it from the log.
            log.exception("batch failed; rebuilding state from the log")
            outcomes = [Outcome(error=Rejected("storage_error")) for _ in batch]
            new_events = []
            if not await self._reload():
                self._answer(batch, outcomes)
                return
            self.publish(self.meeting, None)  # the rebuilt state; what changed is unknown
        finally:
            self.in_batch = False
        if head is not None:
            self.recorded(head, new_events)
        self._answer(batch, outcomes)
        self.publish(self.meeting, new_events)
        if self._box_history:  # after the replies: the box is durable already
            await self._forget_box_history()

    @staticmethod
    def _answer(batch: list[_Pending], outcomes: list[Outcome]) -> None:
        for pending, outcome in zip(batch, outcomes):
            if not pending.future.done():
                pending.future.set_result(outcome)

    async def _reload(self) -> bool:
        """Rebuild the state from the log after a failed batch. When the log cannot be read
        either, the engine is lost: it refuses every command from then on, and `on_lost` is told
        (the server stops, and a standby takes over)."""
        try:
            await self.load()
            return True
        except Exception as problem:
            self.lose(f"the log cannot be read ({problem})")
            return False

    def lose(self, why: str) -> None:
        """This engine may write no more (its log is gone, or the writer lock with it)."""
        if self.lost is None:
            self.lost = why
            self.on_lost(why)
        while not self.queue.empty():
            self.queue.get_nowait().future.set_result(Outcome(error=Rejected("storage_error")))

    async def _forget_box_history(self) -> None:
        """Empty the WAL of earlier ballot-box states (store.forget_box_history); while a reader
        keeps that from happening, try again after the next batch, or within a second."""
        try:
            self._box_history = not await self.log.forget_box_history()
        except Exception:
            log.exception("could not empty the WAL")
        if self._box_history:
            log.warning("the WAL could not be emptied of the ballot box's earlier states (a reader "
                        "holds the log open); trying again")

    def _decide(
        self, pending: _Pending, new_events: list[Recorded], new_keys: list[tuple[CommandKey, int]]
    ) -> Outcome:
        if pending.key is not None and pending.key in self.applied:
            return Outcome(seq=self.applied[pending.key])
        ctx = Context(at=self._stamp(), entropy=self.entropy(32))
        command = pending.command
        try:
            if command.type in BALLOT_BOX_COMMANDS:
                events, self._box_in_batch = decide_at_ballot_box(
                    self.meeting, pending.actor, command, ctx, self._box_in_batch)
            else:
                events = decide(self.meeting, pending.actor, command, ctx)
        except Rejected as rejection:
            return Outcome(error=rejection)
        except Exception:  # a bug in a rule must not take the meeting down
            # Only the type: a ballot's contents must never reach a log file.
            log.exception("rule failed on command %s", command.type)
            return Outcome(error=Rejected("unknown_error"))
        for event in events:
            recorded = Recorded(self.meeting.seq + 1, ctx.at, pending.actor.label(), event.type, event.data)
            apply(self.meeting, recorded)
            new_events.append(recorded)
        if pending.key is not None:
            self.applied[pending.key] = self.meeting.seq
            new_keys.append((pending.key, self.meeting.seq))
        return Outcome(seq=self.meeting.seq)

    def _stamp(self) -> int:
        """The engine's clock, never running backwards within a log."""
        self._last_at = max(self._last_at, self.clock())
        return self._last_at
