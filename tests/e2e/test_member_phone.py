"""The member's phone through a meeting (issues #6, #3, #4, #5), at a 360x640 phone viewport:
pairing with a card, the roll call, asking for the floor and seeing one's place, seconding,
a refusal explained by the server, a vote (recorded choice from the server, changed, result), a
secret ballot, disqualification, a server restart with a vote tapped while it was down, and
axe-core scans of the states a member sees.

The chair and the secretary act through the protocol (a sync websocket client), as their
consoles would. The tests of this module share one server and run in order: the meeting moves
along.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, WebSocketRoute, expect

from .harness import PHONE, Browsing, Client, Server, axe_problems, pairing_links, shot

pytestmark = pytest.mark.e2e

BACK = 15_000  # ms: the phone retries at most every 5 s

# The demo council (chamber/demo_data): Aino Laine chairs the SDP group.
AINO, ULLA, MINNA, PEKKA = "m12", "m05", "m20", "m17"
COUNTER_TEXT = "Östervikin koulu säilytetään"  # on item 6, the school closure: a pairwise vote


# ---- the chair and the secretary, through the protocol --------------------------------------


class Desk(Client):
    """A staff connection (chair or secretary) that also finds proposals in its view."""

    def proposal(self, text: str) -> str:
        """The id of the proposal on the current item with this (Finnish) text."""
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            found = [p["id"] for p in (self.view.get("proposals") or {}).get("proposals", [])
                     if p["text"].get("fi") == text]
            if found:
                return found[0]
            try:
                self.next(0.2)
            except TimeoutError:
                pass
        raise AssertionError(f"no proposal {text!r}")


class Hall:
    """What the tests share: the server, the pairing cards, the chair."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.links = pairing_links(server)
        self.chair = Desk.staff(server, "chair")

    def reconnect_chair(self) -> None:
        """After a restart (the demo sets new passwords at every start)."""
        self.chair.close()
        self.chair = Desk.staff(self.server, "chair")


@pytest.fixture(scope="module")
def hall(server: Server) -> Iterator[Hall]:
    h = Hall(server)
    yield h
    h.chair.close()


# ---- the phone ------------------------------------------------------------------------------


class Wire:
    """The phone's websocket, routed through the test: it can hold the phone's commands (a slow
    network) and let them go later."""

    def __init__(self, page: Page) -> None:
        self.holding = False
        self.held: list[str] = []
        self.server: WebSocketRoute | None = None
        page.route_web_socket(re.compile(r"/ws$"), self._route)

    def _route(self, ws: WebSocketRoute) -> None:
        self.server = ws.connect_to_server()
        ws.on_message(self._from_page)

    def _from_page(self, message: str | bytes) -> None:
        if self.holding and isinstance(message, str) and '"cmd"' in message:
            self.held.append(message)
        else:
            self.server.send(message)  # type: ignore[union-attr]

    def release(self) -> None:
        self.holding = False
        for message in self.held:
            self.server.send(message)  # type: ignore[union-attr]
        self.held.clear()


def phone_of(browsing: Browsing, hall: Hall, name: str, **options: Any) -> Page:
    """A phone paired with the person's card, on the member page."""
    phone = browsing.open(PHONE, is_mobile=True, has_touch=True, **options)
    phone.goto(hall.links[name])
    expect(phone.get_by_role("status")).to_contain_text(name)
    phone.get_by_role("link").first.click()
    expect(phone.locator(".owner")).to_contain_text(name)
    return phone


def checked(page: Page, name: str) -> None:
    """A screenshot, an axe scan, and no sideways scrolling at 360 px."""
    shot(page, name)
    problems = axe_problems(page)
    assert not problems, f"{name}:\n" + "\n".join(problems)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px"


