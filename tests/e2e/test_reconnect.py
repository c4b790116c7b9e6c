"""The server restarts mid-meeting: every page says it lost the connection, comes back by
itself, and a command given meanwhile is carried out once."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .harness import HALL, LAPTOP, PHONE, Browsing, Server, shot, sign_in

pytestmark = pytest.mark.e2e

BACK = 15_000  # ms: the clients retry at most every 5 s


def test_pages_ride_out_a_server_restart(browsing: Browsing, server: Server) -> None:
    secretary = browsing.open(LAPTOP)
    sign_in(secretary, server, "secretary")
    secretary.goto(f"{server.url}/secretary/cards?group=kesk")
    link = secretary.locator(".card .link").first.inner_text()
    browsing.allow(r"404.*/favicon\.ico")  # the server's cards page names no icon
    phone = browsing.open(PHONE)
    phone.goto(link)
    phone.get_by_role("link", name="Avaa kokousnäkymä").click()
    screen = browsing.open(HALL)
    screen.goto(f"{server.url}/screen?key={server.display_key}")
    chair = browsing.open(LAPTOP)
    sign_in(chair, server, "chair")
    # Everything loaded (the screen fetches its second language's strings late) before the stop.
    expect(phone.locator(".status")).to_have_text("Yhteys toimii")
    expect(screen.locator(".phase")).to_contain_text("Sammanträdet har inte öppnats")
    expect(chair.locator(".controls .phase")).to_have_text("Sammanträdet har inte öppnats")

    server.stop()
    browsing.allow(r"WebSocket connection to .* failed")  # the retries while it is down
    expect(phone.locator(".status")).to_have_text("Yhteys katkennut, yhdistetään…")
    expect(screen.locator(".connection")).to_contain_text("Anslutningen bröts, återansluter…")
    shot(phone, "reconnect-lost-phone")
    shot(screen, "reconnect-lost-hall")

    chair.get_by_role("button", name="Öppna sammanträdet").click()
    expect(chair.get_by_text("Skickar…")).to_be_visible()

    server.start()  # same data, same port
    expect(phone.locator(".status")).to_have_text("Yhteys toimii", timeout=BACK)
    expect(chair.locator(".controls .phase")).to_have_text("Sammanträdet öppnat", timeout=BACK)
    expect(chair.get_by_role("alert")).to_be_hidden()  # sent once: no "already open"
    expect(phone.locator(".phase")).to_have_text("Kokous avattu", timeout=BACK)
    expect(screen.locator(".phase")).to_contain_text("Sammanträdet öppnat", timeout=BACK)
    expect(screen.locator(".connection")).to_be_empty()
    shot(screen, "reconnect-back-hall")
