"""The secretary's console (issue #7, with the attendance of #3): the roster and the agenda prepared
in both languages (a name corrected, a substitute added, a refused edit explained in Finnish, an
item with an attachment link, a roster file read and previewed), the roll call answered from the console, a notice of absence and
the substitute the rules propose, a departure, pairing a phone with a printed card and revoking
it; axe-core scans of the console and a tablet-sized view.

The chair acts through the protocol (a sync websocket client), as the chair's console would.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .harness import PHONE, Browsing, Client, Server, axe_clean, shot, sign_in

pytestmark = pytest.mark.e2e

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TABLET = {"width": 800, "height": 1280}  # a 10" tablet held upright


def row(page: Page, name: str):
    return page.locator(".people-table tbody tr", has=page.get_by_role("rowheader", name=name, exact=True))


def test_the_secretary_prepares_the_roster_and_the_agenda(secretary: Page, browsing: Browsing) -> None:
    expect(secretary.get_by_text("Ennen kokouksen avaamista voit muokata")).to_be_visible()
    expect(row(secretary, "Aino Laine")).to_contain_text("Valtuutettu")
    expect(row(secretary, "Aino Laine")).to_contain_text("B2")
    expect(row(secretary, "Carola Sjöberg")).to_contain_text("Kunnanjohtaja")  # officials are listed too

    # A misspelt first name, corrected.
    secretary.get_by_role("button", name="Muokkaa: Patrik Östman").click()
    dialog = secretary.get_by_role("dialog")
    expect(dialog.get_by_role("heading")).to_have_text("Muokkaa henkilöä")
    dialog.get_by_label("Etunimi").fill("Patric")
    dialog.get_by_role("button", name="Tallenna").click()
    expect(row(secretary, "Patric Östman")).to_contain_text("A6")
    expect(dialog).to_be_hidden()

    # A new substitute: a taken id is refused in the secretary's language, then corrected.
    secretary.get_by_role("button", name="Lisää henkilö").click()
    dialog.get_by_label("Tunnus").fill("m01")
    dialog.get_by_label("Etunimi").fill("Tove")
    dialog.get_by_label("Sukunimi").fill("Testare")
    dialog.get_by_label("Laji").select_option("substitute")
    dialog.get_by_label("Valtuustoryhmä").select_option("sfp")
    dialog.get_by_label("Sijaantulojärjestys ryhmässä").fill("20")
    dialog.get_by_role("button", name="Tallenna").click()
    expect(dialog.get_by_role("alert")).to_have_text("Kentän tunnus arvo 'm01' on jo käytössä.")
    dialog.get_by_label("Tunnus").fill("s99")
    dialog.get_by_role("button", name="Tallenna").click()
    expect(row(secretary, "Tove Testare")).to_contain_text("Varavaltuutettu 20")

    # An urgent matter joins the agenda in both languages; a javascript: link is refused.
    secretary.get_by_role("button", name="Lisää asia").click()
    expect(dialog.get_by_label("Pykälän numero")).to_have_value("11")
    dialog.get_by_label("Otsikko (suomeksi)").fill("Kiireellinen asia")
    dialog.get_by_label("Otsikko (ruotsiksi)").fill("Brådskande ärende")
    dialog.get_by_label("Pohjaehdotus (suomeksi)").fill("Valtuusto päättää asiasta.")
    dialog.get_by_role("button", name="Lisää liite").click()
    dialog.get_by_label("Liitteen 1 nimi").fill("Selvitys")
    dialog.get_by_label("Liitteen 1 osoite").fill("javascript:alert(1)")
    dialog.get_by_role("button", name="Tallenna").click()
    expect(dialog.get_by_role("alert")).to_have_text(
        "Jokaisella liitteellä on oltava osoite (url), joka alkaa https://, http:// tai /.")
    axe_clean(secretary, "console-secretary-item-editor")
    dialog.get_by_label("Liitteen 1 osoite").fill("https://rantala.example/selvitys.pdf")
    dialog.get_by_role("button", name="Tallenna").click()
    item = secretary.locator(".agenda-full > li", has_text="Kiireellinen asia")
    expect(item.locator("[lang=sv]")).to_contain_text("Brådskande ärende")
    expect(item.get_by_role("link", name="Selvitys")).to_have_attribute("href", "https://rantala.example/selvitys.pdf")
    agenda = secretary.locator(".agenda-full > li").first
    expect(agenda.locator("[lang=fi]")).to_contain_text("Kokouksen laillisuus ja päätösvaltaisuus")
    expect(agenda.locator("[lang=sv]")).to_contain_text("Sammanträdets laglighet och beslutförhet")

    # A roster file: a broken one is explained by line and field; a good one is shown before use.
    browsing.allow(r"400 .*/api/roster-file")
    secretary.locator("#roster-file").set_input_files(files=[{
        "name": "nimet.csv", "mimeType": "text/csv",
        "buffer": "name,Testilä\nid,first,last,group,group_name\nm1,Anna,,a,Ryhmä A\n".encode()}])
    expect(secretary.get_by_role("alert").filter(has_text="Nimilistatiedostoa")).to_contain_text(
        "Nimilistatiedostoa ei voitu käyttää: nimet.csv, rivi 3")
    expect(secretary.get_by_role("alert").filter(has_text="Nimilistatiedostoa")).to_contain_text(
        "Kenttä sukunimi on pakollinen.")
    secretary.locator("#roster-file").set_input_files(str(EXAMPLES / "roster.csv"))
    preview = secretary.locator(".roster-preview")
    expect(preview).to_contain_text("Tiedosto luettu: Harjuniemen kunnanvaltuusto / Åsnäs kommunfullmäktige, 13 paikkaa")
    shot(secretary, "console-secretary-roster-file")
    preview.get_by_role("button", name="Peruuta").click()
    expect(preview).to_have_count(0)
    expect(row(secretary, "Aino Laine")).to_be_visible()  # the roster was not replaced


def test_the_secretary_records_the_roll_call_an_absence_and_a_substitute(
        secretary: Page, chair: Client, browsing: Browsing, server: Server) -> None:
    # Ulla Granqvist (SFP) is ill: the secretary records it before the meeting opens.
    row(secretary, "Ulla Granqvist").get_by_role("button", name="Poissaoloilmoitus: Ulla Granqvist").click()
    expect(row(secretary, "Ulla Granqvist")).to_contain_text("Ilmoittanut esteestä")
    # The rules propose SFP's first free substitute for her place.
    seat = row(secretary, "Ulla Granqvist").get_by_role("button", name=re.compile(r"^Kutsu .* paikalle: Ulla Granqvist$"))
    substitute = seat.inner_text().removeprefix("Kutsu ")
    seat.click()
    dialog = secretary.get_by_role("dialog")
    expect(dialog).to_contain_text(f"Kutsutaanko {substitute} varavaltuutetuksi henkilön Ulla Granqvist tilalle?")
    dialog.get_by_role("button", name="Kutsu varavaltuutettu").click()
    expect(row(secretary, "Ulla Granqvist")).to_contain_text(f"Sijaisena: {substitute}")
    expect(row(secretary, substitute)).to_contain_text("Sijaisena henkilölle: Ulla Granqvist")

    chair.ok("open_meeting")
    expect(secretary.get_by_text("Kokous on avattu: nimiä, paikkoja")).to_be_visible()
    expect(secretary.get_by_role("button", name="Lisää henkilö")).to_be_hidden()
    chair.ok("start_roll_call")
    expect(secretary.get_by_text("Nimenhuuto on käynnissä")).to_be_visible()
    secretary.get_by_role("button", name="Merkitse läsnä: Aino Laine").click()
    expect(row(secretary, "Aino Laine")).to_contain_text("nimenhuudossa läsnä")
    secretary.get_by_role("button", name=f"Merkitse läsnä: {substitute}").click()
    expect(row(secretary, substitute)).to_contain_text("nimenhuudossa läsnä")
    secretary.get_by_role("button", name="Merkitse poissa: Johan Sjöholm").click()
    expect(row(secretary, "Johan Sjöholm")).to_contain_text("nimenhuudossa poissa")
    expect(secretary.locator(".quorum-line")).to_contain_text("Läsnä 2/35, vaaditaan 24")
    axe_clean(secretary, "console-secretary-roll-call")
    chair.ok("end_roll_call")

    # Aino leaves during the meeting; Johan turns up after all.
    secretary.get_by_role("button", name="Poistui: Aino Laine").click()
    secretary.get_by_role("dialog").get_by_role("button", name="Poistui").click()
    expect(row(secretary, "Aino Laine")).to_contain_text("Ei läsnä")
    secretary.get_by_role("button", name="Saapui: Johan Sjöholm").click()
    expect(row(secretary, "Johan Sjöholm")).to_contain_text("Läsnä")
    secretary.locator("summary", has_text="Saapumiset ja poistumiset").click()
    expect(secretary.get_by_text("Aino Laine: poistui")).to_be_visible()
    expect(secretary.get_by_text("Johan Sjöholm: saapui")).to_be_visible()

    tablet = browsing.open(TABLET)
    sign_in(tablet, server, "secretary")
    expect(row(tablet, "Aino Laine")).to_be_visible()
    overflow = tablet.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    shot(tablet, "console-secretary-tablet", full_page=False)
    assert overflow <= 0, f"the tablet view scrolls sideways by {overflow}px"


def test_the_secretary_pairs_a_phone_and_revokes_it(secretary: Page, browsing: Browsing, server: Server) -> None:
    secretary.get_by_role("link", name="SDP / Socialdemokraterna (8)").click()
    browsing.allow(r"404.*/favicon\.ico")  # the cards page names no icon
    card = secretary.locator(".card").first
    link, name = card.locator(".link").inner_text(), card.locator("h2").inner_text()
    phone = browsing.open(PHONE)
    phone.goto(link)
    expect(phone.get_by_role("status")).to_contain_text(name)
    phone.goto(f"{server.url}/member")

    secretary.goto(f"{server.url}/secretary")
    device = secretary.locator(".devices tbody tr", has_text=name)
    expect(device).to_contain_text("Käytössä")
    secretary.get_by_role("button", name=f"Peru liitos: {name}").click()
    dialog = secretary.get_by_role("dialog")
    expect(dialog).to_contain_text(name)
    dialog.get_by_role("button", name="Peru liitos").click()
    expect(device).to_contain_text("Peruttu")
    expect(device.get_by_role("button")).to_have_count(0)
    axe_clean(secretary, "console-secretary-revoked")
    expect(phone.get_by_role("alert")).to_contain_text("Tämän puhelimen liitos on peruttu.")
