"""Proposals (ehdotukset / förslag), RULES.md §5 PR-1..PR-5: the base proposal and its changes,
making and seconding, lapsing at the summary, withdrawal, merging."""

from chamber.rules.proposals import LAPSED, MERGED, WITHDRAWN, base_text, summary
from chamber.rules.ruleset import RuleSet
from tests.factories import SECRETARY
from tests.rules.conftest import CHAIR, member
from tests.rules.voting import EVERYONE, Council


def test_PR_1_the_preparing_bodys_changed_proposal_becomes_the_base():
    c = Council()
    assert base_text(c.meeting, 1) == {"fi": "Pohjaehdotus 1", "sv": "Grundförslag 1"}
    c.do(SECRETARY, "change_base_proposal", text={"fi": "Muutettu", "sv": "Ändrat"})
    assert base_text(c.meeting, 1) == {"fi": "Muutettu", "sv": "Ändrat"}
    assert summary(c.meeting, 1)["base"] == {"text": {"fi": "Muutettu", "sv": "Ändrat"}, "amount": None}
    assert c.refused(member("salo"), "change_base_proposal", text="x") == "not_staff"
    assert c.refused(CHAIR, "change_base_proposal") == "bad_argument"


def test_PR_2_a_present_member_makes_a_proposal_in_writing_and_another_seconds_it():
    c = Council()
    [made] = c.do(member("salo"), "make_proposal", kind="counter", text="Hylätään esitys ja …")
    assert made.data == {"proposal": "p1", "item": 1, "kind": "counter", "mover": "salo",
                         "text": {"fi": "Hylätään esitys ja …"}, "amount": None, "by_chair": False}
    c.do(member("laine"), "second_proposal", proposal="p1")
    listed = summary(c.meeting, 1)["proposals"][0]
    assert (listed["movers"], listed["seconders"], listed["in_vote"]) == (["salo"], ["laine"], True)
    assert c.refused(member("salo"), "second_proposal", proposal="p1") == "cannot_second_own"
    assert c.refused(member("laine"), "second_proposal", proposal="p1") == "already_seconded"
    assert c.refused(member("laine"), "second_proposal", proposal="p9") == "no_such_proposal"
    assert c.refused(member("laine"), "make_proposal", kind="amendment", text="x") == "bad_argument"
    assert c.refused(member("laine"), "make_proposal", kind="counter", text="  ") == "bad_argument"


def test_PR_2_the_disqualified_the_absent_and_officials_may_not_propose_or_second():
    c = Council(present=[p for p in EVERYONE if p != "nieminen"])
    c.do(member("laine"), "declare_disqualification", item=1)
    assert c.refused(member("laine"), "make_proposal", kind="counter", text="x") == "disqualified"
    assert c.refused(member("nieminen"), "make_proposal", kind="counter", text="x") == "not_present"
    assert c.refused(member("mayor"), "make_proposal", kind="counter", text="x") == "not_councillor"
    c.propose("salo", seconder=None)
    assert c.refused(member("laine"), "second_proposal", proposal="p1") == "disqualified"
    assert c.refused(member("mayor"), "second_proposal", proposal="p1") == "not_councillor"


def test_the_chair_records_a_spoken_proposal_and_the_secretary_a_seconding_speech():
    c = Council()
    [made] = c.do(CHAIR, "record_proposal", mover="forsman", kind="return", text={"sv": "Återremiss"})
    assert made.data["by_chair"] is True and made.data["mover"] == "forsman"
    c.do(SECRETARY, "second_proposal", proposal="p1", person="sundqvist")
    assert c.meeting.proposals[1].proposals[0].seconders == ["sundqvist"]
    assert c.refused(member("salo"), "record_proposal", mover="laine", kind="counter", text="x") == "not_chair"
    assert c.refused(member("salo"), "second_proposal", proposal="p1", person="laine") == "not_self"


def test_a_proposal_in_swedish_is_kept_in_the_movers_language():
    c = Council()
    c.do(member("bjork"), "make_proposal", kind="counter", text={"sv": "Motförslag", "fi": "Vastaehdotus"})
    assert c.meeting.proposals[1].proposals[0].text == {"sv": "Motförslag", "fi": "Vastaehdotus"}


def test_PR_3_unseconded_proposals_lapse_when_the_summary_is_confirmed():
    c = Council()
    seconded, unseconded = c.propose("salo"), c.propose("laine", seconder=None)
    [confirmed] = c.do(CHAIR, "confirm_summary")
    assert confirmed.data == {"item": 1, "in_vote": [seconded], "lapsed": [unseconded]}
    assert c.meeting.proposals[1].proposals[1].state == LAPSED
    assert c.refused(member("salo"), "make_proposal", kind="counter", text="x") == "discussion_closed"
    assert c.refused(member("korhonen"), "second_proposal", proposal=unseconded) == "discussion_closed"
    assert c.refused(CHAIR, "confirm_summary") == "discussion_closed"


def test_PR_4_the_mover_withdraws_before_the_discussion_closes():
    c = Council()
    p = c.propose("salo")
    assert c.refused(member("laine"), "withdraw_proposal", proposal=p) == "not_mover"
    c.do(member("salo"), "withdraw_proposal", proposal=p)
    assert c.meeting.proposals[1].proposals[0].state == WITHDRAWN
    assert c.refused(member("korhonen"), "second_proposal", proposal=p) == "proposal_not_open"
    assert c.refused(member("korhonen"), "adopt_proposal", proposal=p) == "adoption_not_allowed"
    [confirmed] = c.do(CHAIR, "confirm_summary")
    assert confirmed.data["in_vote"] == [] and confirmed.data["lapsed"] == []


