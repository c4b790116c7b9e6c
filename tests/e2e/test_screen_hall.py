"""The hall screen, the livestream overlay and the public page through one item of a meeting:
idle, a speech with a queue, a vote in progress, an open vote's result with the seat map, a
roll-call vote, and a secret ballot. The chair and the members act through the protocol (the
sync websockets client); the browser only watches, as the hall does.

The tests of this module share one server and run in order: the meeting moves along.
Screenshots: tests/artifacts/screen-*-hall.png, overlay-*-hall.png, public-*-phone.png.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from .harness import HALL, PHONE, Browsing, Client, Server, axe_problems, login, shot

pytestmark = pytest.mark.e2e

MEMBERS = [f"m{i:02d}" for i in range(1, 36)]
ABSENT, DISQUALIFIED = "m30", "m03"  # Antti Yli-Kojola (kesk), Anna-Karin Nyström (sfp)
# The school closure: a counter-proposal and a pairwise vote (item 4, the budget change, is an
# appropriation, whose amounts are voted otherwise, VO-R4).
ITEM_6 = {"fi": "Kouluverkko: Östervikin koulun lakkauttaminen", "sv": "Skolnätet: indragning av Östervik skola"}
COUNTER = {"fi": "Östervikin koulu säilytetään", "sv": "Östervik skola bevaras"}


# --- acting in the meeting over the protocol -------------------------------------------------


class Connection(Client):
    """A connection whose commands return once its own view includes them."""

    def cmd(self, cmd: str, **args: Any) -> dict[str, Any]:
        """Sends a command; returns its accepting reply once the view that includes it is in."""
        reply = self.attempt(cmd, **args)
        assert reply["ok"], f"{cmd} {args}: {reply['error']}"
        return reply

    def attempt(self, cmd: str, **args: Any) -> dict[str, Any]:
        """Sends a command; returns the reply, accepting or refusing."""
        reply = self.send(cmd, **args)
        if reply["ok"]:
            self.sync(reply["seq"])
        return reply


class Hall:
    """The chair (signed in) and the members (paired with the secretary's cards)."""

    def __init__(self, server: Server) -> None:
        self.server = server
        secretary = login(server, "secretary")
        self.tokens: dict[str, str] = {}
        for group in ("sfp", "sdp", "kok", "kesk", "ps", "vas"):
            page = httpx.get(f"{server.url}/secretary/cards?group={group}", headers={"Cookie": secretary}).text
            for card in re.findall(r'<article class="card">.*?</article>', page, re.S):
                if "Valtuutettu · Ledamot" not in card:
                    continue  # substitutes and officials: not needed here
                code = re.search(r"/pair#([\w-]+)", card).group(1)
                paired = httpx.post(f"{server.url}/api/pair", json={"code": code})
                paired.raise_for_status()
                self.tokens[paired.json()["person"]["id"]] = paired.cookies["chamber_device"]
        self.chair = Connection.staff(server, "chair")

    def member(self, person: str, cmd: str, **args: Any) -> dict[str, Any]:
        """A member does one thing from the phone; the chair's view then includes it."""
        connection = Connection(self.server, {"as": "member", "token": self.tokens[person]})
        try:
            reply = connection.cmd(cmd, **args)
        finally:
            connection.close()
        self.chair.sync(reply["seq"])
        return reply


@pytest.fixture(scope="module")
def hall(server: Server) -> Iterator[Hall]:
    h = Hall(server)
    yield h
    h.chair.close()


# --- the pages ------------------------------------------------------------------------------


def screen(browsing: Browsing, server: Server, **options: Any) -> Page:
    page = browsing.open(HALL, **options)
    page.goto(f"{server.url}/screen?key={server.display_key}")
    expect(page.locator("body.ready")).to_be_attached()
    return page


def overlay(browsing: Browsing, server: Server, query: str = "") -> Page:
    page = browsing.open(HALL)
    page.goto(f"{server.url}/overlay?key={server.display_key}{query}")
    expect(page.locator("body.ready")).to_be_attached()
    # The backdrop stands in for the video the overlay is keyed over (the page stays transparent).
    page.evaluate("document.documentElement.style.setProperty('background-image',"
                  " 'linear-gradient(135deg, #2f6b3a, #c8a24a 55%, #8fb8de)');"
                  "document.documentElement.style.setProperty('min-height', '100vh')")
    return page


def public(browsing: Browsing, server: Server) -> Page:
    page = browsing.open(PHONE, is_mobile=True, has_touch=True)
    page.goto(f"{server.url}/public")
    expect(page.locator("body.ready")).to_be_attached()
    return page


# --- the meeting, phase by phase --------------------------------------------------------------


def test_idle_then_the_item_with_quorum_and_the_disqualified(browsing: Browsing, server: Server, hall: Hall) -> None:
    hall_screen = screen(browsing, server)
    expect(hall_screen.locator(".message")).to_contain_text("Kokous alkaa pian.")
    expect(hall_screen.locator(".message")).to_contain_text("Sammanträdet börjar snart.")
    shot(hall_screen, "screen-idle-hall")

    chair = hall.chair
    chair.cmd("open_meeting")
    chair.cmd("start_roll_call")
    for person in MEMBERS:
        if person != ABSENT:
            chair.cmd("mark_present", person=person)
    chair.cmd("end_roll_call")
    chair.cmd("declare_quorum")
    chair.cmd("take_up_item", item=6)
    chair.cmd("declare_disqualification", item=6, person=DISQUALIFIED, basis="declared")

    expect(hall_screen.locator(".item-title[lang=fi]")).to_have_text(ITEM_6["fi"])
    expect(hall_screen.locator(".item-title[lang=sv]")).to_have_text(ITEM_6["sv"])
    quorum = hall_screen.locator(".quorum")
    expect(quorum).to_contain_text("Läsnä 33/35 · päätösvaltainen (vähintään 24)")
    expect(quorum).to_contain_text("Närvarande 33/35 · beslutfört (minst 24)")
    expect(hall_screen.locator(".disqualified")).to_contain_text("Anna-Karin Nyström")
    expect(hall_screen.locator(".disqualified")).to_contain_text("Jävig")
    expect(hall_screen.locator(".base-text[lang=sv]")).to_contain_text("Stadsstyrelsen föreslår")
    shot(hall_screen, "screen-item-hall")


def test_a_speech_with_the_queue(browsing: Browsing, server: Server, hall: Hall) -> None:
    chair = hall.chair
    chair.cmd("open_discussion", group_round=True)
    hall.member("m02", "request_floor", kind="group_address")  # Johan Sjöholm, RKP
    hall.member("m12", "request_floor", kind="group_address")  # Aino Laine, SDP
    hall.member("m14", "request_floor", kind="speech")
    hall.member("m15", "request_floor", kind="speech")
    chair.cmd("give_floor")
    hall.member("m20", "request_floor", kind="reply")  # Minna Jääskeläinen
    hall.member("m07", "request_floor", kind="point_of_order")  # Camilla Holmberg
    chair.cmd("accept_request", request=chair.view["floor"]["awaiting_chair"][0]["request"])
    hall.member("m05", "make_proposal", kind="counter", text=COUNTER)
    hall.member("m09", "second_proposal", proposal=chair.view["proposals"]["proposals"][0]["id"])

    hall_screen = screen(browsing, server)
    expect(hall_screen.locator(".speaker-name")).to_have_text("Johan Sjöholm")
    expect(hall_screen.locator(".speaker-group")).to_have_text("RKP / SFP")
    expect(hall_screen.locator(".speech .kind")).to_contain_text("Ryhmäpuheenvuoro")
    expect(hall_screen.locator(".speech .kind")).to_contain_text("Gruppanförande")
    expect(hall_screen.locator(".timer-value")).to_have_text(re.compile(r"^[78]:\d\d$"))  # of 8:00
    expect(hall_screen.locator(".timer")).to_have_attribute("data-state", "running")
    entries = hall_screen.locator(".queue-entry")
    expect(entries).to_have_count(5)
    # The point of order comes first, then the accepted reply, then the round and the speeches.
    expect(entries.nth(0)).to_contain_text("Camilla Holmberg")
    expect(entries.nth(0)).to_contain_text("Työjärjestyspuheenvuoro")
    expect(entries.nth(0)).to_contain_text("Ordningsfråga")
    expect(entries.nth(1)).to_contain_text("Minna Jääskeläinen")
    expect(entries.nth(1)).to_contain_text("Replik")
    expect(entries.nth(2)).to_contain_text("Aino Laine")
    expect(entries.nth(2)).to_contain_text("Gruppanförande")
    expect(entries.nth(3)).to_contain_text("Jari Kärkkäinen")
    proposal = hall_screen.locator(".proposal")
    expect(proposal).to_contain_text(COUNTER["fi"])
    expect(proposal).to_contain_text(COUNTER["sv"])
    expect(proposal).to_contain_text("Ulla Granqvist")
    expect(proposal).to_contain_text("Kannatettu")
    shot(hall_screen, "screen-speech-hall")

    lower = overlay(browsing, server, "&lang=sv&position=bottom&margin=60")
    third = lower.locator(".lower-third")
    expect(third.locator(".headline")).to_have_text("Johan Sjöholm")
    expect(third.locator(".kicker")).to_have_text("Gruppanförande")
    expect(third.locator(".subline")).to_have_text("RKP / SFP")
    expect(third.locator(".timer-value")).to_have_text(re.compile(r"^[78]:\d\d$"))
    box = third.bounding_box()
    assert box is not None and abs(box["y"] + box["height"] - (HALL["height"] - 60)) < 2, box
    assert lower.evaluate("getComputedStyle(document.body).backgroundColor") == "rgba(0, 0, 0, 0)"
    shot(lower, "overlay-speech-hall")
    top = overlay(browsing, server, "&lang=en&position=top&margin=90")
    expect(top.locator(".lower-third .kicker")).to_have_text("Group address")
    box = top.locator(".lower-third").bounding_box()
    assert box is not None and abs(box["y"] - 90) < 2 and abs(box["x"] - 90) < 2, box

    phone = public(browsing, server)
    expect(phone.locator(".p-speaker")).to_have_text("Johan Sjöholm")
    expect(phone.locator(".p-queue li")).to_have_count(5)
    expect(phone.locator(".p-queue li").first).to_contain_text("Työjärjestyspuheenvuoro")
    shot(phone, "public-speech-phone")


def test_the_timer_warns_and_then_shows_the_overrun(browsing: Browsing, server: Server, hall: Hall) -> None:
    """The screen ticks by itself from the speech's start on the server's clock: nothing is
    broadcast per second. A point of order limited to 6 s is in its warning time at once."""
    page = screen(browsing, server)
    expect(page.locator(".speaker-name")).to_have_text("Johan Sjöholm")
    chair = hall.chair
    chair.cmd("end_speech")
    chair.cmd("set_time_limit", kind="point_of_order", seconds=6)
    chair.cmd("give_floor")  # Camilla Holmberg's point of order comes first
    expect(page.locator(".speaker-name")).to_have_text("Camilla Holmberg")
    timer = page.locator(".timer")
    expect(timer).to_have_attribute("data-state", "warn")
    expect(page.locator(".timer-value")).to_have_text(re.compile(r"^0:0[1-6]$"))
    shot(page, "screen-warn-hall")
    expect(timer).to_have_attribute("data-state", "over", timeout=10_000)
    expect(page.locator(".timer-value")).to_have_text(re.compile(r"^\+0:0\d$"))
    expect(page.locator(".timer-note")).to_contain_text("Aika ylittynyt")
    expect(page.locator(".timer-note")).to_contain_text("Tiden överskriden")
    shot(page, "screen-overrun-hall")


def test_a_vote_in_progress(browsing: Browsing, server: Server, hall: Hall) -> None:
    chair = hall.chair
    for cmd in ("end_speech", "close_discussion", "confirm_summary", "approve_voting_order"):
        chair.cmd(cmd)
    chair.cmd("open_vote", mode="electronic")
    voters = [p for p in MEMBERS[1:] if p not in (ABSENT, DISQUALIFIED)][:20]
    for n, person in enumerate(voters):
        hall.member(person, "cast_vote", choice="ei" if n % 5 == 0 else "jaa")

    hall_screen = screen(browsing, server)
    expect(hall_screen.locator(".progress-count")).to_have_text("20 / 33")
    expect(hall_screen.locator(".progress-words")).to_contain_text("äänestänyt")
    expect(hall_screen.locator(".vote-title")).to_contain_text("1. äänestys")
    jaa, ei = hall_screen.locator(".vote-side[data-side=jaa]"), hall_screen.locator(".vote-side[data-side=ei]")
    expect(jaa.locator(".side-word")).to_contain_text("Jaa")
    expect(jaa.locator(".side-word")).to_contain_text("Ja")
    expect(jaa).to_contain_text("Pohjaehdotus")
    expect(jaa).to_contain_text("Grundförslaget")
    expect(ei).to_contain_text("Vastaehdotus (Ulla Granqvist)")
    expect(ei).to_contain_text(COUNTER["sv"])
    shot(hall_screen, "screen-vote-hall")

    phone = public(browsing, server)
    expect(phone.locator(".p-progress")).to_have_text("20/33 äänestänyt")
    shot(phone, "public-vote-phone")


def test_the_result_of_an_open_vote_with_the_seat_map(browsing: Browsing, server: Server, hall: Hall) -> None:
    chair = hall.chair
    lower = overlay(browsing, server, "&lang=fi&banner=4")
    expect(lower.locator(".headline")).to_have_text("Äänestys käynnissä")
    hall_screen = screen(browsing, server)
    rest = [p for p in MEMBERS[1:] if p not in (ABSENT, DISQUALIFIED)][20:]
    for person in rest:
        hall.member(person, "cast_vote", choice="tyhja" if person == "m33" else "ei")
    chair.cmd("cast_vote", choice="jaa")  # the chair votes too (chair_votes)
    chair.cmd("close_vote")
    chair.cmd("declare_result")
    counts = chair.view["vote"]["result"]["counts"]
    assert counts == {"jaa": 17, "ei": 15, "tyhja": 1, "poissa": 1, "esteellinen": 1}, counts

    # The banner comes up on the livestream by itself, with the counts and the winner.
    banner = lower.locator(".banner")
    expect(banner).to_be_visible()
    expect(banner.locator("li[data-choice=jaa]")).to_have_text(re.compile(r"✓\s*Jaa\s*17"))
    expect(banner.locator("li[data-choice=ei]")).to_have_text(re.compile(r"✕\s*Ei\s*15"))
    expect(banner.locator(".banner-outcome")).to_have_text("Jaa voitti: Pohjaehdotus")
    lower.wait_for_timeout(500)  # the banner's entrance
    shot(lower, "overlay-result-hall")

    result = chair.view["vote"]["result"]
    expect(hall_screen.locator(".count[data-choice=jaa] .count-n")).to_have_text(str(counts["jaa"]))
    expect(hall_screen.locator(".count[data-choice=ei] .count-n")).to_have_text(str(counts["ei"]))
    expect(hall_screen.locator(".count[data-choice=tyhja] .count-n")).to_have_text("1")
    expect(hall_screen.locator(".count[data-choice=poissa] .count-n")).to_have_text("1")
    expect(hall_screen.locator(".count[data-choice=esteellinen] .count-n")).to_have_text("1")
    assert result["winner"] == "jaa"
    expect(hall_screen.locator(".outcome")).to_have_attribute("data-winner", "jaa")
    expect(hall_screen.locator(".outcome-head")).to_contain_text("Jaa voitti")
    expect(hall_screen.locator(".outcome-head")).to_contain_text("Ja vann")
    expect(hall_screen.locator(".outcome-label[lang=sv]")).to_have_text("Grundförslaget")

    # The seat map: every seat of the plan, in rows by group block, each seat's choice in shape too.
    seats = hall_screen.locator(".seat")
    expect(seats).to_have_count(35)
    expect(hall_screen.locator(".seat-row")).to_have_count(6)
    expect(hall_screen.locator(".seat-row").first.locator(".row-group")).to_have_text("RKP / SFP")
    expect(hall_screen.locator(".seat[data-choice=esteellinen]")).to_have_text(re.compile(r"⊘\s*Nyström"))
    expect(hall_screen.locator(".seat[data-choice=poissa]")).to_have_text(re.compile(r"–\s*Yli-Kojola"))
    expect(hall_screen.locator(".seat[data-choice=tyhja]")).to_have_text(re.compile(r"○\s*Koskela"))
    expect(hall_screen.locator(".seat[data-choice=jaa]")).to_have_count(counts["jaa"])
    expect(hall_screen.locator(".seat[data-choice=ei] .sym").first).to_have_text("✕")
    # Every member's choice by name.
    expect(hall_screen.locator(".names-of[data-choice=tyhja]")).to_contain_text("Sari Koskela")
    expect(hall_screen.locator(".names-of[data-choice=esteellinen]")).to_contain_text("Anna-Karin Nyström")
    expect(hall_screen.locator(".names-of[data-choice=jaa]")).to_contain_text("Birgitta Åström")

    chair.cmd("declare_decision")
    expect(hall_screen.locator(".decision[lang=fi]")).to_contain_text("Valtuusto")
    expect(hall_screen.locator(".decision[lang=sv]")).to_contain_text("Fullmäktige")
    # The record's hash at the decision, in both languages, as `chamber verify --anchor` takes it.
    record = chair.view["record"]
    grouped = " ".join(record["hash"][i:i + 4] for i in range(0, 16, 4))
    expect(hall_screen.locator(".record-label[lang=fi]")).to_have_text("Tallenteen tarkiste")
    expect(hall_screen.locator(".record-label[lang=sv]")).to_have_text("Registrets kontrollsumma")
    expect(hall_screen.locator(".record-hash")).to_have_text(grouped)
    shot(hall_screen, "screen-result-hall")

    phone = public(browsing, server)
    expect(phone.locator(".p-counts li[data-choice=tyhja]")).to_contain_text("Tyhjä")
    expect(phone.locator(".p-seat")).to_have_count(35)
    expect(phone.locator(".p-names[data-choice=poissa]")).to_contain_text("Antti Yli-Kojola")
    expect(phone.locator(".p-decision")).to_contain_text("Valtuusto")
    expect(phone.locator(".record")).to_have_text(f"Tallenteen tarkiste {grouped} (tapahtuma {record['seq']})")
    shot(phone, "public-result-phone")

    # The result pages pass axe (WCAG 2.1 AA); axe is injected, which the pages' CSP would refuse.
    for page, name in ((screen(browsing, server, bypass_csp=True), "axe-screen-result-1920"),
                       (browsing.open(PHONE, bypass_csp=True), "axe-public-result-360")):
        if "public" in name:
            page.goto(f"{server.url}/public")
        expect(page.locator(".count, .p-counts li").first).to_be_visible()
        shot(page, name)
        problems = axe_problems(page)
        assert not problems, f"{name}:\n" + "\n".join(problems)

    # ... and the banner leaves the livestream by itself (banner=4 seconds).
    expect(banner).to_be_hidden(timeout=10_000)
    expect(lower.locator(".lower-third")).to_be_visible()


def test_a_roll_call_vote_shows_the_name_called(browsing: Browsing, server: Server, hall: Hall) -> None:
    chair = hall.chair
    chair.cmd("close_item")
    chair.cmd("take_up_item", item=5)
    chair.cmd("open_discussion")
    hall.member("m12", "make_proposal", kind="counter", text={"fi": "Kaava palautetaan.", "sv": "Planen återremitteras."})
    hall.member("m14", "second_proposal", proposal=chair.view["proposals"]["proposals"][0]["id"])
    for cmd in ("close_discussion", "confirm_summary", "approve_voting_order"):
        chair.cmd(cmd)
    chair.cmd("open_vote", mode="roll_call")
    chair.cmd("call_next")
    called = chair.view["vote"]["progress"]["called"]
    name = next(f"{p['first']} {p['last']}" for p in chair.view["people"] if p["id"] == called)

    hall_screen = screen(browsing, server)
    expect(hall_screen.locator(".called strong")).to_have_text(name)
    expect(hall_screen.locator(".called")).to_contain_text("Vuorossa")
    expect(hall_screen.locator(".vote-title")).to_contain_text("nimenhuuto")
    expect(hall_screen.locator(".vote-title")).to_contain_text("namnupprop")
    shot(hall_screen, "screen-rollcall-hall")
    chair.cmd("record_answer", choice="jaa")
    chair.cmd("call_next")
    called = chair.view["vote"]["progress"]["called"]
    name = next(f"{p['first']} {p['last']}" for p in chair.view["people"] if p["id"] == called)
    expect(hall_screen.locator(".called strong")).to_have_text(name)
    chair.cmd("record_answer", choice="ei")
    while chair.attempt("call_next")["ok"]:  # to the end of the list
        chair.cmd("record_answer", choice="jaa")


def test_a_secret_ballot_shows_only_the_counts_and_the_elected(browsing: Browsing, server: Server, hall: Hall) -> None:
    chair = hall.chair
    chair.cmd("close_vote")
    chair.cmd("declare_result")
    chair.cmd("close_item")
    chair.cmd("take_up_item", item=7)
    candidates = ["Kristina Forsström", "Mikko Ahonen"]
    chair.cmd("open_election", kind="majority", seats=1, secret=True, candidates=candidates,
              title={"fi": "Sivistyslautakunnan jäsen", "sv": "Ledamot i bildningsnämnden"})
    hall_screen = screen(browsing, server)
    voters = [p for p in MEMBERS[1:] if p != ABSENT]  # nobody is disqualified on item 7
    for n, person in enumerate(voters[:12]):
        hall.member(person, "cast_ballot", names=[candidates[0] if n % 3 else candidates[1]])
    expect(hall_screen.locator(".election .progress-count")).to_have_text(re.compile(r"^12 / 3[34]$"))
    expect(hall_screen.locator(".election-title[lang=sv]")).to_have_text("Ledamot i bildningsnämnden")
    expect(hall_screen.locator(".candidates li")).to_have_count(2)
    for n, person in enumerate(voters[12:]):
        hall.member(person, "cast_ballot", names=[candidates[0] if n % 2 else candidates[1]])
    chair.cmd("close_election")

    election = chair.view["election"]
    ranking = hall_screen.locator(".ranked")
    expect(ranking).to_have_count(2)
    expect(ranking.first).to_have_attribute("data-elected", "yes")
    expect(ranking.first.locator(".ranked-name")).to_have_text(election["elected"][0])
    expect(ranking.first).to_contain_text("Valittu")
    expect(ranking.first).to_contain_text("Vald")
    expect(ranking.first.locator(".ranked-votes")).to_have_text(str(election["totals"][election["elected"][0]]))
    expect(hall_screen.locator(".vote-title")).to_contain_text("Vaali suljetuin lipuin")
    # Who voted for whom is nowhere: no voter's name is on the screen.
    body = hall_screen.locator(".body").inner_text()
    for person in chair.view["people"]:
        if person["kind"] == "member":
            assert f"{person['first']} {person['last']}" not in body
    assert hall_screen.locator(".ranked-voters").count() == 0
    shot(hall_screen, "screen-secret-ballot-hall")

    phone = public(browsing, server)
    expect(phone.locator(".p-ranking li").first).to_contain_text("Valittu")
    shot(phone, "public-election-phone")


def test_a_display_key_cannot_send_commands(browsing: Browsing, server: Server, hall: Hall) -> None:
    hall_screen = screen(browsing, server)
    expect(hall_screen.locator(".ranked")).to_have_count(2)
    reply = hall_screen.evaluate("""key => new Promise((resolve, reject) => {
        const ws = new WebSocket(location.origin.replace('http', 'ws') + '/ws')
        ws.onopen = () => ws.send(JSON.stringify({type: 'hello', as: 'display', key}))
        ws.onmessage = (event) => {
            const msg = JSON.parse(event.data)
            if (msg.type === 'welcome') ws.send(JSON.stringify({id: 'x1', cmd: 'close_item'}))
            if (msg.type === 'reply') { ws.close(); resolve(msg) }
        }
        ws.onclose = () => reject(new Error('closed'))
        setTimeout(() => reject(new Error('no reply')), 5000)
    })""", server.display_key)
    assert reply["ok"] is False and reply["error"]["code"] == "read_only", reply
    expect(hall_screen.locator(".ranked")).to_have_count(2)  # nothing changed


def test_the_screen_shows_the_right_state_after_a_server_restart(browsing: Browsing, server: Server, hall: Hall) -> None:
    hall_screen = screen(browsing, server)
    expect(hall_screen.locator(".ranked")).to_have_count(2)
    hall.chair.close()
    server.stop()
    browsing.allow(r"WebSocket connection to .* failed")
    expect(hall_screen.locator(".connection")).to_contain_text("Yhteys katkennut")
    server.start()
    hall.chair = Connection.staff(server, "chair")
    hall.chair.cmd("close_item")
    hall.chair.cmd("take_up_item", item=8)
    # Back within seconds (the clients retry at most every 5 s), showing the new item.
    expect(hall_screen.locator(".item-number")).to_contain_text("Asia 8", timeout=15_000)
    expect(hall_screen.locator(".connection")).to_be_empty()
