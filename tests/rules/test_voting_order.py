"""The voting order (äänestysjärjestys / omröstningsordning), RULES.md §6: every worked example
VO-1 … VO-10 with its sequence of votes, counts summing to 27 and the decision, driven through
the rules with the 27-member council; and the planner (§6.2) on its own."""

import pytest

from chamber.rules.proposals import (
    COUNTER,
    INDEPENDENT,
    REJECTION,
    RETURN,
    RIDER,
    TABLING,
    ItemProposals,
    Proposal,
)
from chamber.rules.ruleset import RuleSet
from chamber.rules import Rejected
from chamber.rules.votes import decision_text, minority_view, question
from chamber.rules.voting_order import (
    ADOPTED,
    AMOUNT,
    CONTINUE,
    INTERRUPT,
    NO_AMOUNT_ACCEPTED,
    PAIR,
    REJECTED,
    WINNER,
    Step,
    follow,
    check_sense,
    plan,
    voting_order_plan,
)
from tests.rules.conftest import CHAIR, member
from tests.rules.voting import Council

B = "base"


def sides(council: Council) -> list[tuple[str | None, str | None, str]]:
    """Each vote taken: (JAA, EI, winning side)."""
    return [(v.question.jaa, v.question.ei, v.result.winner) for v in council.meeting.votes]


def counts(closed) -> tuple[int, int, int, int]:
    d = closed.data
    assert len(d["jaa"]) + len(d["ei"]) + len(d["tyhja"]) + len(d["poissa"]) == 27
    return len(d["jaa"]), len(d["ei"]), len(d["tyhja"]), len(d["poissa"])


def decide(council: Council):
    council.do(CHAIR, "declare_decision")
    return council.meeting.decisions[1]


def ordered(council: Council, ranking: list[str] | None = None) -> list[Step]:
    council.do(CHAIR, "confirm_summary")
    if ranking:
        council.do(CHAIR, "rank_proposals", order=ranking)
    [approved] = council.do(CHAIR, "approve_voting_order")
    return [Step.from_dict(s) for s in approved.data["steps"]]


def test_VO_1_three_counter_proposals_pairwise_from_the_most_deviating():
    c = Council()
    c1, c2, c3 = c.propose("salo"), c.propose("laine"), c.propose("forsman")
    steps = ordered(c, ranking=[c3, c2, c1])
    assert steps == [Step(PAIR, c2, c3), Step(PAIR, c1, WINNER), Step(PAIR, B, WINNER)]
    assert counts(c.vote(10, 8, 9)) == (10, 8, 9, 0)
    assert counts(c.vote(12, 13, 2)) == (12, 13, 2, 0)
    assert counts(c.vote(14, 13, 0)) == (14, 13, 0, 0)
    assert sides(c) == [(c2, c3, "jaa"), (c1, c2, "ei"), (B, c2, "jaa")]
    assert decide(c).outcome == ADOPTED and c.meeting.decisions[1].proposal == B


def vo2() -> Council:
    c = Council()
    c.propose("salo")
    ordered(c)
    return c


def test_VO_2a_tie_the_chair_voted_ei_so_the_counter_proposal_wins():
    c = vo2()
    closed = c.vote(13, 13, 1, chair="ei")
    assert counts(closed) == (13, 13, 1, 0) and closed.data["decided_by"] == "chair_vote"
    assert sides(c) == [(B, "p1", "ei")] and decide(c).proposal == "p1"


def test_VO_2b_tie_the_chair_voted_jaa_so_the_base_wins():
    c = vo2()
    closed = c.vote(13, 13, 1, chair="jaa")
    assert closed.data["winner"] == "jaa" and decide(c).proposal == B


def test_VO_2c_tie_the_chair_voted_blank_and_must_give_the_deciding_vote():
    c = vo2()
    closed = c.vote(13, 13, 1, chair="tyhja")
    assert counts(closed) == (13, 13, 1, 0) and closed.data["winner"] is None
    assert c.refused(CHAIR, "declare_result") == "awaiting_casting_vote"
    assert c.refused(CHAIR, "declare_decision") == "vote_in_progress"
    c.do(CHAIR, "casting_vote", choice="ei")
    v = c.meeting.votes[0]
    assert v.casting_vote == "ei" and v.result.decided_by == "casting_vote"
    assert c.refused(CHAIR, "casting_vote", choice="jaa") == "no_casting_vote_needed"
    c.do(CHAIR, "declare_result")
    assert decide(c).proposal == "p1"


