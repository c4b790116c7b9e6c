"""The chair's console under rules the demo does not have, through the real pages (issue 17): the
item's time limit set on the console and counted down on the hall screen and the phone (SQ-8),
the lot that orders groups of equal size shown as a lot (SQ-4), a disqualification the council
decided declared and ended from the console while the member's phone follows (LAW-9), tabling on
a minority's demand with the number needed counted live (VO-6b), an edited voting order that
makes no sense refused beside its step in Finnish (VO-R8), and the phone offering exactly the
requests the server's rules allow (`me.may_request`).

The server is the demo council with KOK and SDP both of seven (one SDP member moved to PS) and
the rules `group_size_tie_break = lot` and a minority right of a third: `chamber simulate` keeps a
scenario's log, and `chamber serve` continues that meeting. The tests of this module share the
server and run in order: the meeting moves along.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from .harness import (HALL, LAPTOP, PHONE, ROOT, Browsing, Client, Server, axe_clean, axe_problems, pairing_links,
                      shot, sign_in)

pytestmark = pytest.mark.e2e

DEMO = json.loads((ROOT / "chamber" / "demo_data" / "roster.json").read_text(encoding="utf-8"))
MOVED = {**next(p for p in DEMO["people"] if p["id"] == "m13"), "group": "ps"}  # Kenneth Back: SDP 7, KOK 7
MEMBERS = [p["id"] for p in DEMO["people"] if p.get("kind", "member") == "member"]
RULES = {"group_size_tie_break": "lot", "minority_tabling_numerator": 1, "minority_tabling_denominator": 3}
AINO, ULLA, MINNA, PEKKA = "m12", "m05", "m20", "m17"


class RulesServer(Server):
    """`chamber serve` continuing the meeting a scenario set up with these rules and groups."""

    def start(self) -> None:
        if not (self.data / "log.db").exists():
            scenario = self.data.parent / "rules-scenario.json"
            scenario.write_text(json.dumps({
                "format": 1, "title": "The demo council, KOK and SDP of equal size",
                "meeting_title": {"fi": "Kaupunginvaltuuston kokous", "sv": "Stadsfullmäktiges sammanträde"},
                "roster": "demo", "agenda": "demo", "rules": RULES,
                "steps": [{"actor": "secretary", "command": "change_person", "args": {"person": MOVED}}],
            }), encoding="utf-8")
            subprocess.run([sys.executable, "-m", "chamber", "simulate", str(scenario), "--data", str(self.data)],
                           cwd=ROOT, check=True, capture_output=True)
        super().start()

    def command(self) -> list[str]:
        return [sys.executable, "-m", "chamber", "serve", "--data", str(self.data), "--port", str(self.port),
                "--host", "127.0.0.1", "--no-qr"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    s = RulesServer(tmp_path_factory.mktemp("chamber-rules") / "data")
    s.data.mkdir()
    try:
        s.start()
        yield s
    finally:
        s.stop()


class Pages:
    """The pages the module's tests share: the chair's console, the hall screen, phones."""

    def __init__(self, browser: Browser, server: Server) -> None:
        self.browsing = Browsing(browser)
        self.server = server
        self.links = pairing_links(server)
        self.console = self.browsing.open(LAPTOP, bypass_csp=True)  # bypass_csp: axe-core is injected
        sign_in(self.console, server, "chair")
        self.console.get_by_role("button", name="Suomi").click()
        expect(self.console.locator("html")).to_have_attribute("lang", "fi")
        self.screen = self.browsing.open(HALL)
        self.screen.goto(f"{server.url}/screen?key={server.display_key}")
        self.phones: dict[str, Page] = {}

    def phone(self, name: str) -> Page:
        """A phone paired with the person's card, on the member page."""
        if name not in self.phones:
            phone = self.browsing.open(PHONE, is_mobile=True, has_touch=True, bypass_csp=True)
            phone.goto(self.links[name])
            expect(phone.get_by_role("status")).to_contain_text(name)
            phone.get_by_role("link").first.click()
            expect(phone.locator(".owner")).to_contain_text(name)
            phone.get_by_role("button", name="Suomi").click()  # whatever the person's own language
            expect(phone.locator("html")).to_have_attribute("lang", "fi")
            self.phones[name] = phone
        return self.phones[name]


@pytest.fixture(scope="module")
def pages(browser: Browser, server: Server) -> Iterator[Pages]:
    p = Pages(browser, server)
    yield p
    problems = p.browsing.unexpected()
    for context in p.browsing.contexts:
        context.close()
    assert not problems, "the browser reported problems:\n" + "\n".join(problems)


