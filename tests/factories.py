"""Small councils for tests: build rosters, agendas and meetings without files; and the meetings
of the example scenarios (`meeting_of`, `events_of`)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from chamber.rules import Actor, Command, Context, Meeting, Recorded, Rejected, Role, apply, decide, replay
from chamber.rules.lifecycle import setup_event
from chamber.rules.roster import Roster
from chamber.rules.ruleset import RuleSet

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CHAIR = Actor(Role.CHAIR, "m1")
SECRETARY = Actor(Role.SECRETARY)


def small_roster(members: int = 7, seats: int | None = None) -> Roster:
    """A council of `members` in two groups, m1 the chair, each group with two substitutes."""
    people: list[dict[str, Any]] = []
    for n in range(1, members + 1):
        people.append({"id": f"m{n}", "first": f"Member{n}", "last": f"Surname{n}",
                       "group": "a" if n % 2 else "b", "seat": f"S{n}",
                       "roles": ["chair"] if n == 1 else []})
    for group in ("a", "b"):
        for order in (1, 2):
            people.append({"id": f"s{group}{order}", "first": "Sub", "last": f"{group.upper()}{order}",
                           "group": group, "kind": "substitute", "order": order})
    return Roster.from_dict({"name": "Testby", "seats": seats or members, "secretary": "Sec Retary",
                             "groups": [{"id": "a", "name": "Group A"}, {"id": "b", "name": "Group B"}],
                             "people": people})


def agenda(items: int = 3) -> list[dict[str, Any]]:
    return [{"number": n, "title": {"fi": f"Asia {n}", "sv": f"Ärende {n}"},
             "base_proposal": {"fi": f"Pohjaehdotus {n}", "sv": f"Grundförslag {n}"}}
            for n in range(1, items + 1)]


class Hall:
    """A meeting driven through the pure rules, the way the engine drives it (h11-style)."""

    def __init__(self, roster: Roster | None = None, items: int = 3, public: bool = True,
                 rules: RuleSet | None = None) -> None:
        self.meeting = Meeting()
        self.log: list[Recorded] = []
        self.clock = 1_000_000
        setup = setup_event("test", {"fi": "Kokous", "sv": "Sammanträde"}, roster or small_roster(),
                            agenda(items), public=public, rules=rules)
        self._record(Actor(Role.SECRETARY, "system"), [setup])

    def do(self, actor: Actor, cmd: str, **args: Any) -> list[Recorded]:
        """Send a command; returns the recorded events (raises Rejected)."""
        self.clock += 1000
        events = decide(self.meeting, actor, Command(cmd, args), Context(self.clock, b"\x00" * 32))
        return self._record(actor, events)

    def refused(self, actor: Actor, cmd: str, **args: Any) -> str:
        """The reason code of a command that must be refused; asserts nothing changed."""
        before = self.meeting.seq
        try:
            self.do(actor, cmd, **args)
        except Rejected as rejection:
            assert self.meeting.seq == before
            return rejection.code
        raise AssertionError(f"{cmd} was accepted")

    def _record(self, actor: Actor, events: list[Any]) -> list[Recorded]:
        out = []
        for event in events:
            rec = Recorded(self.meeting.seq + 1, self.clock, actor.label(), event.type, event.data)
            apply(self.meeting, rec)
            self.log.append(rec)
            out.append(rec)
        return out


def meeting_of(name: str) -> Meeting:
    """The meeting of an example scenario (examples/NAME), run through the real engine."""
    return replay(events_of(name))


def events_of(name: str) -> list[Recorded]:
    """The log of an example scenario (examples/NAME), run through the real engine."""
    from chamber.simulate import load_scenario, run_scenario  # the engine: only for these meetings

    run = asyncio.run(run_scenario(load_scenario(EXAMPLES / name)))
    assert not run.failures, run.failures
    return [event for _, event in run.events]
