"""A meeting as the people in the hall see it: a member pairs a phone, the chair opens the
meeting and takes up item 1, and the phone, the hall screen and the public page follow live.

The tests of this module share one server and run in order: the meeting moves along.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .harness import HALL, LAPTOP, PHONE, Browsing, Server, shot, sign_in

pytestmark = pytest.mark.e2e

ITEM_1 = {"fi": "Kokouksen laillisuus ja päätösvaltaisuus", "sv": "Sammanträdets laglighet och beslutförhet"}
PROPOSAL_1_START = "Kokouskutsu on lähetetty valtuutetuille"


def pairing_card(browsing: Browsing, server: Server, group: str) -> tuple[str, str]:
    """(pairing link, person's name) of the first card the secretary prints for a group."""
    secretary = browsing.open(LAPTOP)
    sign_in(secretary, server, "secretary")
    secretary.get_by_role("link", name=group).click()
    # The cards page (made by the server) names no icon, so the browser asks for /favicon.ico.
    browsing.allow(r"404.*/favicon\.ico")
    card = secretary.locator(".card").first
    shot(secretary, f"cards-{group.lower()}-laptop")
    return card.locator(".link").inner_text(), card.locator("h2").inner_text()


def paired_phone(browsing: Browsing, server: Server, group: str) -> tuple[Page, str]:
    link, name = pairing_card(browsing, server, group)
    phone = browsing.open(PHONE, is_mobile=True, has_touch=True)
    phone.goto(link)
    return phone, name


def test_a_member_pairs_a_phone_with_a_card(browsing: Browsing, server: Server) -> None:
    phone, name = paired_phone(browsing, server, "SDP")

    expect(phone.get_by_role("status")).to_contain_text(name)
    assert "#" not in phone.url, "the used code must not stay in the address bar"
    shot(phone, "pair-done-phone")

    phone.get_by_role("link", name="Avaa kokousnäkymä").click()
    expect(phone.locator(".owner")).to_contain_text(name)
    expect(phone.locator(".status")).to_have_text("Yhteys toimii")
    expect(phone.get_by_text("Kokousta ei ole avattu")).to_be_visible()
    shot(phone, "member-draft-phone")


def test_a_used_card_tells_the_member_to_ask_for_a_new_one(browsing: Browsing, server: Server) -> None:
    link, _ = pairing_card(browsing, server, "Vasemmistoliitto")
    browsing.open(PHONE).goto(link)

    second = browsing.open(PHONE)
    browsing.allow("status of 400")  # the refused pairing request, logged by the browser
    second.goto(link)
    expect(second.get_by_role("alert")).to_contain_text("jo käytetty")
    expect(second.get_by_role("alert")).to_contain_text("sihteeriltä uusi kortti")
    expect(second.get_by_role("link", name="Takaisin kokousnäkymään")).to_be_visible()
    shot(second, "pair-used-phone")


def test_an_unpaired_phone_is_told_to_scan_its_card(browsing: Browsing, server: Server) -> None:
    phone = browsing.open(PHONE)
    phone.goto(f"{server.url}/member")
    expect(phone.get_by_role("alert")).to_contain_text("Tätä puhelinta ei ole liitetty")
    expect(phone.get_by_role("alert")).to_contain_text("Skannaa")
    expect(phone.locator(".status")).to_have_text("Yhteys evätty")
    shot(phone, "member-not-paired-phone")


def test_the_chair_takes_up_item_1_and_every_screen_shows_it(browsing: Browsing, server: Server) -> None:
    phone, _ = paired_phone(browsing, server, "Keskusta")
    phone.get_by_role("link", name="Avaa kokousnäkymä").click()
    screen = browsing.open(HALL)
    screen.goto(f"{server.url}/screen?key={server.display_key}")
    public = browsing.open(PHONE)
    public.goto(f"{server.url}/public")
    expect(screen.get_by_text("Sammanträdet börjar snart.")).to_be_visible()
    shot(screen, "screen-draft-hall")

    chair = browsing.open(LAPTOP)
    sign_in(chair, server, "chair")
    expect(chair.locator("html")).to_have_attribute("lang", "sv")  # the chair's roster language
    shot(chair, "chair-draft-sv-laptop")
    chair.get_by_role("button", name="Suomi").click()
    chair.get_by_role("button", name="Avaa kokous").click()
    expect(chair.locator(".controls .phase")).to_have_text("Kokous avattu")
    chair.get_by_role("button", name="Ota käsittelyyn: asia 1", exact=True).click()
    expect(chair.locator(".controls h2")).to_have_text(f"Asia 1: {ITEM_1['fi']}")
    expect(chair.locator(".agenda-list li[aria-current=true]")).to_contain_text("Käsittelyssä")
    shot(chair, "chair-item1-laptop")

    # Nobody reloads: the views arrive over the websocket.
    expect(phone.locator("#item-heading")).to_have_text(f"Asia 1: {ITEM_1['fi']}")
    expect(phone.locator(".proposal")).to_contain_text(PROPOSAL_1_START)
    expect(phone.locator(".phase")).to_have_text("Kokous avattu")
    shot(phone, "member-item1-phone")

    expect(screen.locator(".item-number")).to_contain_text("Asia 1")
    expect(screen.locator(".item-number")).to_contain_text("Ärende 1")
    expect(screen.locator(".item-title[lang=fi]")).to_have_text(ITEM_1["fi"])
    expect(screen.locator(".item-title[lang=sv]")).to_have_text(ITEM_1["sv"])
    shot(screen, "screen-item1-hall")

    expect(public.get_by_role("heading", level=2)).to_have_text(f"Asia 1: {ITEM_1['fi']}")
    shot(public, "public-item1-phone")


def test_a_swedish_speaking_member_reads_in_swedish_and_may_choose_english(browsing: Browsing, server: Server) -> None:
    phone, name = paired_phone(browsing, server, "Kokoomus")  # the group's first card: Henrik Öhman, sv
    expect(phone.get_by_role("link", name="Öppna sammanträdesvyn")).to_be_visible()
    phone.get_by_role("link", name="Öppna sammanträdesvyn").click()
    expect(phone.locator("#item-heading")).to_have_text(f"Ärende 1: {ITEM_1['sv']}")
    expect(phone.locator("html")).to_have_attribute("lang", "sv")
    expect(phone.get_by_role("button", name="Svenska")).to_have_attribute("aria-pressed", "true")
    expect(phone.locator(".status")).to_have_text("Ansluten")
    shot(phone, "member-item1-sv-phone")

    phone.get_by_role("button", name="English").click()
    expect(phone.locator("html")).to_have_attribute("lang", "en")
    expect(phone.get_by_text("Base proposal")).to_be_visible()
    expect(phone.locator(".status")).to_have_text("Connected")
    # The council has no English texts: the item stays in the council's first language.
    expect(phone.locator("#item-heading")).to_have_text(f"Item 1: {ITEM_1['fi']}")
    phone.reload()  # the choice is remembered on the device
    expect(phone.get_by_text("Base proposal")).to_be_visible()
    shot(phone, "member-item1-en-phone")


def test_the_overlay_shows_the_item_as_a_lower_third(browsing: Browsing, server: Server) -> None:
    overlay = browsing.open(HALL)
    overlay.goto(f"{server.url}/overlay?key={server.display_key}&lang=sv&position=bottom&margin=60")
    third = overlay.locator(".lower-third")
    expect(third).to_contain_text("Ärende 1")
    expect(third).to_contain_text(ITEM_1["sv"])
    box = third.bounding_box()
    assert box is not None and abs(box["y"] + box["height"] - (HALL["height"] - 60)) < 2, box
    assert overlay.evaluate("getComputedStyle(document.body).backgroundColor") == "rgba(0, 0, 0, 0)"
    shot(overlay, "overlay-item1-hall")


def test_the_secretary_revokes_a_phone_and_the_phone_is_told_at_once(browsing: Browsing, server: Server) -> None:
    phone, name = paired_phone(browsing, server, "Perussuomalaiset")
    phone.get_by_role("link", name="Avaa kokousnäkymä").click()
    expect(phone.locator(".owner")).to_contain_text(name)

    secretary = browsing.open(LAPTOP)
    sign_in(secretary, server, "secretary")
    secretary.get_by_role("button", name=f"Peru liitos: {name}").click()
    dialog = secretary.get_by_role("dialog")
    expect(dialog).to_contain_text(name)
    shot(secretary, "secretary-revoke-confirm-laptop")
    dialog.get_by_role("button", name="Peru liitos").click()
    row = secretary.locator(".devices tbody tr", has_text=name)
    expect(row).to_contain_text("Peruttu")
    expect(row.get_by_role("button")).to_have_count(0)
    shot(secretary, "secretary-revoked-laptop")

    expect(phone.get_by_role("alert")).to_contain_text("Tämän puhelimen liitos on peruttu.")
    expect(phone.get_by_role("alert")).to_contain_text("Pyydä sihteeriltä uusi kortti.")
    expect(phone.get_by_role("heading")).to_have_count(0)  # no stale meeting left on show
    shot(phone, "member-revoked-phone")
