"""What the browser tests share: a `chamber demo` server in a subprocess, browser pages that
report problems, screenshots, accessibility scans, signing in as a person would, and a protocol
client for the chair, the secretary and simulated phones."""

from __future__ import annotations

import html
import itertools
import json
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, expect
from websockets.sync.client import connect

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
START_TIMEOUT = 30.0

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

PHONE = {"width": 360, "height": 640}
LAPTOP = {"width": 1280, "height": 800}
HALL = {"width": 1920, "height": 1080}


class Server:
    """`chamber demo` on a free loopback port; stop() and start() again keep its data, as a
    real restart would (the demo sets new passwords at every start)."""

    def __init__(self, data: Path) -> None:
        self.data = data
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.output: list[str] = []  # what the server printed, for a failing test's report
        self.proc: subprocess.Popen[str] | None = None
        self.chair_password = self.secretary_password = self.display_key = ""

    def command(self) -> list[str]:
        """What to run: `chamber demo` on this port and data directory."""
        return [sys.executable, "-m", "chamber", "demo", "--data", str(self.data), "--port", str(self.port),
                "--host", "127.0.0.1", "--no-qr"]

    def start(self) -> None:
        self.output.clear()
        self.proc = subprocess.Popen(self.command(), cwd=ROOT, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True)
        # Drain the pipe all along: a server blocked on a full stdout would hang the tests.
        proc, lines = self.proc, self.output
        threading.Thread(target=lambda: lines.extend(line.rstrip("\n") for line in proc.stdout), daemon=True).start()
        key, passwords = self._read_startup()
        self.display_key = key
        self.chair_password, self.secretary_password = passwords["chair"], passwords["secretary"]
        self._wait_healthy()

    def stop(self) -> None:
        if self.proc is None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc = None

    def _read_startup(self) -> tuple[str, dict[str, str]]:
        """Wait for the lines `display-key: K` and `passwords: chair=P secretary=Q` (or, from
        `chamber serve`, whose output here is no terminal, `passwords: new ones in FILE ...`)."""
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            text = "\n".join(self.output)
            key = re.search(r"^display-key: (\S+)$", text, re.M)
            passwords = re.search(r"^passwords: (.+)$", text, re.M)
            if key and passwords:
                written = re.match(r"new ones in (\S+)", passwords.group(1))
                pairs = Path(written.group(1)).read_text().split() if written else passwords.group(1).split()
                return key.group(1), dict(p.split("=", 1) for p in pairs)
            if self.proc.poll() is not None:
                break
            time.sleep(0.1)
        raise RuntimeError("chamber demo did not start:\n" + "\n".join(self.output))

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/healthz", timeout=2).json().get("ok"):
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"{self.url}/healthz never answered ok")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browsing:
    """Pages in contexts of their own (own cookies: one person each) that report problems.

    Every console error or warning, CSP violation or uncaught exception (an Alpine expression
    the CSP build cannot parse shows up as one) fails the test, unless a test expects it
    with allow(pattern).
    """

    def __init__(self, browser: Browser) -> None:
        self.browser = browser
        self.contexts: list[BrowserContext] = []
        self.problems: list[str] = []
        self.allowed: list[re.Pattern[str]] = []

    def open(self, viewport: dict[str, int] = LAPTOP, **options: Any) -> Page:
        context = self.browser.new_context(viewport=viewport, **options)
        self.contexts.append(context)
        page = context.new_page()
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.problems.append(f"uncaught: {exc}"))
        return page

    def _console(self, msg: ConsoleMessage) -> None:
        if msg.type in ("error", "warning"):
            self.problems.append(f"{msg.text} ({msg.location.get('url')})")

    def allow(self, pattern: str) -> None:
        self.allowed.append(re.compile(pattern))

    def unexpected(self) -> list[str]:
        return [p for p in self.problems if not any(a.search(p) for a in self.allowed)]


def shot(page: Page, name: str, full_page: bool = True) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")  # else a sticky bar is drawn where the page was scrolled to
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)


def sign_in(page: Page, server: Server, role: str) -> None:
    """Sign in through the login page, as a person would; lands on the console."""
    page.goto(f"{server.url}/login?next=/{role}")
    page.locator(f"input[name=role][value={role}]").check()
    page.locator("#password").fill(server.chair_password if role == "chair" else server.secretary_password)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(f"{server.url}/{role}")


