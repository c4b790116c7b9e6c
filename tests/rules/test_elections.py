"""Elections (vaalit / val), RULES.md §2.5 and §10: majority elections ME-1..ME-4, the demand
threshold TH-1..TH-6, proportional elections PR-1..PR-4 with exact comparative numbers and lots,
and secret ballots that no event, state or view can join to the voter."""

import dataclasses
import json
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chamber.rules import Command, Context, Rejected, decide, replay
from chamber.rules.elections import (
    BallotBox,
    CandidateList,
    comparative_display,
    elect_majority,
    elect_proportional,
    election_view,
    list_comparative_numbers,
    majority_totals,
    open_list_comparative_numbers,
    proportional_demand_needed,
    runoff_pair,
)
from chamber.rules.lot import drawing, shuffled
from chamber.rules.ruleset import RuleSet
from tests.factories import SECRETARY
from tests.rules.conftest import CHAIR, member
from tests.rules.voting import EVERYONE, Council


def stub(*order: str):
    """A lot that draws `order` (restricted to the tied)."""
    return lambda tied: [c for c in order if c in tied]


def ballots_for(totals: dict[str, int], voters: int = 27, per_ballot: int = 3) -> list[list[str]]:
    """Ballots giving exactly `totals`, no name twice on a ballot, at most `per_ballot` names."""
    ballots: list[list[str]] = [[] for _ in range(voters)]
    for name, votes in totals.items():
        for ballot in sorted(ballots, key=len)[:votes]:
            ballot.append(name)
    assert all(len(b) <= per_ballot for b in ballots) and majority_totals(ballots) == totals
    return ballots


def cast(council: Council, ballots: list[dict], voters: list[str] | None = None) -> None:
    for person, ballot in zip(voters or EVERYONE, ballots):
        council.do(CHAIR if person == "aaltonen" else member(person), "cast_ballot", **ballot)


# --- majority election (enemmistövaali / majoritetsval) ---------------------------------------------


def test_ME_1_one_seat_a_plurality_elects():
    c = Council()
    c.do(CHAIR, "open_election", title="Tarkastuslautakunnan puheenjohtaja",
         candidates=["Virtanen", "Korhonen", "Nieminen"])
    cast(c, [{"names": ["Virtanen"]}] * 14 + [{"names": ["Korhonen"]}] * 10 + [{"names": ["Nieminen"]}] * 2
         + [{"names": []}])
    [closed] = c.do(CHAIR, "close_election")
    assert closed.data["totals"] == {"Virtanen": 14, "Korhonen": 10, "Nieminen": 2}
    assert closed.data["blank"] == 1 and closed.data["elected"] == ["Virtanen"] and closed.data["lots"] == []
    assert c.meeting.elections[0].state == "decided"


ME2 = {"Aalto": 20, "Berg": 18, "Cederberg": 15, "Dahl": 15, "Eklund": 7}


def test_ME_2_three_seats_and_a_tie_for_the_third_decided_by_lot():
    outcome = elect_majority(ME2, 3, stub("Dahl", "Cederberg"))
    assert outcome.elected == ("Aalto", "Berg", "Dahl")
    assert outcome.lots == ({"tied": ["Cederberg", "Dahl"], "order": ["Dahl", "Cederberg"]},)
    assert sum(ME2.values()) == 75


def test_ME_2_through_the_council_the_lot_is_drawn_from_entropy_and_recorded():
    c = Council(entropy=b"ME-2")
    c.do(CHAIR, "open_election", title="Puheenjohtajisto", seats=3, candidates=list(ME2))
    cast(c, [{"names": b} for b in ballots_for(ME2)])
    [closed] = c.do(CHAIR, "close_election")
    [lot] = closed.data["lots"]
    assert lot["tied"] == ["Cederberg", "Dahl"] and lot["order"] == drawing(b"ME-2")(["Cederberg", "Dahl"])
    assert closed.data["elected"] == ["Aalto", "Berg", lot["order"][0]]
    assert replay(c.log) == c.meeting  # the replay reads the lot, it does not draw again