def test_VO_2d_all_blank_is_a_zero_zero_tie_decided_the_same_way():
    c = vo2()
    closed = c.vote(0, 0, 27, chair="tyhja")
    assert counts(closed) == (0, 0, 27, 0) and closed.data["finding"] == "tie"
    c.do(CHAIR, "casting_vote", choice="ei")
    c.do(CHAIR, "declare_result")
    assert decide(c).proposal == "p1"


def test_VO_3_rejection_is_voted_last_against_the_winner_and_rejects_the_matter():
    c = Council()
    c1 = c.propose("salo")
    r = c.propose("laine", kind=REJECTION)
    assert ordered(c) == [Step(PAIR, B, c1), Step("rejection", WINNER, r)]
    assert counts(c.vote(15, 12)) == (15, 12, 0, 0)
    assert counts(c.vote(13, 14)) == (13, 14, 0, 0)
    assert sides(c) == [(B, c1, "jaa"), (B, r, "ei")]
    assert decide(c).outcome == REJECTED
    assert decision_text(c.meeting, 1)["fi"] == "Valtuusto hylkäsi ehdotuksen."
    assert decision_text(c.meeting, 1)["sv"] == "Fullmäktige förkastade förslaget."


def test_VO_3b_only_base_and_rejection_is_a_single_vote():
    c = Council()
    r = c.propose("laine", kind=REJECTION)
    assert ordered(c) == [Step("rejection", B, r)]
    c.vote(20, 7)
    assert sides(c) == [(B, r, "jaa")] and decide(c).proposal == B


def appropriation(base: int, *amounts: int, rules: RuleSet | None = None) -> tuple[Council, list[str]]:
    c = Council(rules)
    c.do(CHAIR, "change_base_proposal", amount=base)
    movers = ["salo", "laine", "forsman", "korhonen"]
    ids = [c.propose(movers[i], amount=a, seconder="nieminen") for i, a in enumerate(amounts)]
    return c, ids


def test_VO_4_appropriation_from_the_largest_amount_until_one_is_accepted():
    c, (c1, c2, c3) = appropriation(100_000, 200_000, 150_000, 120_000)
    assert ordered(c) == [Step(AMOUNT, c1, None), Step(AMOUNT, c2, None), Step(AMOUNT, c3, None),
                          Step(AMOUNT, B, None)]
    assert counts(c.vote(11, 15, 1)) == (11, 15, 1, 0)
    assert counts(c.vote(15, 12)) == (15, 12, 0, 0)
    assert sides(c) == [(c1, None, "ei"), (c2, None, "jaa")]
    assert c.refused(CHAIR, "open_vote") == "no_vote_left"  # C3 and B are not voted on
    d = decide(c)
    assert (d.outcome, d.proposal, d.amount) == (ADOPTED, c2, 150_000)
    assert "150\u00a0000\u00a0€" in decision_text(c.meeting, 1)["fi"]


def test_VO_4b_three_rejected_then_the_base_amount_accepted():
    c, (c1, c2, c3) = appropriation(100_000, 200_000, 150_000, 120_000)
    ordered(c)
    for _ in range(3):
        assert counts(c.vote(12, 15)) == (12, 15, 0, 0)
    c.vote(20, 7)
    assert sides(c) == [(c1, None, "ei"), (c2, None, "ei"), (c3, None, "ei"), (B, None, "jaa")]
    assert decide(c).amount == 100_000


def test_VO_4c_every_amount_rejected_means_no_amount_accepted():
    c, _ = appropriation(100_000, 200_000, 150_000, 120_000)
    ordered(c)
    for _ in range(4):
        c.vote(12, 15)
    d = decide(c)
    assert (d.outcome, d.proposal, d.amount) == (NO_AMOUNT_ACCEPTED, None, None)
    assert "määrärahaa ei myönnetty" in decision_text(c.meeting, 1)["fi"]