def console_page(browsing: Browsing, server: Server, role: str) -> Page:
    """The chair's or the secretary's console at 1280×800, signed in, in Finnish."""
    page = browsing.open(LAPTOP, bypass_csp=True)  # bypass_csp: axe-core is injected as a script
    sign_in(page, server, role)
    page.get_by_role("button", name="Suomi").click()
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    return page


def axe_problems(page: Page) -> list[str]:
    """The serious and critical WCAG 2.1 A/AA violations on the page, one line each (axe-core)."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA)
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def axe_clean(page: Page, name: str) -> None:
    """A screenshot, and no serious or critical WCAG 2.1 A/AA violation."""
    shot(page, name)
    problems = axe_problems(page)
    assert not problems, f"{name}:\n" + "\n".join(problems)


class Client:
    """One websocket connection speaking the protocol: it says hello, sends commands and waits
    for their replies, and keeps the view it is sent meanwhile."""

    ids = itertools.count(1)

    def __init__(self, server: Server, hello: dict[str, Any], cookie: str | None = None) -> None:
        headers = {"Origin": server.url, **({"Cookie": cookie} if cookie else {})}
        self.ws = connect(f"ws://127.0.0.1:{server.port}/ws", additional_headers=headers,
                          max_size=2**20).__enter__()  # closed by close()
        self.view: dict[str, Any] = {}
        self.seq = -1
        self.ws.send(json.dumps({"type": "hello", "lang": "fi", **hello}))
        self.until(lambda m: m.get("type") == "snapshot")

    @classmethod
    def staff(cls, server: Server, role: str) -> "Client":
        """The chair or the secretary, signed in with the password the server printed."""
        return cls(server, {"as": role}, login(server, role))

    def next(self, timeout: float = 10) -> dict[str, Any]:
        """The next message; a snapshot or a view updates `view` (a view carries changed parts)."""
        msg = json.loads(self.ws.recv(timeout=timeout))
        if msg.get("type") == "snapshot":
            self.view, self.seq = msg["view"], msg["seq"]
        elif msg.get("type") == "view":
            self.view, self.seq = {**self.view, **msg["view"]}, msg["seq"]
        return msg

    def until(self, wanted: Callable[[dict[str, Any]], bool], timeout: float = 10) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            msg = self.next(max(0.01, deadline - time.monotonic()))
            if wanted(msg):
                return msg

    def send(self, cmd: str, **args: Any) -> dict[str, Any]:
        """Sends a command; returns its reply, accepting or refusing."""
        frame_id = f"t-{next(self.ids)}-{time.monotonic_ns()}"
        self.ws.send(json.dumps({**args, "id": frame_id, "cmd": cmd}))
        return self.until(lambda m: m.get("type") == "reply" and m.get("re") == frame_id)

    def ok(self, cmd: str, **args: Any) -> dict[str, Any]:
        reply = self.send(cmd, **args)
        assert reply["ok"], (cmd, args, reply)
        return reply

    def sync(self, seq: int) -> None:
        """Reads on until this connection's view includes the change numbered `seq`."""
        if self.seq < seq:
            self.until(lambda m: m.get("type") in ("view", "snapshot") and m["seq"] >= seq)

    def close(self) -> None:
        self.ws.close()


def login(server: Server, role: str) -> str:
    """A signed-in session of the chair or the secretary, as a Cookie header value."""
    password = server.chair_password if role == "chair" else server.secretary_password
    r = httpx.post(f"{server.url}/api/login", json={"role": role, "password": password})
    r.raise_for_status()
    return f"chamber_session={r.cookies['chamber_session']}"


def pairing_links(server: Server) -> dict[str, str]:
    """Every person's pairing link, by name, from the secretary's printable cards."""
    page = httpx.get(f"{server.url}/secretary/cards", headers={"Cookie": login(server, "secretary")}, timeout=60).text
    cards = re.findall(r"<h2>(.*?)</h2>.*?<p class=\"link\">(.*?)</p>", page, re.S)
    return {html.unescape(name): html.unescape(link) for name, link in cards}