def test_ME_3_a_presidium_takes_its_offices_in_the_order_of_the_ranking():
    outcome = elect_majority(ME2, 3, stub("Dahl", "Cederberg"))
    chair, first_vice, second_vice = outcome.elected
    assert (chair, first_vice, second_vice) == ("Aalto", "Berg", "Dahl")


def test_ME_4_an_absolute_majority_or_a_run_off_between_the_two_first():
    c = Council()
    c.do(CHAIR, "open_election", title="Kaupunginjohtaja", candidates=["A", "B", "C"], absolute_majority=True)
    cast(c, [{"names": ["A"]}] * 12 + [{"names": ["B"]}] * 9 + [{"names": ["C"]}] * 6)
    [first] = c.do(CHAIR, "close_election")
    assert first.data["runoff"] is True and first.data["elected"] == ["A", "B"]
    assert c.refused(member("salo"), "cast_ballot", names=["A"]) == "no_open_election"
    c.do(CHAIR, "open_runoff")
    assert c.refused(CHAIR, "open_runoff") == "no_runoff"
    assert c.refused(member("salo"), "cast_ballot", names=["C"]) == "no_such_candidate"
    cast(c, [{"names": ["A"]}] * 15 + [{"names": ["B"]}] * 12)
    [second] = c.do(CHAIR, "close_election")
    assert (second.data["round"], second.data["elected"], second.data["runoff"]) == (2, ["A"], False)


def test_ME_4_a_tie_for_a_run_off_place_is_decided_by_lot():
    assert runoff_pair({"A": 12, "B": 8, "C": 8}, stub("C", "B")).elected == ("A", "C")
    assert runoff_pair({"A": 14, "B": 13}, stub()) is None  # more than half: elected in round 1


def test_EL_M1_a_ballot_names_at_most_k_different_candidates_a_repeated_name_once():
    c = Council()
    c.do(CHAIR, "open_election", title="Vaali", seats=2, candidates=["A", "B", "C"])
    assert c.refused(member("salo"), "cast_ballot", names=["A", "B", "C"]) == "too_many_names"
    assert c.refused(member("salo"), "cast_ballot", names=["X"]) == "no_such_candidate"
    c.do(member("salo"), "cast_ballot", names=["A", "A", "B"])
    assert c.refused(member("salo"), "cast_ballot", names=["C"]) == "ballot_already_cast"
    assert majority_totals([["A", "A", "B"]]) == {"A": 1, "B": 1}


def test_EL_M5_as_many_candidates_as_seats_are_elected_without_a_ballot():
    c = Council()
    assert c.refused(CHAIR, "elect_without_ballot", title="Tarkastajat", elected=["Salo"], seats=2) \
        == "not_as_many_as_seats"  # one candidate for two seats: a ballot, or more candidates
    assert c.refused(CHAIR, "elect_without_ballot", title="Tarkastajat", elected=["Salo", "Salo"]) == "candidate_repeated"
    [elected] = c.do(CHAIR, "elect_without_ballot", title="Pöytäkirjantarkastajat", elected=["Salo", "Laine"], seats=2)
    assert elected.data["elected"] == ["Salo", "Laine"]
    e = c.meeting.elections[0]
    assert e.unanimous and e.outcome.elected == ("Salo", "Laine") and election_view(c.meeting, e)["elected"]
    c.do(CHAIR, "open_election", title="Vaali", candidates=["A"])  # the next election may open


def test_open_elections_record_names_per_candidate():
    c = Council()
    c.do(CHAIR, "open_election", title="Vaali", candidates=["A", "B"])
    c.do(member("salo"), "cast_ballot", names=["A"])
    c.do(member("laine"), "cast_ballot", names=["B"])
    c.do(CHAIR, "close_election")
    view = election_view(c.meeting, c.meeting.elections[0])
    assert view["voters"] == {"A": ["salo"], "B": ["laine"]}


