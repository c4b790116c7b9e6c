"""The chair runs an item end to end from the console (issue #7 with the console parts of #3, #4,
#5): roll call, quorum, three speakers (a group address, a reply, speeches), two seconded
counter-proposals, the voting order, two open votes with members voting from simulated devices,
the decision — by keyboard shortcut wherever one exists. Then the quorum is lost and the console
says so loudly.

Members' phones are simulated: paired with the secretary's cards (POST /api/pair) and connected
with the sync websockets client, their device token in hello. The tests of this module share one
server and run in order: the meeting moves along.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Page, expect

from .harness import Client, Server, axe_clean, pairing_links, shot

pytestmark = pytest.mark.e2e

# The demo council (chamber/demo_data): group chairs Johan Sjöholm (SFP, the largest group),
# Aino Laine (SDP) and Minna Jääskeläinen (KOK); Ulla Granqvist and Pekka Heikkilä are members.
JOHAN, AINO, ULLA, MINNA, PEKKA, ANNA = "m02", "m12", "m05", "m20", "m17", "m03"
COUNTER_1 = "Määräraha 300 000 euroa"
COUNTER_2 = "Asia palautetaan valmisteltavaksi uudelleen hankesuunnitelman kanssa"


class Device(Client):
    """A member's phone: paired with a card, connected with its token, sends commands."""

    def __init__(self, server: Server, code: str) -> None:
        r = httpx.post(f"{server.url}/api/pair", json={"code": code})
        r.raise_for_status()
        self.person = r.json()["person"]["id"]
        super().__init__(server, {"as": "member", "token": r.cookies["chamber_device"]})


@pytest.fixture(scope="module")
def devices(server: Server) -> Iterator[dict[str, Device]]:
    codes = {name: link.split("#", 1)[1] for name, link in pairing_links(server).items()}
    by_id: dict[str, Device] = {}
    for name, code in codes.items():
        if len(by_id) == 6:
            break
        if name in ("Johan Sjöholm", "Aino Laine", "Ulla Granqvist", "Minna Jääskeläinen", "Pekka Heikkilä", "Anna-Karin Nyström"):
            device = Device(server, code)
            by_id[device.person] = device
    yield by_id
    for device in by_id.values():
        device.close()


def confirm(page: Page, text: str) -> None:
    """Answer yes to the console's question, by keyboard: the safe answer has the focus."""
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text(text)
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()