def test_VO_4d_the_base_is_the_largest_so_it_is_voted_first():
    c, _ = appropriation(250_000, 180_000)
    assert ordered(c)[0] == Step(AMOUNT, B, None)
    c.do(CHAIR, "open_vote")
    q = question(c.meeting, c.meeting.votes[0])
    assert q["jaa"]["label"]["fi"] == "Hyväksytään: Pohjaehdotus 250\u00a0000\u00a0€"
    assert q["ei"]["label"] == {"fi": "Hylätään", "sv": "Förkastas", "en": "Reject"}


def test_VO_4e_pairwise_largest_first_chains_by_amount_with_the_base_last():
    c, (c1, c2, c3) = appropriation(100_000, 200_000, 150_000, 120_000,
                                    rules=RuleSet(money_order_policy="pairwise_largest_first"))
    assert ordered(c) == [Step(PAIR, c2, c1), Step(PAIR, c3, WINNER), Step(PAIR, B, WINNER)]
    c.vote(15, 12)
    c.vote(10, 17)
    c.vote(14, 13)
    assert sides(c) == [(c2, c1, "jaa"), (c3, c2, "ei"), (B, c2, "jaa")]
    assert decide(c).amount == 100_000


def amounts(base: int, **counters: int) -> ItemProposals:
    record = ItemProposals(1, base_amount=base)
    for n, (name, amount) in enumerate(counters.items()):
        record.proposals.append(Proposal(name, 1, COUNTER, [f"m{n}"], {"fi": name}, amount, ["x"]))
    return record


@pytest.mark.parametrize("policy, expected", [
    ("pairwise_largest_first", [Step(PAIR, "C3", "C2"), Step(PAIR, "C1", WINNER), Step(PAIR, B, WINNER)]),
    ("pairwise_deviation", [Step(PAIR, "C2", "C1"), Step(PAIR, "C3", WINNER), Step(PAIR, B, WINNER)]),
    ("descending_accept_reject", [Step(AMOUNT, "C2", None), Step(AMOUNT, B, None), Step(AMOUNT, "C3", None),
                                  Step(AMOUNT, "C1", None)]),
])
def test_VO_4f_the_money_policies_differ_when_amounts_lie_on_both_sides(policy, expected):
    record = amounts(100_000, C1=60_000, C2=130_000, C3=90_000)
    assert plan(record, [], RuleSet(money_order_policy=policy)) == expected


def test_pairwise_deviation_gives_equal_deviations_to_the_larger_amount():
    record = amounts(100_000, C1=80_000, C2=120_000)
    assert plan(record, [], RuleSet(money_order_policy="pairwise_deviation"))[0] == Step(PAIR, "C1", "C2")


def test_VO_5_return_is_decided_at_once_and_the_discussion_goes_on():
    c = Council()
    c1 = c.propose("salo")
    p = c.propose("laine", kind=RETURN)
    assert c.refused(CHAIR, "confirm_summary") == "interrupt_vote_pending"
    assert counts(c.vote(17, 9, 1)) == (17, 9, 1, 0)
    assert sides(c) == [(CONTINUE, p, "jaa")]
    c.propose("heikkinen", kind=COUNTER, seconder=None)  # the discussion goes on
    assert ordered(c) == [Step(PAIR, B, c1)]
    assert counts(c.vote(16, 11)) == (16, 11, 0, 0)
    assert sides(c)[1] == (B, c1, "jaa")
    assert decide(c).proposal == B


def test_VO_5b_the_return_wins_and_the_item_ends_without_a_vote_on_the_substance():
    c = Council()
    c.propose("salo")
    p = c.propose("laine", kind=RETURN)
    c.vote(13, 14)
    assert sides(c) == [(CONTINUE, p, "ei")]
    assert c.refused(CHAIR, "open_vote") == "no_vote_left"
    d = decide(c)
    assert (d.outcome, d.proposal) == ("returned", p) and len(c.meeting.votes) == 1
    assert decision_text(c.meeting, 1) == {
        "fi": "Valtuusto palautti asian uudelleen valmisteltavaksi.",
        "sv": "Fullmäktige återremitterade ärendet.",
        "en": "The council returned the matter for re-preparation."}
    c.do(CHAIR, "close_item", outcome="returned")


def test_VO_6_tabling_and_return_together_pairwise_then_the_winner_against_continuing():
    c = Council()
    t = c.propose("salo", kind=TABLING)
    p = c.propose("laine", kind=RETURN)
    assert counts(c.vote(10, 12, 5)) == (10, 12, 5, 0)
    assert counts(c.vote(15, 12)) == (15, 12, 0, 0)
    assert sides(c) == [(t, p, "ei"), (CONTINUE, p, "jaa")]
    assert c.meeting.votes[0].question.kind == INTERRUPT
    c.do(CHAIR, "confirm_summary")  # discussion on the substance went on and closed
    assert decide(c).proposal == B


