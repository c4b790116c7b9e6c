"""A meeting closed to the public (a board, a committee): the public page, the hall screen and
the overlay show that it is in closed session and nothing of it, even while the chair takes up
an item. Screenshots: tests/artifacts/public-closed-phone.png, screen-closed-hall.png."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .harness import HALL, PHONE, ROOT, Browsing, Server, shot
from .test_screen_hall import Connection

pytestmark = pytest.mark.e2e

ITEM_1 = "Kokouksen laillisuus ja päätösvaltaisuus"


class ClosedServer(Server):
    """`chamber serve` with the example roster and agenda, closed to the public."""

    def command(self) -> list[str]:
        return [sys.executable, "-m", "chamber", "serve", "--data", str(self.data), "--port", str(self.port),
                "--host", "127.0.0.1", "--no-qr", "--closed",
                "--roster", str(ROOT / "examples" / "roster.json"), "--agenda", str(ROOT / "examples" / "agenda.json"),
                "--title", "fi=Kunnanhallituksen kokous", "--title", "sv=Kommunstyrelsens sammanträde"]


@pytest.fixture(scope="module")
def closed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    s = ClosedServer(Path(tmp_path_factory.mktemp("chamber-closed")))
    try:
        s.start()
        yield s
    finally:
        s.stop()


def test_a_closed_meeting_shows_nothing_of_itself(browsing: Browsing, closed: Server) -> None:
    chair = Connection.staff(closed, "chair")
    chair.cmd("open_meeting")
    chair.cmd("take_up_item", item=1)
    people = [f"{p['first']} {p['last']}" for p in chair.view["people"]]
    chair.close()

    phone = browsing.open(PHONE, is_mobile=True)
    phone.goto(f"{closed.url}/public")
    expect(phone.get_by_role("status").last).to_have_text("Kokous ei ole julkinen.")
    text = phone.locator("main").inner_text()
    assert ITEM_1 not in text and "Asia 1" not in text
    assert not any(name in text for name in people)
    shot(phone, "public-closed-phone")

    screen = browsing.open(HALL)
    screen.goto(f"{closed.url}/screen?key={closed.display_key}")
    expect(screen.locator(".message")).to_contain_text("Kokous ei ole julkinen.")
    expect(screen.locator(".message")).to_contain_text("Sammanträdet är inte offentligt.")
    assert ITEM_1 not in screen.locator("main").inner_text()
    expect(screen.locator(".item-number")).to_have_count(0)
    shot(screen, "screen-closed-hall")

    overlay = browsing.open(HALL)
    overlay.goto(f"{closed.url}/overlay?key={closed.display_key}")
    expect(overlay.locator("body.ready")).to_be_attached()
    overlay.wait_for_timeout(500)
    expect(overlay.locator(".lower-third")).to_have_count(0)
    expect(overlay.locator(".banner")).to_have_count(0)
