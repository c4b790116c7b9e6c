"""Majorities (enemmistö / majoritet), in whole numbers only (Kuntalaki §104, LAW-11..LAW-14).

The decision is the opinion the majority supported: Jaa against Ei, blanks (tyhjä / blankt) and
the absent (poissa / frånvarande) not counted. A tie is decided by the chair's vote (LAW-12).
Where a law or the council's rules require a qualified majority (määräenemmistö /
kvalificerad majoritet), the chair announces it before the vote [KRS §22]; then the side that
needs it fails on a tie or a shortfall, and the other side prevails (LAW-14).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .errors import Rejected

JAA, EI = "jaa", "ei"
TIE = "tie"

SIMPLE = "simple"
OF_VOTES_CAST = "fraction_of_votes_cast"  # at least n/d of Jaa + Ei
OF_ALL_MEMBERS = "fraction_of_all_members"  # at least n/d of the seats
MAJORITY_OF_ALL_MEMBERS = "majority_of_all_members"  # more than half of the seats (VO-8)
KINDS = (SIMPLE, OF_VOTES_CAST, OF_ALL_MEMBERS, MAJORITY_OF_ALL_MEMBERS)


@dataclass(frozen=True)
class MajorityRule:
    """What a side needs to win: a simple majority, or a qualified one for `side`."""

    kind: str = SIMPLE
    numerator: int = 1
    denominator: int = 2
    side: str = JAA  # the side that needs the qualified majority

    @property
    def qualified(self) -> bool:
        return self.kind != SIMPLE

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "numerator": self.numerator, "denominator": self.denominator,
                "side": self.side}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MajorityRule:
        return cls(data["kind"], data["numerator"], data["denominator"], data["side"])

    @classmethod
    def parse(cls, value: Any) -> MajorityRule:
        """The rule as the chair announces it in a command; `bad_argument` names what is wrong."""
        if value is None:
            return cls()
        if isinstance(value, str):
            value = {"kind": value}
        if not isinstance(value, dict) or value.get("kind") not in KINDS:
            raise Rejected("bad_argument", field="majority")
        numerator, denominator = value.get("numerator", 1), value.get("denominator", 2)
        if value["kind"] in (OF_VOTES_CAST, OF_ALL_MEMBERS) and not (
            isinstance(numerator, int) and isinstance(denominator, int)
            and not isinstance(numerator, bool) and not isinstance(denominator, bool)
            and 0 < numerator <= denominator
        ):
            raise Rejected("bad_argument", field="majority")
        side = value.get("side", JAA)
        if side not in (JAA, EI):
            raise Rejected("bad_argument", field="majority")
        return cls(value["kind"], numerator, denominator, side)


def outcome(rule: MajorityRule, jaa: int, ei: int, seats: int) -> str:
    """JAA, EI, or TIE when only the chair's vote can decide (simple majority only)."""
    if not rule.qualified:
        return JAA if jaa > ei else EI if ei > jaa else TIE
    votes = jaa if rule.side == JAA else ei
    other = EI if rule.side == JAA else JAA
    return rule.side if is_met(rule, votes, jaa + ei, seats) else other


def is_met(rule: MajorityRule, votes: int, cast: int, seats: int) -> bool:
    """Whether `votes` for the qualified side reach the rule; `cast` is Jaa + Ei.

    Of the votes cast the side needs at least n/d and, whatever the fraction, more than the
    other side: a tie is a shortfall (LAW-14).
    """
    if rule.kind == OF_VOTES_CAST:
        return rule.denominator * votes >= rule.numerator * cast and 2 * votes > cast
    if rule.kind == OF_ALL_MEMBERS:
        return rule.denominator * votes >= rule.numerator * seats
    return 2 * votes > seats  # MAJORITY_OF_ALL_MEMBERS


def needed(rule: MajorityRule, cast: int, seats: int) -> int | None:
    """The fewest votes the qualified side needs, for the result display; None for simple."""
    if rule.kind == OF_VOTES_CAST:
        return max(-(-rule.numerator * cast // rule.denominator), cast // 2 + 1)
    if rule.kind == OF_ALL_MEMBERS:
        return -(-rule.numerator * seats // rule.denominator)
    if rule.kind == MAJORITY_OF_ALL_MEMBERS:
        return seats // 2 + 1
    return None
