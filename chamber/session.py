"""One websocket connection: authenticate, snapshot, then commands in and views out.

The receive loop is the only reader of the socket (that is how a disconnect is noticed); the
hub's writer task is the only sender. Every bad frame is answered, never raised.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Callable, Protocol

from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from .auth import Access, digest
from .clock import now_ms
from .engine import Outcome
from .hub import Connection, Hub, encode
from .i18n import LANGUAGES, language, message
from .limits import FrameLimit, Verdict
from .rules import Actor, Command, Meeting, Rejected, Role
from .rules.procedure import READ_ONLY
from .store import CommandKey
from .untrusted import Unreadable, read_json

if TYPE_CHECKING:
    from .council import Council

log = logging.getLogger("chamber.session")

HELLO_TIMEOUT = 15.0
MAX_ID = 128

CLOSE_POLICY = 1008  # a client that floods the connection with frames (`rate_limited`)
CLOSE_AUTH = 4001
CLOSE_SIGNED_OUT = 4002  # the console's session ended: signed out or expired
CLOSE_REVOKED = 4003
CLOSE_KEY_RENEWED = 4004  # the display key was renewed
WATCH = 1.0  # seconds between two looks at what access.db still allows (watch_access)
LOOK_ANYWAY = 10  # ... of which every tenth reads it even when its files look unchanged

STAFF = (Role.CHAIR, Role.SECRETARY)

DEVICE_COOKIE = "chamber_device"
SESSION_COOKIE = "chamber_session"


class Refusal(Exception):
    """The connection cannot be served: close with `close_code`, explained by `reason`."""

    def __init__(self, close_code: int, reason: str) -> None:
        super().__init__(reason)
        self.close_code = close_code
        self.reason = reason


@dataclass(frozen=True)
class Identity:
    role: Role
    person: str | None = None
    device: int | None = None
    credential: str | None = None  # digest of the session or display key: see Connection
    expires: int | None = None  # a console session's end

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "role": self.role.value}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Identity":
        return cls(**{**data, "role": Role(data["role"])})


class Front(Protocol):
    """What a websocket is served from: the engine's own process (`Council`), or a fan-out
    replica (`chamber.replica.Replica`), which asks the engine who a client is and forwards its
    commands there."""

    hub: Hub

    @property
    def meeting(self) -> Meeting: ...

    async def identify(self, hello: dict[str, Any], cookies: dict[str, str]) -> Identity:
        """The client's identity from its hello and cookies; raises `Refusal`."""
        ...

    async def submit(self, actor: Actor, command: Command, key: CommandKey) -> Outcome:
        """The command decided and durable (or refused)."""
        ...

    async def caught_up(self, seq: int | None) -> None:
        """Wait (briefly) until the views show `seq`, which a client that resumes may hold from
        another replica that was ahead."""
        ...


def error_body(code: str, lang: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"code": code, "message": message(code, lang, params), "params": params or {}}


def origin_allowed(ws: WebSocket) -> bool:
    """Browsers send Origin; a page of another site must not drive a member's session."""
    origin = ws.headers.get("origin")
    if origin is None:
        return True  # not a browser: it must still present its own credentials
    host = ws.headers.get("host", "")
    return origin.split("://", 1)[-1] == host


async def serve(ws: WebSocket, council: Front) -> None:
    if not origin_allowed(ws):
        await ws.close(code=1008)
        return
    await ws.accept()
    hello: dict[str, Any] = {}
    try:
        hello = await _hello(ws)
        identity = await council.identify(hello, ws.cookies)
        await council.caught_up(_since(hello))
    except Refusal as refusal:
        await _refuse(ws, refusal, language(hello.get("lang")))
        return
    except WebSocketDisconnect:
        return
    lang = language(hello.get("lang") or _person_lang(council, identity.person))
    conn = Connection(send=ws.send_text, close=_closer(ws), role=identity.role, person=identity.person,
                      device=identity.device, credential=identity.credential, expires=identity.expires,
                      lang=lang)
    conn.push(encode(_welcome(council, identity, hello.get("since"))))
    council.hub.add(conn, _since(hello))
    try:
        await _receive_loop(ws, council, conn, lang)
    finally:
        council.hub.remove(conn)


async def _hello(ws: WebSocket) -> dict[str, Any]:
    try:
        raw = await asyncio.wait_for(ws.receive_text(), HELLO_TIMEOUT)
        hello = read_json(raw)
    except (asyncio.TimeoutError, Unreadable, KeyError, RuntimeError):
        raise Refusal(CLOSE_AUTH, "hello_first") from None
    if not isinstance(hello, dict) or hello.get("type") != "hello":
        raise Refusal(CLOSE_AUTH, "hello_first")
    return hello


