"""One websocket connection: authenticate, snapshot, then commands in and views out.

The receive loop is the only reader of the socket (that is how a disconnect is noticed); the
hub's writer task is the only sender. Every bad frame is answered, never raised.
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass
from typing import Any

from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from .clock import now_ms
from .council import Council
from .hub import Connection, encode
from .i18n import LANGUAGES, language, message
from .rules import Actor, Command, Rejected, Role
from .rules.procedure import READ_ONLY
from .store import CommandKey

log = logging.getLogger("chamber.session")

HELLO_TIMEOUT = 15.0
MAX_ID = 128

CLOSE_AUTH = 4001
CLOSE_REVOKED = 4003

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


def error_body(code: str, lang: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"code": code, "message": message(code, lang, params), "params": params or {}}


def origin_allowed(ws: WebSocket) -> bool:
    """Browsers send Origin; a page of another site must not drive a member's session."""
    origin = ws.headers.get("origin")
    if origin is None:
        return True  # not a browser: it must still present its own credentials
    host = ws.headers.get("host", "")
    return origin.split("://", 1)[-1] == host


async def serve(ws: WebSocket, council: Council) -> None:
    if not origin_allowed(ws):
        await ws.close(code=1008)
        return
    await ws.accept()
    hello: dict[str, Any] = {}
    try:
        hello = await _hello(ws)
        identity = await authenticate(council, hello, ws.cookies)
    except Refusal as refusal:
        await _refuse(ws, refusal, language(hello.get("lang")))
        return
    except WebSocketDisconnect:
        return
    lang = language(hello.get("lang") or _person_lang(council, identity.person))
    conn = Connection(send=ws.send_text, close=_closer(ws), role=identity.role,
                      person=identity.person, device=identity.device)
    conn.push(encode(_welcome(council, identity, hello.get("since"))))
    council.hub.add(conn, _since(hello))
    try:
        await _receive_loop(ws, council, conn, lang)
    finally:
        council.hub.remove(conn)


async def _hello(ws: WebSocket) -> dict[str, Any]:
    try:
        raw = await asyncio.wait_for(ws.receive_text(), HELLO_TIMEOUT)
        hello = json.loads(raw)
    except (asyncio.TimeoutError, json.JSONDecodeError, KeyError, RuntimeError):
        raise Refusal(CLOSE_AUTH, "hello_first") from None
    if not isinstance(hello, dict) or hello.get("type") != "hello":
        raise Refusal(CLOSE_AUTH, "hello_first")
    return hello


async def authenticate(council: Council, hello: dict[str, Any], cookies: dict[str, str]) -> Identity:
    """The role asked for, if the credentials allow it."""
    asked = hello.get("as", "public")
    if asked == "public":  # a meeting closed to the public gets its `closed_session` view
        return Identity(Role.PUBLIC)
    if asked == "display":
        if not await council.access.is_display_key(_str(hello.get("key"))):
            raise Refusal(CLOSE_AUTH, "bad_display_key")
        return Identity(Role.DISPLAY)
    if asked in ("chair", "secretary"):
        if await council.access.session_role(cookies.get(SESSION_COOKIE)) != asked:
            raise Refusal(CLOSE_AUTH, "sign_in_required")
        chair = council.meeting.roster.chair if council.meeting.roster else None
        return Identity(Role(asked), chair.id if asked == "chair" and chair else None)
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


def _welcome(council: Council, identity: Identity, since: Any) -> dict[str, Any]:
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


async def _receive_loop(ws: WebSocket, council: Council, conn: Connection, lang: str) -> None:
    while True:
        frame = await ws.receive()
        if frame["type"] == "websocket.disconnect":
            return
        text = frame.get("text")
        if text is None:
            conn.push(encode({"type": "error", "error": error_body("binary_not_supported", lang)}))
            continue
        lang = await _message(council, conn, text, lang)


async def _message(council: Council, conn: Connection, text: str, lang: str) -> str:
    """Handle one frame; returns the connection's language (a `lang` message changes it)."""
    try:
        frame = json.loads(text)
    except json.JSONDecodeError:
        frame = None
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


async def _command(council: Council, conn: Connection, frame: Any, lang: str) -> None:
    cmd_id = frame.get("id") if isinstance(frame, dict) else None
    if not isinstance(cmd_id, str) or not 0 < len(cmd_id) <= MAX_ID or not isinstance(frame.get("cmd"), str):
        conn.push(encode({"type": "error", "error": error_body("malformed", lang)}))
        return
    actor = Actor(conn.role, conn.person)
    args = {k: v for k, v in frame.items() if k not in ("id", "cmd", "type")}
    if conn.role in READ_ONLY:
        outcome_error: Rejected | None = Rejected("read_only")
        seq = None
    else:
        outcome = await council.engine.submit(actor, Command(frame["cmd"], args), CommandKey(actor.label(), cmd_id))
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


def _person_lang(council: Council, person: str | None) -> str | None:
    roster = council.meeting.roster
    found = roster.person(person) if roster and person else None
    return found.lang if found else None
