"""The chair's console driven by keyboard alone (DESIGN.md: "must be drivable by keyboard alone")."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .harness import LAPTOP, Browsing, Server, shot

pytestmark = pytest.mark.e2e

# What the focused element is, for a person reading a failure.
FOCUSED = "(() => { const e = document.activeElement; return e.getAttribute('aria-label') || e.textContent.trim() || e.id || e.tagName })()"


def tab_stops(page: Page, limit: int = 80) -> list[str]:
    """Every element Tab reaches, once round the page."""
    page.locator("body").focus()
    stops: list[str] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUSED)
        if stops and stop == stops[0]:
            break
        stops.append(stop)
    return stops


def tab_to(page: Page, name: str, limit: int = 40) -> None:
    """Press Tab until the element called `name` (its label, text or id) has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED) == name:
            return
    raise AssertionError(f"Tab never reached {name!r}")


def test_the_chair_runs_the_agenda_by_keyboard_alone(browsing: Browsing, server: Server) -> None:
    chair = browsing.open(LAPTOP)
    chair.goto(f"{server.url}/login?next=/chair")
    tab_to(chair, "password")
    chair.keyboard.type(server.chair_password)
    chair.keyboard.press("Enter")
    chair.wait_for_url(f"{server.url}/chair")
    # The chair of the demo council reads Swedish (her roster language).
    expect(chair.locator(".controls .phase")).to_have_text("Sammanträdet har inte öppnats")

    tab_to(chair, "Öppna sammanträdet")
    chair.keyboard.press("Enter")
    expect(chair.locator(".controls .phase")).to_have_text("Sammanträdet öppnat")

    # Every button of the console is a Tab stop.
    stops = tab_stops(chair)
    buttons = chair.locator("main button:visible, header button:visible")
    for i in range(buttons.count()):
        name = buttons.nth(i).get_attribute("aria-label") or buttons.nth(i).inner_text().strip()
        assert name in stops, f"Tab does not reach the button {name!r}"

    chair.keyboard.press("n")
    expect(chair.locator(".controls h2")).to_contain_text("Ärende 1:")
    chair.keyboard.press("n")
    expect(chair.locator(".controls h2")).to_contain_text("Ärende 2:")
    expect(chair.locator(".agenda-list li[data-state=pending]").first).to_contain_text("1")

    chair.keyboard.press("c")
    dialog = chair.get_by_role("dialog")
    expect(dialog).to_contain_text("ärende 2")
    expect(dialog.get_by_role("button", name="Avbryt")).to_be_focused()  # the safe answer first
    shot(chair, "keyboard-confirm-laptop")
    chair.keyboard.press("Shift+Tab")
    chair.keyboard.press("Enter")
    expect(chair.locator(".agenda-list li").nth(1)).to_contain_text("Behandlat")
    expect(chair.locator(".controls h2")).to_have_text("Inget ärende är under behandling.")

    chair.keyboard.press("p")
    expect(chair.locator(".controls .phase")).to_have_text("Paus")
    chair.keyboard.press("p")
    expect(chair.locator(".controls .phase")).to_have_text("Sammanträdet öppnat")

    for number in range(3, 11):
        chair.keyboard.press("n")
        expect(chair.locator(".controls h2")).to_contain_text(f"Ärende {number}:")
    # The last item has been reached: N says so instead of doing nothing.
    chair.keyboard.press("n")
    expect(chair.get_by_role("alert")).to_contain_text("inga obehandlade ärenden")
    shot(chair, "keyboard-end-of-agenda-laptop")
