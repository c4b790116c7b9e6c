"""The Starlette application: pages, the pairing and sign-in API, and the websocket endpoint."""

from __future__ import annotations

import asyncio
import json
import time
from collections import deque
from contextlib import asynccontextmanager
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any, AsyncIterator, Awaitable, Callable

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from starlette.websockets import WebSocket

from . import session
from .auth import STAFF_ROLES, PairingError, digest
from .cards import cards_page, display_key_page
from .council import Council
from .exports.statistics import BREAKDOWNS
from .exports.statistics import to_json as statistics_json
from .exports.statistics import to_svg as statistics_svg
from .exports.summary import BOTH
from .exports.summary import to_json as summary_json
from .exports.summary import to_posts as summary_posts
from .exports.summary import to_text as summary_text
from .i18n import LANGUAGES, language, load_catalog, message
from .rosterfile import RosterFileError, read_agenda, read_roster
from .exports.opendata import akoma_ntoso, popolo
from .rules import Actor, Recorded, Role, replay
from .rules.agenda import parse_agenda
from .rules.minutes import may_read_draft, public_items
from .session import DEVICE_COOKIE, SESSION_COOKIE
from .untrusted import Unreadable, read_json

ROOT = Path(__file__).resolve().parent.parent
WEB, DISPLAYS = ROOT / "web", ROOT / "displays"

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
]
DEVICE_MAX_AGE = 400 * 24 * 3600  # a council term's year; revocable at any time
LOGIN_WINDOW = 60.0  # seconds over which failed sign-ins are counted (LoginThrottle)
LOGIN_FAILURES = 10  # failures allowed in the window to one known browser, or from one address
LOGIN_ROLE_FAILURES = 30  # ... and from all browsers not known for the role together
BROWSER_COOKIE = "chamber_browser_{role}"  # a browser that has signed in for the role before
MAX_ROSTER_FILE = 1_000_000  # bytes; a council of hundreds with substitutes is a few tens of kB
MAX_JSON_BODY = 65_536  # bytes of a pairing or sign-in request (a real one is under 200), as a frame

PAGES = {
    "/": WEB / "index.html",
    "/member": WEB / "member.html",
    "/pair": WEB / "pair.html",
    "/login": WEB / "login.html",
    "/public": WEB / "public.html",
    "/screen": DISPLAYS / "screen.html",
    "/overlay": DISPLAYS / "overlay.html",
}
CONSOLES = {"/chair": "chair", "/secretary": "secretary"}
SUMMARY_FORMATS = ("text", "json", "social")
STATISTICS_FORMATS = ("json", "svg")
MINUTES_FORMATS = ("html", "pdf")
EXPORT_FORMATS = ("popolo", "akn")


