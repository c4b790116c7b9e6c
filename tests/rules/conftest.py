"""Councils for the attendance tests: the 27-seat council of RULES.md and a board with deputies."""

from __future__ import annotations

from typing import Any

import pytest

from chamber.rules import Actor, Role
from chamber.rules.roster import Roster
from chamber.rules.ruleset import RuleSet
from tests.factories import SECRETARY, Hall

# RULES.md's council: 27 seats, groups KOK 9, SDP 7, PS 5, KESK 4, VIHR 2 (surname, first name).
MEMBERS = {
    "kok": [("Aaltonen", "Anna"), ("Åberg", "Erik"), ("Öhman", "Lars"), ("Virtanen", "Matti"),
            ("Wikström", "Sara"), ("Lindén", "Maria"), ("Linden", "Mikael"), ("Ahonen", "Petri"),
            ("Zetterberg", "Nils")],
    "sdp": [("Mäkinen", "Jukka"), ("Müller", "Hans"), ("Myllymäki", "Riitta"), ("Nieminen", "Outi"),
            ("Ärlig", "Karin"), ("Östman", "Ulla"), ("Heikkinen", "Timo")],
    "ps": [("Korhonen", "Jari"), ("Laine", "Ville"), ("Salo", "Tero"), ("Hämäläinen", "Sami"),
           ("Koskinen", "Mika")],
    "kesk": [("Järvinen", "Eeva"), ("Lehtonen", "Kalle"), ("Björk", "Anders"), ("Ylönen", "Aila")],
    "vihr": [("Forsman", "Emma"), ("Sundqvist", "Jonna")],
}
# Substitutes (varavaltuutetut) with their order in the group; listed out of order on purpose.
SUBSTITUTES = {
    "kok": [(3, "Rask", "Tove"), (1, "Berg", "Ida"), (4, "Ström", "Bo"), (2, "Kallio", "Pekka")],
    "sdp": [(1, "Granqvist", "Elin"), (2, "Tuominen", "Aki"), (3, "Vesterinen", "Liisa")],
    "ps": [(1, "Kivelä", "Juho"), (2, "Rantanen", "Oona"), (3, "Peltola", "Eero")],
    "kesk": [(1, "Hakala", "Aino"), (2, "Kangas", "Veikko")],
    "vihr": [(1, "Lund", "Stina"), (2, "Nyström", "Otto")],
}
GROUP_NAMES = {"kok": "Kokoomus", "sdp": "SDP", "ps": "Perussuomalaiset", "kesk": "Keskusta", "vihr": "Vihreät"}

CHAIR = Actor(Role.CHAIR, "aaltonen")


def pid(last: str) -> str:
    """A person's id in these rosters: the surname in plain letters (Öhman -> ohman)."""
    return last.lower().translate(str.maketrans("åäöü", "aaou"))


def council_27(roles: dict[str, list[str]] | None = None) -> Roster:
    """The council of RULES.md; `roles` gives people further roles (group_chair, mayor, ...)."""
    people: list[dict[str, Any]] = []
    for group, names in MEMBERS.items():
        for last, first in names:
            people.append({"id": pid(last), "first": first, "last": last, "group": group,
                           "roles": (["chair"] if last == "Aaltonen" else []) + (roles or {}).get(pid(last), [])})
    for group, names in SUBSTITUTES.items():
        for order, last, first in names:
            people.append({"id": pid(last), "first": first, "last": last, "group": group,
                           "kind": "substitute", "order": order})
    people.append({"id": "mayor", "first": "Kaisa", "last": "Kaupunginjohtaja", "kind": "official",
                   "roles": ["mayor"]})
    return Roster.from_dict({"name": "Kristinestad", "seats": 27, "people": people,
                             "groups": [{"id": g, "name": n} for g, n in GROUP_NAMES.items()]})


def regrouped_council(sizes: dict[str, int]) -> Roster:
    """The same 27 members in other groups: `sizes` maps group names to member counts, filled
    in roster order (the chair first); no substitutes."""
    everyone = [(last, first) for names in MEMBERS.values() for last, first in names]
    people, start = [], 0
    for name, size in sizes.items():
        for last, first in everyone[start:start + size]:
            people.append({"id": pid(last), "first": first, "last": last, "group": name.lower(),
                           "roles": ["chair"] if last == "Aaltonen" else []})
        start += size
    return Roster.from_dict({"name": "Kristinestad", "seats": 27, "people": people,
                             "groups": [{"id": n.lower(), "name": n} for n in sizes]})


def board_with_deputies(seats: int = 9) -> Roster:
    """A board (kunnanhallitus / kommunstyrelse): each member has a personal deputy (LAW-19)."""
    people: list[dict[str, Any]] = []
    for n in range(1, seats + 1):
        group = "a" if n <= 5 else "b"
        people.append({"id": f"b{n}", "first": "Jäsen", "last": f"Board{n}", "group": group,
                       "roles": ["chair"] if n == 1 else []})
        people.append({"id": f"d{n}", "first": "Varajäsen", "last": f"Deputy{n}", "group": group,
                       "kind": "substitute", "order": n, "deputy_of": f"b{n}"})
    return Roster.from_dict({"name": "Kunnanhallitus", "seats": seats, "people": people,
                             "groups": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}]})


class Chamber(Hall):
    """`tests.factories.Hall` with the rule set of the body (a council or a board)."""

    def __init__(self, roster: Roster, rules: RuleSet | None = None, items: int = 8, public: bool = True) -> None:
        super().__init__(roster, items, public=public, rules=rules)

    def roll_call(self, present: list[str], chair: Actor = CHAIR) -> None:
        """A roll call in which exactly `present` answer; the rest are found absent."""
        self.do(chair, "start_roll_call")
        for person in present:
            self.do(SECRETARY, "mark_present", person=person)
        self.do(chair, "end_roll_call")


def member(person: str) -> Actor:
    """A member's or substitute's paired phone."""
    return Actor(Role.MEMBER, person)


@pytest.fixture
def council() -> Chamber:
    """The 27-seat council, opened, before any roll call."""
    chamber = Chamber(council_27())
    chamber.do(CHAIR, "open_meeting")
    return chamber
