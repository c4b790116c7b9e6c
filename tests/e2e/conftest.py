"""Browser tests: a real `chamber demo` server in a subprocess, driven by Debian's Chromium
(Playwright never downloads a browser here).

Each test module gets its own server with a fresh data directory, so a module may move the
meeting along (open it, take up items) without disturbing another. Screenshots go to
tests/artifacts/ (gitignored) for a person to look at.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from .harness import Browsing, Client, Server, console_page

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A fresh server (fresh data) per test module, so a module may move its meeting along."""
    s = Server(tmp_path_factory.mktemp("chamber-data"))
    try:
        s.start()
        yield s
    finally:
        s.stop()


# Per module, not per session: while Playwright's sync API is alive it holds an asyncio loop
# running in this thread, and the project's async tests that follow could not start theirs.
@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def browsing(browser: Browser) -> Iterator[Browsing]:
    b = Browsing(browser)
    yield b
    for context in b.contexts:
        context.close()
    assert not b.unexpected(), "the browser reported problems:\n" + "\n".join(b.unexpected())


@pytest.fixture(scope="module")
def chair(server: Server) -> Iterator[Client]:
    """The chair's commands over the protocol, as the chair's console sends them."""
    c = Client.staff(server, "chair")
    yield c
    c.close()


@pytest.fixture
def secretary(browsing: Browsing, server: Server) -> Page:
    """The secretary's console at 1280×800, signed in, in Finnish."""
    return console_page(browsing, server, "secretary")


@pytest.fixture(scope="module")
def chair_page(server: Server, browser: Browser) -> Iterator[Page]:
    """The chair's console, one for the whole module, whose tests follow one meeting along."""
    b = Browsing(browser)
    yield console_page(b, server, "chair")
    problems = b.unexpected()
    for context in b.contexts:
        context.close()
    assert not problems, "the browser reported problems:\n" + "\n".join(problems)