def test_VO_6_sequential_policy_puts_each_against_continuing_tabling_first():
    c = Council(RuleSet(interrupt_pair_policy="sequential_tabling_first"))
    t = c.propose("salo", kind=TABLING)
    p = c.propose("laine", kind=RETURN)
    c.vote(15, 12)
    c.vote(12, 15)
    assert sides(c) == [(CONTINUE, t, "jaa"), (CONTINUE, p, "ei")]
    assert decide(c).outcome == "returned"


MINORITY = RuleSet(minority_tabling_numerator=1, minority_tabling_denominator=3)
SECONDERS = ["laine", "korhonen", "koskinen", "hamalainen", "jarvinen", "lehtonen", "bjork", "ylonen"]


def test_VO_6b_a_third_of_those_present_table_the_item_without_a_vote():
    c = Council(MINORITY)
    t = c.propose("salo", kind=TABLING, seconder=None)
    for person in SECONDERS:
        c.do(member(person), "second_proposal", proposal=t)
    c.do(CHAIR, "table_by_minority", proposal=t)
    d = c.meeting.decisions[1]
    assert (d.outcome, d.minority) == ("tabled", 9) and c.meeting.votes == []


def test_VO_6b_eight_demanders_are_not_enough_and_a_vote_follows():
    c = Council(MINORITY)
    t = c.propose("salo", kind=TABLING, seconder=None)
    for person in SECONDERS[:7]:
        c.do(member(person), "second_proposal", proposal=t)
    assert c.refused(CHAIR, "table_by_minority", proposal=t) == "minority_too_small"
    c.vote(18, 9)
    assert sides(c) == [(CONTINUE, t, "jaa")]
    assert Council().refused(CHAIR, "table_by_minority", proposal=t) == "minority_tabling_off"


def test_VO_6b_the_chair_ticks_those_who_demand_tabling_in_the_hall():
    c = Council(MINORITY)
    t = c.propose("salo", kind=TABLING)  # Salo moves it, Korhonen seconds it on the phone
    assert minority_view(c.meeting, 1) == {"numerator": 1, "denominator": 3, "present": 27, "needed": 9}
    hall = ["laine", "koskinen", "hamalainen", "jarvinen", "lehtonen", "bjork"]
    refused = c.refused(CHAIR, "table_by_minority", proposal=t, demanders=[*hall, "korhonen"])
    assert refused == "minority_too_small"  # 8: Salo, Korhonen (once, though ticked too) and six
    with pytest.raises(Rejected) as too_small:
        c.do(CHAIR, "table_by_minority", proposal=t, demanders=hall)
    assert too_small.value.params == {"demanders": 8, "needed": 9}
    c.do(member("ylonen"), "declare_disqualification", item=1)
    assert minority_view(c.meeting, 1)["needed"] == 9  # 26 present for the item: still ⌈26/3⌉ = 9
    assert c.refused(CHAIR, "table_by_minority", proposal=t, demanders=[*hall, "ylonen"]) == "disqualified"
    assert c.refused(CHAIR, "table_by_minority", proposal=t, demanders=[*hall, "nobody"]) == "no_such_person"
    assert c.refused(CHAIR, "table_by_minority", proposal=t, demanders=[]) == "bad_argument"
    [decided] = c.do(CHAIR, "table_by_minority", proposal=t, demanders=[*hall, "forsman"])
    assert (decided.data["outcome"], decided.data["minority"]) == ("tabled", 9)
    assert decided.data["demanders"] == sorted(["salo", "korhonen", *hall, "forsman"])  # the record keeps who
    assert minority_view(Council().meeting, 1) is None  # no such right in the default rules