def text_at_200_percent(page: Page, name: str) -> None:
    """WCAG 1.4.4 / 1.4.10: twice the text size, no sideways scrolling (then back to normal)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    shot(page, name, full_page=False)
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 16, "fixed": 13}})
    assert overflow <= 0, f"{name}: scrolls sideways by {overflow}px at 200 % text"


def all_members() -> list[str]:
    roster = json.loads((Path(__file__).resolve().parents[2] / "chamber" / "demo_data" / "roster.json").read_text())
    return [p["id"] for p in roster["people"] if p["kind"] == "member"]


# ---- the meeting ----------------------------------------------------------------------------


def test_a_written_question_for_the_question_hour_is_filed_from_the_phone(browsing: Browsing, hall: Hall) -> None:
    # Written questions are filed before the meeting (KT-1): this runs first, in the draft meeting.
    phone = phone_of(browsing, hall, "Leena Hautala", bypass_csp=True)  # bypass: axe is injected
    form = phone.locator(".questions")
    expect(form).to_contain_text("Kyselytunti: kirjallinen kysymys")
    phone.get_by_label("Kysymyksesi kaupunginhallitukselle").fill("Milloin Rantalan koulun ilmanvaihto korjataan?")
    phone.get_by_role("button", name="Jätä kysymys").click()
    expect(form).to_contain_text("Kysymyksesi 1 on jätetty ja odottaa vuoroaan.")
    expect(phone.get_by_label("Kysymyksesi kaupunginhallitukselle")).to_have_value("")
    checked(phone, "member-question-filed-phone")


def test_pair_answer_the_roll_call_ask_for_the_floor_second_and_vote(browsing: Browsing, hall: Hall) -> None:
    phone = phone_of(browsing, hall, "Aino Laine", bypass_csp=True)  # bypass: axe is injected
    wire = Wire(phone)
    phone.reload()
    expect(phone.locator(".status")).to_have_text("Yhteys toimii")
    expect(phone.get_by_text("Kokousta ei ole avattu")).to_be_visible()
    checked(phone, "member-paired-draft-phone")

    # The roll call calls her: one big button.
    chair = hall.chair
    chair.ok("open_meeting")
    chair.ok("start_roll_call")
    present = phone.get_by_role("button", name="Olen paikalla")
    expect(present).to_be_visible()
    assert present.bounding_box()["height"] >= 44
    checked(phone, "member-roll-call-phone")
    present.click()
    expect(phone.locator(".my-status")).to_contain_text("Ilmoittauduit nimenhuudossa")
    expect(phone.locator(".my-status")).to_contain_text("Läsnä")
    expect(present).to_be_hidden()
    shot(phone, "member-roll-call-answered-phone")

    for person in all_members():
        if person not in (AINO, "m30"):
            chair.ok("mark_present", person=person)
    chair.ok("end_roll_call")
    chair.ok("declare_quorum")
    chair.ok("take_up_item", item=6)
    expect(phone.get_by_role("heading", level=2, name="Asia 6")).to_be_visible()
    chair.ok("open_discussion", group_round=True)

    # Two ask before her; she is third. Then her group's address goes first of all.
    chair.ok("request_floor", kind="speech", on_behalf_of=MINNA)
    chair.ok("request_floor", kind="speech", on_behalf_of=PEKKA)
    phone.get_by_role("button", name="Pyydä puheenvuoro", exact=True).click()
    mine = phone.locator(".my-requests")
    expect(mine).to_contain_text("Puheenvuoro: olet jonossa 3. (3 jonossa)")
    expect(phone.get_by_role("button", name="Pyydä puheenvuoro", exact=True)).to_be_hidden()  # one at a time
    phone.get_by_role("button", name="Pyydä ryhmäpuheenvuoro ryhmälle").click()
    expect(mine).to_contain_text("Ryhmäpuheenvuoro: olet jonossa 1. (4 jonossa)")
    expect(mine).to_contain_text("Puheenvuoro: olet jonossa 4. (4 jonossa)")
    expect(phone.locator(".queue li[data-mine=true]").first).to_contain_text("Aino Laine – Ryhmäpuheenvuoro")
    checked(phone, "member-queue-place-phone")

    # The floor is given to her group address: the timer counts down on the phone.
    chair.ok("give_floor")
    expect(phone.locator(".speaker")).to_contain_text("Aino Laine")
    expect(phone.locator(".timer")).to_contain_text(re.compile(r"[78]:\d\d jäljellä"))
    phone.get_by_role("button", name="Lopetan puheenvuoroni").click()
    expect(phone.locator(".speaker")).to_have_count(0)
    phone.get_by_role("button", name="Peru pyyntö: Puheenvuoro").click()
    expect(mine).to_have_count(0)

    # A counter-proposal, seconded from the phone.
    chair.ok("record_proposal", mover=ULLA, kind="counter", text=COUNTER_TEXT)
    proposal = phone.locator(".proposal-item").first
    expect(proposal).to_contain_text("Vastaehdotus (Ulla Granqvist)")
    expect(proposal).to_contain_text("Ei vielä kannatettu")
    proposal.get_by_role("button", name="Kannatan: Vastaehdotus (Ulla Granqvist)").click()
    expect(proposal).to_contain_text("Kannattajat: Aino Laine")
    expect(proposal.get_by_role("button", name=re.compile("Kannatan"))).to_have_count(0)

    # Refused by the server: she seconds a rejection proposal the moment it is withdrawn (her
    # command is held on a slow network until the withdrawal is in).
    chair.ok("record_proposal", mover=MINNA, kind="rejection", text="Asia hylätään.")
    second = phone.get_by_role("button", name="Kannatan: Hylkäysehdotus (Minna Jääskeläinen)")
    wire.holding = True
    second.click()
    chair.ok("withdraw_proposal", proposal=chair.proposal("Asia hylätään."), person=MINNA)
    expect(phone.locator(".proposal-item").nth(1)).to_contain_text("Peruttu")
    wire.release()
    alert = phone.locator(".m-error")
    expect(alert).to_contain_text("Ehdotus on peruttu, raukesi tai on yhdistetty toiseen.")
    checked(phone, "member-refused-phone")
    alert.get_by_role("button", name="Sulje ilmoitus").click()
    expect(alert).to_have_count(0)

    # The vote: the whole screen is the ballot, saying what Jaa and Ei mean.
    chair.ok("close_discussion")
    chair.ok("confirm_summary")
    chair.ok("approve_voting_order")
    chair.ok("open_vote", mode="electronic")
    ballot = phone.locator(".ballot")
    expect(ballot.get_by_role("heading", level=1)).to_have_text("Äänestys 1")
    expect(ballot.locator(".side[data-side=jaa]")).to_contain_text("Jaa tarkoittaa: Pohjaehdotus")
    expect(ballot.locator(".side[data-side=ei]")).to_contain_text("Ei tarkoittaa: Vastaehdotus (Ulla Granqvist)")
    expect(ballot.locator(".side[data-side=ei]")).to_contain_text(COUNTER_TEXT)
    expect(phone.locator(".floor")).to_have_count(0)  # nothing else on the screen
    expect(ballot.locator(".recorded")).to_contain_text("Et ole vielä äänestänyt.")
    jaa = ballot.get_by_role("button", name="Jaa: Pohjaehdotus")
    ei = ballot.get_by_role("button", name="Ei: Vastaehdotus (Ulla Granqvist)")
    tyhja = ballot.get_by_role("button", name="Tyhjä: En ota kantaa")
    for button in (jaa, ei, tyhja):
        box = button.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 300, box
    checked(phone, "member-ballot-phone")

    jaa.click()
    expect(ballot.locator(".recorded-choice")).to_have_text("Äänesi on kirjattu: Jaa – Pohjaehdotus")
    expect(jaa).to_have_attribute("aria-pressed", "true")
    ei.click()
    expect(ballot.locator(".recorded-choice")).to_have_text(
        "Äänesi on kirjattu: Ei – Vastaehdotus (Ulla Granqvist)")
    expect(ei).to_have_attribute("aria-pressed", "true")
    expect(jaa).to_have_attribute("aria-pressed", "false")
    expect(ballot).to_contain_text("Voit muuttaa ääntäsi, kunnes äänestys päättyy.")
    expect(ballot.locator(".progress")).to_have_text("1 / 34 äänestänyt")
    checked(phone, "member-ballot-voted-phone")
    text_at_200_percent(phone, "member-ballot-text200-phone")

    # Closed: the result, with her own recorded choice.
    chair.ok("close_vote")
    expect(ballot.get_by_role("heading", name="Äänestys on päättynyt")).to_be_visible()
    expect(ballot.get_by_role("button", name=re.compile("^Jaa"))).to_have_count(0)
    expect(ballot.locator(".result-text")).to_have_text("Tulos: Ei – Vastaehdotus (Ulla Granqvist)")
    expect(ballot.locator(".counts tr[data-choice=ei]")).to_contain_text("1")
    expect(ballot).to_contain_text("Sinun äänesi: Ei")
    checked(phone, "member-vote-closed-phone")
    chair.ok("declare_result")
    chair.ok("declare_decision")
    expect(phone.locator(".ballot")).to_have_count(0)
    expect(phone.locator(".result .result-text")).to_have_text("Tulos: Ei – Vastaehdotus (Ulla Granqvist)")
    expect(phone.locator(".decision")).to_contain_text("Valtuusto hyväksyi äänestyksen jälkeen: Vastaehdotus (Ulla Granqvist)")
    checked(phone, "member-decision-phone")
    phone.get_by_label("Perustelut").fill("Kyläkoulu on säilytettävä.")
    phone.get_by_role("button", name="Jätä eriävä mielipide").click()
    expect(phone.locator(".decision")).to_contain_text("Eriävä mielipiteesi on kirjattu pöytäkirjaan.")


def test_a_secret_ballot_shows_only_that_the_ballot_is_recorded(browsing: Browsing, hall: Hall) -> None:
    phone = phone_of(browsing, hall, "Jari Kärkkäinen")
    hall.chair.ok("take_up_item", item=2)
    hall.chair.ok("open_election", title={"fi": "Pöytäkirjantarkastajan valinta", "sv": "Val av protokolljusterare"},
                  kind="majority", seats=1, candidates=[MINNA, "m21", "m22"], secret=True)
    ballot = phone.locator(".ballot")
    expect(ballot.get_by_role("heading", level=1)).to_have_text("Pöytäkirjantarkastajan valinta")
    expect(ballot).to_contain_text("Suljettu lippuäänestys")
    ballot.get_by_label("Minna Jääskeläinen").check()
    shot(phone, "member-election-phone")
    ballot.get_by_role("button", name="Jätä äänestyslippu").click()
    dialog = phone.get_by_role("dialog")
    expect(dialog).to_contain_text("Lippua ei voi muuttaa")
    dialog.get_by_role("button", name="Jätä äänestyslippu").click()
    expect(ballot.locator(".recorded-ballot")).to_have_text("Äänestyslippusi on kirjattu.")
    # Nothing of the choice is echoed: no candidate, no checked box, no form.
    expect(ballot).not_to_contain_text("Minna")
    expect(ballot.locator("input")).to_have_count(0)
    assert "Minna" not in phone.locator(".member").inner_text()
    shot(phone, "member-election-recorded-phone")

    hall.chair.ok("close_election")
    expect(phone.locator(".result")).to_contain_text("Valittiin: Minna Jääskeläinen")
    shot(phone, "member-election-result-phone")


def test_disqualification_and_a_reported_absence(browsing: Browsing, hall: Hall) -> None:
    phone = phone_of(browsing, hall, "Eija Vikström")
    # A written proposal from the phone.
    phone.get_by_role("button", name="Tee kirjallinen ehdotus").click()
    phone.get_by_label("Ehdotuksen laji").select_option("counter")
    phone.get_by_label("Ehdotuksen teksti").fill("Pöytäkirjantarkastajiksi valitaan Sari Koskela.")
    phone.get_by_role("button", name="Jätä ehdotus").click()
    mine = phone.locator(".proposal-item", has_text="Vastaehdotus (Eija Vikström)")
    expect(mine).to_contain_text("Pöytäkirjantarkastajiksi valitaan Sari Koskela.")
    expect(mine).to_contain_text("Ei vielä kannatettu")
    expect(mine.get_by_role("button", name="Peru ehdotukseni: Vastaehdotus (Eija Vikström)")).to_be_visible()
    expect(phone.get_by_label("Ehdotuksen teksti")).to_have_count(0)  # the form closes once it is in
    shot(phone, "member-proposal-made-phone")

    phone.get_by_role("button", name="Ilmoitan olevani esteellinen asiassa 2").click()
    dialog = phone.get_by_role("dialog")
    expect(dialog).to_contain_text("Et voi silloin puhua")
    dialog.get_by_role("button", name="Ilmoitan esteellisyyden").click()
    expect(phone.locator(".my-status")).to_contain_text("Esteellinen asiassa 2")
    shot(phone, "member-disqualified-phone")
    phone.get_by_role("button", name="Peru esteellisyysilmoitus").click()
    expect(phone.locator(".my-status")).not_to_contain_text("Esteellinen")

    # Antti Yli-Kojola was not at the roll call: he reports his absence from the phone.
    absent = phone_of(browsing, hall, "Antti Yli-Kojola")
    expect(absent.locator(".my-status")).to_contain_text("Ei merkitty läsnä olevaksi")
    expect(absent.get_by_role("button", name=re.compile("esteellinen"))).to_be_visible()
    absent.get_by_role("button", name="Ilmoita poissaolo").click()
    absent.get_by_role("dialog").get_by_role("button", name="Ilmoita poissaolo").click()
    expect(absent.locator(".my-status")).to_contain_text("Poissaolo ilmoitettu")
    expect(absent.get_by_role("button", name="Ilmoita poissaolo")).to_have_count(0)
    shot(absent, "member-absence-reported-phone")


def test_a_vote_tapped_while_the_server_restarts_is_recorded_once_it_is_back(
        browsing: Browsing, hall: Hall, server: Server) -> None:
    chair = hall.chair
    chair.ok("take_up_item", item=5)
    chair.ok("open_discussion")
    chair.ok("record_proposal", mover=MINNA, kind="counter", text="Kaava palautetaan.")
    chair.ok("second_proposal", proposal=chair.proposal("Kaava palautetaan."), person=PEKKA)
    chair.ok("close_discussion")
    chair.ok("confirm_summary")
    chair.ok("approve_voting_order")
    chair.ok("open_vote", mode="electronic")

    phone = phone_of(browsing, hall, "Satu Peltoniemi")
    ballot = phone.locator(".ballot")
    ballot.get_by_role("button", name="Jaa: Pohjaehdotus").click()
    expect(ballot.locator(".recorded-choice")).to_have_text("Äänesi on kirjattu: Jaa – Pohjaehdotus")

    server.stop()
    browsing.allow(r"WebSocket connection to .* failed")  # the retries while it is down
    expect(phone.locator(".status")).to_have_text("Yhteys katkennut, yhdistetään…")
    ballot.get_by_role("button", name="Ei: Vastaehdotus (Minna Jääskeläinen)").click()
    expect(ballot.locator(".pending")).to_have_text(
        "Ei yhteyttä. Valintaasi (Ei) ei ole vielä kirjattu; se lähetetään, kun yhteys palaa.")
    # Still the server's record, not the tap.
    expect(ballot.locator(".recorded-choice")).to_have_text("Äänesi on kirjattu: Jaa – Pohjaehdotus")
    shot(phone, "member-vote-offline-phone")

    server.start()  # same data, same port
    expect(phone.locator(".status")).to_have_text("Yhteys toimii", timeout=BACK)
    expect(ballot.locator(".recorded-choice")).to_have_text(
        "Äänesi on kirjattu: Ei – Vastaehdotus (Minna Jääskeläinen)", timeout=BACK)
    expect(ballot.locator(".pending")).to_have_count(0)
    expect(ballot.locator(".progress")).to_have_text(re.compile(r"^1 / \d+ äänestänyt$"))  # counted once
    shot(phone, "member-vote-back-phone")

    hall.reconnect_chair()
    hall.chair.ok("close_vote")
    expect(ballot.locator(".result-text")).to_have_text("Tulos: Ei – Vastaehdotus (Minna Jääskeläinen)")

    # She demands that the vote be taken again by roll call [KRS §21].
    ballot.get_by_role("button", name="Vaadin nimenhuutoäänestystä").click()
    phone.get_by_role("dialog").get_by_role("button", name="Vaadin nimenhuutoäänestystä").click()
    expect(phone.get_by_text("Nimenhuutoäänestystä on vaadittu")).to_be_visible()
    expect(phone.locator(".ballot")).to_have_count(0)


def test_a_roll_call_vote_tells_the_member_when_it_is_their_turn(browsing: Browsing, hall: Hall) -> None:
    chair = hall.chair
    chair.ok("open_vote", mode="roll_call")  # the vote set aside, taken again
    phone = phone_of(browsing, hall, "Tommi Aalto")  # first in alphabetical order
    ballot = phone.locator(".ballot")
    expect(ballot).to_contain_text("Nimenhuutoäänestys")
    expect(ballot.get_by_role("button", name=re.compile("^Jaa"))).to_have_count(0)  # answered aloud
    chair.ok("call_next")
    expect(ballot.locator(".your-turn")).to_have_text("Nyt on sinun vuorosi: vastaa ääneen.")
    shot(phone, "member-roll-call-vote-turn-phone")
    chair.ok("record_answer", choice="jaa")
    expect(ballot.locator(".recorded-choice")).to_have_text(
        "Äänesi on kirjattu: Jaa – Pohjaehdotus")
    chair.ok("call_next")
    expect(ballot.locator(".your-turn")).to_have_count(0)
    expect(ballot).to_contain_text("Vuorossa:")


def test_the_member_reads_swedish_and_english(browsing: Browsing, hall: Hall) -> None:
    phone = phone_of(browsing, hall, "Kenneth Back")  # reads Swedish
    expect(phone.locator("html")).to_have_attribute("lang", "sv")
    ballot = phone.locator(".ballot")
    expect(ballot).to_contain_text("Omröstning med namnupprop")
    expect(ballot.locator(".side[data-side=jaa]")).to_contain_text("Ja betyder: Grundförslaget")
    shot(phone, "member-ballot-sv-phone")
    phone.get_by_role("button", name="English").click()
    expect(ballot.locator(".side[data-side=ei]")).to_contain_text("No means: Counter-proposal (Minna Jääskeläinen)")
    expect(phone.locator(".status")).to_have_text("Connected")
    shot(phone, "member-ballot-en-phone")
