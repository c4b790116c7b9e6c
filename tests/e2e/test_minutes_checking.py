"""The minutes' checking through the real pages (issue 16): the chair announces the checkers on
the console, a checker reads the draft and approves it on a phone-sized page, the other approves
from their own phone, the secretary publishes, and the public page shows the decisions with the
appeal instructions. An axe scan of each page on the way.

The demo council (chamber/demo_data): Aino Laine (m12) and Ulla Granqvist (m05) check the minutes.
"""

from __future__ import annotations

import time

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from .harness import LAPTOP, PHONE, Browsing, Client, Server, axe_clean, pairing_links, shot, sign_in
from .test_console_chair import Device, confirm

AINO, ULLA = "m12", "m05"


@pytest.fixture(scope="module")
def hall(server: Server, chair: Client) -> Client:
    """The meeting opened, everyone present, quorum declared, item 1 decided without a vote."""
    chair.ok("open_meeting")
    chair.ok("start_roll_call")
    for person in chair.view["people"]:
        if person["kind"] != "official":
            chair.send("mark_present", person=person["id"])  # a substitute not called is refused: fine
            time.sleep(0.1)  # as fast as a secretary's hand, within the connection's rate limit
    chair.ok("end_roll_call")
    chair.ok("declare_quorum", lawful=True)
    chair.ok("take_up_item", item=1)
    chair.ok("declare_decision")
    chair.ok("close_item")
    return chair


@pytest.fixture(scope="module")
def links(server: Server) -> dict[str, str]:
    return pairing_links(server)


def checker_phone(browsing: Browsing, link: str) -> Page:
    phone = browsing.open(PHONE, is_mobile=True, has_touch=True, bypass_csp=True)
    phone.goto(link)
    phone.get_by_role("link", name="Avaa kokousnäkymä").click()
    expect(phone.locator(".status")).to_have_text("Yhteys toimii")
    return phone


def test_the_chair_announces_the_checkers_on_the_console(browser: Browser, server: Server, hall: Client) -> None:
    b = Browsing(browser)
    page = b.open(LAPTOP)
    sign_in(page, server, "chair")
    page.get_by_role("button", name="Suomi").click()
    checkers = page.locator(".minutes-checkers")
    expect(checkers).to_contain_text("Tarkastajia ei ole vielä valittu.")
    page.get_by_label("Tarkastaja 1").select_option(AINO)
    page.get_by_label("Tarkastaja 2").select_option(ULLA)
    page.get_by_role("button", name="Ilmoita valitut tarkastajat").click()
    expect(checkers.locator("p").first).to_have_text("Aino Laine, Ulla Granqvist")
    shot(page, "minutes-chair-checkers-laptop")
    for context in b.contexts:
        context.close()
    announced = lambda: (hall.view.get("minutes") or {}).get("checkers") == [AINO, ULLA]  # noqa: E731
    if not announced():
        hall.until(lambda _: announced())


def test_a_checker_reads_and_approves_the_draft_on_the_phone(browsing: Browsing, server: Server, hall: Client,
                                                            links: dict[str, str]) -> None:
    phone = checker_phone(browsing, links["Aino Laine"])
    card = phone.locator(".minutes-check")
    expect(card).to_contain_text("Pöytäkirja tarkastetaan kokouksen päätyttyä")
    hall.ok("close_meeting")
    expect(card.get_by_role("button", name="Hyväksyn pöytäkirjan")).to_be_disabled()  # not read yet
    with phone.context.expect_page() as opened:
        card.get_by_role("link", name="Lue pöytäkirjaluonnos").click()
    draft = opened.value
    draft.wait_for_load_state()
    expect(draft.locator("html")).to_have_attribute("lang", "fi")
    expect(draft.locator("body")).to_contain_text("Aino Laine")  # a checker, named in the minutes
    shot(draft, "minutes-draft-phone")
    draft.close()
    axe_clean(phone, "minutes-check-phone")
    card.get_by_role("button", name="Hyväksyn pöytäkirjan").click()
    confirm(phone, "pöytäkirjantarkastajana")
    expect(card).to_contain_text("Olet hyväksynyt pöytäkirjan.")
    expect(card).to_contain_text("Hyväksynyt 1/2 tarkastajaa")
    axe_clean(phone, "minutes-approved-phone")


def test_the_draft_is_not_public_before_publication(server: Server, hall: Client) -> None:
    r = httpx.get(f"{server.url}/api/minutes?lang=sv")
    assert r.status_code == 403 and r.json()["error"]["code"] == "minutes_not_published"
    assert "justerats" in r.json()["error"]["message"]  # the message in the language asked


def test_the_secretary_publishes_and_the_public_page_shows_the_decisions(
        browsing: Browsing, secretary: Page, server: Server, hall: Client, links: dict[str, str]) -> None:
    section = secretary.locator("section.minutes")
    expect(section).to_contain_text("Aino Laine: hyväksynyt")
    expect(section).to_contain_text("Ulla Granqvist: ei vielä hyväksynyt")
    expect(section.get_by_role("button", name="Julkaise pöytäkirja")).to_be_disabled()
    ulla = Device(server, links["Ulla Granqvist"].split("#", 1)[1])
    ulla.ok("approve_minutes", basis=ulla.view["minutes"]["basis"])
    ulla.close()
    expect(section).to_contain_text("Ulla Granqvist: hyväksynyt")
    section.get_by_role("button", name="Julkaise pöytäkirja").click()
    confirm(secretary, "Julkaisua ei voi perua")
    expect(section).to_contain_text("Pöytäkirja on julkaistu")
    axe_clean(secretary, "minutes-published-secretary-laptop")

    public = browsing.open(PHONE, bypass_csp=True)
    public.goto(f"{server.url}/public")
    decisions = public.locator(".p-decisions")
    expect(decisions.get_by_role("heading", name="Päätökset")).to_be_visible()
    expect(decisions.locator(".p-decided li")).to_have_count(1)
    expect(decisions).to_contain_text("Valitusosoitus: kunnallisvalitus")
    expect(decisions).to_contain_text("30 päivän kuluessa")
    axe_clean(public, "minutes-public-decisions-phone")
    public.get_by_role("button", name="Svenska").click()
    expect(decisions).to_contain_text("Besvärsanvisning: kommunalbesvär")
    shot(public, "minutes-public-decisions-sv-phone")
    r = httpx.get(f"{server.url}/api/minutes?lang=sv&format=pdf")  # now for anyone
    assert r.status_code == 200 and r.content.startswith(b"%PDF-")