def test_VO_7_an_independent_addition_is_voted_separately_after_the_main_vote():
    c = Council()
    c1 = c.propose("salo")
    a1 = c.propose("laine", kind=INDEPENDENT)
    assert ordered(c) == [Step(PAIR, B, c1), Step("independent", None, a1)]
    assert counts(c.vote(18, 9)) == (18, 9, 0, 0)
    assert counts(c.vote(11, 16)) == (11, 16, 0, 0)
    assert sides(c) == [(B, c1, "jaa"), (None, a1, "ei")]
    d = decide(c)
    assert (d.proposal, d.additions) == (B, [a1])
    assert question(c.meeting, c.meeting.votes[1])["jaa"]["label"]["fi"] == "Ei lisäystä"


@pytest.mark.parametrize("threshold, adopted", [("simple", ["T1", "T2"]), ("majority_of_all_members", ["T1"])])
def test_VO_8_riders_are_adopted_by_the_configured_threshold(threshold, adopted):
    c = Council(RuleSet(toivomusponsi_threshold=threshold))
    t1, t2 = c.propose("salo", kind=RIDER), c.propose("laine", kind=RIDER)
    assert ordered(c) == [Step("rider", t1, None), Step("rider", t2, None)]
    assert counts(c.vote(14, 12, 1)) == (14, 12, 1, 0)
    assert counts(c.vote(13, 10, 4)) == (13, 10, 4, 0)
    names = {t1: "T1", t2: "T2"}
    assert [names[r] for r in decide(c).riders] == adopted


def test_riders_are_not_voted_when_the_matter_was_rejected():
    c = Council()
    r = c.propose("salo", kind=REJECTION)
    c.propose("laine", kind=RIDER)
    ordered(c)
    c.vote(10, 17)
    assert c.refused(CHAIR, "open_vote") == "no_vote_left"
    assert decide(c).outcome == REJECTED and sides(c) == [(B, r, "ei")]


def test_VO_9_an_unseconded_counter_proposal_lapses_and_the_base_is_adopted():
    c = Council()
    c1 = c.propose("salo", seconder=None)
    assert c.refused(CHAIR, "declare_decision") == "summary_not_confirmed"
    [summary] = c.do(CHAIR, "confirm_summary")
    assert summary.data == {"item": 1, "in_vote": [], "lapsed": [c1]}
    assert c.refused(CHAIR, "approve_voting_order") == "no_vote_needed"
    assert c.refused(CHAIR, "open_vote") == "order_not_approved"
    d = decide(c)
    assert (d.outcome, d.proposal, d.unanimous) == (ADOPTED, B, True) and c.meeting.votes == []
    assert decision_text(c.meeting, 1)["fi"] == "Valtuusto hyväksyi yksimielisesti: Pohjaehdotus."


def test_an_item_without_proposals_is_decided_without_a_summary():
    c = Council()
    assert decide(c).unanimous


TWO_THIRDS = {"kind": "fraction_of_votes_cast", "numerator": 2, "denominator": 3}


@pytest.mark.parametrize("jaa, ei, t, winner", [(17, 9, 1, "ei"), (18, 9, 0, "jaa")])
def test_VO_10_a_qualified_two_thirds_majority_of_votes_cast(jaa, ei, t, winner):
    c = Council()
    c.propose("salo")
    ordered(c)
    closed = c.vote(jaa, ei, t, majority=TWO_THIRDS)
    assert counts(closed) == (jaa, ei, t, 0) and closed.data["winner"] == winner
    assert closed.data["decided_by"] == "qualified"


def test_restrict_discussion_votes_the_return_first_after_the_summary():
    c = Council(RuleSet(interrupt_handling="restrict_discussion"))
    c1 = c.propose("salo")
    p = c.propose("laine", kind=RETURN)
    assert ordered(c) == [Step(INTERRUPT, CONTINUE, p), Step(PAIR, B, c1)]
    c.vote(12, 15)
    assert c.refused(CHAIR, "open_vote") == "no_vote_left"
    assert decide(c).outcome == "returned"


def test_the_chair_must_rank_two_or_more_counter_proposals():
    c = Council()
    c1, c2 = c.propose("salo"), c.propose("laine")
    assert c.refused(CHAIR, "rank_proposals", order=[c1]) == "summary_not_confirmed"
    c.do(CHAIR, "confirm_summary")
    assert c.refused(CHAIR, "approve_voting_order") == "ranking_required"
    assert c.refused(CHAIR, "rank_proposals", order=[c1]) == "bad_ranking"
    assert c.refused(CHAIR, "rank_proposals", order=[c1, "p9"]) == "bad_ranking"
    assert c.refused(member("salo"), "rank_proposals", order=[c1, c2]) == "not_chair"
    c.do(CHAIR, "rank_proposals", order=[c1, c2])
    [approved] = c.do(CHAIR, "approve_voting_order")
    assert approved.data["edited"] is False and approved.data["steps"][0] == {"kind": PAIR, "jaa": c2, "ei": c1}
    assert c.refused(CHAIR, "approve_voting_order") == "order_already_approved"