def test_who_may_vote_in_an_election():
    c = Council(present=[p for p in EVERYONE if p != "nieminen"])
    c.do(member("laine"), "declare_disqualification", item=1)
    c.do(CHAIR, "open_election", title="Vaali", candidates=["A"], secret=True)
    assert c.refused(member("laine"), "cast_ballot", names=["A"]) == "disqualified"
    assert c.refused(member("nieminen"), "cast_ballot", names=["A"]) == "not_present"
    assert c.refused(member("mayor"), "cast_ballot", names=["A"]) == "not_councillor"
    assert c.refused(SECRETARY, "cast_ballot", names=["A"]) == "not_councillor"
    assert c.refused(CHAIR, "open_vote") == "election_open"


# --- the demand for a proportional election (LAW-18) ------------------------------------------------


@pytest.mark.parametrize("case, present, seats, needed", [
    ("TH-1", 27, 9, 3), ("TH-2", 27, 5, 5), ("TH-3", 27, 3, 7), ("TH-4", 28, 3, 7), ("TH-5", 51, 11, 5),
    ("TH-6", 43, 13, 4)])
def test_TH_the_members_needed_to_demand_a_proportional_election(case, present, seats, needed):
    assert proportional_demand_needed(present, seats) == needed


# --- proportional election (suhteellinen vaali / proportionellt val) -----------------------------------

PR3_LISTS = [["L1-1", "L1-2", "L1-3", "L1-4", "L1-5", "L1-6"], ["L2-1", "L2-2", "L2-3", "L2-4"],
             ["L3-1", "L3-2", "L3-3"], ["L4-1", "L4-2"]]
PR3_VOTES = [1] * 12 + [2] * 8 + [3] * 5 + [4] * 2


def proportional(seats: int, demanders: list[str], entropy: bytes = b"PR") -> Council:
    c = Council(entropy=entropy)
    c.do(CHAIR, "open_election", kind="proportional", title="Kaupunginhallitus", seats=seats,
         lists=[{"candidates": names} for names in PR3_LISTS], demanders=demanders)
    return c


def test_PR_3_a_board_of_nine_by_comparative_numbers():
    assert proportional_demand_needed(27, 9) == 3
    with pytest.raises(Rejected) as refused:
        proportional(9, ["salo", "laine"])
    assert refused.value.code == "proportional_not_demanded" and refused.value.params["needed"] == 3
    c = proportional(9, ["salo", "laine", "korhonen"])
    assert c.meeting.elections[0].secret  # always by closed ballots
    cast(c, [{"list": n} for n in PR3_VOTES])
    [closed] = c.do(CHAIR, "close_election")
    e = c.meeting.elections[0]
    top = [(name, comparative_display(e.scores[name])) for name in e.outcome.ranking[:10]]
    assert [score for _, score in top] == ["12,000", "8,000", "6,000", "5,000", "4,000", "4,000", "3,000",
                                           "2,667", "2,500", "2,400"]
    assert [name for name, _ in top][:4] == ["L1-1", "L2-1", "L1-2", "L3-1"]
    assert set(e.outcome.ranking[4:6]) == {"L1-3", "L2-2"} and e.outcome.ranking[9] == "L1-5"
    assert closed.data["lots"] == [{"tied": ["L1-3", "L2-2"], "order": list(e.outcome.ranking[4:6])}]
    seats = {lst: sum(1 for n in e.outcome.elected if n.startswith(lst)) for lst in ("L1", "L2", "L3", "L4")}
    assert seats == {"L1": 4, "L2": 3, "L3": 2, "L4": 0}
    assert e.scores["L2-3"] == Fraction(8, 3)  # exact, never a float


def test_PR_4_five_seats_and_a_tie_for_the_fifth_decided_by_lot():
    assert proportional_demand_needed(27, 5) == 5
    lists = [CandidateList(n, tuple(names)) for n, names in enumerate(PR3_LISTS, start=1)]
    scores = list_comparative_numbers(lists, {"1": 12, "2": 8, "3": 5, "4": 2})
    outcome = elect_proportional(scores, 5, stub("L2-2", "L1-3"))
    assert outcome.elected == ("L1-1", "L2-1", "L1-2", "L3-1", "L2-2")
    seats = {lst: sum(1 for n in outcome.elected if n.startswith(lst)) for lst in ("L1", "L2", "L3")}
    assert seats == {"L1": 2, "L2": 2, "L3": 1}


