"""Candidate lists handed in to the election board and its combined list (EL-P2, EL-P3,
KRS §§26–30), the proportional elections PR-3 and PR-4 held on them, the demand (LAW-18) as
the console reads it, and the run-off that the item waits for (ME-4)."""

import pytest

from chamber.rules import Rejected, replay
from chamber.rules.elections import (
    combined_list_view,
    comparative_display,
    elected_deputies,
    election_board_view,
    election_view,
    gender_quota_breach,
)
from chamber.rules.lot import drawing
from chamber.rules.ruleset import RuleSet
from tests.factories import SECRETARY
from tests.rules.conftest import CHAIR, Chamber, council_27, member
from tests.rules.test_elections import PR3_LISTS, absolute, cast
from tests.rules.voting import EVERYONE, Council

# Each list's name and signatories (the first is the agent, asiamies / ombud).
SIGNED = {"L1": ["virtanen", "ahonen"], "L2": ["makinen", "muller"], "L3": ["korhonen", "laine"],
          "L4": ["forsman", "sundqvist"]}
VOTES = {"L1": 12, "L2": 8, "L3": 5, "L4": 2}  # PR-3 and PR-4, 27 ballots


def refusal(c: Council, actor, cmd: str, **args) -> Rejected:
    """The refusal of a command, which changes nothing."""
    before = c.meeting.seq
    with pytest.raises(Rejected) as refused:
        c.do(actor, cmd, **args)
    assert c.meeting.seq == before
    return refused.value


def hand_in(c: Council, lists=PR3_LISTS, item: int = 1) -> None:
    for (name, signatories), candidates in zip(SIGNED.items(), lists):
        c.do(SECRETARY, "submit_candidate_list", item=item, name=name, candidates=candidates, signatories=signatories)


def numbers(c: Council, item: int = 1) -> dict[str, int]:
    """The list number the combined list gave each list name."""
    return {lst["name"]: lst["number"] for lst in combined_list_view(c.meeting, item)["lists"]}


def ballots(c: Council) -> list[dict]:
    by_name = numbers(c)
    return [{"list": by_name[name]} for name, votes in VOTES.items() for _ in range(votes)]


def test_PR_3_through_the_lists_handed_in_numbered_by_lot():
    c = Council(entropy=b"PR-3")
    hand_in(c)
    [combined] = c.do(SECRETARY, "combine_candidate_lists", item=1, seats=9)
    agents = [s[0] for s in SIGNED.values()]  # the rules' test hall gives plain commands zero entropy
    assert combined.data["numbering"] == "lot" and combined.data["order"] == drawing(b"\x00" * 32)(agents)
    view = combined_list_view(c.meeting, 1)
    agent_names = {s[0]: n for n, s in SIGNED.items()}
    assert view["lot"] == {"tied": list(SIGNED), "order": [agent_names[a] for a in combined.data["order"]]}
    assert [lst["number"] for lst in view["lists"]] == [1, 2, 3, 4]
    assert (view["seats"], view["present"], view["demand_needed"]) == (9, 27, 3)  # TH-1
    assert c.refused(CHAIR, "open_election", kind="proportional", title="Kaupunginhallitus",
                     demanders=["salo", "laine"]) == "proportional_not_demanded"
    c.do(CHAIR, "open_election", kind="proportional", title="Kaupunginhallitus", demanders=["salo", "laine", "korhonen"])
    e = c.meeting.elections[0]
    assert e.seats == 9 and e.secret and [lst.number for lst in e.lists] == [1, 2, 3, 4]
    assert e.demanders == ["salo", "laine", "korhonen"] and c.meeting.nominations[1].election == "e1"
    cast(c, ballots(c))
    [closed] = c.do(CHAIR, "close_election")
    shown = election_view(c.meeting, e)
    top = [(name, shown["comparative_numbers"][name]) for name in e.outcome.ranking[:10]]
    assert [score for _, score in top] == ["12,000", "8,000", "6,000", "5,000", "4,000", "4,000", "3,000",
                                           "2,667", "2,500", "2,400"]
    seats = {lst: sum(1 for n in e.outcome.elected if n.startswith(lst)) for lst in VOTES}
    assert seats == {"L1": 4, "L2": 3, "L3": 2, "L4": 0}
    assert closed.data["lots"] == [{"tied": ["L1-3", "L2-2"], "order": list(e.outcome.ranking[4:6])}]
    assert replay(c.log) == c.meeting