class SecurityHeaders:
    """Add the Content-Security-Policy and friends to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(msg: Message) -> None:
            if msg["type"] == "http.response.start":
                msg["headers"] = [*msg.get("headers", []), *SECURITY_HEADERS]
            await send(msg)

        await self.app(scope, receive, send_with_headers)


def council_of(request: Request | WebSocket) -> Council:
    return request.app.state.council


def front_of(request: Request | WebSocket) -> session.Front:
    """What serves the pages shared with the replicas: the council, or a fan-out replica."""
    return request.app.state.council


def request_lang(request: Request) -> str:
    return language(request.query_params.get("lang") or request.headers.get("accept-language", "")[:2])


def error(code: str, request: Request, status: int = 400, **params: Any) -> JSONResponse:
    lang = request_lang(request)
    return JSONResponse(
        {"error": {"code": code, "message": message(code, lang, params), "params": params}}, status
    )


async def body_within(request: Request, limit: int) -> bytes | None:
    """The request's body, or None when it is longer than `limit` bytes (read no further: a
    client must not make the server hold a body of its choosing) or the client went away."""
    body = bytearray()
    try:
        async for chunk in request.stream():
            body += chunk
            if len(body) > limit:
                return None
    except ClientDisconnect:
        return None
    return bytes(body)


async def json_body(request: Request) -> dict[str, Any]:
    """The JSON object posted, or {} for anything else: too long, unreadable, not an object."""
    body = await body_within(request, MAX_JSON_BODY)
    try:
        value = read_json(body) if body is not None else None
    except Unreadable:
        return {}
    return value if isinstance(value, dict) else {}


def page(path: Path) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        return FileResponse(path, headers={"cache-control": "no-cache"})

    return endpoint


def console(role: str, path: Path) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        if await council_of(request).access.session_role(request.cookies.get(SESSION_COOKIE)) != role:
            return RedirectResponse(f"/login?next=/{role}", 303)
        return FileResponse(path, headers={"cache-control": "no-cache"})

    return endpoint


async def staff_role(request: Request) -> str | None:
    return await council_of(request).access.session_role(request.cookies.get(SESSION_COOKIE))


# --- pairing ------------------------------------------------------------------------


async def pair(request: Request) -> Response:
    council = council_of(request)
    code = (await json_body(request)).get("code")
    if not isinstance(code, str) or not 0 < len(code) <= 128:
        return error("pairing_code_invalid", request)
    try:
        person_id, token = await council.access.pair(code)
    except PairingError as refusal:
        return error(refusal.code, request)
    person = council.meeting.roster.person(person_id) if council.meeting.roster else None
    response = JSONResponse(
        {"person": {"id": person_id, "name": person.name if person else person_id,
                    "lang": person.lang if person else "fi"}}
    )
    response.set_cookie(DEVICE_COOKIE, token, max_age=DEVICE_MAX_AGE, httponly=True,
                        samesite="lax", secure=request.url.scheme == "https")
    return response


async def cards(request: Request) -> Response:
    council = council_of(request)
    if await staff_role(request) != "secretary":
        return RedirectResponse("/login?next=/secretary/cards", 303)
    roster = council.meeting.roster
    assert roster is not None
    group = request.query_params.get("group")
    person = request.query_params.get("person")
    people = [p for p in roster.people
              if (group is None or p.group == group) and (person is None or p.id == person)]
    codes = await council.access.issue_codes([p.id for p in people])
    base = request.app.state.public_url or str(request.base_url)
    return HTMLResponse(cards_page(roster, people, codes, base), headers={"cache-control": "no-store"})


async def display_key_card(request: Request) -> Response:
    """The display key's printable QR codes (README, "Running a real council"), secretary only."""
    council = council_of(request)
    if await staff_role(request) != "secretary":
        return RedirectResponse("/login?next=/secretary/display-key", 303)
    key = await council.access.display_key()
    base = request.app.state.public_url or str(request.base_url)
    name = council.meeting.roster.name if council.meeting.roster else ""
    return HTMLResponse(display_key_page(name, key, base), headers={"cache-control": "no-store"})


async def devices(request: Request) -> Response:
    council = council_of(request)
    if await staff_role(request) != "secretary":
        return error("sign_in_required", request, 401)
    roster = council.meeting.roster
    listed = []
    for d in await council.access.devices():
        person = roster.person(d.person) if roster else None
        listed.append({"id": d.id, "person": d.person, "name": person.name if person else d.person,
                       "created": d.created, "last_seen": d.last_seen, "revoked": d.revoked})
    return JSONResponse({"devices": listed})


async def revoke(request: Request) -> Response:
    council = council_of(request)
    if await staff_role(request) != "secretary":
        return error("sign_in_required", request, 401)
    try:
        device_id = int(request.path_params["id"])
    except ValueError:  # not a number, or one of more than 4,300 digits
        return error("no_such_device", request, 404)
    if not 0 < device_id < 2**63 or not await council.access.revoke(device_id):  # SQLite's row ids
        return error("no_such_device", request, 404)
    await council.hub.close_where(lambda c: c.device == device_id, session.CLOSE_REVOKED, "device_revoked")
    return JSONResponse({"ok": True})


async def read_roster_file(request: Request) -> Response:
    """A roster file the secretary uploads, read and checked; the console shows it and sends
    `replace_roster` once the secretary has looked it over. Nothing changes here."""
    if await staff_role(request) != "secretary":
        return error("sign_in_required", request, 401)
    body = await body_within(request, MAX_ROSTER_FILE)
    if body is None:
        return error("roster_file_invalid", request, 413, detail=f"> {MAX_ROSTER_FILE // 1000} kB")
    try:
        roster = read_roster(body, request.query_params.get("name", ""))
    except RosterFileError as err:
        return error("roster_file_invalid", request, detail=_file_problem(err, request_lang(request)))
    too_large = _beyond_one_frame(request, {"cmd": "replace_roster", "roster": roster.to_dict()}, "roster_file_too_large")
    return too_large or JSONResponse({"roster": roster.to_dict()})