def test_PR_1_municipal_dhondt_five_seats_without_ties():
    groups = [{"a1": 420, "a2": 260, "a3": 170, "a4": 150}, {"b1": 350, "b2": 200, "b3": 150},
              {"c1": 280, "c2": 120}, {"d1": 180}]
    scores, lots = open_list_comparative_numbers(groups, stub())
    assert lots == []
    assert {k: comparative_display(v) for k, v in scores.items()} == {
        "a1": "1000,000", "a2": "500,000", "a3": "333,333", "a4": "250,000", "b1": "700,000", "b2": "350,000",
        "b3": "233,333", "c1": "400,000", "c2": "200,000", "d1": "180,000"}
    outcome = elect_proportional(scores, 5, stub())
    assert outcome.ranking == ("a1", "b1", "a2", "c1", "b2", "a3", "a4", "b3", "c2", "d1")
    assert outcome.elected == ("a1", "b1", "a2", "c1", "b2")


@pytest.mark.parametrize("seat_lot, elected", [(("s1", "q1"), "s1"), (("q1", "s1"), "q1")])
def test_PR_2_an_alliance_and_ties_decided_by_lot(seat_lot, elected):
    alliance = {"p1": 300, "p2": 90, "q1": 200, "q2": 110}  # parties P and Q ranked together
    groups = [alliance, {"r1": 250, "r2": 75, "r3": 75}, {"s1": 300, "s2": 50}]
    lot = stub("r3", "r2", *seat_lot)
    scores, lots = open_list_comparative_numbers(groups, lot)
    assert (scores["p1"], scores["q1"], scores["q2"], scores["p2"]) == (700, 350, Fraction(700, 3), 175)
    assert (scores["r3"], scores["r2"]) == (200, Fraction(400, 3))
    assert lots == [{"tied": ["r2", "r3"], "order": ["r3", "r2"]}]
    assert elect_proportional(scores, 3, lot).elected == ("p1", "r1", elected)


def test_comparative_numbers_are_shown_with_three_decimals_and_a_decimal_comma():
    assert comparative_display(Fraction(319, 6)) == "53,167"
    assert comparative_display(Fraction(12, 5)) == "2,400"
    assert comparative_display(Fraction(2, 3), 1) == "0,7"


# --- secret ballots (suljetut liput / slutna sedlar) --------------------------------------------------

SECRET = {"title": "Vaali", "seats": 2, "candidates": ["A", "B", "C"], "secret": True}
BALLOTS = [["A"], ["A", "B"], ["C"], [], ["B", "C"], ["A", "C"]]