def test_PR_4_a_list_longer_than_the_seats_is_refused_until_its_agent_corrects_it():
    c = Council(rules=RuleSet(list_numbering="submission"), entropy=b"PR-4")
    hand_in(c)
    refused = refusal(c, SECRETARY, "combine_candidate_lists", item=1, seats=5)
    assert (refused.code, refused.params) == ("list_too_long", {"list": "L1", "candidates": 6, "most": 5})
    c.do(SECRETARY, "submit_candidate_list", item=1, name="L1", candidates=PR3_LISTS[0][:5],
         signatories=SIGNED["L1"])  # the agent's correction replaces the list, in its place
    assert [lst.name for lst in c.meeting.nominations[1].lists] == ["L1", "L2", "L3", "L4"]
    [combined] = c.do(SECRETARY, "combine_candidate_lists", item=1, seats=5)
    assert combined.data["numbering"] == "submission" and numbers(c) == {"L1": 1, "L2": 2, "L3": 3, "L4": 4}
    assert combined_list_view(c.meeting, 1)["lot"] is None and combined_list_view(c.meeting, 1)["demand_needed"] == 5
    c.do(CHAIR, "open_election", kind="proportional", title="Kaupunginhallitus",
         demanders=["salo", "laine", "korhonen", "koskinen", "hamalainen"])
    cast(c, ballots(c))
    [closed] = c.do(CHAIR, "close_election")
    [lot] = closed.data["lots"]  # seat 5: L1-3 and L2-2 at 4,000
    assert lot["tied"] == ["L1-3", "L2-2"]
    assert closed.data["elected"] == ["L1-1", "L2-1", "L1-2", "L3-1", lot["order"][0]]
    e = c.meeting.elections[0]
    assert comparative_display(e.scores[lot["order"][0]]) == "4,000"


def test_who_may_sign_a_list_and_how_often():
    c = Council(rules=RuleSet(list_min_signatories=3))
    seq = c.meeting.seq
    refused = refusal(c, SECRETARY, "submit_candidate_list", item=1, name="A", candidates=["X"],
                      signatories=["salo", "laine"])
    assert (refused.code, refused.params) == ("too_few_signatories", {"signatories": 2, "needed": 3})
    assert c.refused(SECRETARY, "submit_candidate_list", item=1, name="A", candidates=["X"],
                     signatories=["salo", "laine", "mayor"]) == "not_councillor"
    assert c.refused(SECRETARY, "submit_candidate_list", item=1, name="A", candidates=["X"],
                     signatories=["salo", "laine", "nobody"]) == "no_such_person"
    assert c.refused(SECRETARY, "submit_candidate_list", item=1, name="A", candidates=["X", "Y", "X"],
                     signatories=["salo", "laine", "korhonen"]) == "candidate_repeated"
    assert c.refused(member("salo"), "submit_candidate_list", item=1, name="A", candidates=["X"],
                     signatories=["salo", "laine", "korhonen"]) == "not_staff"
    assert c.meeting.seq == seq and c.meeting.nominations == {}  # nothing changed
    c.do(CHAIR, "submit_candidate_list", item=1, name="A", candidates=["X"], signatories=["salo", "laine", "korhonen"])
    refused = refusal(c, SECRETARY, "submit_candidate_list", item=1, name="B", candidates=["Y"],
                      signatories=["koskinen", "hamalainen", "laine"])
    assert (refused.code, refused.params) == ("already_signed", {"person": "laine", "name": "Ville Laine", "list": "A"})
    c.do(SECRETARY, "submit_candidate_list", item=2, name="B", candidates=["Y"],
         signatories=["koskinen", "hamalainen", "laine"])  # another election, another list
    board = election_board_view(c.meeting)["nominations"]
    assert board["1"]["lists"] == [{"name": "A", "candidates": ["X"], "signatories": ["salo", "laine", "korhonen"],
                                    "deputies": {}, "genders": {}, "agent": "salo", "number": None}]
    assert board["2"]["lists"][0]["agent"] == "koskinen" and board["1"]["combined"] is False