def test_the_plan_for_the_console_shows_the_suggestion_or_what_is_missing():
    c = Council()
    c1, c2 = c.propose("salo"), c.propose("laine")
    c.do(CHAIR, "confirm_summary")
    assert voting_order_plan(c.meeting, 1)["missing"] == "ranking_required"
    c.do(CHAIR, "rank_proposals", order=[c2, c1])
    shown = voting_order_plan(c.meeting, 1)
    assert (shown["approved"], shown["missing"], shown["ranking"]) == (False, None, [c2, c1])
    assert shown["steps"] == [{"kind": PAIR, "jaa": c1, "ei": c2}, {"kind": PAIR, "jaa": B, "ei": WINNER}]
    c.do(CHAIR, "approve_voting_order")
    assert voting_order_plan(c.meeting, 1)["approved"] is True


def test_the_chair_may_edit_the_order_and_the_edit_is_logged():
    c = Council()
    c1, c2 = c.propose("salo"), c.propose("laine")
    c.do(CHAIR, "confirm_summary")
    bad = [{"kind": PAIR, "jaa": c1, "ei": WINNER}]
    assert c.refused(CHAIR, "approve_voting_order", steps=bad) == "voting_order_no_winner"
    missing = [{"kind": PAIR, "jaa": B, "ei": c1}]
    assert c.refused(CHAIR, "approve_voting_order", steps=missing) == "voting_order_never_voted"
    edited = [{"kind": PAIR, "jaa": c2, "ei": c1}, {"kind": PAIR, "jaa": B, "ei": WINNER}]
    [approved] = c.do(CHAIR, "approve_voting_order", steps=edited)
    assert approved.data["edited"] is True
    assert c.meeting.orders[1].edited


# --- the planner on its own ------------------------------------------------------------------


def seconded(*kinds: str) -> ItemProposals:
    record = ItemProposals(1)
    for n, kind in enumerate(kinds, start=1):
        record.proposals.append(Proposal(f"p{n}", 1, kind, ["m"], {"fi": kind}, None, ["s"]))
    return record


def test_the_planner_follows_the_reference_algorithm():
    record = seconded(COUNTER, COUNTER, COUNTER, REJECTION, INDEPENDENT, RIDER)
    assert plan(record, ["p3", "p1", "p2"], RuleSet()) == [
        Step(PAIR, "p1", "p3"), Step(PAIR, "p2", WINNER), Step(PAIR, B, WINNER),
        Step("rejection", WINNER, "p4"), Step("independent", None, "p5"), Step("rider", "p6", None)]


def test_follow_resolves_the_winner_round_by_round():
    steps = plan(seconded(COUNTER, COUNTER, COUNTER), ["p3", "p2", "p1"], RuleSet())
    assert follow(steps, {}).question == Step(PAIR, "p2", "p3")
    assert follow(steps, {0: "ei"}).question == Step(PAIR, "p1", "p3")
    assert follow(steps, {0: "ei", 1: "jaa"}).question == Step(PAIR, B, "p1")
    done = follow(steps, {0: "ei", 1: "jaa", 2: "ei"})
    assert (done.next, done.outcome, done.proposal) == (None, ADOPTED, "p1")


def test_unseconded_and_withdrawn_proposals_are_not_planned():
    record = seconded(COUNTER, COUNTER)
    record.proposals[0].seconders = []
    record.proposals[1].state = "withdrawn"
    assert plan(record, [], RuleSet()) == []


