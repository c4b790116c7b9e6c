"""Elections through the real pages (RULES.md §10, issue 17): the chair opens them on the
console, members vote on their phones (360x640), the hall screen (1920x1080) shows the ballot
and the result in Finnish and Swedish side by side.

* a majority election of one, with a candidate from outside the council (EL-M1, EL-M2);
* an absolute majority that needs a run-off, which blocks closing the item (ME-4);
* a proportional election held on candidate lists handed in to the election board on the
  secretary's console, signed, corrected and combined (numbered by lot), demanded by the
  members the chair ticks against the live threshold (LAW-18), with comparative numbers and a
  lot for the last seat on the screen (EL-P3…EL-P7);
* paper ballots (closed_ballot_mode = paper): the phone says to hand one in, the secretary marks
  who did and enters the board's count with its sum checked live, the chair announces it (C-7).

The tests of a module share its server and run in order: the meeting moves along. The members
who are not on a browser phone vote over the protocol. Screenshots: tests/artifacts/election-*.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from .harness import HALL, PHONE, ROOT, Browsing, Server, axe_clean, axe_problems, console_page, shot
from .test_screen_hall import MEMBERS, Connection, Hall

pytestmark = pytest.mark.e2e

ITEM = 7  # the demo agenda's "täydennysvaali" / "fyllnadsval"
AINO, MINNA = "m12", "m20"  # two members on browser phones


# --- the pages ------------------------------------------------------------------------------------


def hall_screen(browsing: Browsing, server: Server) -> Page:
    page = browsing.open(HALL, bypass_csp=True)
    page.goto(f"{server.url}/screen?key={server.display_key}")
    expect(page.locator("body.ready")).to_be_attached()
    return page


def phone(browsing: Browsing, server: Server, token: str) -> Page:
    """A member's phone, paired already (its device cookie), on the member page."""
    page = browsing.open(PHONE, is_mobile=True, has_touch=True, bypass_csp=True)
    page.context.add_cookies([{"name": "chamber_device", "value": token, "url": server.url, "httpOnly": True}])
    page.goto(f"{server.url}/member")
    expect(page.locator("body.ready")).to_be_attached()
    return page


def confirm(page: Page, text: str) -> None:
    """Answer yes to the page's question (the safe answer has the focus)."""
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text(text)
    dialog.locator("button[value=yes]").click()
    expect(dialog).to_be_hidden()


def on_screen(page: Page, name: str) -> None:
    """The hall screen: a screenshot, an axe scan, and all of it within the 1920x1080 screen
    (a kiosk does not scroll)."""
    axe_clean(page, name)
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= HALL["height"], f"{name} is {height}px high"


def phone_clean(page: Page, name: str) -> None:
    """A screenshot, an axe scan, and no sideways scrolling at 360 px."""
    axe_clean(page, name)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px"


def in_session(chair: Connection, item: int = ITEM) -> None:
    """Everyone present by roll call, quorum declared, the item taken up."""
    chair.cmd("open_meeting")
    chair.cmd("start_roll_call")
    for person in MEMBERS:
        chair.cmd("mark_present", person=person)
    chair.cmd("end_roll_call")
    chair.cmd("declare_quorum")
    chair.cmd("take_up_item", item=item)


def ballots(hall: Hall, votes: dict[str, list[dict[str, Any]]]) -> None:
    """Each member's ballot over the protocol (the rest are on browser phones)."""
    for person, args in votes.items():
        for a in args:
            hall.member(person, "cast_ballot", **a)


