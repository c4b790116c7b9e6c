"""Accessibility (WCAG 2.1 AA) of every page, checked by axe-core in the state people see it in
during a meeting (open, item 1 under consideration), and reflow at 200 % text."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from .harness import HALL, LAPTOP, PHONE, Browsing, Server, axe_problems, shot, sign_in

pytestmark = pytest.mark.e2e



@pytest.fixture(scope="module")
def unused_cards(server: Server, browser: Browser) -> Iterator[list[str]]:
    """Open the meeting and take up item 1, once for the module; yields pairing links that a
    test may pop() and use."""
    b = Browsing(browser)
    chair = b.open(LAPTOP)
    sign_in(chair, server, "chair")
    chair.get_by_role("button", name="Öppna sammanträdet").click()
    chair.get_by_role("button", name="Ta upp till behandling: ärende 1", exact=True).click()
    expect(chair.locator(".agenda-list li[aria-current=true]")).to_have_count(1)
    secretary = b.open(LAPTOP)
    sign_in(secretary, server, "secretary")
    secretary.goto(f"{server.url}/secretary/cards?group=sdp")
    links = secretary.locator(".card .link").all_inner_texts()
    # One card pairs a phone now, so the secretary's device list has a row to check.
    b.open(PHONE).goto(links[0])
    yield links[1:]
    for context in b.contexts:
        context.close()


def checked(page: Page, name: str) -> None:
    shot(page, name)
    problems = axe_problems(page)
    assert not problems, f"{name}:\n" + "\n".join(problems)


# bypass_csp: axe is injected as a script of its own, which the pages' CSP would refuse.
@pytest.mark.parametrize("path, viewport", [
    ("/", PHONE), ("/public", PHONE), ("/login", PHONE), ("/login", LAPTOP), ("/pair", PHONE),
])
def test_pages_without_sign_in(browsing: Browsing, server: Server, unused_cards: list[str],
                               path: str, viewport: dict[str, int]) -> None:
    page = browsing.open(viewport, bypass_csp=True)
    page.goto(server.url + path)
    expect(page.locator("body.ready")).to_be_visible()
    page.wait_for_load_state("networkidle")
    checked(page, f"axe-{path.strip('/') or 'index'}-{viewport['width']}")


def test_member_phone(browsing: Browsing, server: Server, unused_cards: list[str]) -> None:
    page = browsing.open(PHONE, bypass_csp=True)
    page.goto(unused_cards.pop())
    expect(page.get_by_role("link", name="Öppna sammanträdesvyn")).to_be_visible()  # Stig Åberg reads Swedish
    checked(page, "axe-pair-done-360")
    page.goto(f"{server.url}/member")
    expect(page.locator(".proposal")).not_to_be_empty()
    checked(page, "axe-member-360")


def test_unpaired_member_phone(browsing: Browsing, server: Server, unused_cards: list[str]) -> None:
    page = browsing.open(PHONE, bypass_csp=True)
    page.goto(f"{server.url}/member")
    expect(page.get_by_role("alert")).to_be_visible()
    checked(page, "axe-member-unpaired-360")


def test_chair_console_and_its_question(browsing: Browsing, server: Server, unused_cards: list[str]) -> None:
    page = browsing.open(LAPTOP, bypass_csp=True)
    sign_in(page, server, "chair")
    expect(page.locator(".agenda-list li[aria-current=true]")).to_have_count(1)
    checked(page, "axe-chair-1280")
    page.keyboard.press("c")
    expect(page.locator("dialog")).to_be_visible()
    checked(page, "axe-chair-confirm-1280")
    page.keyboard.press("Escape")


def test_secretary_console(browsing: Browsing, server: Server, unused_cards: list[str]) -> None:
    page = browsing.open(LAPTOP, bypass_csp=True)
    sign_in(page, server, "secretary")
    expect(page.locator(".devices tbody tr").first).to_be_visible()
    checked(page, "axe-secretary-1280")


@pytest.mark.parametrize("path", ["/screen", "/overlay"])
def test_displays(browsing: Browsing, server: Server, unused_cards: list[str], path: str) -> None:
    page = browsing.open(HALL, bypass_csp=True)
    page.goto(f"{server.url}{path}?key={server.display_key}")
    expect(page.get_by_text("Asia 1")).to_be_visible()
    checked(page, f"axe-{path.strip('/')}-1920")


@pytest.mark.parametrize("path, viewport", [
    ("/member", PHONE), ("/public", PHONE), ("/login", PHONE), ("/pair", PHONE), ("/chair", LAPTOP),
])
def test_text_at_200_percent_reflows(browsing: Browsing, server: Server, unused_cards: list[str],
                                     path: str, viewport: dict[str, int]) -> None:
    """WCAG 1.4.4 and 1.4.10: twice the text size, no sideways scrolling, nothing cut off."""
    page = browsing.open(viewport)
    if path == "/member":
        page.goto(unused_cards.pop())
        expect(page.get_by_role("status")).to_be_visible()
    if path == "/chair":
        sign_in(page, server, "chair")
    page.goto(server.url + path)
    expect(page.locator("body.ready")).to_be_visible()
    page.wait_for_load_state("networkidle")
    # The browser's own text-size setting (what a person with low vision changes), so that rem
    # sizes and rem media queries both follow, as they would for that person.
    page.context.new_cdp_session(page).send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    # Not full-page: resizing the page for that would undo the font-size setting.
    shot(page, f"text200-{path.strip('/')}-{viewport['width']}", full_page=False)
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 200 % text"