def test_a_candidate_on_two_lists_is_named_and_the_board_combines_once_corrected():
    c = Council()
    c.do(SECRETARY, "submit_candidate_list", item=1, name="A", candidates=["salo", "X"], signatories=["virtanen", "ahonen"])
    c.do(SECRETARY, "submit_candidate_list", item=1, name="B", candidates=["Y", "salo"], signatories=["laine", "korhonen"])
    refused = refusal(c, SECRETARY, "combine_candidate_lists", item=1, seats=3)
    assert (refused.code, refused.params) == ("candidate_on_two_lists", {"candidate": "salo", "name": "Tero Salo"})
    c.do(SECRETARY, "submit_candidate_list", item=1, name="B", candidates=["Y"], signatories=["laine", "korhonen"])
    c.do(SECRETARY, "combine_candidate_lists", item=1, seats=3)
    assert c.meeting.nominations[1].combined
    c.do(SECRETARY, "withdraw_candidate_list", item=1, agent="laine")  # a change undoes the combined list
    assert not c.meeting.nominations[1].combined and combined_list_view(c.meeting, 1) is None
    assert c.refused(SECRETARY, "withdraw_candidate_list", item=1, agent="laine") == "no_such_candidate_list"
    c.do(SECRETARY, "combine_candidate_lists", item=1, seats=3)
    assert numbers(c) == {"A": 1}
    assert c.refused(SECRETARY, "combine_candidate_lists", item=3, seats=3) == "no_candidate_lists"
    assert c.refused(SECRETARY, "combine_candidate_lists", item=1, seats=0) == "bad_argument"
    assert replay(c.log) == c.meeting


def test_the_election_is_held_on_the_combined_list_which_then_is_closed():
    c = Council()
    assert c.refused(CHAIR, "open_election", kind="proportional", title="Lautakunta",
                     demanders=["salo"]) == "no_combined_list"
    c.do(SECRETARY, "submit_candidate_list", item=1, name="A", candidates=["X", "Y"], signatories=["virtanen", "ahonen"])
    c.do(SECRETARY, "combine_candidate_lists", item=1, seats=2)
    demanders = ["salo", "laine", "korhonen", "koskinen", "hamalainen", "bjork", "ylonen", "forsman", "sundqvist"]
    assert c.refused(CHAIR, "open_election", kind="proportional", title="Lautakunta", seats=3,
                     demanders=demanders) == "combined_list_seats"
    c.do(CHAIR, "open_election", kind="proportional", title="Lautakunta", seats=2, demanders=demanders)
    assert combined_list_view(c.meeting, 1)["election"] == "e1"
    assert c.refused(SECRETARY, "submit_candidate_list", item=1, name="B", candidates=["Z"],
                     signatories=["laine", "korhonen"]) == "candidate_lists_in_use"
    assert c.refused(SECRETARY, "combine_candidate_lists", item=1, seats=2) == "candidate_lists_in_use"


def test_lists_are_handed_in_before_the_meeting_but_not_for_a_closed_item():
    c = Council()
    c.do(CHAIR, "close_item")
    assert c.refused(SECRETARY, "submit_candidate_list", item=1, name="A", candidates=["X"],
                     signatories=["virtanen", "ahonen"]) == "item_closed"
    assert c.refused(SECRETARY, "submit_candidate_list", item=99, name="A", candidates=["X"],
                     signatories=["virtanen", "ahonen"]) == "no_such_item"
    before = Chamber(council_27())  # a meeting called, not yet opened
    before.do(SECRETARY, "submit_candidate_list", item=3, name="A", candidates=["X"], signatories=["virtanen", "ahonen"])
    assert before.meeting.phase == "draft" and before.meeting.nominations[3].lists


def test_inline_lists_of_a_scripted_election_are_checked_as_the_board_would():
    c = Council()
    demanders = ["salo", "laine", "korhonen", "koskinen", "hamalainen", "bjork", "ylonen"]
    assert c.refused(CHAIR, "open_election", kind="proportional", title="X", seats=2, demanders=demanders,
                     lists=[{"candidates": ["A", "B", "C"]}]) == "list_too_long"
    assert c.refused(CHAIR, "open_election", kind="proportional", title="X", seats=2, demanders=demanders,
                     lists=[{"candidates": ["A"]}, {"candidates": ["A"]}]) == "candidate_on_two_lists"


# --- the run-off the item waits for (ME-4) --------------------------------------------------------


def test_an_election_waiting_for_its_run_off_blocks_closing_the_item_and_the_decision():
    c = Council()
    absolute(c)
    view = election_view(c.meeting, c.meeting.elections[0])
    assert view["state"] == "runoff_needed" and view["runoff"] == ["A", "B"]
    refused = refusal(c, CHAIR, "close_item")
    assert (refused.code, refused.params) == ("runoff_pending", {"election": "e1"})
    assert c.refused(CHAIR, "declare_decision") == "runoff_pending"
    c.do(CHAIR, "recess")  # a break before the run-off is allowed
    c.do(CHAIR, "resume")
    c.do(CHAIR, "open_runoff")
    assert "runoff" not in election_view(c.meeting, c.meeting.elections[0])
    cast(c, [{"names": ["A"]}] * 15 + [{"names": ["B"]}] * 12)
    c.do(CHAIR, "close_election")
    c.do(CHAIR, "close_item")