def test_the_chair_runs_an_item_from_roll_call_to_decision(chair_page: Page, devices: dict[str, Device]) -> None:
    chair = chair_page
    assert set(devices) >= {JOHAN, AINO, ULLA, MINNA, PEKKA}, sorted(devices)

    # ---- opening and the roll call (no shortcut for opening: it happens once) ----
    chair.get_by_role("button", name="Avaa kokous").click()
    expect(chair.locator(".controls .phase")).to_have_text("Kokous avattu")
    chair.get_by_role("button", name="Aloita nimenhuuto").click()
    expect(chair.locator(".roll-call")).to_be_visible()
    for device in devices.values():
        device.ok("confirm_presence")
    expect(chair.locator(".roll-call [role=status]")).to_contain_text(f"Läsnä {len(devices)} ")
    chair.get_by_role("button", name="Olen itse läsnä").click()  # the chair is a member too
    expect(chair.locator(".roll-call [role=status]")).to_contain_text(f"Läsnä {len(devices) + 1} ")
    # The chair marks the others present by M, one name at a time, in alphabetical order.
    present = len(devices) + 1
    while present < 28:
        chair.keyboard.press("m")
        present += 1
        expect(chair.locator(".roll-call [role=status]")).to_contain_text(f"Läsnä {present} ")
    axe_clean(chair, "console-chair-roll-call")
    chair.get_by_role("button", name="Päätä nimenhuuto").click()
    confirm(chair, "merkitään poissaoleviksi")
    chair.get_by_role("button", name="Totea päätösvaltaisuus").click()
    confirm(chair, "päätösvaltaiseksi")
    expect(chair.locator(".attendance")).to_contain_text("Todettu laillisesti koolle kutsutuksi ja päätösvaltaiseksi")
    expect(chair.locator(".quorum-badge")).to_contain_text("Läsnä 28/35, vaaditaan 24")
    expect(chair.locator(".quorum-badge")).to_contain_text("Päätösvaltainen")

    # ---- the item and its discussion ----
    chair.keyboard.press("n")
    expect(chair.locator(".controls h2")).to_contain_text("Asia 1:")
    chair.get_by_role("button", name="Avaa keskustelu").click()  # group addresses first (ticked)
    expect(chair.locator(".floor .tag").first).to_have_text("Keskustelu käynnissä")
    devices[JOHAN].ok("request_floor", kind="group_address")
    devices[AINO].ok("request_floor", kind="speech")
    devices[ULLA].ok("request_floor", kind="speech")
    queue = chair.locator("ol.queue > li")
    expect(queue).to_have_count(3)
    expect(queue.nth(0)).to_contain_text("Johan Sjöholm")
    expect(queue.nth(0)).to_contain_text("Ryhmäpuheenvuoro")

    chair.keyboard.press("s")  # Johan's group address
    expect(chair.locator(".speech .speaker")).to_contain_text("Johan Sjöholm")
    expect(chair.locator(".speech .timer-value")).to_have_text(re.compile(r"^[78]:\d\d$"))  # 8 minutes, counting down
    devices[MINNA].ok("request_floor", kind="reply")
    awaiting = chair.locator(".awaiting li")
    expect(awaiting).to_contain_text("Minna")
    expect(awaiting).to_contain_text("Vastauspuheenvuoro")
    axe_clean(chair, "console-chair-group-address")
    chair.keyboard.press("a")  # accept the reply
    expect(awaiting).to_have_count(0)
    chair.keyboard.press("t")  # a minute more
    expect(chair.locator(".speech .timer-value")).to_have_text(re.compile(r"^[89]:\d\d$"))
    chair.keyboard.press("e")
    expect(chair.locator(".speech")).to_be_hidden()

    chair.keyboard.press("s")  # the reply comes before the speeches
    expect(chair.locator(".speech .speaker")).to_contain_text("Minna")
    expect(chair.locator(".speech .speaker")).to_contain_text("Vastauspuheenvuoro")
    chair.keyboard.press("e")

    chair.keyboard.press("s")  # Aino speaks and makes a counter-proposal, Pekka seconds it
    expect(chair.locator(".speech .speaker")).to_contain_text("Aino Laine")
    devices[AINO].ok("make_proposal", kind="counter", text=COUNTER_1)
    proposal_1 = chair.locator(".proposal-list li").nth(0)
    expect(proposal_1).to_contain_text(COUNTER_1)
    expect(proposal_1).to_contain_text("Ei kannatettu")
    devices[PEKKA].ok("second_proposal", proposal="p1")
    expect(proposal_1).to_contain_text("Kannattaja: Pekka")
    expect(proposal_1).to_contain_text("Ehdottaja: Aino Laine")
    chair.keyboard.press("e")

    chair.keyboard.press("s")  # Ulla speaks and makes a second counter-proposal, Aino seconds it
    expect(chair.locator(".speech .speaker")).to_contain_text("Ulla Granqvist")
    devices[ULLA].ok("make_proposal", kind="counter", text=COUNTER_2)
    devices[AINO].ok("second_proposal", proposal="p2")
    expect(chair.locator(".proposal-list li").nth(1)).to_contain_text("Kannattaja: Aino Laine")
    shot(chair, "console-chair-speech-and-proposals")
    chair.keyboard.press("e")

    chair.get_by_role("button", name="Päätä keskustelu").click()
    confirm(chair, "Julistetaanko keskustelu päättyneeksi")
    expect(chair.locator(".floor .tag").first).to_have_text("Keskustelu päättynyt")
    chair.get_by_role("button", name="Selonteko hyväksytty").click()
    confirm(chair, "Onko selonteko ehdotuksista hyväksytty")

    # ---- the voting order: the chair ranks the counter-proposals, the council approves ----
    order = chair.locator(".voting-order")
    expect(order).to_contain_text("Puheenjohtajan on ensin järjestettävä vastaehdotukset.")
    # Ulla's (p2) deviates more from the base than Aino's: up to first place.
    chair.get_by_role("button", name=re.compile(r"^Siirrä ylemmäs: Vastaehdotus 2")).click()
    chair.get_by_role("button", name="Tallenna järjestys").click()
    steps = order.locator("ol.steps > li")
    expect(steps).to_have_count(2)
    expect(steps.nth(0)).to_contain_text("Jaa Vastaehdotus 1 (Aino Laine)")
    expect(steps.nth(0)).to_contain_text("Ei Vastaehdotus 2 (Ulla Granqvist)")
    expect(steps.nth(1)).to_contain_text("Jaa Pohjaehdotus")
    expect(steps.nth(1)).to_contain_text("edellisen äänestyksen voittanut ehdotus")
    axe_clean(chair, "console-chair-voting-order")
    chair.get_by_role("button", name="Äänestysjärjestys hyväksytty").click()
    confirm(chair, "Onko valtuusto hyväksynyt äänestysjärjestyksen (2 äänestystä)")
    expect(order.locator(".tag")).to_have_text("Hyväksytty")

    # ---- vote 1: Aino's against Ulla's; members vote from their phones ----
    vote = chair.locator(".vote")
    chair.keyboard.press("v")
    expect(vote.locator(".progress-text")).to_have_text("0/28 äänestänyt")  # the chair votes too (chair_votes)
    choices = {JOHAN: "jaa", AINO: "jaa", ULLA: "ei", MINNA: "jaa", PEKKA: "jaa"}
    for person, choice in choices.items():
        devices[person].ok("cast_vote", choice=choice)
    expect(vote.locator(".progress-text")).to_have_text(f"{len(choices)}/28 äänestänyt")
    vote.get_by_role("button", name="Jaa", exact=True).click()  # the chair's own vote
    expect(vote.get_by_role("button", name="Jaa", exact=True)).to_have_attribute("aria-pressed", "true")
    expect(vote.locator(".progress-text")).to_have_text(f"{len(choices) + 1}/28 äänestänyt")
    axe_clean(chair, "console-chair-vote-open")
    chair.keyboard.press("v")
    confirm(chair, "Suljetaanko äänestys?")
    expect(vote.locator(".winner")).to_contain_text("Voitti: Jaa — Vastaehdotus (Aino Laine)")
    expect(vote.locator("tr[data-choice=jaa] td.count")).to_have_text("5")
    expect(vote.locator("tr[data-choice=ei] td.count")).to_have_text("1")
    expect(vote.locator("tr[data-choice=ei] td.names")).to_have_text("Ulla Granqvist")
    chair.keyboard.press("r")
    confirm(chair, "Todetaanko tulos?")
    expect(vote.locator(".tag")).to_contain_text("tulos todettu")

    # ---- vote 2: the base against the winner; a tie the chair's vote decides ----
    chair.keyboard.press("v")
    expect(vote.locator(".tag")).to_contain_text("2. äänestys")
    for person, choice in {JOHAN: "jaa", AINO: "ei", ULLA: "ei", MINNA: "jaa", PEKKA: "ei"}.items():
        devices[person].ok("cast_vote", choice=choice)
    vote.get_by_role("button", name="Ei", exact=True).click()
    vote.get_by_role("button", name="Jaa", exact=True).click()  # changed: the last choice counts
    expect(vote.locator(".progress-text")).to_have_text("6/28 äänestänyt")
    chair.keyboard.press("v")
    confirm(chair, "Suljetaanko äänestys?")
    expect(vote.locator(".winner")).to_contain_text("Voitti: Jaa — Pohjaehdotus")
    expect(vote.locator(".result")).to_contain_text("Äänet tasan: ratkaisi puheenjohtajan ääni.")
    axe_clean(chair, "console-chair-vote-result")
    chair.keyboard.press("r")
    confirm(chair, "Todetaanko tulos?")
    expect(vote.locator(".tag")).to_contain_text("tulos todettu")  # D applies once the result is declared

    # ---- the decision ----
    chair.keyboard.press("d")
    confirm(chair, "Todetaanko asiassa tehty päätös?")
    expect(chair.locator(".decision")).to_contain_text("Valtuusto hyväksyi äänestyksen jälkeen: Pohjaehdotus.")
    shot(chair, "console-chair-decision")


