"""Browser tests: a real `chamber demo` server in a subprocess, driven by Debian's Chromium.

Each test module gets its own server with a fresh data directory, so a module may move the
meeting along (open it, take up items) without disturbing another. Screenshots go to
tests/artifacts/ (gitignored) for a person to look at.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
START_TIMEOUT = 30.0

PHONE = {"width": 360, "height": 640}
LAPTOP = {"width": 1280, "height": 800}
HALL = {"width": 1920, "height": 1080}


@dataclass(frozen=True)
class Server:
    url: str
    chair_password: str
    secretary_password: str
    display_key: str
    output: list[str]  # what the server printed, for a failing test's report


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _read_startup(lines: list[str], proc: subprocess.Popen[str]) -> tuple[str, dict[str, str]]:
    """Wait for the lines `display-key: K` and `passwords: chair=P secretary=Q`."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        text = "\n".join(lines)
        key = re.search(r"^display-key: (\S+)$", text, re.M)
        passwords = re.search(r"^passwords: (.+)$", text, re.M)
        if key and passwords:
            return key.group(1), dict(p.split("=", 1) for p in passwords.group(1).split())
        if proc.poll() is not None:
            break
        time.sleep(0.1)
    raise RuntimeError("chamber demo did not start:\n" + "\n".join(lines))


def _wait_healthy(url: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/healthz", timeout=2).json().get("ok"):
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url}/healthz never answered ok")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    port = free_port()
    data = tmp_path_factory.mktemp("chamber-data")
    proc = subprocess.Popen(
        [sys.executable, "-m", "chamber", "demo", "--data", str(data), "--port", str(port),
         "--host", "127.0.0.1", "--no-qr"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    lines: list[str] = []
    # Drain the pipe all along: a server blocked on a full stdout would hang the tests.
    threading.Thread(target=lambda: lines.extend(line.rstrip("\n") for line in proc.stdout), daemon=True).start()
    try:
        key, passwords = _read_startup(lines, proc)
        url = f"http://127.0.0.1:{port}"
        _wait_healthy(url)
        yield Server(url, passwords["chair"], passwords["secretary"], key, lines)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser: Browser) -> Iterator[Callable[..., Page]]:
    """open_page(viewport) -> a page in a context of its own (own cookies: one person each).

    Every console error, CSP violation or uncaught exception (an Alpine expression the CSP
    build cannot parse shows up as one) fails the test when it ends.
    """
    contexts = []
    problems: list[str] = []

    def open_(viewport: dict[str, int] = LAPTOP, **options: object) -> Page:
        context = browser.new_context(viewport=viewport, **options)
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda msg: msg.type in ("error", "warning") and problems.append(f"{msg.type}: {msg.text}"))
        page.on("pageerror", lambda exc: problems.append(f"pageerror: {exc}"))
        return page

    yield open_
    for context in contexts:
        context.close()
    assert not problems, "browser reported problems:\n" + "\n".join(problems)


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def sign_in(page: Page, server: Server, role: str) -> None:
    """Sign in through the login page, as a person would; lands on the console."""
    page.goto(f"{server.url}/login?next=/{role}")
    page.locator(f"input[name=role][value={role}]").check()
    page.locator("#password").fill(server.chair_password if role == "chair" else server.secretary_password)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(f"{server.url}/{role}")