async def authenticate(council: "Council", hello: dict[str, Any], cookies: dict[str, str]) -> Identity:
    """The role asked for, if the credentials allow it."""
    asked = hello.get("as", "public")
    if asked == "public":  # a meeting closed to the public gets its `closed_session` view
        return Identity(Role.PUBLIC)
    if asked == "display":
        key = _str(hello.get("key"))
        if key is None or not await council.access.is_display_key(key):
            raise Refusal(CLOSE_AUTH, "bad_display_key")
        return Identity(Role.DISPLAY, credential=digest(key))
    if asked in ("chair", "secretary"):
        session = cookies.get(SESSION_COOKIE)
        if session is None or await council.access.session_role(session) != asked:
            raise Refusal(CLOSE_AUTH, "sign_in_required")
        chair = council.meeting.roster.chair if council.meeting.roster else None
        return Identity(Role(asked), chair.id if asked == "chair" and chair else None, credential=digest(session),
                        expires=await council.access.session_expires(digest(session)))
    if asked == "member":
        token = _str(hello.get("token")) or cookies.get(DEVICE_COOKIE)
        device = await council.access.device(token) if token else None
        if device is None:
            raise Refusal(CLOSE_AUTH, "not_paired")
        if device.revoked is not None:
            raise Refusal(CLOSE_REVOKED, "device_revoked")
        await council.access.seen(device.id)
        return Identity(Role.MEMBER, device.person, device.id)
    raise Refusal(CLOSE_AUTH, "auth_failed")


def _welcome(council: Front, identity: Identity, since: Any) -> dict[str, Any]:
    roster = council.meeting.roster
    person = roster.person(identity.person) if roster and identity.person else None
    return {
        "type": "welcome",
        "role": identity.role.value,
        "person": {"id": person.id, "name": person.name, "group": person.group, "lang": person.lang}
        if person else None,
        "meeting": council.meeting.id,
        "seq": council.hub.shown(identity.role),
        "resumed": council.hub.resumes(identity.role, _since({"since": since})),
        "server_time": now_ms(),
        "max_message_bytes": 65536,
    }


async def _receive_loop(ws: WebSocket, council: Front, conn: Connection, lang: str) -> None:
    limit, clock = FrameLimit(), asyncio.get_running_loop().time
    while True:
        frame = await ws.receive()
        if frame["type"] == "websocket.disconnect":
            return
        text = frame.get("text")
        verdict = limit.judge(clock())
        if verdict is Verdict.CLOSE:  # flooding: reading on would only serve the flood
            await end(council, lambda c: c is conn, CLOSE_POLICY, "rate_limited")
            return
        if verdict is Verdict.REFUSE:
            _refuse_frame(conn, _parsed(text) if text is not None else None, "rate_limited", lang)
        elif text is None:
            conn.push(encode({"type": "error", "error": error_body("binary_not_supported", lang)}))
        else:
            lang = conn.lang = await _message(council, conn, text, lang)


async def _message(council: Front, conn: Connection, text: str, lang: str) -> str:
    """Handle one frame; returns the connection's language (a `lang` message changes it)."""
    frame = _parsed(text)
    kind = frame.get("type") if isinstance(frame, dict) else None
    if kind == "ping":  # the client's heartbeat, and its clock's correction
        conn.push(encode({"type": "pong", "server_time": now_ms()}))
    elif kind == "lang" and frame.get("lang") in LANGUAGES:
        return str(frame["lang"])
    elif kind == "hello":
        pass  # a repeated hello changes nothing
    else:
        await _command(council, conn, frame, lang)
    return lang


def _parsed(text: str) -> Any:
    """The frame's JSON value; None when it has none (which is then `malformed`)."""
    try:
        return read_json(text)
    except Unreadable:
        return None


def _command_id(frame: Any) -> str | None:
    """The id of a frame shaped as a command (an `id` of 1–128 characters and a `cmd`), else None."""
    cmd_id = frame.get("id") if isinstance(frame, dict) else None
    if isinstance(cmd_id, str) and 0 < len(cmd_id) <= MAX_ID and "\x00" not in cmd_id and isinstance(frame.get("cmd"), str):
        return cmd_id
    return None


def _refuse_frame(conn: Connection, frame: Any, code: str, lang: str) -> None:
    """Answer a frame that is not acted on: a `reply` to a command, an `error` to anything else."""
    cmd_id, body = _command_id(frame), error_body(code, lang)
    conn.push(encode({"type": "reply", "re": cmd_id, "ok": False, "error": body} if cmd_id is not None
                     else {"type": "error", "error": body}))


async def _command(council: Front, conn: Connection, frame: Any, lang: str) -> None:
    cmd_id = _command_id(frame)
    if cmd_id is None:
        _refuse_frame(conn, frame, "malformed", lang)
        return
    ended = conn.ended or _expired(conn)
    if ended is not None:  # signed out or expired since it connected: nothing more from it
        _refuse_frame(conn, frame, ended, lang)
        await council.hub.close_where(lambda c: c is conn, CLOSE_SIGNED_OUT, ended)
        return
    actor = Actor(conn.role, conn.person)
    args = {k: v for k, v in frame.items() if k not in ("id", "cmd", "type")}
    if conn.role in READ_ONLY:
        outcome_error: Rejected | None = Rejected("read_only")
        seq = None
    else:
        outcome = await council.submit(actor, Command(frame["cmd"], args), CommandKey(actor.label(), cmd_id))
        outcome_error, seq = outcome.error, outcome.seq
    if outcome_error is None:
        conn.push(encode({"type": "reply", "re": cmd_id, "ok": True, "seq": seq}))
    else:
        body = error_body(outcome_error.code, lang, outcome_error.params)
        conn.push(encode({"type": "reply", "re": cmd_id, "ok": False, "error": body}))