@pytest.mark.parametrize("step", [
    {"kind": "independent", "ei": "p2"},  # no "jaa": once a KeyError, the client saw unknown_error
    {"kind": "rider", "jaa": "p2"},  # no "ei"
    {"jaa": None, "ei": "p2"},  # no "kind"
    {"kind": "independent", "jaa": [], "ei": "p2"},  # not a string or null (once a TypeError)
    {"kind": ["independent"], "jaa": None, "ei": "p2"},
    {"kind": "independent", "jaa": None, "ei": 2},
    {"kind": "sermon", "jaa": None, "ei": "p2"},  # no such kind of vote
])
def test_an_edited_step_that_does_not_say_what_jaa_and_ei_are_is_refused(step):
    c = Council()
    c.propose("salo")
    c.propose("laine", kind="independent")
    c.do(CHAIR, "confirm_summary")
    assert c.refused(CHAIR, "approve_voting_order", steps=[{"kind": PAIR, "jaa": B, "ei": "p1"}, step]) \
        == "bad_argument"
    assert c.refused(CHAIR, "approve_voting_order", steps=[{"kind": PAIR, "jaa": B, "ei": "p1"}]) \
        == "voting_order_never_voted"  # well formed, but p2 is left out
    whole = [{"kind": PAIR, "jaa": B, "ei": "p1"}, {"kind": "independent", "jaa": None, "ei": "p2"}]
    [approved] = c.do(CHAIR, "approve_voting_order", steps=whole)
    assert approved.data["edited"] is False  # the same as the suggestion


# --- an edited order is checked for sense, each refusal naming the step ------------------------------

P, R, A, T = PAIR, "rejection", "independent", "rider"
# On item 1: counters p1, p2, p3 (p3 deviates most, then p2), rejection p4, addition p5, rider p6.
SENSIBLE = [(P, "p2", "p3"), (P, "p1", WINNER), (P, B, WINNER), (R, WINNER, "p4"), (A, None, "p5"), (T, "p6", None)]


def full_item() -> Council:
    c = Council()
    for mover, kind in (("salo", COUNTER), ("laine", COUNTER), ("forsman", COUNTER), ("heikkinen", REJECTION),
                        ("lehtonen", INDEPENDENT), ("bjork", RIDER)):
        c.propose(mover, kind=kind)
    c.do(CHAIR, "confirm_summary")
    return c


def steps_of(*rows: tuple) -> list[dict]:
    return [{"kind": kind, "jaa": jaa, "ei": ei} for kind, jaa, ei in rows]


def refusal_of(c: Council, rows: list[tuple]) -> tuple[str, dict]:
    with pytest.raises(Rejected) as refused:
        c.do(CHAIR, "approve_voting_order", steps=steps_of(*rows))
    return refused.value.code, refused.value.params


@pytest.mark.parametrize("rows, code, step", [
    ([(P, "p2", "p9"), *SENSIBLE[1:]], "voting_order_not_in_vote", 1),  # no such proposal
    ([(P, "p2", "p4"), *SENSIBLE[1:]], "voting_order_wrong_kind", 1),  # a rejection in the chain
    ([(P, CONTINUE, "p3"), *SENSIBLE[1:]], "voting_order_wrong_side", 1),
    ([(P, "p3", "p3"), *SENSIBLE[1:]], "voting_order_meets_itself", 1),
    ([SENSIBLE[0], (P, "p1", "p3"), *SENSIBLE[2:]], "voting_order_already_voted", 2),  # p3 may be eliminated
    ([(P, "p2", WINNER), *SENSIBLE[1:]], "voting_order_no_winner", 1),  # nothing to win yet
    ([SENSIBLE[0], (P, B, "p1"), *SENSIBLE[3:]], "voting_order_winner_dropped", 2),
    ([*SENSIBLE[:2], *SENSIBLE[3:]], "voting_order_base_missing", 2),  # the base never meets the winner
    ([SENSIBLE[0], SENSIBLE[2], SENSIBLE[1], *SENSIBLE[3:]], "voting_order_chain_decided", 3),  # after the base
    ([*SENSIBLE[:3], (R, B, "p4"), *SENSIBLE[4:]], "voting_order_already_voted", 4),  # the base may have lost
    ([SENSIBLE[4], *SENSIBLE[:4], SENSIBLE[5]], "voting_order_out_of_place", 2),  # an addition first
    ([*SENSIBLE[:3], SENSIBLE[5], SENSIBLE[3], SENSIBLE[4]], "voting_order_out_of_place", 5),
    ([(AMOUNT, "p1", None), *SENSIBLE], "voting_order_not_appropriation", 1),
])
def test_an_edited_order_that_makes_no_sense_is_refused_naming_the_step(rows, code, step):
    c = full_item()
    assert refusal_of(c, rows)[0] == code
    assert refusal_of(c, rows)[1]["step"] == step
    assert c.meeting.orders.get(1) is None or not c.meeting.orders[1].approved
    [approved] = c.do(CHAIR, "approve_voting_order", steps=steps_of(*SENSIBLE))  # the sensible one passes
    assert approved.data["edited"] is True  # no ranking was given: it is the chair's own