def reachable(value, seen=None):
    """Every object reachable from `value` through dataclass fields and containers."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return
    seen.add(id(value))
    yield value
    children = ([getattr(value, f.name) for f in dataclasses.fields(value)] if dataclasses.is_dataclass(value)
                else list(value.keys()) + list(value.values()) if isinstance(value, dict)
                else list(value) if isinstance(value, (list, tuple, set, frozenset)) else [])
    for child in children:
        yield from reachable(child, seen)


def test_while_a_secret_ballot_is_open_only_who_voted_is_recorded():
    c = Council()
    c.do(CHAIR, "open_election", **SECRET)
    voters = EVERYONE[1:7]
    cast(c, [{"names": b} for b in BALLOTS], voters)
    casts = [r for r in c.log if r.type == "ballot_cast"]
    assert [r.data for r in casts] == [{"election": "e1", "voter": v} for v in voters]
    e = c.meeting.elections[0]
    assert e.voted == voters and e.open_ballots == {} and e.ballots == [] and e.totals == {}
    assert not any(isinstance(obj, BallotBox) for obj in reachable(c.meeting))
    assert c.box.ballots == tuple(sorted(tuple(sorted(b)) for b in BALLOTS))  # sorted: no order of casting
    view = election_view(c.meeting, e)
    assert (view["voted"], view["eligible"]) == (6, 27) and "totals" not in view


def test_the_closing_event_holds_the_ballots_shuffled_by_entropy_with_no_voter():
    c = Council(entropy=b"close")
    c.do(CHAIR, "open_election", **SECRET)
    cast(c, [{"names": b} for b in BALLOTS])
    [closed] = c.do(CHAIR, "close_election")
    in_box = [tuple(sorted(b)) for b in BALLOTS]
    assert closed.data["ballots"] == [list(b) for b in shuffled(b"close", sorted(in_box))]
    assert closed.data["totals"] == {"A": 3, "B": 2, "C": 3} and closed.data["blank"] == 1
    assert not set(json.dumps(closed.data).split('"')) & set(EVERYONE)
    assert "voters" not in election_view(c.meeting, c.meeting.elections[0])
    assert c.box == BallotBox()
    orders = {tuple(map(tuple, shuffled(bytes([n]), sorted(in_box)))) for n in range(20)}
    assert len(orders) > 1  # the order comes from the entropy, not from the casting


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(voters=st.permutations(EVERYONE[1:7]), ballots=st.permutations(BALLOTS))
def test_who_cast_which_ballot_and_when_leaves_no_trace_in_the_closing_event(voters, ballots):
    reference = Council(entropy=b"same")
    reference.do(CHAIR, "open_election", **SECRET)
    cast(reference, [{"names": b} for b in BALLOTS], EVERYONE[1:7])
    c = Council(entropy=b"same")
    c.do(CHAIR, "open_election", **SECRET)
    cast(c, [{"names": b} for b in ballots], voters)
    closing = c.do(CHAIR, "close_election")[0].data
    assert closing == reference.do(CHAIR, "close_election")[0].data


def test_a_ballot_never_passes_through_the_plain_decide():
    c = Council()
    c.do(CHAIR, "open_election", **SECRET)
    with pytest.raises(Rejected) as refused:
        decide(c.meeting, member("salo"), Command("cast_ballot", {"names": ["A"]}), Context(1))
    assert refused.value.code == "ballot_box_required"


def test_a_lost_ballot_box_is_found_at_the_close_and_the_ballot_is_taken_again():
    c = Council()
    c.do(CHAIR, "open_election", **SECRET)
    cast(c, [{"names": ["A"]}, {"names": ["B"]}])
    c.box = BallotBox()  # the engine restarted: the log says two voted, the box is empty
    assert c.refused(CHAIR, "close_election") == "ballot_box_incomplete"
    c.do(CHAIR, "restart_ballot")
    assert c.meeting.elections[0].voted == []
    cast(c, [{"names": ["A"]}])
    [closed] = c.do(CHAIR, "close_election")
    assert closed.data["totals"] == {"A": 1}


def test_paper_ballots_the_boards_count_must_add_up_to_the_ballots_handed_in():
    """C-7, EL-P4: the staff mark who handed in a ballot; the board's count is entered, refused
    (changing nothing) unless valid + blank + invalid = handed in and the totals fit the valid
    ballots; the chair announces it by closing the election."""
    c = Council(RuleSet(closed_ballot_mode="paper"))
    c.do(CHAIR, "open_election", **SECRET)
    assert c.meeting.elections[0].paper and election_view(c.meeting, c.meeting.elections[0])["paper"]
    assert c.refused(member("salo"), "cast_ballot", names=["A"]) == "not_staff"
    for person in EVERYONE[:5]:
        c.do(SECRETARY, "cast_ballot", person=person)
    assert c.refused(CHAIR, "close_election") == "no_ballot_count"
    seq = c.meeting.seq
    bad = {"totals": {"A": 4, "B": 3}, "valid": 4, "blank": 0, "invalid": 0}
    assert c.refused(SECRETARY, "enter_ballot_count", count=bad) == "count_mismatch"
    too_many = {"totals": {"A": 4, "B": 4, "C": 1}, "valid": 4, "blank": 1, "invalid": 0}
    assert c.refused(SECRETARY, "enter_ballot_count", count=too_many) == "count_totals_mismatch"
    too_few = {"totals": {"A": 2}, "valid": 4, "blank": 1, "invalid": 0}  # a valid ballot names someone
    assert c.refused(SECRETARY, "enter_ballot_count", count=too_few) == "count_totals_mismatch"
    assert c.refused(SECRETARY, "enter_ballot_count", count={"totals": {"X": 1}}) == "bad_argument"
    assert c.refused(member("salo"), "enter_ballot_count", count=bad) == "not_staff"
    assert c.meeting.seq == seq and c.meeting.elections[0].count is None  # nothing changed
    good = {"totals": {"A": 4, "B": 3, "C": 1}, "valid": 4, "blank": 1, "invalid": 0}
    c.do(SECRETARY, "enter_ballot_count", count={**good, "totals": {"A": 3, "B": 4, "C": 1}})
    c.do(SECRETARY, "enter_ballot_count", count=good)  # entered again: the correction replaces it
    assert "totals" not in election_view(c.meeting, c.meeting.elections[0])  # not announced yet
    assert c.refused(SECRETARY, "cast_ballot", person=EVERYONE[6]) == "ballots_counted"
    assert c.refused(SECRETARY, "cancel_ballot_mark", person=EVERYONE[0]) == "ballots_counted"
    [closed] = c.do(CHAIR, "close_election")
    assert closed.data["totals"] == {"A": 4, "B": 3, "C": 1} and closed.data["blank"] == 1
    assert closed.data["elected"] == ["A", "B"] and closed.data["ballots"] == []


def test_a_paper_ballot_marked_by_mistake_is_unmarked_and_electronic_ballots_have_no_board_count():
    c = Council(RuleSet(closed_ballot_mode="paper"))
    c.do(CHAIR, "open_election", **SECRET)
    c.do(SECRETARY, "cast_ballot", person="salo")
    c.do(SECRETARY, "cast_ballot", person="laine")
    assert c.refused(SECRETARY, "cancel_ballot_mark", person="korhonen") == "no_ballot_handed_in"
    c.do(SECRETARY, "cancel_ballot_mark", person="laine")
    assert c.meeting.elections[0].voted == ["salo"]
    c.do(SECRETARY, "cast_ballot", person="laine")  # handed in after all
    assert replay(c.log) == c.meeting
    e = Council()
    e.do(CHAIR, "open_election", **SECRET)
    assert not e.meeting.elections[0].paper
    count = {"totals": {}, "valid": 0, "blank": 0, "invalid": 0}
    assert e.refused(SECRETARY, "enter_ballot_count", count=count) == "not_paper_ballot"
    assert e.refused(SECRETARY, "cancel_ballot_mark", person="salo") == "not_paper_ballot"


# --- the lot (arpa / lott) ---------------------------------------------------------------------------


def test_a_lot_is_a_deterministic_unbiased_permutation_of_the_tied():
    names = ["Cederberg", "Dahl", "Eklund"]
    assert shuffled(b"x", names) == shuffled(b"x", names)
    assert sorted(shuffled(b"x", names)) == names
    firsts = [shuffled(n.to_bytes(2, "big"), names)[0] for n in range(3000)]
    assert all(800 < firsts.count(name) < 1200 for name in names)
    draw = drawing(b"x")
    assert draw(["B", "A"]) == drawing(b"x")(["A", "B"])  # the order they come in does not matter


def test_no_vote_is_taken_or_decision_declared_while_an_election_is_open():
    c = Council()
    c.do(CHAIR, "open_election", title="Vaali", candidates=["A"])
    assert c.refused(CHAIR, "declare_decision") == "election_open"
    assert c.refused(CHAIR, "open_election", title="Toinen", candidates=["B"]) == "election_open"


# --- review fixes: the box on a retaken ballot, strict ballots, the run-off, the hall waits ---------


def test_taking_the_ballot_again_empties_the_box_in_the_same_command():
    c = Council()
    c.do(CHAIR, "open_election", **SECRET)
    cast(c, [{"names": ["A"]}, {"names": ["B"]}])  # the box holds both: the count failed, say
    c.do(CHAIR, "restart_ballot")
    assert c.box == BallotBox() and c.meeting.elections[0].voted == []
    cast(c, [{"names": ["C"]}])
    [closed] = c.do(CHAIR, "close_election")  # not ballot_box_incomplete: 1 voted, 1 in the box
    assert closed.data["totals"] == {"C": 1} and closed.data["ballots"] == [["C"]]
    with pytest.raises(Rejected) as refused:  # the engine routes it to the box
        decide(c.meeting, CHAIR, Command("restart_ballot"), Context(1))
    assert refused.value.code == "ballot_box_required"


def test_a_restart_with_nothing_open_keeps_the_box():
    c = Council()
    assert c.refused(CHAIR, "restart_ballot") == "no_open_election"
    assert c.refused(member("salo"), "restart_ballot") == "not_chair"


@pytest.mark.parametrize("bad", [True, False, 1.0, "1", [1], {"n": 1}])
def test_a_list_number_is_an_integer_not_a_bool_or_a_float(bad):
    c = proportional(9, ["salo", "laine", "korhonen"])
    assert c.refused(member("salo"), "cast_ballot", list=bad) == "bad_argument"
    assert c.box == BallotBox() and c.meeting.elections[0].voted == []
    c.do(member("salo"), "cast_ballot", list=1)
    c.do(member("laine"), "cast_ballot", list=None)  # blank
    [closed] = c.do(CHAIR, "close_election")
    assert closed.data["totals"] == {"1": 1} and closed.data["blank"] == 1


def test_paper_counts_and_list_names_are_strictly_typed():
    c = Council(RuleSet(closed_ballot_mode="paper"))
    c.do(CHAIR, "open_election", **SECRET)
    c.do(SECRETARY, "cast_ballot", person="salo")
    for bad in ({"totals": {"A": True}, "valid": 1, "blank": 0, "invalid": 0},
                {"totals": {"A": 1}, "valid": True, "blank": 0, "invalid": 0},
                {"totals": {"A": 1}, "valid": 1.0, "blank": 0, "invalid": 0}):
        assert c.refused(SECRETARY, "enter_ballot_count", count=bad) == "bad_argument"
    c.do(CHAIR, "enter_ballot_count", count={"totals": {"A": 1}, "valid": 1, "blank": 0, "invalid": 0})
    c.do(CHAIR, "close_election")
    d = Council()
    assert d.refused(CHAIR, "open_election", kind="proportional", title="X", seats=1,
                     lists=[{"name": None, "candidates": ["A"]}],
                     demanders=EVERYONE) == "bad_argument"


def absolute(c: Council) -> None:
    """Round 1 of ME-4 on item 1: nobody has more than half, A and B meet in a run-off."""
    c.do(CHAIR, "open_election", title="Kaupunginjohtaja", candidates=["A", "B", "C"], absolute_majority=True)
    cast(c, [{"names": ["A"]}] * 12 + [{"names": ["B"]}] * 9 + [{"names": ["C"]}] * 6)
    [first] = c.do(CHAIR, "close_election")
    assert first.data["runoff"] is True


def test_a_run_off_is_not_opened_while_another_election_is_open():
    c = Council()
    absolute(c)
    c.do(CHAIR, "open_election", title="Toinen vaali", candidates=["X"])
    assert c.refused(CHAIR, "open_runoff") == "election_open"
    c.do(CHAIR, "close_election")
    c.do(CHAIR, "open_runoff")
    assert [e.state for e in c.meeting.elections] == ["open", "decided"]


def test_a_run_off_is_not_opened_while_a_vote_is_in_progress():
    c = Council()
    c.propose("salo")
    c.do(CHAIR, "confirm_summary")
    c.do(CHAIR, "approve_voting_order")
    absolute(c)
    c.do(CHAIR, "prepare_vote")
    assert c.refused(CHAIR, "open_runoff") == "vote_in_progress"
    c.vote(20, 7)
    c.do(CHAIR, "open_runoff")


def test_the_hall_does_not_move_on_while_a_ballot_is_open():
    c = Council()
    c.do(CHAIR, "open_election", **SECRET)
    cast(c, [{"names": ["A"]}])
    for command, args in (("take_up_item", {"item": 2}), ("close_item", {}), ("recess", {}),
                          ("close_meeting", {})):
        assert c.refused(CHAIR, command, **args) == "election_open", command
    c.do(CHAIR, "close_election")
    c.do(CHAIR, "recess")
    assert c.refused(member("salo"), "cast_ballot", names=["A"]) == "meeting_in_recess"
    c.do(CHAIR, "resume")
    c.do(CHAIR, "take_up_item", item=2)