def slowly(chair: Client, cmd: str, **args: Any) -> dict[str, Any]:
    """A command of many in a row: staff connections are rate-limited."""
    time.sleep(0.1)
    return chair.ok(cmd, **args)


def confirm(page: Page, text: str) -> None:
    """Answer yes to the console's question."""
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text(text)
    dialog.locator("button[value=yes]").click()
    expect(dialog).to_be_hidden()


def ask_buttons(phone: Page) -> list[str]:
    """The request buttons the phone shows, by their names."""
    buttons = phone.locator(".floor .ask button")
    return [b.strip() for b in buttons.all_inner_texts()]


def phone_checked(phone: Page, name: str) -> None:
    shot(phone, name)
    problems = axe_problems(phone)
    assert not problems, f"{name}:\n" + "\n".join(problems)


def test_the_group_lot_and_the_items_time_limit_reach_the_hall_screen_and_the_phone(pages: Pages, chair: Client) -> None:
    console, screen = pages.console, pages.screen
    aino = pages.phone("Aino Laine")
    chair.ok("open_meeting")
    chair.ok("start_roll_call")
    for person in MEMBERS:
        slowly(chair, "mark_present", person=person)
    slowly(chair, "end_roll_call")
    slowly(chair, "take_up_item", item=2)
    expect(console.locator(".controls h2")).to_contain_text("Asia 2:")
    console.get_by_role("button", name="Avaa keskustelu").click()  # group addresses first (ticked)
    expect(console.locator(".floor .tag").first).to_have_text("Keskustelu käynnissä")

    # The lot that ordered KOK and SDP, as a lot, in both languages on the screen.
    lot = screen.locator(".item .lot")
    expect(lot).to_contain_text("Arpa ratkaisi ryhmäpuheenvuorojen järjestyksen")
    expect(lot).to_contain_text("Lotten avgjorde gruppanförandenas ordning")
    expect(lot.locator("strong")).to_have_text(re.compile(r"^(SDP / Socialdemokraterna, Kokoomus / Samlingspartiet"
                                                          r"|Kokoomus / Samlingspartiet, SDP / Socialdemokraterna)$"))
    drawn = lot.locator("strong").inner_text()
    chair.until(lambda _: (chair.view.get("floor") or {}).get("group_round") is not None)
    round_view = chair.view["floor"]["group_round"]
    assert [lot["order"] for lot in round_view["lots"]] == [["sdp", "kok"] if drawn.startswith("SDP") else ["kok", "sdp"]]
    shot(screen, "screen-group-lot-hall")
    console_lot = console.locator(".group-round .lot")
    expect(console_lot).to_contain_text("Arpa")
    expect(console_lot).to_contain_text("Arpa ratkaisi yhtä suurten ryhmien järjestyksen: " + drawn)

    # The phone offers what the rules allow: no reply yet (nothing to reply to); Aino chairs SDP.
    expect(aino.locator(".floor .ask")).to_be_visible()
    assert ask_buttons(aino) == ["Pyydä ryhmäpuheenvuoro ryhmälle", "Ryhmä ei käytä ryhmäpuheenvuoroa", "Pyydä puheenvuoro",
                                 "Työjärjestyspuheenvuoro", "Kannatuspuheenvuoro"]

    # The chair sets the item's limit for speeches: two minutes instead of the rules' five.
    limits = console.locator(".time-limits")
    expect(limits.locator("[data-class=ordinary]")).to_contain_text("5:00")
    limits.get_by_text("Muuta puheaikaa").click()
    console.get_by_label("Puheenvuoron laji").select_option("ordinary")
    expect(console.get_by_label("Minuuttia")).to_have_value("5")
    console.get_by_label("Minuuttia").fill("2")
    console.get_by_label("Sekuntia").fill("0")
    console.get_by_role("button", name="Aseta puheaika").click()
    expect(limits.locator("[data-class=ordinary]")).to_contain_text("2:00")
    expect(limits.locator("[data-class=ordinary]")).to_contain_text("(työjärjestyksessä 5:00)")
    console.get_by_label("Minuuttia").fill("0")
    console.get_by_label("Sekuntia").fill("0")
    console.get_by_role("button", name="Aseta puheaika").click()
    expect(console.locator(".controls .notice.error")).to_contain_text("Anna puheaika minuutteina ja sekunteina")
    console.locator(".controls .notice.error").get_by_role("button").click()
    axe_clean(console, "console-chair-time-limits")

    # Pekka speaks after the round: the screen and the phone count down from two minutes.
    slowly(chair, "close_group_round")
    slowly(chair, "request_floor", kind="speech", on_behalf_of=PEKKA)
    slowly(chair, "give_floor")
    expect(screen.locator(".speech .speaker-name")).to_have_text("Pekka Heikkilä")
    expect(screen.locator(".timer-value")).to_have_text(re.compile(r"^(2:00|1:5\d)$"))
    expect(aino.locator(".floor .timer")).to_have_text(re.compile(r"^(2:00|1:5\d) jäljellä$"))
    shot(screen, "screen-time-limit-hall")
    # Now there is a speech to reply to: the phone offers the reply.
    expect(aino.get_by_role("button", name="Vastauspuheenvuoro (V)")).to_be_visible()
    assert "Vastauspuheenvuoro (V)" in ask_buttons(aino)
    phone_checked(aino, "member-may-request-phone")
    slowly(chair, "end_speech")


