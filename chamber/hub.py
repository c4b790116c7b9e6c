"""Websocket fan-out: encode each view once, and never let one client hold up the others.

Every connection has its own `Outbox`: an ordered queue for messages that must all arrive
(replies, snapshots), the person's own part, and the view's changed parts, where newer parts
replace unsent older ones. What is put there is sent at once while the client's transport takes
it (a publication reaches a thousand phones in one pass, with no task switch per message); a
client whose transport is full gets a writer task of its own, which sends the rest as the client
reads. A watchdog times those waiting sends; a client that does not read in time is
disconnected (4008) and resumes later from its `seq`.

A view is split into its top-level parts (`meeting`, `floor`, `vote`, ...). Each part is
encoded once per role per change; a `view` message carries only the parts that changed, so a
cast vote sends "n of m voted", not the roster. Changes are published at most every
`COALESCE` seconds (the tally of a busy vote); replies are never delayed.
"""

from __future__ import annotations

import asyncio
import json
import logging
import types
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable, Coroutine, Generator

from starlette.websockets import WebSocketDisconnect

from .clock import now_ms
from .i18n import DEFAULT
from .record import Checkpoint
from .rules import Meeting, Recorded, Role
from .rules.speaking import member_places
from .views import ROLE_VIEWS, Memo, concerned, me_view, me_views, role_views

log = logging.getLogger("chamber.hub")

SEND_TIMEOUT = 10.0  # seconds a single send may take before the client counts as stalled
ORDERED_LIMIT = 512  # undelivered must-deliver messages before the client counts as stalled
COALESCE = 0.02  # seconds between two publications at the most
TALLY = 0.25  # seconds between two "n of m voted" to the phones and the public at the most
# Those shown a running tally at the slower pace: many connections, and the phone's own vote is
# confirmed by its `me` at once. The hall screens, the overlay and the consoles keep pace.
MANY = (Role.MEMBER, Role.PUBLIC)
TALLY_PARTS = frozenset({"vote", "election"})
SLICE = 100  # connections sent to before the loop looks at what else has arrived
SNAPSHOT_SHARED = 0.25  # seconds one snapshot text serves the screens and viewers that connect

CLOSE_STALLED = 4008

Parts = dict[str, str]  # a view's top-level parts, each encoded


