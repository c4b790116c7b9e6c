"""The secretary's preparation beyond people and single items (issue 17): an agenda file read,
previewed and only then put in place; a broken one explained in Finnish, and in Swedish once the
secretary switches, with nothing changed; the council's size set and the quorum moving with it;
an item marked as an appropriation in the form, its sum shown with the base proposal in the
chair's console and on a member's phone; the display key's QR codes for the hall screen's
browser, on screen and in print. axe-core scans and screenshots of each.

The tests of this module share one server and run in order: the meeting opens in the third.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from chamber.cards import qr_svg

from .harness import ARTIFACTS, HALL, PHONE, Browsing, Client, Server, axe_clean, pairing_links, shot

pytestmark = pytest.mark.e2e

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
# Words of the English messages (ours, and the json module's) that a Finnish or Swedish one must not hold.
ENGLISH = re.compile(r"\b(Expecting|delimiter|field|must|line|column|required|Invalid)\b")


def euros(amount: str) -> re.Pattern[str]:
    """A sum as the pages write it in Finnish ("85 000 €", with no-break spaces)."""
    return re.compile(r"\s".join(re.escape(part) for part in amount.split(" ")))


def broken_agenda() -> tuple[bytes, int]:
    """examples/agenda.json with the comma after item 4's number lost, and the line where the
    parser then misses it (the next field's, column 5)."""
    lines = (EXAMPLES / "agenda.json").read_text(encoding="utf-8").splitlines()
    at = lines.index('    "number": 4,')
    lines[at] = '    "number": 4'
    return ("\n".join(lines) + "\n").encode(), at + 2


def test_the_secretary_loads_an_agenda_file_after_a_preview(secretary: Page, browsing: Browsing) -> None:
    agenda = secretary.locator(".agenda-full > li")
    expect(agenda).to_have_count(10)  # the demo's
    upload = secretary.locator("#agenda-file")
    expect(upload).to_be_visible()
    expect(secretary.get_by_label("Lataa esityslista tiedostosta (JSON)")).to_have_count(1)

    # A broken file: the place and the problem in Finnish, the parser's English nowhere.
    browsing.allow(r"400 .*/api/agenda-file")
    content, line = broken_agenda()
    upload.set_input_files(files=[{"name": "esityslista.json", "mimeType": "application/json", "buffer": content}])
    alert = secretary.locator(".agenda-file-error")
    expect(alert).to_have_text(
        f"Esityslistatiedostoa ei voitu käyttää: esityslista.json, rivi {line}, sarake 5: "
        "JSON-muoto on virheellinen: tästä puuttuu pilkku, tai sulkumerkki on sulkematta.")
    assert not ENGLISH.search(alert.inner_text()), alert.inner_text()
    expect(secretary.locator(".agenda-preview")).to_have_count(0)
    expect(agenda).to_have_count(10)  # nothing changed

    # The secretary switches to Swedish: the refusal follows, read again in Swedish.
    secretary.get_by_role("button", name="Svenska").click()
    expect(alert).to_have_text(
        f"Föredragningslistans fil kunde inte användas: esityslista.json, rad {line}, kolumn 5: "
        "Ogiltig JSON: här saknas ett kommatecken, eller så är en parentes inte stängd.")
    assert not ENGLISH.search(alert.inner_text()), alert.inner_text()
    shot(secretary, "console-secretary-agenda-file-refused-sv")

    # A rule the file breaks, in Swedish too: a sum with a space in it is no whole euros.
    text = content.decode().replace('    "number": 4\n', '    "number": 4,\n').replace(
        '"base_amount": 85000', '"base_amount": "85 000"')
    upload.set_input_files(files=[{"name": "esityslista.json", "mimeType": "application/json", "buffer": text.encode()}])
    expect(alert).to_contain_text(re.compile(r"esityslista\.json, rad \d+: Anslaget anges i hela euro \(0 eller mer\)\."))
    secretary.get_by_role("button", name="Suomi").click()
    expect(alert).to_contain_text(re.compile(r"esityslista\.json, rivi \d+: Määräraha annetaan kokonaisina euroina"))
    expect(agenda).to_have_count(10)

    # A good file: what it holds is shown first, appropriations with their sums.
    upload.set_input_files(str(EXAMPLES / "agenda.json"))
    preview = secretary.locator(".agenda-preview")
    expect(preview).to_contain_text("Tiedosto luettu: 6 asiaa, joista 1 määrärahapäätöstä.")
    expect(preview.locator("li").nth(3)).to_contain_text("Lisämääräraha paloaseman katon korjaukseen")
    expect(preview.locator("li").nth(3)).to_contain_text(euros("Määräraha 85 000 €"))
    expect(alert).to_be_hidden()
    expect(agenda).to_have_count(10)  # not yet
    axe_clean(secretary, "console-secretary-agenda-preview")
    preview.get_by_role("button", name="Korvaa esityslista").click()
    dialog = secretary.get_by_role("dialog")
    expect(dialog).to_contain_text("Korvataanko koko esityslista tiedoston agenda.json sisällöllä?")
    dialog.get_by_role("button", name="Korvaa esityslista").click()
    expect(agenda).to_have_count(6)
    expect(preview).to_have_count(0)
    expect(agenda.nth(3).locator("[lang=fi]")).to_contain_text("Lisämääräraha paloaseman katon korjaukseen")
    expect(agenda.nth(3).locator("[lang=sv]")).to_contain_text("Tilläggsanslag för reparation av brandstationens tak")
    expect(agenda.nth(3).locator(".item-amount")).to_have_text(euros("Määräraha 85 000 €"))
    expect(agenda.nth(0).locator(".item-amount")).to_be_hidden()


def test_the_council_size_moves_the_quorum(secretary: Page) -> None:
    size = secretary.locator(".council-size")
    quorum = secretary.locator(".quorum-line")
    expect(size).to_contain_text("Valtuuston koko: 35 paikkaa")
    expect(quorum).to_contain_text("Läsnä 0/35, vaaditaan 24")
    size.get_by_role("button", name="Muuta valtuuston kokoa").click()
    dialog = secretary.get_by_role("dialog")
    field = dialog.get_by_label("Valtuutettujen lukumäärä (paikkoja)")
    expect(field).to_have_value("35")
    field.fill("30")  # fewer than the 35 members in the roster
    dialog.get_by_role("button", name="Tallenna").click()
    expect(dialog.get_by_role("alert")).to_have_text("Paikkoja on 30, mutta nimilistassa on 35 valtuutettua.")
    axe_clean(secretary, "console-secretary-council-size")
    field.fill("40")
    dialog.get_by_role("button", name="Tallenna").click()
    expect(dialog).to_be_hidden()
    expect(size).to_contain_text("Valtuuston koko: 40 paikkaa")
    expect(quorum).to_contain_text("Läsnä 0/40, vaaditaan 27")  # two thirds of 40, rounded up [LAW-1]



def test_an_item_marked_as_an_appropriation_shows_its_sum_to_the_chair_and_the_members(
        secretary: Page, chair: Client, chair_page: Page, browsing: Browsing, server: Server) -> None:
    secretary.get_by_role("button", name="Lisää asia").click()
    dialog = secretary.get_by_role("dialog")
    expect(dialog.get_by_label("Pykälän numero")).to_have_value("7")
    dialog.get_by_label("Otsikko (suomeksi)").fill("Lisämääräraha liikuntahallin kattoon")
    dialog.get_by_label("Otsikko (ruotsiksi)").fill("Tilläggsanslag för idrottshallens tak")
    dialog.get_by_label("Pohjaehdotus (suomeksi)").fill("Kunnanhallitus ehdottaa 250 000 euron lisämäärärahaa.")
    amount = dialog.get_by_label("Pohjaehdotuksen määräraha (euroa)")
    expect(amount).to_be_hidden()
    dialog.get_by_label("Määrärahapäätös: pohjaehdotus myöntää rahasumman").check()
    amount.fill("paljon")
    dialog.get_by_role("button", name="Tallenna").click()
    expect(dialog.get_by_role("alert")).to_have_text("Määräraha annetaan kokonaisina euroina (0 tai enemmän).")
    axe_clean(secretary, "console-secretary-appropriation")
    amount.fill("250 000")  # as people write sums
    dialog.get_by_role("button", name="Tallenna").click()
    expect(dialog).to_be_hidden()
    item = secretary.locator(".agenda-full > li", has_text="Lisämääräraha liikuntahallin kattoon")
    expect(item.locator(".item-amount")).to_have_text(euros("Määräraha 250 000 €"))
    # Edited again, the form shows the sum it holds.
    secretary.get_by_role("button", name="Muokkaa asiaa 7").click()
    expect(dialog.get_by_label("Määrärahapäätös: pohjaehdotus myöntää rahasumman")).to_be_checked()
    expect(amount).to_have_value("250000")
    dialog.get_by_role("button", name="Peruuta").click()

    chair.ok("open_meeting")
    chair.ok("take_up_item", item=7)
    chair_page.locator(".base-proposal summary").click()
    expect(chair_page.locator(".base-proposal .proposal")).to_contain_text("250 000 euron lisämäärärahaa")
    expect(chair_page.locator(".base-proposal .base-amount")).to_have_text(euros("Määräraha 250 000 €"))
    axe_clean(chair_page, "console-chair-appropriation")

    phone = browsing.open(PHONE, bypass_csp=True)
    phone.goto(pairing_links(server)["Aino Laine"])
    expect(phone.get_by_role("status")).to_contain_text("Aino Laine")
    phone.goto(f"{server.url}/member")
    card = phone.locator("section", has=phone.get_by_role("heading", name="Pohjaehdotus"))
    expect(card).to_contain_text("250 000 euron lisämäärärahaa")
    expect(card.locator("strong", has_text=euros("250 000 €"))).to_be_visible()
    axe_clean(phone, "member-appropriation-phone")


def test_the_display_key_prints_as_qr_codes_for_the_hall_screens_browser(
        secretary: Page, browsing: Browsing, server: Server) -> None:
    secretary.get_by_role("link", name="Salinäytön QR-koodi (näyttöavain)").click()
    secretary.wait_for_url(f"{server.url}/secretary/display-key")
    cards = secretary.locator(".sheet .card")
    expect(cards).to_have_count(2)
    expect(cards.nth(0).get_by_role("heading")).to_have_text("Salinäyttö · Salsskärm")
    links = [card.locator(".link").inner_text() for card in cards.all()]
    assert links == [f"{server.url}/screen?key={server.display_key}", f"{server.url}/overlay?key={server.display_key}"]
    # No QR decoder in the project: each code's modules are compared with the QR of the address
    # printed under it (its one path, square by square).
    for card, link in zip(cards.all(), links):
        qr = card.get_by_role("img", name="QR")
        expect(qr.locator("svg")).to_be_visible()
        expected = re.search(r'<path d="([^"]+)"', qr_svg(link))
        assert expected and qr.locator("svg path").get_attribute("d") == expected[1]
        box = qr.locator("svg").bounding_box()
        assert box["width"] >= 120 and box["width"] == box["height"], box  # 34 mm square
    axe_clean(secretary, "display-key")

    # In print: the instructions and the way back are left out, both cards fit one A4 sheet.
    secretary.emulate_media(media="print")
    expect(secretary.locator("header.noprint")).to_be_hidden()
    expect(cards.nth(1).locator(".link")).to_be_visible()
    shot(secretary, "display-key-print")
    pdf = ARTIFACTS / "display-key.pdf"
    secretary.pdf(path=str(pdf), format="A4")
    pages = PdfReader(pdf).pages
    assert len(pages) == 1 and all(link in pages[0].extract_text().replace("\n", "") for link in links)
    secretary.emulate_media(media="screen")

    # The printed address opens the hall screen.
    hall = browsing.open(HALL)
    hall.goto(links[0])
    expect(hall.locator("body.ready")).to_be_attached()
    expect(hall.get_by_text("Lisämääräraha liikuntahallin kattoon").first).to_be_visible()