def test_an_official_is_offered_a_speech_and_nothing_else(pages: Pages) -> None:
    mayor = pages.phone("Carola Sjöberg")
    expect(mayor.locator(".floor .ask")).to_be_visible()
    assert ask_buttons(mayor) == ["Pyydä puheenvuoro"]  # a reply to Pekka's speech is not an official's
    expect(mayor.locator(".floor .notice.error")).to_contain_text("Viranhaltijana voit pyytää puheenvuoroa")
    expect(mayor.get_by_role("button", name="Tee kirjallinen ehdotus")).to_have_count(0)
    expect(mayor.get_by_role("button", name=re.compile("^Kannatan"))).to_have_count(0)
    expect(mayor.get_by_role("button", name=re.compile("esteellinen"))).to_have_count(0)  # no seat, no disqualification
    phone_checked(mayor, "member-official-phone")


def test_the_chair_declares_a_disqualification_the_phone_follows_and_the_chair_ends_it(pages: Pages, chair: Client) -> None:
    console = pages.console
    ulla = pages.phone("Ulla Granqvist")
    expect(ulla.get_by_role("button", name="Pyydä puheenvuoro", exact=True)).to_be_visible()
    section = console.locator(".disqualification")
    expect(section).to_contain_text("Kukaan ei ole esteellinen asiassa 2.")
    section.get_by_label("Esteellinen").select_option(ULLA)
    section.get_by_label("Peruste").select_option("council")
    section.get_by_role("button", name="Kirjaa esteellisyys").click()
    confirm(console, "Kirjataanko Ulla Granqvist esteelliseksi asiassa 2 (Valtuusto totesi esteelliseksi)?")
    expect(section.locator("li")).to_contain_text("Ulla Granqvist: valtuusto totesi esteelliseksi")

    # The phone says so, offers no request, and no withdrawal of what the council decided.
    expect(ulla.locator(".my-status")).to_contain_text("Esteellinen asiassa 2")
    expect(ulla.locator(".floor .notice.error")).to_contain_text("olet esteellinen tässä asiassa")
    expect(ulla.locator(".floor .ask")).to_have_count(0)
    expect(ulla.get_by_role("button", name="Peru esteellisyysilmoitus")).to_have_count(0)
    phone_checked(ulla, "member-disqualified-by-council-phone")
    expect(pages.screen.locator(".disqualified")).to_contain_text("Ulla Granqvist")
    axe_clean(console, "console-chair-disqualification")

    section.get_by_role("button", name="Päätä esteellisyys: Ulla Granqvist").click()
    confirm(console, "Päätetäänkö Ulla Granqvist esteellisyys asiassa 2?")
    expect(section.locator("li")).to_contain_text(re.compile(r"päättyi klo \d\d[.:]\d\d"))
    expect(section.get_by_role("button", name="Päätä esteellisyys: Ulla Granqvist")).to_have_count(0)
    expect(ulla.locator(".my-status")).not_to_contain_text("Esteellinen")
    expect(ulla.get_by_role("button", name="Pyydä puheenvuoro", exact=True)).to_be_visible()
    expect(pages.screen.locator(".disqualified")).to_have_count(0)
    shot(console, "console-chair-disqualification-ended")