@pytest.mark.parametrize("mode", ["electronic", "paper"])
def test_a_run_off_starts_with_no_ballots_and_no_board_count(mode):
    c = Council(RuleSet(closed_ballot_mode=mode))
    c.do(CHAIR, "open_election", title="Kaupunginjohtaja", candidates=["A", "B", "C"], absolute_majority=True,
         secret=True)
    voters = ["salo", "laine", "korhonen", "koskinen", "hamalainen"]
    if mode == "paper":
        for person in voters:
            c.do(SECRETARY, "cast_ballot", person=person)
        c.do(SECRETARY, "enter_ballot_count", count={"totals": {"A": 2, "B": 2, "C": 1}, "valid": 5, "blank": 0,
                                                    "invalid": 0})
    else:
        cast(c, [{"names": ["A"]}] * 2 + [{"names": ["B"]}] * 2 + [{"names": ["C"]}], voters)
    c.do(CHAIR, "close_election")
    c.do(CHAIR, "open_runoff")
    e = c.meeting.elections[0]
    assert e.count is None and e.voted == [] and sorted(e.candidates) == ["A", "B"] and e.paper is (mode == "paper")


# --- personal deputies (LAW-19, EL-P5) and the gender quota warning (LAW-20) ----------------------


def deputy_of(candidate: str) -> str:
    return candidate.replace("-", "-D")  # L1-1 -> L1-D1


def hand_in_with_deputies(c: Council, lists=PR3_LISTS) -> None:
    for (name, signatories), candidates in zip(SIGNED.items(), lists):
        c.do(SECRETARY, "submit_candidate_list", item=1, name=name, candidates=candidates,
             deputies=[deputy_of(x) for x in candidates], signatories=signatories)


@pytest.mark.parametrize("seats, lists", [(9, PR3_LISTS), (5, [lst[:5] for lst in PR3_LISTS])])
def test_PR_3_and_PR_4_deputies_are_elected_with_their_principals(seats, lists):
    c = Council(entropy=b"PR-3/4")
    hand_in_with_deputies(c, lists)
    c.do(SECRETARY, "combine_candidate_lists", item=1, seats=seats)
    view = combined_list_view(c.meeting, 1)
    assert all(lst["deputies"] == {x: deputy_of(x) for x in lst["candidates"]} for lst in view["lists"])
    c.do(CHAIR, "open_election", kind="proportional", title="Kaupunginhallitus", demanders=EVERYONE[:5])
    cast(c, ballots(c))
    c.do(CHAIR, "close_election")
    e = c.meeting.elections[0]
    assert len(e.outcome.elected) == seats
    assert elected_deputies(e.outcome.elected, e.deputies) == [deputy_of(x) for x in e.outcome.elected]
    shown = election_view(c.meeting, e)
    assert all(shown["deputies"][x] == deputy_of(x) for x in shown["elected"])
    assert "gender_quota" not in shown  # no genders given: nothing to warn of
    assert replay(c.log) == c.meeting


