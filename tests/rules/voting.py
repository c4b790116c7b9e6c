"""Driving proposals and votes through the rules with RULES.md's 27-member council."""

from __future__ import annotations

from typing import Any

from chamber.rules import Actor, Command, Context, Recorded
from chamber.rules.attendance import eligible_voters
from chamber.rules.elections import BALLOT_BOX_COMMANDS, BallotBox
from chamber.rules.procedure import decide_at_ballot_box
from chamber.rules.ruleset import RuleSet
from tests.rules.conftest import CHAIR, MEMBERS, Chamber, council_27, member, pid

EVERYONE = [pid(last) for names in MEMBERS.values() for last, _ in names]
CHAIR_PERSON = CHAIR.person


class Council(Chamber):
    """The 27-member council in session on item 1, everyone present; it keeps the ballot box
    apart from the log, as the engine does."""

    def __init__(self, rules: RuleSet | None = None, present: list[str] | None = None,
                 entropy: bytes = b"\x00" * 32) -> None:
        super().__init__(council_27(), rules)
        self.box = BallotBox()
        self.entropy = entropy
        self.do(CHAIR, "open_meeting")
        self.roll_call(EVERYONE if present is None else present)
        self.do(CHAIR, "take_up_item", item=1)

    def do(self, actor: Actor, cmd: str, **args: Any) -> list[Recorded]:
        if cmd not in BALLOT_BOX_COMMANDS:
            return super().do(actor, cmd, **args)
        self.clock += 1000
        events, self.box = decide_at_ballot_box(self.meeting, actor, Command(cmd, args),
                                                Context(self.clock, self.entropy), self.box)
        return self._record(actor, events)

    def propose(self, mover: str, kind: str = "counter", seconder: str | None = "korhonen",
                **args: Any) -> str:
        """A proposal made from the phone (and seconded); returns its id."""
        [made] = self.do(member(mover), "make_proposal", kind=kind, text=f"{kind} by {mover}", **args)
        if seconder:
            self.do(member(seconder), "second_proposal", proposal=made.data["proposal"])
        return made.data["proposal"]

    def vote(self, jaa: int, ei: int, tyhja: int = 0, chair: str | None = None,
             declare: bool = True, **open_args: Any) -> Recorded:
        """One electronic vote with these counts; the rest do not vote (Poissa). `chair`: the
        chair's own choice (None: the voters take the choices in roll-call order)."""
        self.do(CHAIR, "open_vote", **open_args)
        voters = eligible_voters(self.meeting, self.meeting.current.number)
        choices = ["jaa"] * jaa + ["ei"] * ei + ["tyhja"] * tyhja
        pairs = list(zip(voters, choices))
        if chair is not None:  # the chair's own choice ("none": the chair does not vote)
            if chair != "none":
                choices.remove(chair)
            others = [p for p in voters if p != CHAIR_PERSON]
            pairs = list(zip(others, choices)) + ([(CHAIR_PERSON, chair)] if chair != "none" else [])
        for person, choice in pairs:
            actor = CHAIR if person == CHAIR_PERSON else member(person)
            self.do(actor, "cast_vote", choice=choice)
        [closed] = self.do(CHAIR, "close_vote")
        if declare and closed.data["winner"] is not None:
            self.do(CHAIR, "declare_result")
        return closed