def test_a_proposal_never_voted_on_is_named():
    c = full_item()
    assert refusal_of(c, [SENSIBLE[0], SENSIBLE[2], *SENSIBLE[3:]]) == (
        "voting_order_never_voted", {"proposal": "p1", "number": 1})
    assert refusal_of(c, SENSIBLE[:5])[1] == {"proposal": "p6", "number": 6}


def test_amounts_are_voted_from_the_largest_with_the_base_and_never_with_pairs():
    c, (c1, c2, c3) = appropriation(100_000, 200_000, 150_000, 120_000)
    c.do(CHAIR, "confirm_summary")
    amounts = [(AMOUNT, c1, None), (AMOUNT, c2, None), (AMOUNT, c3, None), (AMOUNT, B, None)]
    assert refusal_of(c, [amounts[1], amounts[0], *amounts[2:]]) == ("voting_order_amount_order", {"step": 2})
    assert refusal_of(c, amounts[:3]) == ("voting_order_base_amount_missing", {})
    assert refusal_of(c, [(P, c2, c1), (AMOUNT, c3, None), (AMOUNT, B, None)]) == (
        "voting_order_amount_and_pairs", {"step": 2})
    assert refusal_of(c, [*amounts[:2], (P, B, c3)]) == ("voting_order_amount_and_pairs", {"step": 3})
    [approved] = c.do(CHAIR, "approve_voting_order", steps=steps_of(*amounts))
    assert approved.data["edited"] is False


def test_interruptions_end_by_meeting_continuing_the_matter():
    c = Council(RuleSet(interrupt_handling="restrict_discussion"))
    c1 = c.propose("salo")
    t, p = c.propose("laine", kind=TABLING), c.propose("forsman", kind=RETURN)
    c.do(CHAIR, "confirm_summary")
    assert refusal_of(c, [(INTERRUPT, t, p), (P, B, c1)]) == ("voting_order_continue_missing", {"step": 1})
    assert refusal_of(c, [(INTERRUPT, t, p), (INTERRUPT, CONTINUE, t), (P, B, c1)]) == (
        "voting_order_already_voted", {"step": 2})
    assert refusal_of(c, [(P, B, c1), (INTERRUPT, CONTINUE, t), (INTERRUPT, CONTINUE, p)]) == (
        "voting_order_out_of_place", {"step": 2})
    c.do(CHAIR, "approve_voting_order", steps=steps_of((INTERRUPT, CONTINUE, t), (INTERRUPT, CONTINUE, p), (P, B, c1)))


@pytest.mark.parametrize("rules", [
    RuleSet(), RuleSet(interrupt_handling="restrict_discussion"),
    RuleSet(interrupt_handling="restrict_discussion", interrupt_pair_policy="sequential_tabling_first"),
    RuleSet(money_order_policy="pairwise_largest_first"), RuleSet(money_order_policy="pairwise_deviation"),
])
@pytest.mark.parametrize("kinds", [
    (), (COUNTER,), (COUNTER, COUNTER, COUNTER), (REJECTION,), (COUNTER, REJECTION, INDEPENDENT, RIDER, RIDER),
    (TABLING, RETURN, COUNTER, COUNTER, REJECTION), (TABLING,), (INDEPENDENT, INDEPENDENT),
])
@pytest.mark.parametrize("base_amount", [None, 100])
def test_every_order_the_planner_suggests_makes_sense(rules, kinds, base_amount):
    if rules.interrupt_handling == "immediate":  # tabling and return are decided before the summary
        kinds = tuple(k for k in kinds if k not in (TABLING, RETURN))
    record = seconded(*kinds)
    record.base_amount = base_amount
    for n, p in enumerate(record.proposals, start=1):
        p.amount = 50 * n if base_amount is not None and p.kind == COUNTER else None
    steps = plan(record, [p.id for p in record.proposals if p.kind == COUNTER], rules)
    check_sense(steps, record, rules)
