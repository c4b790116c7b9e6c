"""The views the hub keeps between publications are the views it would compute afresh.

The hub computes a person's own part again only for the people `views.concerned` names, and
keeps the parts `views.Memo` keys by concept. Both are shortcuts that must never show a stale
state: checked here event by event through every scenario in examples/ (the worked examples of
RULES.md and a rehearsal meeting), against computing everything again.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from chamber.rules import replay
from chamber.rules.speaking import member_places
from chamber.simulate import load_scenario, run_scenario
from chamber.views import Memo, concerned, me_views, role_views

SCENARIOS = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.json"))
SCENARIOS = [p for p in SCENARIOS if p.name not in ("roster.json", "agenda.json", "council-27.json")]


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
async def test_kept_parts_and_own_parts_are_never_stale(path):
    run = await run_scenario(load_scenario(path))
    log = [event for _, event in run.events]
    meeting, memo = replay(log[:1]), Memo()
    everyone = [p.id for p in meeting.roster.people]
    before = me_views(meeting, everyone)
    queued_before = set(member_places(meeting))
    for n, event in enumerate(log[1:], start=2):
        meeting = replay(log[:n])  # a fresh state each time: the memo must not rely on identity
        assert role_views(meeting, memo) == role_views(meeting), (path.stem, event.type)
        everyone = [p.id for p in meeting.roster.people]
        after = me_views(meeting, everyone)
        queued = queued_before | set(member_places(meeting))
        wanted = concerned([event], queued)
        if wanted is not None:
            moved = {p for p in everyone if before.get(p) != after[p]}
            assert moved <= wanted, (path.stem, event.type, sorted(moved - wanted))
        before, queued_before = after, set(member_places(meeting))


def test_an_unknown_change_concerns_everyone():
    assert concerned(None, set()) is None
