"""The Meeting aggregate (kokous / sammanträde): everything the rules know at one moment.

Each concept keeps its own part (agenda, later attendance, the speaking queue, votes); the
aggregate only holds them together. `procedure.py` decides commands and applies events.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .agenda import CURRENT, Item
from .attendance import Attendance
from .minutes import Minutes
from .roster import Roster
from .ruleset import RuleSet

if TYPE_CHECKING:  # these concepts read the meeting; it only holds their parts
    from .elections import Election, Nominations
    from .proposals import ItemProposals
    from .question_hour import QuestionHour
    from .speaking import Speech, SpeakingQueue
    from .voting_order import VotingOrder
    from .votes import Decision, Vote

DRAFT = "draft"  # created, not yet opened by the chair
OPEN = "open"  # in session (kokous avattu / sammanträdet öppnat)
RECESS = "recess"  # break (tauko / paus)
CLOSED = "closed"  # closed by the chair (kokous päättyi / sammanträdet avslutat)


@dataclass
class Meeting:
    """One meeting of the council, rebuilt from its log by applying each event in order."""

    id: str = ""
    title: dict[str, str] = field(default_factory=dict)
    date: str = ""
    public: bool = True
    rules: RuleSet = field(default_factory=RuleSet)
    roster: Roster | None = None
    agenda: list[Item] = field(default_factory=list)
    attendance: Attendance = field(default_factory=Attendance)
    proposals: dict[int, ItemProposals] = field(default_factory=dict)  # by item
    orders: dict[int, VotingOrder] = field(default_factory=dict)  # by item
    votes: list[Vote] = field(default_factory=list)
    decisions: dict[int, Decision] = field(default_factory=dict)  # by item
    elections: list[Election] = field(default_factory=list)
    nominations: dict[int, Nominations] = field(default_factory=dict)  # candidate lists by item (EL-P3)
    speaking: dict[int, SpeakingQueue] = field(default_factory=dict)  # by item, once discussed
    question_hour: QuestionHour | None = None  # from its first event
    minutes: Minutes = field(default_factory=Minutes)  # its checkers, approvals, publication
    phase: str = DRAFT
    opened_at: int | None = None
    closed_at: int | None = None
    seq: int = 0  # the last event applied
    at: int = 0  # its time (ms): where a speech still on the floor is counted up to
    # concept -> its last event applied: a part of a view that reads only some concepts (the
    # roster, attendance) need not be computed again until one of them changes.
    revisions: dict[str, int] = field(default_factory=dict)

    def name_of(self, who: str) -> str:
        """A person by name from the roster; anyone else (a candidate from outside the council)
        by the name the lists give."""
        person = self.roster.person(who) if self.roster else None
        return person.name if person else who

    def item(self, number: int) -> Item | None:
        return next((i for i in self.agenda if i.number == number), None)

    @property
    def current(self) -> Item | None:
        """The item under consideration, if any."""
        return next((i for i in self.agenda if i.state == CURRENT), None)

    @property
    def on_the_floor(self) -> Speech | None:
        """The speech being given now, on any item or in the question hour: one at a time."""
        speeches = [q.current for q in self.speaking.values()]
        if self.question_hour is not None:
            speeches.append(self.question_hour.turn)
        return next((s for s in speeches if s is not None), None)

    @property
    def vote_in_progress(self) -> Vote | None:
        """The vote on the item under consideration that is prepared, open, or closed and
        awaiting its result or the chair's deciding vote: the hall stays with it until the
        result is declared. (A vote left open on another item, which a log written before this
        rule may hold, is not in progress here: the chair can go back to that item and finish it.)"""
        item = self.current
        if item is None:
            return None
        return next((v for v in reversed(self.votes) if v.item == item.number and v.in_progress), None)

    @property
    def election_open(self) -> Election | None:
        """The election on the item under consideration whose ballot is open: the hall stays
        with it until it is closed."""
        item = self.current
        if item is None:
            return None
        return next((e for e in self.elections if e.item == item.number and e.ballot_open), None)

    @property
    def runoff_pending(self) -> Election | None:
        """The election on the item under consideration whose run-off is still to be held
        (ME-4): the item is not closed and no decision declared before it."""
        item = self.current
        if item is None:
            return None
        return next((e for e in self.elections if e.item == item.number and e.awaiting_runoff), None)

    @property
    def in_session(self) -> bool:
        return self.phase in (OPEN, RECESS)

    def setup_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": dict(self.title), "date": self.date, "public": self.public}
