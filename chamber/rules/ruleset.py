"""The council's local rules as data (RULES.md §13): another council loads its own values."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

# Speaking time in seconds by class of speech (SQ-8, §4.1); None: no limit.
TIME_LIMITS: dict[str, int | None] = {
    "point_of_order": 60, "presentation": None, "reply": 60, "seconding": 30,
    "group_address": 480, "priority": None, "ordinary": 300,
}
# The question hour (kyselytunti / frågestund, KT-1, KT-3): held or not, turns in seconds.
QUESTION_HOUR: dict[str, Any] = {"enabled": False, "answer": 180, "follow_up": 120, "follow_ups": 2,
                                 "total": 3600}
# The values a setting may take (the first is the default).
CHOICES: dict[str, tuple[str, ...]] = {
    "interrupt_handling": ("immediate", "restrict_discussion"),
    "interrupt_pair_policy": ("pairwise", "sequential_tabling_first"),
    "money_order_policy": ("descending_accept_reject", "pairwise_largest_first", "pairwise_deviation"),
    "toivomusponsi_threshold": ("simple", "majority_of_all_members"),
    "tie_chair_blank_policy": ("require_casting_vote", "jaa_wins"),
    "default_voting_method": ("electronic", "roll_call"),
    "nonvoting_present_recorded_as": ("poissa", "tyhja"),
    "closed_ballot_mode": ("electronic", "paper"),
    "list_numbering": ("lot", "submission"),  # EL-P3: the combined list's numbers
    "gender_quota_check": ("warn", "off"),  # LAW-20: a result below 40 % women or men warns
    "group_size_tie_break": ("alphabetical", "lot", "chair"),  # SQ-4, C-11
}


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
    closed_ballot_mode: str = "electronic"  # C-7; "paper": the election board enters the count
    list_min_signatories: int = 2  # EL-P3 [KRS §28]: councillors signing a candidate list
    list_max_candidates: int | None = None  # EL-P3: names on a list; None: as many as seats
    list_numbering: str = "lot"  # EL-P3: the combined list numbered by lot, or "submission" order
    comparative_number_display_decimals: int = 3  # EL-P6 (Muonio: 53,167)
    gender_quota_check: str = "warn"  # LAW-20, tasa-arvolaki §4a [verify]: warn (40 %) or "off"
    # speaking queue and question hour (RULES.md §4, §9)
    time_limits: dict[str, int | None] = field(default_factory=lambda: dict(TIME_LIMITS))  # SQ-8
    warn_at_seconds: int = 30  # SQ-8: the countdown warns this long before the end
    group_size_tie_break: str = "alphabetical"  # SQ-4, C-11 (no source); or "lot", "chair"
    priority_roles: tuple[str, ...] = ("board_chair", "mayor", "committee_chair")  # [KRS §17(2)];
    # a committee chair only on the item their committee prepared
    priority_before_group_round: bool = False  # §13: chair's discretion
    reply_request_expires_on_next_ordinary: bool = True  # SQ-3
    max_replies_per_speech: int | None = None  # SQ-3: replies the chair may accept to one speech
    original_speaker_may_reply: bool = True  # SQ-3 [local rule]: the speaker answers the replies
    one_pending_request_per_member: bool = True  # SQ-5 (OpenSlides)
    present_only_can_request: bool = True  # SQ-6
    chair_must_hand_over_to_speak: bool = True  # SQ-7 [verify local rule]
    question_hour: dict[str, Any] = field(default_factory=lambda: dict(QUESTION_HOUR))  # KT-1, KT-3
    minutes_checkers: int = 2  # KRS §34: two councillors check each meeting's minutes
    # the administrative court named in the appeal instructions, by language, as the sentence
    # takes it: {"fi": "Vaasan hallinto-oikeudelta", "sv": "hos Vasa förvaltningsdomstol"}
    appeal_court: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Settings given as a part of a table (`time_limits`, `question_hour`) keep the other
        defaults; an unknown entry or a wrong value is an error."""
        for name, defaults in (("time_limits", TIME_LIMITS), ("question_hour", QUESTION_HOUR)):
            object.__setattr__(self, name, _table(name, defaults, getattr(self, name)))
        for name, choices in CHOICES.items():
            if getattr(self, name) not in choices:
                raise ValueError(f"rule setting '{name}' must be one of {', '.join(choices)}")
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in self.appeal_court.items()):
            raise ValueError("rule setting 'appeal_court' must map languages to texts")
        if self.minority_tabling_numerator < 0 or self.minority_tabling_denominator < 1 \
                or self.roll_call_demand_min < 1 or self.minutes_checkers < 1 or self.list_min_signatories < 1 \
                or (self.list_max_candidates is not None and self.list_max_candidates < 1):
            raise ValueError("rule setting out of range: minority tabling fraction, roll_call_demand_min, "
                             "minutes_checkers, list_min_signatories or list_max_candidates")

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.update({k: list(v) for k, v in data.items() if isinstance(v, tuple)})
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
            if type(value) is not type(default) and not (default is None and _seconds(value)):
                raise ValueError(f"rule setting '{key}' must be {type(default).__name__}")
            ruleset = replace(ruleset, **{key: value})
        return ruleset


def _seconds(value: Any) -> bool:
    """A whole number of seconds (or a count); booleans are not numbers here."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _table(name: str, defaults: dict[str, Any], given: Any) -> dict[str, Any]:
    """`given` entries over `defaults`; a number may be None (no limit) and None a number."""
    if not isinstance(given, dict):
        raise ValueError(f"rule setting '{name}' must be dict")
    table = dict(defaults)
    for key, value in given.items():
        if key not in defaults:
            raise ValueError(f"unknown rule setting '{name}.{key}'")
        default = defaults[key]
        numeric = default is None or _seconds(default)
        if not ((numeric and (value is None or _seconds(value))) or type(value) is type(default)):
            raise ValueError(f"rule setting '{name}.{key}' has a wrong value")
        table[key] = value
    return table
