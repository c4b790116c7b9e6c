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