def spread(people: list[str], *counts: tuple[int, dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The first n people cast one ballot, the next m another, ..."""
    out: dict[str, list[dict[str, Any]]] = {}
    for n, ballot in counts:
        for person in people[:n]:
            out[person] = [ballot]
        people = people[n:]
    assert not people, f"{len(people)} left without a ballot"
    return out


@pytest.fixture(scope="module")
def hall(server: Server) -> Iterator[Hall]:
    h = Hall(server)
    in_session(h.chair)
    yield h
    h.chair.close()


# --- a majority election of one ---------------------------------------------------------------------


def test_a_majority_election_opened_on_the_console_voted_on_phones_shown_in_the_hall(
        browsing: Browsing, server: Server, hall: Hall) -> None:
    console = console_page(browsing, server, "chair")
    screen = hall_screen(browsing, server)
    panel = console.locator("section.election")
    panel.locator("summary", has_text="Uusi vaali").click()
    panel.get_by_label("suomeksi").fill("Sivistyslautakunnan jäsen")
    panel.get_by_label("ruotsiksi").fill("Medlem i bildningsnämnden")
    expect(panel.get_by_label("Suljetuin lipuin")).to_be_checked()
    panel.get_by_label("Johanna Ek", exact=True).check()
    panel.get_by_label("Sofia Lönnqvist", exact=True).check()
    panel.get_by_label("Muu ehdokas").fill("Sara Virta")  # not a councillor: a name as written
    panel.get_by_role("button", name="Lisää ehdokas").click()
    expect(panel.locator(".chosen li")).to_have_count(3)
    expect(panel.get_by_role("button", name="Valitaan yksimielisesti ilman vaalia")).to_be_disabled()  # 3 for 1 seat
    panel.get_by_role("button", name="Avaa vaali").click()
    now = panel.locator(".election-now")
    expect(now).to_contain_text("Sivistyslautakunnan jäsen")
    expect(now).to_contain_text("Enemmistövaali · suljetuin lipuin")
    expect(now).to_contain_text("0/35 äänestänyt")
    axe_clean(console, "election-majority-console-laptop")

    expect(screen.locator(".election-title[lang=sv]")).to_have_text("Medlem i bildningsnämnden")
    expect(screen.locator(".election .candidates li")).to_have_text(["Johanna Ek", "Sofia Lönnqvist", "Sara Virta"])
    expect(screen.locator(".election .progress-words")).to_contain_text("äänestänyt")
    expect(screen.locator(".election .progress-words")).to_contain_text("har röstat")

    aino, minna = phone(browsing, server, hall.tokens[AINO]), phone(browsing, server, hall.tokens[MINNA])
    for member, pick in ((aino, "Johanna Ek"), (minna, "Sofia Lönnqvist")):
        ballot = member.locator(".ballot")
        expect(ballot.get_by_role("heading", level=1)).to_have_text("Sivistyslautakunnan jäsen")
        expect(ballot).to_contain_text("Suljettu lippuäänestys")
        ballot.get_by_label(re.compile(pick)).check()
        if member is aino:
            phone_clean(member, "election-majority-ballot-phone")
        ballot.get_by_role("button", name="Jätä äänestyslippu").click()
        confirm(member, "Jätetäänkö äänestyslippu")
        expect(ballot.locator(".recorded-ballot")).to_have_text("Äänestyslippusi on kirjattu.")
        expect(ballot.locator("input")).to_have_count(0)
    others = [p for p in MEMBERS if p not in (AINO, MINNA)]
    ballots(hall, spread(others, (17, {"names": ["m24"]}), (9, {"names": ["m35"]}),
                         (5, {"names": ["Sara Virta"]}), (2, {"names": []})))
    expect(now).to_contain_text("35/35 äänestänyt")
    expect(screen.locator(".election .voted")).to_have_text("35")
    shot(screen, "election-majority-open-hall")

    panel.get_by_role("button", name="Sulje vaali").click()
    confirm(console, "Suljetaanko äänestys? 35/35")
    rows = screen.locator(".election-result .ranked")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_have_attribute("data-elected", "yes")
    expect(rows.nth(0)).to_contain_text("Johanna Ek")
    expect(rows.nth(0).locator(".ranked-votes")).to_have_text("18")
    expect(rows.nth(0).locator(".badge")).to_contain_text("Valittu")
    expect(rows.nth(0).locator(".badge")).to_contain_text("Vald")
    expect(rows.nth(2)).to_contain_text("Sara Virta")
    expect(screen.locator(".election-result .blank")).to_contain_text("Tyhjiä 2, hylättyjä 0")
    expect(screen.locator(".election-result .blank")).to_contain_text("Blanka 2, ogiltiga 0")
    expect(screen.locator(".election-result .lot")).to_have_count(0)
    on_screen(screen, "election-majority-result-hall")
    expect(console.locator(".election-result tr[data-elected=yes]")).to_contain_text("Johanna Ek")
    expect(aino.locator(".result-text")).to_have_text("Valittiin: Johanna Ek")
    phone_clean(aino, "election-majority-result-phone")


# --- an absolute majority and its run-off (ME-4) -------------------------------------------------------


def test_a_run_off_between_the_two_first_blocks_closing_the_item_until_it_is_held(
        browsing: Browsing, server: Server, hall: Hall) -> None:
    console = console_page(browsing, server, "chair")
    screen = hall_screen(browsing, server)
    panel = console.locator("section.election")
    panel.locator("summary", has_text="Uusi vaali").click()
    panel.get_by_label("suomeksi").fill("Sivistyslautakunnan puheenjohtaja")
    for name in ("Rebecca Holm", "Tommi Aalto", "Erik Storbacka"):
        panel.get_by_label(name, exact=True).check()
    panel.get_by_label("Ehdoton enemmistö, tarvittaessa toinen kierros").check()
    panel.get_by_role("button", name="Avaa vaali").click()
    expect(panel.locator(".election-now")).to_contain_text("Sivistyslautakunnan puheenjohtaja")
    ballots(hall, spread(MEMBERS, (14, {"names": ["m22"]}), (12, {"names": ["m23"]}), (9, {"names": ["m28"]})))
    panel.get_by_role("button", name="Sulje vaali").click()
    confirm(console, "Suljetaanko äänestys? 35/35")

    runoff = screen.locator(".election-result .runoff")
    expect(runoff).to_contain_text("Kukaan ei saanut yli puolta äänistä: toinen kierros")
    expect(runoff).to_contain_text("Ingen fick mer än hälften av rösterna: andra omgång")
    expect(runoff.locator("strong")).to_have_text("Rebecca Holm – Tommi Aalto")
    expect(screen.locator(".election-result .ranked[data-elected=yes]")).to_have_count(0)
    on_screen(screen, "election-runoff-pending-hall")
    expect(panel.locator(".runoff")).to_contain_text("toinen kierros ehdokkaiden Rebecca Holm, Tommi Aalto välillä")
    expect(panel.locator("summary", has_text="Uusi vaali")).to_have_count(0)  # no new election meanwhile

    console.get_by_role("button", name="Päätä asian käsittely").click()
    confirm(console, "Päätetäänkö asian 7 käsittely")
    expect(console.locator(".chair-console")).to_contain_text("Vaali odottaa toista kierrosta")
    axe_clean(console, "election-runoff-pending-console-laptop")

    panel.get_by_role("button", name="Avaa toinen kierros").click()
    confirm(console, "Avataanko toinen kierros: Rebecca Holm, Tommi Aalto?")
    aino = phone(browsing, server, hall.tokens[AINO])
    ballot = aino.locator(".ballot")
    expect(ballot.locator("input[name=candidate]")).to_have_count(3)  # the two, and a blank ballot
    expect(ballot).to_contain_text("Rebecca Holm")
    expect(ballot).not_to_contain_text("Erik Storbacka")
    ballot.get_by_label(re.compile("Tommi Aalto")).check()
    ballot.get_by_role("button", name="Jätä äänestyslippu").click()
    confirm(aino, "Jätetäänkö äänestyslippu")
    expect(ballot.locator(".recorded-ballot")).to_be_visible()
    ballots(hall, spread([p for p in MEMBERS if p != AINO], (20, {"names": ["m22"]}), (14, {"names": ["m23"]})))
    panel.get_by_role("button", name="Sulje vaali").click()
    confirm(console, "Suljetaanko äänestys? 35/35")
    elected = screen.locator(".election-result .ranked[data-elected=yes]")
    expect(elected).to_have_count(1)
    expect(elected).to_contain_text("Rebecca Holm")
    expect(screen.locator(".election-result .runoff")).to_have_count(0)
    expect(screen.locator(".vote-title")).to_contain_text("Vaali suljetuin lipuin")
    shot(screen, "election-runoff-result-hall")


# --- a proportional election on the lists handed in to the election board ----------------------------------


def combined_numbers(chair: Connection) -> dict[str, int]:
    """The list numbers of the combined list, as every role's view has it."""
    deadline = time.monotonic() + 10
    while not (chair.view.get("candidate_lists") or {}).get("lists"):
        chair.next(max(0.01, deadline - time.monotonic()))
    return {lst["name"]: lst["number"] for lst in chair.view["candidate_lists"]["lists"]}


def fill_row(board: Any, number: int, candidate: str, gender: str = "Ei ilmoitettu", deputy: str = "",
             deputy_gender: str = "Ei ilmoitettu") -> None:
    """One place on the list form: the candidate, the personal deputy paired (LAW-19), genders."""
    row = board.get_by_role("group", name=f"Ehdokas {number}", exact=True)
    if not row.count():
        board.get_by_role("button", name="Lisää ehdokas").click()
    expect(row).to_be_visible()
    row.get_by_label("Ehdokkaan nimi").fill(candidate)
    row.get_by_label("Ehdokkaan sukupuoli").select_option(label=gender)
    row.get_by_label("Henkilökohtainen varajäsen (voi jättää tyhjäksi)").fill(deputy)
    row.get_by_label("Varajäsenen sukupuoli").select_option(label=deputy_gender)


def hand_in(board: Any, name: str, candidates: list[tuple[str, ...]], agent: str, other: str) -> None:
    board.get_by_label("Listan nimi").fill(name)
    for number, candidate in enumerate(candidates, start=1):
        fill_row(board, number, *candidate)
    board.get_by_label("Asiamies (ensimmäinen allekirjoittaja)").select_option(label=agent)
    board.locator(".list-form fieldset").get_by_label(other, exact=True).check()
    board.get_by_role("button", name="Vastaanota ehdokaslista").click()
    expect(board.locator(".board-lists tbody tr", has_text=name)).to_have_count(1)


def test_a_proportional_election_on_the_combined_list_with_comparative_numbers_and_a_lot(
        browsing: Browsing, server: Server, hall: Hall) -> None:
    secretary = console_page(browsing, server, "secretary")
    screen = hall_screen(browsing, server)
    board = secretary.locator("section.election-board")
    expect(board.get_by_label("Asia, jonka vaalin listat")).to_have_value("")  # the item under consideration
    expect(board).to_contain_text("Tähän asiaan ei ole jätetty ehdokaslistoja.")
    # The genders make any result of three break the 40 % quota (1 of 3 is 33 %): the chair is warned.
    hand_in(board, "Kokoomus ja Keskusta", [("Anu Mäki", "Nainen", "Kaisa Koivu", "Nainen"),
                                            ("Pertti Salo", "Mies", "Olli Orava", "Mies"), ("Leena Hautala", "Nainen")],
            "Minna Jääskeläinen", "Matti Ämmälä")
    hand_in(board, "SFP – RKP", [("Eva Lindqvist", "Nainen"), ("Anu Mäki", "Nainen")], "Johan Sjöholm", "Mikael Wikström")
    hand_in(board, "SDP", [("Ville Koski", "Mies"), ("Riikka Aho", "Nainen")], "Aino Laine", "Kenneth Back")
    kok = board.locator(".board-lists tbody tr", has_text="Kokoomus ja Keskusta")
    expect(kok).to_contain_text("3. Leena Hautala")  # a councillor's name is the councillor (m27)
    expect(kok).to_contain_text("1. Anu Mäki (varajäsen Kaisa Koivu), 2. Pertti Salo (varajäsen Olli Orava)")
    expect(kok).to_contain_text("Minna Jääskeläinen (asiamies), Matti Ämmälä")

    board.get_by_label("Valittavia").fill("3")
    board.get_by_role("button", name="Laadi ehdokaslistojen yhdistelmä").click()
    expect(board.get_by_role("alert")).to_contain_text("Anu Mäki on ehdokkaana useammalla ehdokaslistalla")
    board.get_by_role("button", name="Korjaa lista SFP – RKP").click()
    expect(board.get_by_label("Listan nimi")).to_have_value("SFP – RKP")
    expect(board.get_by_role("group", name="Ehdokas 2", exact=True).get_by_label("Ehdokkaan nimi")).to_have_value("Anu Mäki")
    fill_row(board, 2, "Karin Ek", "Nainen")
    board.get_by_role("button", name="Tallenna asiamiehen korjaus").click()
    expect(board.locator(".board-lists tbody tr", has_text="SFP – RKP")).to_contain_text("2. Karin Ek")
    board.get_by_label("Valittavia").fill("3")
    board.get_by_role("button", name="Laadi ehdokaslistojen yhdistelmä").click()
    expect(board.locator(".combined-status")).to_contain_text("laadittu 3 valittavalle. Listojen numerot arvottiin:")
    axe_clean(secretary, "election-lists-secretary-laptop")

    numbers = combined_numbers(hall.chair)
    assert sorted(numbers.values()) == [1, 2, 3]
    expect(screen.locator(".combined .vote-title")).to_contain_text("Ehdokaslistojen yhdistelmä")
    expect(screen.locator(".combined .vote-title")).to_contain_text("Sammanställning av kandidatlistorna")
    expect(screen.locator(".combined .cand-list")).to_have_count(3)
    first = screen.locator(".combined .cand-list").nth(0)
    expect(first.locator(".list-number")).to_have_text("1")
    kok_on_screen = screen.locator(".combined .cand-list", has_text="Kokoomus ja Keskusta")
    expect(kok_on_screen.locator(".list-names li").nth(0)).to_have_text("Anu Mäki varajäsen / ersättare Kaisa Koivu")
    expect(screen.locator(".combined .lot")).to_contain_text("Listojen numerot arvottiin")
    expect(screen.locator(".combined .lot")).to_contain_text("Listornas nummer lottades")
    expect(screen.locator(".combined .lot strong")).to_have_text(", ".join(sorted(numbers, key=numbers.get)))
    on_screen(screen, "election-combined-list-hall")
    hall.chair.cmd("open_discussion", group_round=False)  # the lists stay up beside the queue
    hall.member("m05", "request_floor", kind="speech")
    expect(screen.locator(".side .queue")).to_contain_text("Ulla Granqvist")
    expect(screen.locator(".combined .cand-list")).to_have_count(3)
    on_screen(screen, "election-combined-list-queue-hall")
    hall.chair.cmd("close_discussion")

    console = console_page(browsing, server, "chair")
    panel = console.locator("section.election")
    panel.locator("summary", has_text="Uusi vaali").click()
    panel.get_by_label("Suhteellinen vaali").check()
    expect(panel).to_contain_text("Ehdokaslistojen yhdistelmä, valittavia 3")
    demand = panel.locator(".demand")
    expect(demand).to_have_text("Vaatijoita 0, tarvitaan 9 (läsnä 35, valittavia 3) — vaatijoita liian vähän")  # ⌈35/4⌉
    open_button = panel.get_by_role("button", name="Avaa vaali")
    expect(open_button).to_be_disabled()
    panel.get_by_label("suomeksi").fill("Sivistyslautakunta")
    panel.get_by_label("ruotsiksi").fill("Bildningsnämnden")
    demanders = panel.locator("fieldset", has_text="Suhteellista vaalia vaativat").get_by_role("checkbox")
    for n in range(9):
        demanders.nth(n).check()
    expect(demand).to_have_text("Vaatijoita 9, tarvitaan 9 (läsnä 35, valittavia 3) — vaatimus riittää")
    axe_clean(console, "election-proportional-setup-console-laptop")
    open_button.click()
    expect(panel.locator(".election-now")).to_contain_text("Suhteellinen vaali · suljetuin lipuin")

    expect(screen.locator(".election-open .cand-list")).to_have_count(3)
    aino = phone(browsing, server, hall.tokens[AINO])
    ballot = aino.locator(".ballot")
    expect(ballot.locator("legend")).to_have_text("Valitse ehdokaslista")
    sdp = numbers["SDP"]
    expect(ballot.get_by_label(f"Lista {sdp} SDP: Ville Koski, Riikka Aho")).to_be_visible()
    ballot.get_by_label(f"Lista {sdp} SDP: Ville Koski, Riikka Aho").check()
    phone_clean(aino, "election-proportional-ballot-phone")
    ballot.get_by_role("button", name="Jätä äänestyslippu").click()
    confirm(aino, f"Jätetäänkö äänestyslippu (Lista {sdp})")
    expect(ballot.locator(".recorded-ballot")).to_be_visible()
    # Kokoomus ja Keskusta 14, SFP 7, SDP 7 (Aino's with them), 7 blank: 14,000, then three at
    # 7,000 for two seats: the lot decides (EL-P5); 4,667 and two at 3,500 need no lot.
    others = [p for p in MEMBERS if p != AINO]
    ballots(hall, spread(others, (14, {"list": numbers["Kokoomus ja Keskusta"]}), (7, {"list": numbers["SFP – RKP"]}),
                         (6, {"list": sdp}), (7, {})))
    panel.get_by_role("button", name="Sulje vaali").click()
    confirm(console, "Suljetaanko äänestys? 35/35")

    result = screen.locator(".election-result")
    rows = result.locator(".ranked")
    expect(rows).to_have_count(7)
    expect(rows.nth(0)).to_contain_text("Anu Mäki")
    expect(rows.nth(0).locator(".ranked-votes")).to_have_text("14,000")
    expect(rows.nth(0).locator(".ranked-list")).to_have_text(f"Lista {numbers['Kokoomus ja Keskusta']}")
    expect(rows.nth(0).locator(".ranked-deputy")).to_have_text("varajäsen / ersättare Kaisa Koivu")  # EL-P5
    expect(rows.nth(4).locator(".ranked-votes")).to_have_text("4,667")
    expect(rows.nth(5).locator(".ranked-votes")).to_have_text("3,500")
    expect(result.locator(".ranked[data-elected=yes]")).to_have_count(3)
    lot = result.locator(".lot")
    expect(lot).to_have_count(1)
    expect(lot).to_contain_text("Arpa ratkaisi")
    expect(lot).to_contain_text("Lotten avgjorde")
    expect(lot.locator(".lot-tied strong")).to_have_text("Eva Lindqvist, Pertti Salo, Ville Koski")
    order = lot.locator(".lot-order strong").inner_text().split(", ")
    assert sorted(order) == ["Eva Lindqvist", "Pertti Salo", "Ville Koski"]
    for n, name in enumerate(order[:2], start=1):  # the two first drawn take seats 2 and 3
        expect(rows.nth(n)).to_contain_text(name)
        expect(rows.nth(n)).to_have_attribute("data-elected", "yes")
    expect(rows.nth(3)).to_contain_text(order[2])
    expect(rows.nth(3)).to_have_attribute("data-elected", "no")
    on_screen(screen, "election-proportional-result-hall")
    expect(console.locator(".election .lot")).to_contain_text("Arpa ratkaisi: tasan")
    expect(console.locator(".election-result tbody tr").nth(0)).to_contain_text("14,000")
    expect(console.locator(".election-result tbody tr").nth(0)).to_contain_text("Kaisa Koivu")
    warning = console.locator(".election .quota-warning").first
    expect(warning).to_contain_text("Varoitus (tasa-arvolaki 4 a §): valituista naisia")
    expect(warning).to_contain_text("vähintään 40 %")
    axe_clean(console, "election-proportional-result-console-laptop")


# --- paper ballots (closed_ballot_mode = paper) -------------------------------------------------------------


class PaperServer(Server):
    """The demo council whose rules hold closed ballots on paper: the meeting is called first,
    then `chamber demo` continues it, as a restart continues the meeting in progress."""

    def start(self) -> None:
        if not (self.data / "log.db").exists():
            subprocess.run([sys.executable, "-c", CALL_PAPER_MEETING, str(self.data)], cwd=ROOT, check=True)
        super().start()


CALL_PAPER_MEETING = """
import asyncio, sys
from pathlib import Path
from chamber.council import Council, MeetingSetup
from chamber.demo_data import demo_agenda, demo_roster
from chamber.rules.ruleset import RuleSet

async def call():
    rules = RuleSet.from_dict({"closed_ballot_mode": "paper", "question_hour": {"enabled": True}})
    setup = MeetingSetup({"fi": "Kaupunginvaltuuston kokous", "sv": "Stadsfullmäktiges sammanträde"},
                         demo_roster(), demo_agenda(), "2026-11-23", rules=rules)
    council = await Council.open(Path(sys.argv[1]), setup)
    await council.close()

asyncio.run(call())
"""


@pytest.fixture(scope="module")
def paper(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    s = PaperServer(Path(tmp_path_factory.mktemp("chamber-paper")))
    try:
        s.start()
        yield s
    finally:
        s.stop()


def test_paper_ballots_marked_by_the_secretary_and_counted_by_the_board_then_announced(
        browsing: Browsing, paper: Server) -> None:
    h = Hall(paper)
    try:
        in_session(h.chair)
        h.chair.cmd("open_election", title={"fi": "Tarkastuslautakunnan jäsen", "sv": "Medlem i revisionsnämnden"},
                    seats=1, candidates=["m24", "m35"], secret=True)
        aino = phone(browsing, paper, h.tokens[AINO])
        ballot = aino.locator(".ballot")
        expect(ballot).to_contain_text("Suljettu lippuäänestys paperilipuin: tässä puhelimessa ei äänestetä.")
        expect(ballot.locator(".paper-ballot")).to_have_text(
            "Täytä paperinen äänestyslippu ja jätä se vaalilautakunnalle, kun nimesi huudetaan.")
        expect(ballot.locator("input")).to_have_count(0)
        phone_clean(aino, "election-paper-phone")
        screen = hall_screen(browsing, paper)
        expect(screen.locator(".vote-title")).to_contain_text("Vaali suljetuin paperilipuin")
        expect(screen.locator(".vote-title")).to_contain_text("Val med slutna pappersvalsedlar")
        expect(screen.locator(".progress-words")).to_contain_text("sedlar inlämnade")

        secretary = console_page(browsing, paper, "secretary")
        board = secretary.locator("section.election-board")
        expect(board.locator(".paper-ballot h3")).to_have_text("Paperiliput: Tarkastuslautakunnan jäsen")
        board.get_by_role("button", name="Jätti lipun: Aino Laine").click()
        expect(ballot.locator(".recorded-ballot")).to_have_text("Lippusi on merkitty jätetyksi.")
        board.get_by_role("button", name="Jätti lipun: Minna Jääskeläinen").click()
        board.get_by_role("button", name="Peru merkintä: Minna Jääskeläinen jätti lipun").click()  # a slip
        expect(board.get_by_role("button", name="Jätti lipun: Minna Jääskeläinen")).to_be_visible()
        desk = Connection.staff(paper, "secretary")
        try:
            for person in MEMBERS[:9]:
                desk.cmd("cast_ballot", person=person)
                time.sleep(0.05)
        finally:
            desk.close()
        expect(board.locator(".paper-ballot > p[role=status]")).to_have_text("Lipun jättäneitä 10/35")

        count = board.locator(".count-form")
        count.get_by_label("Johanna Ek").fill("6")
        count.get_by_label("Sofia Lönnqvist").fill("2")
        count.get_by_label("Hyväksytyt liput").fill("8")
        count.get_by_label("Tyhjät liput").fill("1")
        sums = count.locator(".sum-check")
        expect(sums.nth(0)).to_have_text("Hyväksytyt + tyhjät + hylätyt = 9; jätettyjä lippuja 10 — ei täsmää")
        expect(sums.nth(0)).to_have_attribute("data-ok", "no")
        count.get_by_role("button", name="Kirjaa laskenta puheenjohtajalle").click()
        expect(board.get_by_role("alert")).to_contain_text(
            "Hyväksyttyjä, tyhjiä ja hylättyjä lippuja on yhteensä 9, mutta lippuja jätettiin 10.")
        count.get_by_label("Hylätyt liput").fill("1")
        expect(sums.nth(0)).to_have_text("Hyväksytyt + tyhjät + hylätyt = 10; jätettyjä lippuja 10 — täsmää")
        expect(sums.nth(1)).to_have_attribute("data-ok", "yes")
        axe_clean(secretary, "election-paper-count-secretary-laptop")
        count.get_by_role("button", name="Kirjaa laskenta puheenjohtajalle").click()
        expect(count.locator(".notice")).to_contain_text("Laskenta kirjattu (hyväksyttyjä 8, tyhjiä 1, hylättyjä 1)")
        expect(board.get_by_role("button", name="Jätti lipun: Minna Jääskeläinen")).to_be_disabled()
        expect(screen.locator(".election-result")).to_have_count(0)  # not announced yet

        console = console_page(browsing, paper, "chair")
        panel = console.locator("section.election")
        expect(panel.locator(".notice")).to_contain_text("Vaalilautakunnan laskenta: hyväksyttyjä 8, tyhjiä 1, hylättyjä 1: Johanna Ek 6, Sofia Lönnqvist 2")
        panel.get_by_role("button", name="Julista vaalin tulos").click()
        confirm(console, "Julistetaanko tulos?")
        elected = screen.locator(".election-result .ranked[data-elected=yes]")
        expect(elected).to_contain_text("Johanna Ek")
        expect(elected.locator(".ranked-votes")).to_have_text("6")
        expect(screen.locator(".election-result .blank")).to_contain_text("Tyhjiä 1, hylättyjä 1")
        on_screen(screen, "election-paper-result-hall")
        assert not axe_problems(aino)
    finally:
        h.chair.close()
