"""What the browser tests share: a `chamber demo` server in a subprocess, browser pages that
report problems, screenshots, and signing in as a person would."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
START_TIMEOUT = 30.0

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

    def start(self) -> None:
        self.output.clear()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "chamber", "demo", "--data", str(self.data), "--port", str(self.port),
             "--host", "127.0.0.1", "--no-qr"],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
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
        """Wait for the lines `display-key: K` and `passwords: chair=P secretary=Q`."""
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            text = "\n".join(self.output)
            key = re.search(r"^display-key: (\S+)$", text, re.M)
            passwords = re.search(r"^passwords: (.+)$", text, re.M)
            if key and passwords:
                return key.group(1), dict(p.split("=", 1) for p in passwords.group(1).split())
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