def test_removing_a_request_by_mistake_can_be_undone(chair_page: Page, devices: dict[str, Device]) -> None:
    chair = chair_page
    chair.keyboard.press("c")
    confirm(chair, "asian 1 käsittely")
    chair.keyboard.press("n")
    expect(chair.locator(".controls h2")).to_contain_text("Asia 2:")
    chair.get_by_label("Ryhmäpuheenvuorot ensin").uncheck()
    chair.get_by_role("button", name="Avaa keskustelu").click()
    expect(chair.locator(".floor .tag").first).to_have_text("Keskustelu käynnissä")  # before the phones ask
    devices[AINO].ok("request_floor", kind="speech")
    devices[ULLA].ok("request_floor", kind="speech")
    queue = chair.locator("ol.queue > li")
    expect(queue).to_have_count(2)
    chair.get_by_role("button", name="Poista pyyntö: Aino Laine").click()
    chair.get_by_label("Perustelu pöytäkirjaan").fill("Ei paikalla")
    chair.keyboard.press("Enter")
    expect(queue).to_have_count(1)
    expect(chair.get_by_role("button", name=re.compile("^Peru: pyynnön poisto"))).to_be_visible()
    chair.keyboard.press("u")
    expect(queue).to_have_count(2)
    expect(queue.nth(0)).to_contain_text("Aino Laine")  # back at her place
    expect(queue.nth(0)).to_contain_text("siirretty")


def test_the_console_warns_loudly_when_the_quorum_is_lost(chair_page: Page, server: Server) -> None:
    chair = chair_page
    alert = chair.locator(".quorum-alert")
    expect(alert).to_be_hidden()
    secretary = Client.staff(server, "secretary")
    # Five members leave the hall: 28 - 5 = 23 < 24.
    leaving = [p for p in secretary.view["attendance"]["present"] if p.startswith("m") and p != "m01"][:5]
    for person in leaving:
        secretary.ok("record_departure", person=person)
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("Kokous ei ole enää päätösvaltainen!")
    expect(alert).to_contain_text("Läsnä 23/35, vaaditaan 24")
    expect(chair.locator(".quorum-badge")).to_contain_text("Ei päätösvaltainen")
    axe_clean(chair, "console-chair-quorum-lost")
    secretary.ok("record_arrival", person=leaving[0])
    expect(alert).to_be_hidden()
    secretary.close()
