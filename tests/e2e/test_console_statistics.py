"""Speaking time on the secretary's console (issue 16): after speeches, the chart and its table
by group, then by member; an axe-core scan of the console with the section.

The chair and the secretary act through the protocol (sync websocket clients), as their consoles
would; the tests of this module share one server and run in order.
"""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Page, expect

from .harness import Client, Server, axe_clean

pytestmark = pytest.mark.e2e

AINO, ULLA = "m12", "m05"  # the demo council's Aino Laine (SDP) and Ulla Granqvist (SFP)


def speak(chair: Client, person: str, seconds: float) -> None:
    """The chair adds `person` to the list, gives the floor, and ends the speech after `seconds`."""
    chair.ok("request_floor", kind="speech", on_behalf_of=person)
    chair.ok("give_floor")
    time.sleep(seconds)
    chair.ok("end_speech")


def drawn(page: Page) -> None:
    """Wait until the chart's image has loaded (the server answered with SVG it could draw)."""
    page.wait_for_function("() => { const img = document.querySelector('.stats-chart'); "
                           "return img.complete && img.naturalWidth > 0 }")


def test_the_speaking_time_table_follows_the_speeches(secretary: Page, server: Server, chair: Client) -> None:
    section = secretary.locator("section.speaking-time")
    expect(section.get_by_role("heading", name="Puheajat")).to_be_visible()
    expect(section).to_contain_text("Puheenvuoroja ei ole vielä käytetty.")

    desk = Client.staff(server, "secretary")
    chair.ok("open_meeting")
    for person in [p["id"] for p in desk.view["people"] if p["kind"] == "member"]:
        desk.ok("record_arrival", person=person)
    desk.close()
    chair.ok("take_up_item", item=chair.view["agenda"][0]["number"])
    chair.ok("open_discussion")
    speak(chair, AINO, 2.2)
    speak(chair, ULLA, 1.1)

    section.get_by_role("button", name="Päivitä").click()
    table = section.get_by_role("table", name="Puheajat koko kokouksessa valtuustoryhmittäin")
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table.locator("tbody tr").first).to_contain_text("SDP")
    expect(table.locator("tbody tr").first.locator("td").last).to_have_text("0:02")
    expect(table.locator("tfoot")).to_contain_text("Yhteensä")
    chart = section.get_by_role("img", name="Pylväskaavio puheajoista; luvut ovat viereisessä taulukossa.")
    expect(chart).to_have_attribute("src", re.compile(r"^/api/statistics\?lang=fi&by=group&format=svg&v=\d+$"))
    drawn(secretary)

    section.get_by_label("Puhujittain").check()
    table = section.get_by_role("table", name="Puheajat koko kokouksessa puhujittain")
    expect(table.locator("thead th")).to_have_text(["Puhuja", "Valtuustoryhmä", "Puheenvuoroja", "Aika (min:s)"])
    expect(table.locator("tbody th")).to_have_text(["Aino Laine", "Ulla Granqvist"])
    expect(table.locator("tbody tr").first.locator("td").first).to_have_text("SDP / Socialdemokraterna")
    expect(chart).to_have_attribute("src", re.compile(r"by=member&format=svg"))
    drawn(secretary)
    section.scroll_into_view_if_needed()
    axe_clean(secretary, "console-secretary-speaking-time")