def test_PR_4_a_seconder_may_adopt_a_withdrawn_proposal_where_the_rules_allow():
    c = Council(RuleSet(withdrawal_adoptable_by_seconder=True))
    p = c.propose("salo", seconder="korhonen")
    assert c.refused(member("korhonen"), "adopt_proposal", proposal=p) == "proposal_not_withdrawn"
    c.do(member("salo"), "withdraw_proposal", proposal=p)
    assert c.refused(member("laine"), "adopt_proposal", proposal=p) == "not_seconder"
    c.do(member("korhonen"), "adopt_proposal", proposal=p)
    adopted = c.meeting.proposals[1].proposals[0]
    assert (adopted.movers, adopted.seconders, adopted.state) == (["korhonen"], [], "made")


def test_PR_5_identical_proposals_are_merged_and_all_movers_recorded():
    c = Council()
    a = c.propose("salo", seconder="laine")
    b = c.propose("laine", seconder="korhonen")
    other = c.propose("forsman", kind="rejection")
    assert c.refused(CHAIR, "merge_proposals", proposals=[a, other]) == "proposals_differ"
    assert c.refused(CHAIR, "merge_proposals", proposals=[a]) == "bad_argument"
    c.do(CHAIR, "merge_proposals", proposals=[a, b])
    kept, merged = c.meeting.proposals[1].proposals[:2]
    assert (kept.movers, kept.seconders) == (["salo", "laine"], ["korhonen"])
    assert (merged.state, merged.merged_into) == (MERGED, a)
    assert [p["id"] for p in summary(c.meeting, 1)["proposals"]] == [a, other]


def test_amounts_belong_to_counter_proposals_on_appropriation_items():
    c = Council()
    assert c.refused(member("salo"), "make_proposal", kind="counter", text="x", amount=5) == "not_an_appropriation"
    c.do(CHAIR, "change_base_proposal", amount=100_000)
    assert c.refused(member("salo"), "make_proposal", kind="counter", text="x") == "amount_required"
    assert c.refused(member("salo"), "make_proposal", kind="rejection", text="x", amount=5) == "not_an_appropriation"
    assert c.refused(member("salo"), "make_proposal", kind="counter", text="x", amount=-1) == "bad_argument"
    c.do(member("salo"), "make_proposal", kind="counter", text="x", amount=150_000)


def test_an_appropriation_item_brings_its_base_amount_from_the_agenda():
    """An item the agenda marks as an appropriation (`base_amount`) is one from the start (VO-R4):
    its base carries the amount, counter-proposals need theirs, and the amounts are voted
    largest first; the preparing body may still change the amount (PR-1)."""
    from chamber.rules.voting_order import AMOUNT
    from tests.rules.conftest import Chamber, council_27

    c = Chamber(council_27())
    c.do(SECRETARY, "save_item", number=1, title={"fi": "Lisämääräraha", "sv": "Tilläggsanslag"},
         base_proposal={"fi": "Myönnetään 100 000 euroa."}, base_amount=100_000)
    c.do(CHAIR, "open_meeting")
    c.roll_call(EVERYONE)
    c.do(CHAIR, "take_up_item", item=1)
    assert summary(c.meeting, 1)["base"] == {"text": {"fi": "Myönnetään 100 000 euroa."}, "amount": 100_000}
    assert c.refused(member("salo"), "make_proposal", kind="counter", text="x") == "amount_required"
    c.do(member("salo"), "make_proposal", kind="counter", text="150 000", amount=150_000)
    c.do(member("laine"), "second_proposal", proposal="p1")
    assert summary(c.meeting, 1)["base"]["amount"] == 100_000  # the record made by the proposal keeps it
    c.do(CHAIR, "change_base_proposal", amount=120_000)
    assert summary(c.meeting, 1)["base"]["amount"] == 120_000
    c.do(CHAIR, "confirm_summary")
    [approved] = c.do(CHAIR, "approve_voting_order")
    assert [(s["kind"], s["jaa"]) for s in approved.data["steps"]] == [(AMOUNT, "p1"), (AMOUNT, "base")]
    assert summary(Chamber(council_27()).meeting, 2)["base"]["amount"] is None  # any other item


def test_riders_may_be_voted_without_seconding_where_the_rules_say_so():
    c = Council(RuleSet(toivomusponsi_needs_seconding=False))
    rider = c.propose("salo", kind="rider", seconder=None)
    [confirmed] = c.do(CHAIR, "confirm_summary")
    assert confirmed.data["in_vote"] == [rider]


def test_proposals_need_an_item_under_consideration():
    c = Council()
    c.do(CHAIR, "close_item")
    assert c.refused(member("salo"), "make_proposal", kind="counter", text="x") == "no_current_item"
    c.do(CHAIR, "recess")
    assert c.refused(member("salo"), "make_proposal", kind="counter", text="x") == "meeting_in_recess"


def test_PR_5_identity_is_the_chairs_judgement_not_a_comparison_of_texts():
    """Proposals of the same content are rarely worded alike: the chair's merge is the judgement
    (see `merge_proposals`); kind and amount must still agree, and each text is kept."""
    c = Council()
    a = c.propose("salo", seconder="laine")
    [b] = c.do(member("laine"), "make_proposal", kind="counter",
               text={"fi": "Esitän samaa kuin valtuutettu Salo", "sv": "Jag föreslår detsamma som Salo"})
    c.do(CHAIR, "merge_proposals", proposals=[a, b.data["proposal"]])
    kept, merged = c.meeting.proposals[1].proposals
    assert kept.movers == ["salo", "laine"] and kept.text == {"fi": "counter by salo"}
    assert merged.text["fi"] == "Esitän samaa kuin valtuutettu Salo" and merged.merged_into == a
