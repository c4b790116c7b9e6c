"""The council's local rules as data (RULES.md §13): another council loads its own values."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any


@dataclass(frozen=True)
class RuleSet:
    """Parameters with their lawful defaults; each field's comment names its source."""

    body: str = "council"  # "council": quorum 2/3 of seats (Kuntalaki §103); "board": more than half
    quorum_numerator: int = 2  # council quorum fraction, 3*present >= 2*seats (LAW-1)
    quorum_denominator: int = 3
    chair_votes: bool = True  # VT-6
    show_live_tally: bool = False  # VT-3: only "n of m voted" while a vote is open
    substitute_swap_timing: str = "next_item"  # LAW-10
    languages: tuple[str, ...] = ("fi", "sv")  # official languages of the council's texts
    # proposals and voting order (RULES.md §5, §6)
    interrupt_handling: str = "immediate"  # VO-R1 [KRS §19]; "restrict_discussion" (Helsinki)
    interrupt_pair_policy: str = "pairwise"  # VO-R2; or "sequential_tabling_first"
    money_order_policy: str = "descending_accept_reject"  # VO-R4 [KRS §22(2)]; or
    # "pairwise_largest_first", "pairwise_deviation"
    minority_tabling_numerator: int = 0  # VO-6b: tabled without a vote when at least n/d of
    minority_tabling_denominator: int = 1  # those present demand it (first reading); 0 = off
    toivomusponsi_needs_seconding: bool = True  # TP-1
    toivomusponsi_threshold: str = "simple"  # TP-3; or "majority_of_all_members" (Helsinki)
    withdrawal_adoptable_by_seconder: bool = False  # PR-4
    # votes (RULES.md §2.4, §7)
    tie_chair_blank_policy: str = "require_casting_vote"  # LAW-12; or "jaa_wins"
    default_voting_method: str = "electronic"  # VT-1; or "roll_call"
    roll_call_demand_min: int = 1  # VT-2 [KRS §21]: members whose demand redoes a vote by roll call
    nonvoting_present_recorded_as: str = "poissa"  # VT-3; or "tyhja"
    # elections (RULES.md §10)
    closed_ballot_mode: str = "electronic"  # C-7; "paper": the tellers enter the totals
    comparative_number_display_decimals: int = 3  # EL-P6 (Muonio: 53,167)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["languages"] = list(self.languages)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> "RuleSet":
        """Defaults overridden by `data`; an unknown key or a wrong type is an error."""
        ruleset = cls()
        known = {f.name: f for f in fields(cls)}
        for key, value in (data or {}).items():
            if key not in known:
                raise ValueError(f"unknown rule setting '{key}'")
            default = getattr(ruleset, key)
            if isinstance(default, tuple):
                value = tuple(value) if isinstance(value, list) else value
            if type(value) is not type(default):
                raise ValueError(f"rule setting '{key}' must be {type(default).__name__}")
            ruleset = replace(ruleset, **{key: value})
        return ruleset
