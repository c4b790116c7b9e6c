"""Quorum (päätösvaltaisuus / beslutförhet), in whole numbers only (Kuntalaki §103, LAW-1).

A council is quorate when at least two thirds of all its seats are present:
`3*present >= 2*seats`, the fraction taken from the rule set. Any other body (a board, a
committee) is quorate when more than half of its members are present: `2*present > seats`.
`seats` is the body's size as decided, not the number of people in office.
"""

from __future__ import annotations

from .ruleset import RuleSet


def is_quorate(present: int, seats: int, rules: RuleSet) -> bool:
    """Whether `present` acting members make the body quorate."""
    if rules.body == "council":
        return rules.quorum_denominator * present >= rules.quorum_numerator * seats
    return 2 * present > seats


def quorum_needed(seats: int, rules: RuleSet) -> int:
    """The fewest acting members that make the body quorate."""
    if rules.body == "council":
        return -(-rules.quorum_numerator * seats // rules.quorum_denominator)
    return seats // 2 + 1