def test_a_minority_tables_the_item_with_the_number_needed_counted_live(pages: Pages, chair: Client) -> None:
    console = pages.console
    slowly(chair, "record_proposal", mover=PEKKA, kind="tabling", text="Asia pannaan pöydälle.")
    slowly(chair, "second_proposal", proposal="p1", person=MINNA)
    form = console.locator("form.minority")
    count = form.locator(".minority-count")
    expect(count).to_have_text("Vaatii 2, tarvitaan 12 (1/3 läsnä olevista 35)")
    expect(form.get_by_label("Pekka Heikkilä (SDP / Socialdemokraterna)")).to_be_disabled()  # the mover counts
    boxes = form.locator("input[type=checkbox]:not([disabled])")
    for n in range(9):
        boxes.nth(n).check()
    expect(count).to_have_text("Vaatii 11, tarvitaan 12 (1/3 läsnä olevista 35)")
    expect(count).to_have_attribute("data-reached", "no")
    axe_clean(console, "console-chair-minority-tabling")
    form.get_by_role("button", name="Pane pöydälle vähemmistön vaatimuksesta").click()
    confirm(console, "Pannaanko asia pöydälle ilman äänestystä? Vaatijoita 11, tarvitaan 12.")
    expect(console.locator(".controls .notice.error")).to_contain_text(
        "Pöydällepanoa vaatii 11; vähemmistöoikeuteen tarvitaan 12.")  # the server's refusal, in Finnish
    boxes.nth(9).check()
    expect(count).to_have_text("Vaatii 12, tarvitaan 12 (1/3 läsnä olevista 35)")
    form.get_by_role("button", name="Pane pöydälle vähemmistön vaatimuksesta").click()
    confirm(console, "Vaatijoita 12, tarvitaan 12.")
    expect(console.locator(".decision")).to_contain_text("pöydälle")
    expect(form).to_have_count(0)
    shot(console, "console-chair-minority-tabled")
    slowly(chair, "close_item", outcome="tabled")


def test_an_edited_voting_order_that_makes_no_sense_is_refused_beside_its_step(pages: Pages, chair: Client) -> None:
    console = pages.console
    slowly(chair, "take_up_item", item=3)
    chair.ok("open_discussion")
    slowly(chair, "record_proposal", mover=PEKKA, kind="counter", text="Vastaehdotus")
    slowly(chair, "second_proposal", proposal="p2", person=MINNA)
    slowly(chair, "record_proposal", mover=ULLA, kind="rejection", text="Hylätään")
    slowly(chair, "second_proposal", proposal="p3", person=MINNA)
    slowly(chair, "close_discussion")
    slowly(chair, "confirm_summary")
    order = console.locator(".voting-order")
    expect(order.locator("ol.steps > li")).to_have_count(2)
    order.get_by_role("button", name="Muokkaa äänestysjärjestystä").click()
    steps = order.locator("ol.steps.editable > li")
    expect(steps).to_have_count(2)
    expect(console.locator("#step-jaa-1")).to_have_value("winner")
    console.locator("#step-jaa-1").select_option("base")  # the base against the rejection: it may have lost
    order.get_by_role("button", name="Hyväksy muokattu järjestys").click()
    confirm(console, "Onko valtuusto hyväksynyt muokatun äänestysjärjestyksen (2 äänestystä)?")
    error = steps.nth(1).locator(".step-error")
    expect(error).to_have_text("Äänestys 2: ehdotuksesta on jo äänestetty aiemmin; sen jälkeen se voi tulla vastaan "
                               "vain edellisen äänestyksen voittajana.")
    expect(steps.nth(0).locator(".step-error")).to_have_count(0)
    axe_clean(console, "console-chair-order-refused")

    console.locator("#step-jaa-1").select_option("winner")
    expect(error).to_have_count(0)
    order.get_by_role("button", name="Siirrä äänestys 1 alaspäin").click()  # the rejection first: against no winner
    order.get_by_role("button", name="Hyväksy muokattu järjestys").click()
    confirm(console, "muokatun äänestysjärjestyksen")
    expect(steps.nth(0).locator(".step-error")).to_have_text(
        "Äänestys 1: mikään aiempi äänestys ei anna voittajaa, joka jatkaisi tähän äänestykseen.")
    order.get_by_role("button", name="Siirrä äänestys 1 alaspäin").click()  # back as it was
    order.get_by_role("button", name="Hyväksy muokattu järjestys").click()
    confirm(console, "muokatun äänestysjärjestyksen")
    expect(order.locator(".tag").first).to_have_text("Hyväksytty")
    expect(order.locator("ol.steps > li")).to_have_count(2)