async def _refuse(ws: WebSocket, refusal: Refusal, lang: str) -> None:
    if ws.application_state == WebSocketState.CONNECTED:
        try:
            await ws.send_text(encode({"type": "error", "error": error_body(refusal.reason, lang)}))
            await ws.close(code=refusal.close_code, reason=refusal.reason)
        except (WebSocketDisconnect, RuntimeError, OSError):
            pass


def _expired(conn: Connection) -> str | None:
    """`session_expired` once the console session a connection came with has run out: checked
    at every command without a look at access.db (a sign-out marks the connection `ended`)."""
    return "session_expired" if conn.expires is not None and conn.expires <= now_ms() else None


async def session_ended(access: Access, conn: Connection | Identity) -> str | None:
    """Why a console's connection may act no more (`signed_out`, `session_expired`), or None
    while the session it was opened with holds, as access.db says now (another process may have
    changed it); None for the roles without a session."""
    if conn.role not in STAFF:
        return None
    expires = await access.session_expires(conn.credential) if conn.credential else None
    if expires is None:
        return "signed_out"
    return "session_expired" if expires <= now_ms() else None


async def standings(access: Access, held: list[Identity]) -> list[tuple[int, str] | None]:
    """Why each of these may be served no more (the close code and the reason), or None, as
    access.db says now: what a fan-out replica asks about the clients it serves."""
    revoked = {d.id for d in await access.devices() if d.revoked is not None}
    key = digest(await access.display_key())
    found: list[tuple[int, str] | None] = []
    for identity in held:
        if identity.role is Role.MEMBER:
            found.append((CLOSE_REVOKED, "device_revoked") if identity.device in revoked else None)
        elif identity.role is Role.DISPLAY:
            found.append((CLOSE_KEY_RENEWED, "display_key_renewed") if identity.credential != key else None)
        else:
            ended = await session_ended(access, identity)
            found.append((CLOSE_SIGNED_OUT, ended) if ended else None)
    return found


async def end(council: Front, match: Callable[[Connection], bool], code: int, reason: str) -> None:
    """Close the connections `match` picks, each told why in its language first, as a refused
    connection is."""
    for conn in [c for c in council.hub.connections if match(c)]:
        conn.ended = reason
        conn.push(encode({"type": "error", "error": error_body(reason, conn.lang)}))
    await council.hub.close_where(match, code, reason)


async def end_lapsed(council: "Council", look: bool = True) -> None:
    """Close the consoles whose session has expired and, when `look`ing into access.db, the
    screens on a display key that has been renewed and the consoles whose session was ended."""
    consoles = [c for c in council.hub.connections if c.role in STAFF]
    ended = {conn: _expired(conn) for conn in consoles}
    if look:
        key = digest(await council.access.display_key())
        await end(council, lambda c: c.role is Role.DISPLAY and c.credential != key, CLOSE_KEY_RENEWED,
                  "display_key_renewed")
        ended = {conn: await session_ended(council.access, conn) for conn in consoles}
    for reason in {r for r in ended.values() if r is not None}:
        await end(council, lambda c: ended.get(c) == reason, CLOSE_SIGNED_OUT, reason)


async def watch_access(council: "Council") -> None:
    """End access that lapsed, whoever changed it: `chamber display-key --renew` writes
    access.db from another process, and a session expires by itself. A background task of the
    server (`Council.tasks`); every command of a console checks its session as well. It looks
    into access.db only when the files say it was written, and every `LOOK_ANYWAY` rounds: a
    query each second cost a vote storm's acks (`chamber bench`, 1,000 votes within a second:
    median ack p99 44 ms over 6 runs with it, 38 ms without)."""
    seen, rounds = council.access.written(), 0
    while True:
        await asyncio.sleep(WATCH)
        rounds += 1
        written = council.access.written()
        look = written != seen or rounds % LOOK_ANYWAY == 0
        try:
            await end_lapsed(council, look)
            seen = written
        except sqlite3.Error as problem:  # access.db busy for longer than its timeout: next time
            log.warning("could not check access: %s", problem)


def _closer(ws: WebSocket):  # type: ignore[no-untyped-def]
    async def close(code: int, reason: str) -> None:
        if ws.application_state == WebSocketState.CONNECTED:
            await ws.close(code=code, reason=reason)

    return close


def _since(hello: dict[str, Any]) -> int | None:
    since = hello.get("since")
    return since if isinstance(since, int) and not isinstance(since, bool) else None


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _person_lang(council: Front, person: str | None) -> str | None:
    roster = council.meeting.roster
    found = roster.person(person) if roster and person else None
    return found.lang if found else None