def encode(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def view_message(kind: str, seq: int, parts: Parts, me: str | None = None) -> str:
    """A `snapshot` or `view` message assembled from encoded parts (no re-encoding)."""
    body = ",".join(f'"{name}":{text}' for name, text in parts.items())
    tail = f',"me":{me}' if kind == "snapshot" else ""
    return f'{{"type":"{kind}","seq":{seq},"server_time":{now_ms()},"view":{{{body}}}{tail}}}'


def _running_tally(meeting: Meeting) -> tuple[str, str] | None:
    """The vote open or the election ballot open on the current item: only its count is held
    (its opening, its close and its result go to everyone at once)."""
    vote, election = meeting.vote_in_progress, meeting.election_open
    if vote is not None and vote.state == "open":
        return ("vote", vote.id)
    return ("election", election.id) if election is not None else None


def started(coro: Coroutine[Any, Any, None]) -> Awaitable[None] | None:
    """Run `coro` up to its first wait. None when it finished without waiting (a send the
    transport took at once: the usual case, and no task is needed); else the awaitable rest."""
    try:
        waiting = coro.send(None)
    except StopIteration:
        return None
    return _rest(coro, waiting)


@types.coroutine
def _rest(coro: Coroutine[Any, Any, None], waiting: Any) -> Generator[Any, Any, None]:
    """What `await coro` does once `coro` has stopped on `waiting`: hand that to the awaiting
    task, then pass the task's wake-ups (and a cancellation) on until `coro` returns."""
    while True:
        try:
            resumed = yield waiting
        except BaseException as error:
            try:
                waiting = coro.throw(error)
            except StopIteration:
                return
        else:
            try:
                waiting = coro.send(resumed)
            except StopIteration:
                return


class Outbox:
    """Messages waiting for one connection."""

    def __init__(self, limit: int = ORDERED_LIMIT) -> None:
        self.ordered: deque[str] = deque()
        self.me: str | None = None
        self.parts: Parts = {}
        self.text: str | None = None  # the view message for exactly `parts`, when made for many
        self.seq = 0
        self.limit = limit

    def put(self, text: str) -> bool:
        """Queue a must-deliver message; False when the client is too far behind."""
        if len(self.ordered) >= self.limit:
            return False
        self.ordered.append(text)
        return True

    def offer(self, seq: int, parts: Parts, me: str | None, text: str | None = None) -> None:
        """The changes up to `seq`: parts not yet sent are replaced by newer ones. `text` is the
        view message of `parts` made once for every connection of the role; it is used as is
        unless older parts are still waiting here (a client behind: they are merged)."""
        self.text = text if not self.parts else None
        self.parts.update(parts)
        self.seq = seq
        if me is not None:
            self.me = me

    def take(self) -> list[str]:
        """Everything to send now, in order: replies, the person's part, then the view."""
        texts = list(self.ordered)
        if self.me is not None:
            texts.append(self.me)
        if self.parts:
            texts.append(self.text or view_message("view", self.seq, self.parts))
        self.ordered.clear()
        self.me, self.parts, self.text = None, {}, None
        return texts


@dataclass(eq=False)
class Connection:
    """One websocket client, as the hub knows it."""

    send: Callable[[str], Awaitable[None]]
    close: Callable[[int, str], Awaitable[None]]
    role: Role
    person: str | None = None
    device: int | None = None
    credential: str | None = None  # digest of the console session or display key it came with
    expires: int | None = None  # when the console session it came with ends (ms since the epoch)
    ended: str | None = None  # why it may act no more (`signed_out`, ...), once it is being closed
    lang: str = DEFAULT  # of the messages it is sent, such as why it is closed
    outbox: Outbox = field(default_factory=Outbox)
    writer: asyncio.Task[None] | None = None  # sending what the transport could not take at once
    on_drop: Callable[["Connection"], None] | None = None
    closing: bool = False
    me_sent: str | None = None  # the person's part as last offered, to send only changes
    sending_since: float | None = None  # loop time the writer's send began (the watchdog reads it)

    def push(self, text: str) -> None:
        """Send a must-deliver message (a reply, a snapshot) after what is already waiting."""
        if self.outbox.put(text):
            self.flush()
        else:
            self.drop("too many undelivered messages")

    def flush(self) -> None:
        """Send what is waiting, now, while the transport takes each frame at once; from the
        first send that has to wait for the client, the writer task sends the rest."""
        if self.writer is not None or self.closing:
            return  # the writer takes what is waiting when its send is done
        texts = self.outbox.take()
        for n, text in enumerate(texts):
            try:
                rest = started(self.send(text))
            except (OSError, RuntimeError, WebSocketDisconnect):
                return  # disconnected: the receive loop notices and unregisters
            if rest is not None:
                self.writer = asyncio.create_task(self._write(rest, texts[n + 1:]))
                return

    def drop(self, why: str) -> None:
        """Stop serving a client that cannot keep up; it reconnects and resumes from `seq`."""
        if self.closing:
            return
        self.closing = True
        log.info("dropping %s connection: %s", self.role.value, why)
        if self.on_drop is not None:
            self.on_drop(self)
        asyncio.create_task(self.shut(CLOSE_STALLED, "stalled"))

    async def shut(self, code: int, reason: str) -> None:
        """Close with `code`; a transport too stuck to take the close frame is left to die."""
        self.closing = True
        if self.writer is not None and self.writer is not asyncio.current_task():
            self.writer.cancel()
        try:
            await asyncio.wait_for(self.close(code, reason), SEND_TIMEOUT)
        except Exception:
            pass

    async def _write(self, sending: Awaitable[None], texts: list[str]) -> None:
        """The writer of a client that reads slowly: finish the send under way, then send the
        rest and whatever comes meanwhile; done when nothing waits. A send that does not finish
        in time is the hub's watchdog's business (a timer per send would cost every send)."""
        loop = asyncio.get_running_loop()
        try:
            self.sending_since = loop.time()
            await sending
            while texts or (texts := self.outbox.take()):
                self.sending_since = loop.time()
                await self.send(texts.pop(0))
        except (OSError, RuntimeError, WebSocketDisconnect):
            pass  # disconnected: the receive loop notices and unregisters
        finally:
            self.sending_since, self.writer = None, None

    def stalled(self, now: float, timeout: float) -> bool:
        return self.sending_since is not None and now - self.sending_since > timeout


class Hub:
    """All connections to one meeting, by role; holds the current encoded views.

    `busy()` tells whether the writer holds events that are not yet on disk: the hub then
    shows nothing, and the writer's `publish` after its commit shows it all.
    """

    def __init__(self, send_timeout: float = SEND_TIMEOUT, coalesce: float = COALESCE,
                 busy: Callable[[], bool] = lambda: False) -> None:
        self.send_timeout = send_timeout
        self.coalesce = coalesce
        self.busy = busy
        self.connections: set[Connection] = set()
        self.seq = 0
        self.parts: dict[Role, Parts] = {role: {} for role in ROLE_VIEWS}
        self.meeting: Meeting | None = None
        self._last_flush = float("-inf")
        self._timer: asyncio.Handle | None = None
        self._memo = Memo()
        self._encoded: dict[int, tuple[Any, str]] = {}  # id(part) -> (the part, its encoding)
        self._events: list[Recorded] | None = None  # since the last showing; None: unknown
        self._queued: set[str] = set()  # people with a request in the queue at the last showing
        self._watchdog: asyncio.Task[None] | None = None
        self._tallied: dict[Role, tuple[float, Any]] = {}  # MANY roles: last offered (when, tally)
        self._shown: dict[Role, int] = {}  # the seq each role's `parts` show (older while held)
        self._snapshots: dict[Role, tuple[int, float, str]] = {}  # role -> (seq, made at, text)
        self._last_publish = float("-inf")
        self._tally_timer: asyncio.TimerHandle | None = None
        self._behind = False  # a showing came due while a batch was being written
        self.record: dict[str, Any] | None = None  # the checkpoint of the last decision, as shown

    def add(self, conn: Connection, since: int | None) -> bool:
        """Register a connection and queue its snapshot; True when it was already current."""
        self.connections.add(conn)
        conn.on_drop = self.remove
        if self._watchdog is None or self._watchdog.done():
            self._watchdog = asyncio.create_task(self._watch())
        resumed = self.resumes(conn.role, since)
        if not resumed and conn.person is None:
            conn.push(self._snapshot(conn.role))
        elif not resumed:
            conn.me_sent = self.me_body(conn.person)
            conn.push(view_message("snapshot", self.shown(conn.role), self.parts[conn.role], conn.me_sent))
        return resumed

    def resumes(self, role: Role, since: int | None) -> bool:
        """Whether a client of the role that holds the state of `since` is current."""
        return since is not None and since == self.shown(role)

    def shown(self, role: Role) -> int:
        """The seq the role's parts show: behind `seq` while a running tally is held for it, so a
        client never holds a seq whose changes it has not seen (it resumes with a snapshot)."""
        return self._shown.get(role, self.seq)

    def _snapshot(self, role: Role) -> str:
        """The snapshot of a role without a person of its own (a screen, the public): one text
        for everyone who connects within a quarter second (a hall's screens and viewers arrive
        together), then fresh for its `server_time`, which the pages' clocks follow."""
        now = asyncio.get_running_loop().time()
        made = self._snapshots.get(role)
        if made is None or made[0] != self.shown(role) or now - made[1] > SNAPSHOT_SHARED:
            seq = self.shown(role)
            made = self._snapshots[role] = (seq, now, view_message("snapshot", seq, self.parts[role], "null"))
        return made[2]

    async def _watch(self) -> None:
        """Drop every client whose send has taken longer than `send_timeout` (it stopped
        reading: a locked phone); it reconnects and resumes from its `seq`."""
        loop = asyncio.get_running_loop()
        while self.connections:
            await asyncio.sleep(min(1.0, self.send_timeout / 4))
            now = loop.time()
            for conn in [c for c in self.connections if c.stalled(now, self.send_timeout)]:
                conn.drop("send timed out")

    def remove(self, conn: Connection) -> None:
        self.connections.discard(conn)
        if conn.writer is not None and conn.writer is not asyncio.current_task():
            conn.writer.cancel()

    def me_body(self, person: str) -> str:
        assert self.meeting is not None
        return encode(me_view(self.meeting, person))

    def publish(self, meeting: Meeting, events: list[Recorded] | None = None) -> None:
        """Show the committed state now, or within `coalesce` seconds of the last showing.

        The writer calls this after every batch it commits. `events` are those that led to it
        (None when unknown, as after a reload): a person's own part is computed again only when
        they can have changed it. [] is a batch that changed nothing, which still lets a showing
        held back by the batch go.
        """
        self.meeting = meeting
        if events == [] and not self._behind:
            return
        if events != []:
            self._last_publish = asyncio.get_running_loop().time()
        if events is None:  # a state rebuilt from the log: keep nothing computed before it
            self._events, self._memo = None, Memo()
        elif self._events is not None:
            self._events.extend(events)
        if self._timer is not None:
            return  # a showing is due: it will include this change
        wait = self._last_flush + self.coalesce - asyncio.get_running_loop().time()
        if wait <= 0:
            self._flush()
        else:
            self._timer = asyncio.get_running_loop().call_later(wait, self._due)

    def seal(self, checkpoint: Checkpoint) -> None:
        """The record was sealed at a decision: its hash goes out with the next showing, which
        the engine's publication of the same batch makes."""
        self.record = checkpoint.shown()

    def quiet_for(self) -> float:
        """Seconds since the last change was published: how long the hall has been quiet."""
        return asyncio.get_running_loop().time() - self._last_publish

    def _due(self) -> None:
        """Show what was published; never a state holding an uncommitted batch: that is shown by
        the writer's `publish` as soon as the batch is on disk."""
        self._timer = None
        if self.busy():
            self._behind = True
        else:
            self._flush()

    def _flush(self) -> None:
        """Encode each role's changed parts once and offer them to every connection."""
        meeting = self.meeting
        assert meeting is not None
        self._behind = False
        now = self._last_flush = asyncio.get_running_loop().time()
        self.seq = meeting.seq
        changed: dict[Role, Parts] = {}
        texts: dict[Role, str] = {}
        encoded: dict[int, tuple[Any, str]] = {}
        for role, view in role_views(meeting, self._memo, self.record).items():
            parts = {name: self._encode(value, encoded) for name, value in view.items()}
            changed[role] = {k: v for k, v in parts.items() if self.parts[role].get(k) != v}
            if self._hold(role, changed[role], meeting, now):
                changed[role] = {}  # offered with the next tally, against the parts last offered
            else:
                self.parts[role], self._shown[role] = parts, self.seq
            if changed[role]:
                texts[role] = view_message("view", self.shown(role), changed[role])
        self._encoded = encoded
        places = member_places(meeting)
        wanted = concerned(self._events, self._queued | set(places))
        self._events, self._queued = [], set(places)
        people = {c.person for c in self.connections
                  if c.person is not None and (wanted is None or c.person in wanted)}
        mine = {p: encode(me) for p, me in me_views(meeting, people, places).items()}
        offered: list[Connection] = []
        many: list[Connection] = []  # after the hall's screens and the consoles, which are few
        for conn in self.connections:
            me = None
            if conn.person in mine:
                body = mine[conn.person]
                if body != conn.me_sent:
                    conn.me_sent = body
                    me = f'{{"type":"me","seq":{self.seq},"me":{body}}}'
            if changed[conn.role] or me is not None:
                conn.outbox.offer(self.shown(conn.role), changed[conn.role], me, texts.get(conn.role))
                (many if conn.role in MANY else offered).append(conn)
        self._deliver(offered + many, 0)

    def _deliver(self, offered: list[Connection], start: int) -> None:
        """Send what was offered, `SLICE` connections at a time: between slices the loop takes
        what has arrived (a vote, and then its ack), which a fan-out to a thousand phones would
        otherwise hold up for its whole 30 ms. A later showing only updates the outboxes."""
        for conn in offered[start:start + SLICE]:
            conn.flush()
        if start + SLICE < len(offered):
            asyncio.get_running_loop().call_soon(self._deliver, offered, start + SLICE)

    def _hold(self, role: Role, changed: Parts, meeting: Meeting, now: float) -> bool:
        """Whether the role waits for the next tally: only a running tally changed, and the MANY
        had one less than `TALLY` seconds ago. Anything else (the result, a queue change) goes
        at once, with the tally so far."""
        if role not in MANY or not changed:
            return False
        tally = _running_tally(meeting)
        offered_at, offered = self._tallied.get(role, (float("-inf"), None))
        due = offered_at + TALLY
        if tally is not None and tally == offered and changed.keys() <= TALLY_PARTS and now < due:
            if self._tally_timer is None:
                self._tally_timer = asyncio.get_running_loop().call_at(due, self._tally_due)
            return True
        self._tallied[role] = (now, tally)
        return False

    def _tally_due(self) -> None:
        """Show the held tally (as `_due`: not from a state holding an uncommitted batch)."""
        self._tally_timer = None
        if self._timer is None:  # else a showing is due anyway
            self._timer = asyncio.get_running_loop().call_soon(self._due)

    def stop(self) -> None:
        """Cancel the timers and the watchdog: the council is closing."""
        for timer in (self._timer, self._tally_timer):
            if timer is not None:
                timer.cancel()
        if self._watchdog is not None:
            self._watchdog.cancel()

    def _encode(self, value: Any, encoded: dict[int, tuple[Any, str]]) -> str:
        """A part's encoding, made once per showing for the roles that share the part, and kept
        for the next showing while the memo keeps the part (the roster, attendance): an
        unchanged part is not encoded again, and the same string compares in no time."""
        kept = encoded.get(id(value)) or self._encoded.get(id(value))
        if kept is None or kept[0] is not value:
            kept = (value, encode(value))
        encoded[id(value)] = kept
        return kept[1]

    async def close_where(self, match: Callable[[Connection], bool], code: int, reason: str) -> None:
        """Close every connection that `match` picks (a revoked device, a shutdown)."""
        chosen = [c for c in self.connections if match(c)]
        for conn in chosen:
            self.remove(conn)
        await asyncio.gather(*(conn.shut(code, reason) for conn in chosen))