async def read_agenda_file(request: Request) -> Response:
    """An agenda file the secretary uploads, read and checked; the console shows it and sends
    `replace_agenda` once the secretary has looked it over. Nothing changes here. The items come
    back as the agenda will hold them, and only if that command fits in one frame."""
    if await staff_role(request) != "secretary":
        return error("sign_in_required", request, 401)
    body = await body_within(request, MAX_ROSTER_FILE)
    if body is None:
        return error("agenda_file_invalid", request, 413, detail=f"> {MAX_ROSTER_FILE // 1000} kB")
    try:
        agenda = [item.entry() for item in parse_agenda(read_agenda(body, request.query_params.get("name", "")))]
    except RosterFileError as err:
        return error("agenda_file_invalid", request, detail=_file_problem(err, request_lang(request)))
    too_large = _beyond_one_frame(request, {"cmd": "replace_agenda", "agenda": agenda}, "agenda_file_too_large")
    return too_large or JSONResponse({"agenda": agenda})


def _beyond_one_frame(request: Request, command: dict[str, Any], code: str) -> Response | None:
    """The refusal of a file whose command, sent from the console, would not fit in one frame
    (MAX_JSON_BODY, the frames' limit too: docs/protocol.md); None when it fits."""
    size = len(json.dumps(command, ensure_ascii=False).encode())
    if size <= MAX_JSON_BODY:
        return None
    return error(code, request, size=-(-size // 1000), limit=MAX_JSON_BODY // 1000)


def _file_problem(err: RosterFileError, lang: str) -> str:
    """Where the file is wrong and what is wrong, in `lang`."""
    return err.message(lang)


# --- sign-in ------------------------------------------------------------------------


Budget = tuple[tuple[str, ...], int]  # what failures are counted against, and how many it allows


class LoginThrottle:
    """Slow password guessing down without letting the guesser lock the staff out (OWASP's
    device cookies). A browser that has signed in for a role carries a cookie that says so, and
    only its own failures count against it. Failures of other browsers count per role and
    address, so that guessing from the hall's shared address (or from loopback) locks out
    neither the other role nor the chair's own browser; and all together per role, so that many
    or made-up addresses do not make guessing fast."""

    def __init__(self) -> None:
        self.failures: dict[tuple[str, ...], deque[float]] = {}

    @staticmethod
    def budgets(role: str, address: str, browser: str | None) -> list[Budget]:
        """What an attempt counts against; `browser` is the digest of a known browser's cookie."""
        if browser is not None:
            return [(("browser", browser), LOGIN_FAILURES)]
        return [(("address", role, address), LOGIN_FAILURES), (("role", role), LOGIN_ROLE_FAILURES)]

    def blocked(self, budgets: list[Budget]) -> bool:
        self._forget()
        return any(len(self.failures.get(key, ())) >= allowed for key, allowed in budgets)

    def attempt(self, budgets: list[Budget]) -> None:
        """Count an attempt as failed from the start: the password check takes a while, and
        attempts made in parallel must not all find the budget unspent."""
        for key, _ in budgets:
            self.failures.setdefault(key, deque()).append(time.monotonic())

    def succeeded(self, budgets: list[Budget]) -> None:
        """Take back the attempt that turned out right."""
        for key, _ in budgets:
            recent = self.failures.get(key)
            if recent:
                recent.pop()

    def _forget(self) -> None:
        """Drop the failures older than the window, and what is left with none (what is kept
        stays small: blocked attempts are not counted)."""
        since = time.monotonic() - LOGIN_WINDOW
        for key in list(self.failures):
            recent = self.failures[key]
            while recent and recent[0] < since:
                recent.popleft()
            if not recent:
                del self.failures[key]


async def login(request: Request) -> Response:
    council, throttle = council_of(request), request.app.state.throttle
    body = await json_body(request)
    role, password = body.get("role"), body.get("password")
    if role not in STAFF_ROLES or not isinstance(password, str):
        return error("bad_argument", request, field="role")
    cookie = BROWSER_COOKIE.format(role=role)
    browser = request.cookies.get(cookie)
    known = browser if await council.access.known_browser(role, browser) else None
    address = request.client.host if request.client else "?"
    budgets = throttle.budgets(role, address, digest(known) if known else None)
    if throttle.blocked(budgets):
        return error("too_many_attempts", request, 429)
    throttle.attempt(budgets)
    token = await council.access.sign_in(role, password)
    if token is None:
        return error("wrong_password", request, 401)
    throttle.succeeded(budgets)
    secure = request.url.scheme == "https"
    response = JSONResponse({"role": role})
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="strict", secure=secure)
    response.set_cookie(cookie, known or await council.access.remember_browser(role),
                        max_age=DEVICE_MAX_AGE, path="/api/login", httponly=True, samesite="strict",
                        secure=secure)
    return response


async def logout(request: Request) -> Response:
    """End the session, and with it the consoles it has open (in other tabs too)."""
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        council, hashed = council_of(request), digest(token)
        await council.access.sign_out(token)
        await session.end(council, lambda c: c.role in session.STAFF and c.credential == hashed,
                          session.CLOSE_SIGNED_OUT, "signed_out")
    response = JSONResponse({"ok": True})
    response.delete_cookie(SESSION_COOKIE)
    return response


# --- the rest -----------------------------------------------------------------------


@lru_cache(maxsize=None)
def ui_strings(lang: str) -> bytes:
    """The pages' strings in one language, from every catalog in web/i18n/ (one per page group)."""
    catalog = load_catalog(sorted((WEB / "i18n").glob("*.json")))
    return json.dumps({k: v.get(lang) or v["fi"] for k, v in catalog.items()}, ensure_ascii=False).encode()


async def strings(request: Request) -> Response:
    lang = request.path_params["lang"]
    if lang not in LANGUAGES:
        return error("bad_argument", request, 404, field="lang")
    return Response(ui_strings(lang), media_type="application/json")


async def renew_display_key(request: Request) -> Response:
    """A new display key, from the secretary's console: the screens on the old one close at once."""
    council = council_of(request)
    if await staff_role(request) != "secretary":
        return error("sign_in_required", request, 401)
    key = await council.access.display_key(renew=True)
    await session.end_lapsed(council)
    return JSONResponse({"key": key}, headers={"cache-control": "no-store"})


async def decision_summary(request: Request) -> Response:
    """The decisions so far, for the media (README, "Decision summary"): as of the last commit,
    so a decision declared is here at the next request. A closed meeting's only to the secretary,
    but for the items the chair released."""
    council = council_of(request)
    summary = council.outputs.summary
    assert summary is not None  # made when the council opened
    lang, form = request.query_params.get("lang", "fi"), request.query_params.get("format", "text")
    if lang not in (*LANGUAGES, BOTH):
        return error("bad_argument", request, field="lang")
    if form not in SUMMARY_FORMATS:
        return error("bad_argument", request, field="format")
    if not summary.public and await staff_role(request) != "secretary":
        released = council.meeting.minutes.released
        if not released:
            return error("summary_closed_meeting", request, 404)
        # what the chair released of a closed meeting is public: that part, and nothing else
        summary = replace(summary, public=True, items=tuple(d for d in summary.items if d.item in released))
    headers = {"cache-control": "no-cache"}
    if form == "json":
        return JSONResponse(summary_json(summary, lang), headers=headers)
    render = summary_posts if form == "social" else summary_text
    return Response(render(summary, lang), media_type="text/plain; charset=utf-8", headers=headers)


async def speaking_statistics(request: Request) -> Response:
    """Speaking time for the staff consoles (README, "Speaking statistics"), as of the last commit:
    the JSON of every breakdown, or the chart of one (`by`) as SVG."""
    council = council_of(request)
    if await staff_role(request) not in STAFF_ROLES:
        return error("sign_in_required", request, 401)
    query = request.query_params
    lang, by, form = query.get("lang", "fi"), query.get("by", "group"), query.get("format", "json")
    for field, value, allowed in (("lang", lang, LANGUAGES), ("by", by, BREAKDOWNS),
                                  ("format", form, STATISTICS_FORMATS)):
        if value not in allowed:
            return error("bad_argument", request, field=field)
    stats = council.outputs.statistics
    assert stats is not None  # made when the council opened
    headers = {"cache-control": "no-cache"}
    if form == "svg":
        return Response(statistics_svg(stats, lang, by), media_type="image/svg+xml", headers=headers)
    return JSONResponse(statistics_json(stats), headers=headers)


async def minutes_document(request: Request) -> Response:
    """The minutes (docs/minutes.md) as a page or as PDF/A, drawn from the log as committed.

    The draft is for the staff and the minutes checkers (signed in, or on their paired phone);
    once published, the minutes are for all, and of a meeting closed to the public only the
    items the chair released. Made in a worker thread: a PDF takes a while, the hall does not."""
    council = council_of(request)
    query = request.query_params
    lang, form = query.get("lang", "fi"), query.get("format", "html")
    for field, value, allowed in (("lang", lang, (*LANGUAGES, BOTH)), ("format", form, MINUTES_FORMATS)):
        if value not in allowed:
            return error("bad_argument", request, field=field)
    m = council.meeting
    reader = await minutes_reader(request)
    if m.minutes.published is None and not reader:
        return error("minutes_not_published", request, 403)
    only = None if m.public or reader else set(public_items(m))
    body = await council.outputs.minutes(council.log, council.engine.meeting_id, lang, form, only)
    headers = {"cache-control": "no-cache"}
    if form == "pdf":
        headers["content-disposition"] = f'inline; filename="{m.id}-{lang}.pdf"'
        return Response(body, media_type="application/pdf", headers=headers)
    return HTMLResponse(body, headers=headers)


async def open_data(request: Request) -> Response:
    """The meeting as open data (docs/opendata.md), from the log as committed: Popolo JSON or an
    Akoma Ntoso debate. Of a meeting closed to the public, the items the chair released, but to
    the secretary."""
    council = council_of(request)
    query = request.query_params
    form, lang = query.get("format", "popolo"), query.get("lang", "fi")
    for field, value, allowed in (("format", form, EXPORT_FORMATS), ("lang", lang, LANGUAGES)):
        if value not in allowed:
            return error("bad_argument", request, field=field)
    whole = council.meeting.public or await staff_role(request) == "secretary"
    events = await council.log.events(council.engine.meeting_id)
    body = await asyncio.to_thread(export_document, events, form, lang, whole)
    headers = {"cache-control": "no-cache"}
    if form == "akn":
        return Response(body, media_type="application/akn+xml", headers=headers)
    return JSONResponse(body, headers=headers)


def export_document(events: list[Recorded], form: str, lang: str, whole: bool) -> Any:
    m = replay(events)
    items = None if whole else m.minutes.released
    return akoma_ntoso(m, items, lang) if form == "akn" else popolo(m, items)


async def minutes_reader(request: Request) -> bool:
    """Whether the rules let this reader see the draft: the staff signed in, or a paired phone's
    person (`rules.minutes.may_read_draft`)."""
    council = council_of(request)
    role = await staff_role(request)
    if role in STAFF_ROLES:
        return may_read_draft(council.meeting, Actor(Role(role)))
    token = request.cookies.get(DEVICE_COOKIE)
    device = await council.access.device(token) if token else None
    return device is not None and device.revoked is None and \
        may_read_draft(council.meeting, Actor(Role.MEMBER, device.person))


async def healthz(request: Request) -> Response:
    """Alive; and where a public meeting is. Of a meeting closed to the public, nothing more."""
    council = front_of(request)
    if not council.meeting.public:
        return JSONResponse({"ok": True})
    return JSONResponse({"ok": True, "meeting": council.meeting.id, "seq": council.hub.seq,
                         "connections": len(council.hub.connections)})


async def websocket(ws: WebSocket) -> None:
    await session.serve(ws, front_of(ws))


def static_routes() -> list[Route | Mount | WebSocketRoute]:
    """What the engine's process and a fan-out replica both serve: the pages that need no
    sign-in, their strings and files, the websocket and the health check."""
    return [
        *(Route(path, page(file)) for path, file in PAGES.items()),
        Route("/i18n/{lang}.json", strings),
        Route("/healthz", healthz),
        WebSocketRoute("/ws", websocket),
        Mount("/static", StaticFiles(directory=WEB), name="static"),
        Mount("/displays", StaticFiles(directory=DISPLAYS), name="displays"),
    ]


def create_app(open_council: Callable[[], Awaitable[Council]], public_url: str | None = None) -> Starlette:
    """The application; `open_council` is called at start-up (the data dir, the meeting)."""

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        app.state.council = await open_council()
        app.state.council.tasks.add(asyncio.create_task(session.watch_access(app.state.council)))
        app.state.throttle = LoginThrottle()
        app.state.public_url = public_url
        try:
            yield
        finally:
            await app.state.council.hub.close_where(lambda c: True, 1012, "restarting")
            await app.state.council.close()

    routes = [
        *(Route(path, console(role, WEB / f"{role}.html")) for path, role in CONSOLES.items()),
        Route("/secretary/cards", cards),
        Route("/secretary/display-key", display_key_card),
        Route("/api/pair", pair, methods=["POST"]),
        Route("/api/login", login, methods=["POST"]),
        Route("/api/logout", logout, methods=["POST"]),
        Route("/api/devices", devices),
        Route("/api/devices/{id}/revoke", revoke, methods=["POST"]),
        Route("/api/roster-file", read_roster_file, methods=["POST"]),
        Route("/api/agenda-file", read_agenda_file, methods=["POST"]),
        Route("/api/display-key/renew", renew_display_key, methods=["POST"]),
        Route("/api/summary", decision_summary),
        Route("/api/statistics", speaking_statistics),
        Route("/api/minutes", minutes_document),
        Route("/api/export", open_data),
        *static_routes(),
    ]
    return Starlette(routes=routes, middleware=[Middleware(SecurityHeaders)], lifespan=lifespan)
