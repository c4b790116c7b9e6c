"""The demo council of Strandby / Rantala: a bilingual town with 35 members in six groups.

For demonstrations, tests and screenshots, so that every part of the system can be tried on a
realistic council (group sizes for group-address order, å/ä/ö names for collation,
Swedish and Finnish members) without anyone typing a roster first. The data ships as JSON in
this package and is read through the same loader as a secretary's file, so it is validated alike.
"""

from __future__ import annotations

from importlib.resources import files
from typing import Any

from ..rosterfile import read_agenda, read_roster
from ..rules.roster import Roster


def demo_roster() -> Roster:
    """The demo council: 35 members in groups of 10, 8, 7, 5, 3 and 2, substitutes and a mayor."""
    return read_roster(files(__name__).joinpath("roster.json").read_bytes(), "roster.json")


def demo_agenda() -> list[dict[str, Any]]:
    """A ten-item council agenda, in Finnish and Swedish, as raw entries for `setup_event`."""
    return read_agenda(files(__name__).joinpath("agenda.json").read_bytes(), "agenda.json")