def test_a_deputy_is_one_person_once_and_on_one_list_only():
    c = Council()
    assert c.refused(SECRETARY, "submit_candidate_list", item=1, name="A", candidates=["X", "Y"],
                     deputies=["Z"], signatories=["virtanen", "ahonen"]) == "deputies_mismatch"
    refused = refusal(c, SECRETARY, "submit_candidate_list", item=1, name="A", candidates=["X", "salo"],
                      deputies=["salo", None], signatories=["virtanen", "ahonen"])
    assert (refused.code, refused.params) == ("candidate_repeated", {"candidate": "salo", "name": "Tero Salo"})
    assert c.refused(SECRETARY, "submit_candidate_list", item=1, name="A", candidates=["X", "Y"],
                     deputies=["Z", "Z"], signatories=["virtanen", "ahonen"]) == "candidate_repeated"
    assert c.refused(SECRETARY, "submit_candidate_list", item=1, name="A", candidates=["X"],
                     deputies=[3], signatories=["virtanen", "ahonen"]) == "bad_argument"
    assert c.refused(SECRETARY, "submit_candidate_list", item=1, name="A", candidates=["X"],
                     genders=["x"], signatories=["virtanen", "ahonen"]) == "bad_argument"
    assert c.refused(SECRETARY, "submit_candidate_list", item=1, name="A", candidates=["X"],
                     deputy_genders=["f", "m"], signatories=["virtanen", "ahonen"]) == "bad_argument"
    assert c.meeting.nominations == {}
    c.do(SECRETARY, "submit_candidate_list", item=1, name="A", candidates=["X", "Y"], deputies=["salo", ""],
         genders=["f", None], deputy_genders=["m", None], signatories=["virtanen", "ahonen"])
    c.do(SECRETARY, "submit_candidate_list", item=1, name="B", candidates=["W"], deputies=["salo"],
         signatories=["laine", "korhonen"])
    refused = refusal(c, SECRETARY, "combine_candidate_lists", item=1, seats=2)
    assert (refused.code, refused.params) == ("candidate_on_two_lists", {"candidate": "salo", "name": "Tero Salo"})
    c.do(SECRETARY, "submit_candidate_list", item=1, name="B", candidates=["salo"], signatories=["laine", "korhonen"])
    assert c.refused(SECRETARY, "combine_candidate_lists", item=1, seats=2) == "candidate_on_two_lists"  # deputy on A
    board = election_board_view(c.meeting)["nominations"]["1"]["lists"][0]
    assert (board["deputies"], board["genders"]) == ({"X": "salo"}, {"X": "f", "salo": "m"})
    assert c.refused(CHAIR, "open_election", kind="proportional", title="X", seats=2, demanders=EVERYONE[:9],
                     lists=[{"candidates": ["A"], "deputies": ["B"]}, {"candidates": ["B"]}]) == "candidate_on_two_lists"


@pytest.mark.parametrize("genders, breach", [
    ("ffmmm", None),  # 2 of 5 women = 40 %: the quota holds
    ("fmmmm", {"f": 1, "m": 4, "unknown": 0}),  # 1 of 5 = 20 %
    ("mmmmm", {"f": 0, "m": 5, "unknown": 0}),
    ("fffmm", None),
    ("f????", None),  # the unknown may be men: no warning
    ("mmm??", None),  # 2 unknown of 5 may be women: 40 %
    ("mmmm?", {"f": 0, "m": 4, "unknown": 1}),  # even so only 1 of 5 could be a woman
    ("?????", None),
    ("m", None),  # one seat: no composition to balance
    ("", None),
])
def test_LAW_20_the_gender_quota_warns_below_40_percent_where_genders_are_known(genders, breach):
    people = [f"p{n}" for n in range(len(genders))]
    known = {p: g for p, g in zip(people, genders) if g != "?"}
    assert gender_quota_breach(people, known) == breach


def quota_election(rules: RuleSet, genders: list[str], deputy_genders: list[str]) -> dict:
    """One list of five candidates with their deputies, elected for five seats by all 27."""
    c = Council(rules=rules)
    c.do(SECRETARY, "submit_candidate_list", item=1, name="A", candidates=["A1", "A2", "A3", "A4", "A5"],
         deputies=["DA1", "DA2", "DA3", "DA4", "DA5"], genders=genders, deputy_genders=deputy_genders,
         signatories=["virtanen", "ahonen"])
    c.do(SECRETARY, "combine_candidate_lists", item=1, seats=5)
    c.do(CHAIR, "open_election", kind="proportional", title="Lautakunta", demanders=EVERYONE[:5])
    cast(c, [{"list": 1}] * 27)
    assert election_view(c.meeting, c.meeting.elections[0])["state"] == "open"
    c.do(CHAIR, "close_election")
    shown = election_view(c.meeting, c.meeting.elections[0])
    assert "gender_quota" not in shown  # the hall's view: no counts by gender
    quota = election_board_view(c.meeting)["gender_quota"]  # the board's: by election
    return {**shown, "gender_quota": quota[shown["election"]]} if quota else shown


def test_LAW_20_the_closed_election_carries_the_warning_and_never_refuses():
    shown = quota_election(RuleSet(), list("ffmmm"), list("fmmmm"))
    assert shown["elected"] == ["A1", "A2", "A3", "A4", "A5"]
    assert shown["gender_quota"] == {"elected": None, "deputies": {"f": 1, "m": 4, "unknown": 0}}
    assert "gender_quota" not in quota_election(RuleSet(), list("ffmmm"), ["f", "m", None, None, "m"])
    assert "gender_quota" not in quota_election(RuleSet(gender_quota_check="off"), list("mmmmm"), list("mmmmm"))
    with pytest.raises(ValueError):
        RuleSet(gender_quota_check="block")
