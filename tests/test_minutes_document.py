"""The minutes document (issue 16): drawn from the example scenarios and from meetings built with
the rules, checked field by field; the page's languages, headings and tables; the PDF/A read back
with pypdf (its text, its XMP, its fonts); and `chamber minutes` on a kept log, whose printed hash
`chamber verify --anchor` accepts."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from lxml import html as lxml_html
from pypdf import PdfReader

from chamber.cli import main
from chamber.exports.minutes import ElectionRecord, ItemMinutes, Minutes, Round, draft, to_html, to_pdf
from chamber.rules import Actor, Meeting, Role, replay
from chamber.rules.minutes import basis
from chamber.rules.ruleset import RuleSet
from tests.factories import CHAIR, EXAMPLES, SECRETARY, Hall, events_of, small_roster
from tests.rules.conftest import CHAIR as COUNCIL_CHAIR
from tests.rules.voting import EVERYONE, Council

HASH = "34b7e140b490147fc97195f75fdc81195974ddeeefa849c4be98ed93329ed32f"
CATALOG = json.loads((Path(__file__).resolve().parent.parent / "chamber" / "i18n" / "minutes_document.json")
                     .read_text(encoding="utf-8"))


def minutes_of(name: str) -> tuple[Meeting, Minutes]:
    events = events_of(name)
    meeting = replay(events)
    return meeting, draft(meeting, events)


def page(minutes: Minutes, lang: str = "both") -> str:
    return to_html(minutes, lang, (minutes.basis, HASH))


def text_of(markup: str) -> str:
    """The page's text as read: cells, items and lines apart, the style sheet left out."""
    spaced = re.sub(r"(</(?:th|td|dt|dd|li|p|h[1-6]|caption)>|<br>)", r" \1", markup)
    doc = lxml_html.fromstring(spaced)
    for style in doc.xpath("//style"):
        style.drop_tree()
    return " ".join(doc.text_content().split())


def flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


@pytest.fixture(scope="module")
def rehearsal() -> tuple[Meeting, Minutes]:
    return minutes_of("rehearsal-demo.json")


def member(person: str) -> Actor:
    return Actor(Role.MEMBER, person)


def built(public: bool = True) -> Hall:
    """What no scenario has: checkers who approve, a substitute for one item, a departure, merged,
    withdrawn and adopted proposals, a rider, a written dissent after the close, a speech."""
    h = Hall(items=3, public=public)
    h.do(SECRETARY, "seat_substitute", member="m7")
    h.do(CHAIR, "open_meeting")
    h.do(CHAIR, "start_roll_call")
    for person in ("m1", "m2", "m3", "m4", "m5", "m6", "sa1"):
        h.do(SECRETARY, "mark_present", person=person)
    h.do(CHAIR, "end_roll_call")
    h.do(CHAIR, "declare_quorum")
    h.do(CHAIR, "choose_minutes_checkers", checkers=["m2", "m3"])
    h.do(CHAIR, "take_up_item", item=1)
    h.do(member("m6"), "declare_disqualification", item=1)
    h.do(SECRETARY, "seat_substitute", member="m6", item=1)
    h.do(SECRETARY, "record_arrival", person="sb1")
    h.do(CHAIR, "open_discussion")
    h.do(member("m2"), "request_floor", kind="speech")
    h.do(CHAIR, "give_floor")
    h.do(member("m2"), "make_proposal", kind="counter", text={"fi": "Ehdotus A", "sv": "Förslag A"})
    h.do(CHAIR, "end_speech")
    h.do(member("m4"), "make_proposal", kind="counter", text={"fi": "Ehdotus B", "sv": "Förslag B"})
    h.do(member("m3"), "make_proposal", kind="counter", text={"fi": "Ehdotus A uudelleen"})
    h.do(CHAIR, "merge_proposals", proposals=["p1", "p3"])
    h.do(member("m4"), "withdraw_proposal", proposal="p2")
    h.do(member("m5"), "second_proposal", proposal="p1")
    h.do(member("sb1"), "make_proposal", kind="rider", text={"fi": "Selvitetään", "sv": "Utreds"})
    h.do(member("m4"), "second_proposal", proposal="p4")
    h.do(SECRETARY, "record_departure", person="m5")
    h.do(CHAIR, "close_discussion")
    h.do(CHAIR, "confirm_summary")
    h.do(CHAIR, "approve_voting_order")
    for choices in ({"m1": "jaa", "m2": "ei", "m3": "ei", "m4": "jaa", "sa1": "tyhja", "sb1": "jaa"},
                    {"m1": "jaa", "m2": "jaa", "m3": "jaa", "m4": "jaa", "sb1": "ei"}):
        h.do(CHAIR, "open_vote")
        for person, choice in choices.items():
            h.do(CHAIR if person == "m1" else member(person), "cast_vote", choice=choice)
        h.do(CHAIR, "close_vote")
        h.do(CHAIR, "declare_result")
    h.do(CHAIR, "declare_decision")
    h.do(member("m3"), "register_dissent")
    h.do(CHAIR, "close_item")
    h.do(CHAIR, "take_up_item", item=2)
    h.do(CHAIR, "declare_decision")
    h.do(CHAIR, "close_item")
    h.do(CHAIR, "close_meeting")
    h.do(member("m2"), "approve_minutes", basis=basis(h.meeting))
    h.do(member("m3"), "register_dissent", item=1, text={"fi": "Olen eri mieltä."})  # moves the basis
    h.do(member("m3"), "approve_minutes", basis=basis(h.meeting))
    return h


@pytest.fixture(scope="module")
def hall() -> Hall:
    return built()


# --- the meeting ---------------------------------------------------------------------------------


def test_the_meeting_level_of_the_rehearsal(rehearsal):
    _, mn = rehearsal
    assert mn.body == "Strandby stadsfullmäktige / Rantalan kaupunginvaltuusto" and mn.council
    assert mn.title["sv"] == "Stadsfullmäktiges sammanträde 16.3.2026 (övning)" and mn.date == "2026-03-16"
    assert mn.chairs == ("Birgitta Åström",) and mn.secretary == "Maria Lindqvist"
    assert (mn.quorum[0].present, mn.quorum[0].seats, mn.quorum[0].needed, mn.quorum[0].quorate) == (34, 35, 24, True)
    fi, sv = text_of(page(mn, "fi")), text_of(page(mn, "sv"))
    assert "Alkoi klo 18.00" in fi and "Päättyi klo 19.07" in fi  # 18:00 +02:00, closed 4050 s later
    assert "Började kl. 18.00" in sv and "Avslutades kl. 19.07" in sv
    assert "Puheenjohtaja totesi kokouksen laillisesti koolle kutsutuksi. Kokous oli päätösvaltainen: " \
           "läsnä 34/35, vähintään 24 tarvitaan." in fi
    assert "Sammanträdet var beslutfört: 34 av 35 närvarande, minst 24 krävs." in sv


def test_attendance_with_the_substitute_and_the_late_member(rehearsal):
    _, mn = rehearsal
    present = {a.name: a for a in mn.present}
    assert len(present) == 35 and "Camilla Holmberg" not in present
    sub = present["Kristina Forsström"]
    assert (sub.kind, sub.for_members, sub.items, sub.whole) == ("substitute", ("Camilla Holmberg",), (1, 2, 4, 6), True)
    late = present["Antti Yli-Kojola"]
    assert (late.items, late.whole) == ((4, 6), False)
    assert [(c.kind, c.item, c.before) for c in late.changes] == [("arrived", 4, True)]
    assert [(a.name, a.substitutes, a.reported) for a in mn.absent] == [("Camilla Holmberg", ("Kristina Forsström",), True)]
    fi, sv = text_of(page(mn, "fi")), text_of(page(mn, "sv"))
    assert "Antti Yli-Kojola Keskusta / Centern § 4–6 saapui klo 18.05 ennen 4 §:ää" in fi  # 4 and 6: 5 was not taken up
    assert "anlände kl. 18.05 före § 4" in sv and "Ersättare för Camilla Holmberg" in sv
    assert "Varavaltuutettu, sijaisena: Camilla Holmberg" in fi
    assert "Camilla Holmberg RKP / SFP Kristina Forsström ilmoitti esteestä" in fi


def test_ranges_and_disqualification_on_a_built_meeting(hall):
    mn = draft(hall.meeting, hall.log)
    present = {a.name: a for a in mn.present}
    assert (present["Member5 Surname5"].items, present["Member5 Surname5"].whole) == ((1,), False)  # left during § 1
    assert present["Member6 Surname6"].items == (2,)  # disqualified on § 1: no part in it
    assert present["Sub B1"].items == (1,) and present["Sub B1"].for_members == ("Member6 Surname6",)
    one = mn.items[0]
    assert one.disqualified == (("Member6 Surname6", "declared", None),)
    assert [(c.name, c.kind) for c in one.changes] == [
        ("Sub B1", "seated"), ("Sub B1", "arrived"), ("Member5 Surname5", "departed")]
    fi, sv = text_of(page(mn, "fi")), text_of(page(mn, "sv"))
    assert "Member6 Surname6 ilmoitti olevansa esteellinen eikä osallistunut asian käsittelyyn." in fi
    assert "Member6 Surname6 anmälde jäv och deltog inte i behandlingen." in sv
    assert "Member5 Surname5 poistui klo 02.17 1 §:n aikana" in fi and "Sub B1 inträdde som ersättare kl. 02.16 under § 1" in sv
    assert "Member5 Surname5 Group A § 1 poistui" in fi


def test_a_disqualification_in_a_scenario_and_an_item_left_unfinished():
    _, mn = minutes_of("q-6.json")
    five = next(i for i in mn.items if i.number == 5)
    assert five.state == "unfinished" and five.disqualified == (("Tero Salo", "declared", None),) and five.appeal == {}
    assert next(a for a in mn.present if a.name == "Tero Salo").items == (4,)
    fi = text_of(page(mn, "fi"))
    assert "Tero Salo ilmoitti olevansa esteellinen eikä osallistunut asian käsittelyyn." in fi
    assert "Asian käsittely jäi kesken." in fi and len(mn.absent) == 9


def test_a_disqualification_that_ended_stays_in_the_minutes_with_its_end():
    h = Hall(items=2)
    h.do(CHAIR, "open_meeting")
    h.do(CHAIR, "start_roll_call")
    for person in ("m1", "m2", "m3", "m4", "m5", "m6"):
        h.do(SECRETARY, "mark_present", person=person)
    h.do(CHAIR, "end_roll_call")
    h.do(CHAIR, "take_up_item", item=1)
    h.do(CHAIR, "declare_disqualification", item=1, person="m4", basis="council")
    h.do(SECRETARY, "seat_substitute", member="m4", item=1)
    h.do(CHAIR, "end_disqualification", item=1, person="m4")  # the council found otherwise after all
    h.do(member("m3"), "declare_disqualification", item=1)
    assert h.meeting.attendance.disqualified == {1: {"m3": "declared"}}  # now: m4's has ended
    mn = draft(h.meeting, h.log)
    [(m3, basis_3, open_3), (m4, basis_4, ended)] = mn.items[0].disqualified
    assert (m3, basis_3, open_3, m4, basis_4) == ("Member3 Surname3", "declared", None, "Member4 Surname4", "council")
    assert ended is not None
    fi, sv = text_of(page(mn, "fi")), text_of(page(mn, "sv"))
    assert re.search(r"Member4 Surname4 todettiin esteelliseksi; esteellisyys päättyi klo \d\d\.\d\d\.", fi)
    assert re.search(r"Member4 Surname4 konstaterades vara jävig; jävet upphörde kl\. \d\d\.\d\d\.", sv)
    assert "Member3 Surname3 ilmoitti olevansa esteellinen eikä osallistunut asian käsittelyyn." in fi


def test_a_minority_tabling_names_who_demanded_it():
    """VO-6b: the record keeps who demanded the tabling, and the minutes name them."""
    _, minutes = minutes_of("vo-6b.json")
    (tabled,) = [i for i in minutes.items if i.minority is not None]
    assert tabled.minority == len(tabled.minority_names) == 9
    assert ("Asia pantiin pöydälle ilman äänestystä 9 jäsenen vaatimuksesta: Anders Björk, Sami Hämäläinen, "
            "Eeva Järvinen, Jari Korhonen, Mika Koskinen, Ville Laine, Kalle Lehtonen, Tero Salo ja Aila Ylönen.") \
        in text_of(page(minutes, "fi"))
    assert "bordlades utan omröstning på begäran av 9 ledamöter: Anders Björk," in text_of(page(minutes, "sv"))


def test_the_lot_that_ordered_groups_of_equal_size_is_in_the_minutes_as_drawn():
    h = Hall(small_roster(8), items=1, rules=RuleSet(group_size_tie_break="lot"))  # groups A and B of four
    h.do(CHAIR, "open_meeting")
    h.do(CHAIR, "take_up_item", item=1)
    [opened] = h.do(CHAIR, "open_discussion", group_round=True)
    names = {"a": "Group A", "b": "Group B"}
    drawn = tuple(names[g] for g in opened.data["group_lots"][0]["order"])
    [lot] = draft(h.meeting, h.log).items[0].lots
    assert (lot.title, lot.tied, lot.order) == (None, ("Group A", "Group B"), drawn)
    fi = text_of(page(draft(h.meeting, h.log), "fi"))
    assert f"yhtä suuret ryhmät (Group A, Group B); arpa ratkaisi järjestyksen: {', '.join(drawn)}." in fi


# --- proposals, votes, decisions -----------------------------------------------------------------


def test_the_votes_on_the_appropriation(rehearsal):
    _, mn = rehearsal
    four = next(i for i in mn.items if i.number == 4)
    (p,) = four.proposals
    assert (p.kind, p.movers, p.seconders, p.state) == ("counter", ("Jani Rantanen",), ("Timo Pöyhönen",), "made")
    assert four.base_amount == 1_200_000 and four.summary_confirmed and len(four.order) == 2
    (v,) = four.votes
    assert {k: len(names) for k, names in v.names.items()} == {"jaa": 20, "ei": 14, "tyhja": 1, "poissa": 0,
                                                                "esteellinen": 0}
    assert "Kristina Forsström" in v.names["jaa"] and "Antti Yli-Kojola" in v.names["ei"]
    assert v.names["tyhja"] == ("Mats Lindroos",) and (v.count.won, v.count.lost, v.winner) == (20, 14, "jaa")
    assert v.jaa["fi"] == "Hyväksytään: Pohjaehdotus 1\u00a0200\u00a0000\u00a0€" and v.ei["sv"] == "Förkastas"
    assert four.decision["fi"] == "Valtuusto hyväksyi äänestyksen jälkeen: Pohjaehdotus 1\u00a0200\u00a0000\u00a0€."
    assert four.dissents[0].name == "Timo Pöyhönen" and four.dissents[0].text == {"fi": "Määräraha on liian suuri."}
    fi, sv = flat(text_of(page(mn, "fi"))), flat(text_of(page(mn, "sv")))
    assert "Valtuusto hyväksyi JAA-ehdotuksen. Äänin 20–14, tyhjiä 1." in fi
    assert "Fullmäktige godkände JA-förslaget. Med rösterna 20–14, blanka 1." in sv
    assert "Tyhjä 1 Mats Lindroos" in fi and "Blanka 1 Mats Lindroos" in sv
    assert "Timo Pöyhönen jätti eriävän mielipiteen. Määräraha on liian suuri." in fi
    assert "Timo Pöyhönen anmälde avvikande mening." in sv
    assert "Ehdottaja Jani Rantanen Kannattaja Timo Pöyhönen" in fi and "Förslagsställare Jani Rantanen" in sv


def test_the_return_voted_during_the_discussion_and_the_close_vote(rehearsal):
    _, mn = rehearsal
    six = next(i for i in mn.items if i.number == 6)
    first, second = six.votes
    assert first.interrupting and first.ei["fi"] == "Palautusehdotus (Matti Ämmälä)" and first.winner == "jaa"
    assert not second.interrupting and second.winner == "ei" and (second.count.won, second.count.lost) == (18, 17)
    assert [(p.movers, p.seconders, p.state) for p in six.proposals] == [
        (("Aino Laine",), ("Kenneth Back",), "made"), (("Matti Ämmälä",), ("Leena Hautala",), "decided")]
    assert six.decision["sv"] == "Fullmäktige godkände efter omröstning: Motförslag (Aino Laine)."
    sv = flat(text_of(page(mn, "sv")))
    assert "Fullmäktige godkände NEJ-förslaget. Med rösterna 18–17." in sv
    assert "JA-förslag Fortsatt behandling av ärendet NEJ-förslag Återremissförslag (Matti Ämmälä)" in sv


@pytest.mark.parametrize("scenario", sorted(p.name for p in EXAMPLES.glob("vo-*.json")))
def test_every_vote_of_the_voting_examples_names_every_seat(scenario):
    meeting, mn = minutes_of(scenario)
    votes = [v for i in mn.items for v in i.votes]
    assert len(votes) == len([v for v in meeting.votes if v.result is not None])
    assert votes or scenario in ("vo-6b.json", "vo-9.json")  # tabled by a minority; a lapsed proposal
    fi = text_of(page(mn, "fi"))
    for v in votes:
        assert sum(len(v.names[o]) for o in ("jaa", "ei", "tyhja", "poissa", "esteellinen")) == 27
        assert f"{v.number}. äänestys" in fi
        for option, label in (("jaa", "Jaa"), ("ei", "Ei")):
            assert f"{label} {len(v.names[option])} {', '.join(v.names[option])}".strip() in fi


def test_an_unseconded_proposal_lapses():
    _, mn = minutes_of("vo-9.json")
    (one,) = [i for i in mn.items if i.state != "not_reached"]
    (p,) = one.proposals
    assert (p.movers, p.seconders, p.state) == (("Tero Salo",), (), "lapsed") and one.votes == ()
    assert one.decision["fi"] == "Valtuusto hyväksyi yksimielisesti: Pohjaehdotus."
    assert "Vastaehdotus (Tero Salo) raukesi kannattamattomana." in text_of(page(mn, "fi"))
    assert "Motförslag (Tero Salo) förföll i brist på understöd." in text_of(page(mn, "sv"))


def test_riders_with_their_proposers():
    _, mn = minutes_of("vo-8.json")
    (one,) = [i for i in mn.items if i.state != "not_reached"]
    assert [(p.kind, p.movers, p.seconders, p.outcome) for p in one.proposals] == [
        ("rider", ("Tero Salo",), ("Jari Korhonen",), "adopted"), ("rider", ("Ville Laine",), ("Jari Korhonen",), "adopted")]
    fi, sv = text_of(page(mn, "fi")), text_of(page(mn, "sv"))
    assert "Toivomusponnet Toivomusponsi (Tero Salo): rider (salo) Toivomusponsi hyväksyttiin." in fi
    assert "Hemställningsklämmar Hemställningskläm (Tero Salo): rider (salo) Hemställningsklämmen godkändes." in sv
    assert "Hyväksyttiin: Toivomusponsi (Ville Laine)." in fi


def test_merged_withdrawn_proposals_the_rider_and_the_dissent_of_a_built_meeting(hall):
    mn = draft(hall.meeting, hall.log)
    one = mn.items[0]
    by_id = {p.id: p for p in one.proposals}
    assert by_id["p1"].movers == ("Member2 Surname2", "Member3 Surname3") and by_id["p1"].seconders == ("Member5 Surname5",)
    assert (by_id["p3"].state, by_id["p2"].state, by_id["p4"].outcome) == ("merged", "withdrawn", "adopted")
    assert [(v.number, v.names["esteellinen"], v.names["poissa"]) for v in one.votes] == [
        (1, ("Member6 Surname6",), ("Member5 Surname5",)), (2, ("Member6 Surname6",), ("Sub A1", "Member5 Surname5"))]
    fi, sv = text_of(page(mn, "fi")), text_of(page(mn, "sv"))
    assert "Vastaehdotus (Member4 Surname4) peruutettiin." in fi and "Motförslag (Member4 Surname4) återtogs." in sv
    assert "Vastaehdotus (Member3 Surname3) yhdistettiin samansisältöiseen ehdotukseen: " \
           "Vastaehdotus (Member2 Surname2, Member3 Surname3)." in fi
    assert "Member3 Surname3 jätti eriävän mielipiteen. Olen eri mieltä." in fi
    assert "Puheenjohtaja teki selonteon tehdyistä ehdotuksista, ja selonteko myönnettiin oikeaksi." in fi
    assert "Den omröstningsordning som ordföranden föreslog godkändes." in sv


# --- elections and lots --------------------------------------------------------------------------


def the_election(name: str) -> tuple[Meeting, Minutes, ItemMinutes, ElectionRecord, Round]:
    """A scenario's one item taken up, its one election and that election's one round."""
    meeting, mn = minutes_of(name)
    (one,) = [i for i in mn.items if i.state != "not_reached"]
    (e,) = one.elections
    (r,) = e.rounds
    return meeting, mn, one, e, r


def test_a_majority_election_decided_by_lot_names_its_open_voters():
    _, mn, one, e, r = the_election("me-2.json")
    assert r.totals == (("Aalto", 20), ("Berg", 18), ("Cederberg", 15), ("Dahl", 15), ("Eklund", 7)) and r.voted == 27
    assert e.elected == ("Aalto", "Berg", "Dahl") and not e.secret and len(r.voters["Aalto"]) == 20
    assert [(lot.tied, lot.order) for lot in one.lots] == [(("Cederberg", "Dahl"), ("Dahl", "Cederberg"))]
    fi, sv = text_of(page(mn, "fi")), text_of(page(mn, "sv"))
    assert "Puheenjohtajisto: tasatilanne (Cederberg, Dahl); arpa ratkaisi järjestyksen: Dahl, Cederberg." in fi
    assert "Presidiet: lika (Cederberg, Dahl); lotten avgjorde ordningen: Dahl, Cederberg." in sv
    assert "Puheenjohtajisto: valittiin Aalto, Berg ja Dahl." in fi


def test_a_secret_proportional_election_shows_totals_and_comparative_numbers_never_choices():
    meeting, mn, one, e, r = the_election("pr-4.json")
    assert e.secret and r.voters == {} and r.totals == (("1", 12), ("2", 8), ("3", 5), ("4", 2))
    assert dict(r.comparative)["L1-3"] == "4,000" and dict(r.comparative)["L2-2"] == "4,000"
    assert e.elected == ("L1-1", "L2-1", "L1-2", "L3-1", "L2-2")
    assert [(lot.tied, lot.order) for lot in one.lots] == [(("L1-3", "L2-2"), ("L2-2", "L1-3"))]
    fi = text_of(page(mn, "fi"))
    assert "Äänestäjät" not in fi and "Suhteellinen vaali, valittavia 5, suljetuin lipuin." in fi
    election = next(x for x in meeting.elections if x.item == 1)
    tables = " ".join(t.text_content() for t in lxml_html.fromstring(page(mn, "fi")).xpath("//div[@class='election']//table"))
    assert not any(meeting.roster.person(v).name in tables for v in election.voted)
    # Who demanded the proportional election is told (LAW-18); that is no ballot's content.
    assert "Suhteellista vaalia vaativat Sami Hämäläinen, Jari Korhonen, Mika Koskinen, Ville Laine ja Tero Salo" in fi
    assert "paperilipuin" not in fi


def test_an_election_on_the_combined_list_names_its_numbering_lot_its_demanders_and_candidates_by_name():
    c = Council()
    c.do(SECRETARY, "submit_candidate_list", item=1, name="A", candidates=["salo", "Anu Mäki"],
         signatories=["virtanen", "ahonen"])
    c.do(SECRETARY, "submit_candidate_list", item=1, name="B", candidates=["Eva Lindqvist"],
         signatories=["laine", "korhonen"])
    c.do(SECRETARY, "combine_candidate_lists", item=1, seats=2)
    lot = c.meeting.nominations[1].numbering_lot()
    c.do(COUNCIL_CHAIR, "open_election", kind="proportional", title={"fi": "Lautakunta", "sv": "Nämnden"},
         demanders=EVERYONE[-9:])
    first = {lst.name: lst.number for lst in c.meeting.elections[0].lists}
    for person in EVERYONE[1:19]:
        c.do(Actor(Role.MEMBER, person), "cast_ballot", list=first["A"])
    c.do(COUNCIL_CHAIR, "close_election")
    (one,) = [i for i in draft(c.meeting, c.log).items if i.number == 1]
    (e,) = one.elections
    assert e.elected == ("Tero Salo", "Anu Mäki") and dict(e.rounds[0].comparative)["Tero Salo"] == "18,000"
    assert [(x.tied, x.order, x.lists) for x in one.lots] == [(("A", "B"), tuple(lot["order"]), True)]
    fi = text_of(page(draft(c.meeting, c.log), "fi"))
    assert f"Ehdokaslistojen yhdistelmän numerointi: listat (A, B); arpa ratkaisi järjestyksen: {', '.join(lot['order'])}" in fi
    assert "Suhteellista vaalia vaativat" in fi and "Tero Salo" in fi and "salo" not in fi.split()


def test_paper_ballots_are_told_as_counted_by_the_election_board():
    c = Council(RuleSet(closed_ballot_mode="paper"))
    c.do(COUNCIL_CHAIR, "open_election", title={"fi": "Tilintarkastaja"}, candidates=["salo", "laine"], secret=True)
    for person in ("salo", "laine", "korhonen"):
        c.do(SECRETARY, "cast_ballot", person=person)
    c.do(SECRETARY, "enter_ballot_count", count={"totals": {"salo": 2, "laine": 1}, "valid": 3, "blank": 0, "invalid": 0})
    c.do(COUNCIL_CHAIR, "close_election")
    fi = text_of(page(draft(c.meeting, c.log), "fi"))
    assert "Enemmistövaali, valittavia 1, suljetuin lipuin, paperilipuin, jotka vaalilautakunta laski." in fi
    assert "Tilintarkastaja: valittiin Tero Salo" in fi


def test_checkers_elected_without_a_ballot_are_told_once_in_the_decision(rehearsal):
    _, mn = rehearsal
    two = next(i for i in mn.items if i.number == 2)
    assert two.elections[0].unanimous and two.elections[0].elected == ("Mikael Wikström", "Kenneth Back")
    fi = text_of(page(mn, "fi"))
    assert fi.count("Pöytäkirjantarkastajat: valittiin yksimielisesti Mikael Wikström ja Kenneth Back.") == 1


# --- the checking, the record, the appeal --------------------------------------------------------


def test_the_checkers_approvals_and_the_publication(hall):
    mn = draft(hall.meeting, hall.log)
    assert [(c.name, c.state) for c in mn.checkers] == [("Member2 Surname2", "approved_earlier"),
                                                        ("Member3 Surname3", "approved")]
    fi, sv = text_of(page(mn, "fi")), text_of(page(mn, "sv"))
    assert "Pöytäkirjantarkastajat Member2 Surname2, Member3 Surname3" in fi
    assert f"hyväksyi aiemman luonnoksen (tapahtuma {mn.checkers[0].basis}), ei vielä tätä" in fi
    assert "Member3 Surname3 godkände detta utkast" in sv
    assert "Pöytäkirjaa ei ole vielä tarkastettu ja julkaistu." in fi and "LUONNOS" in page(mn, "fi")
    published = built()
    published.do(member("m2"), "approve_minutes", basis=basis(published.meeting))
    published.do(SECRETARY, "publish_minutes")
    done = draft(published.meeting, published.log)
    assert done.published_at is not None and {c.state for c in done.checkers} == {"approved"}
    markup = page(done, "both")
    assert "LUONNOS" not in markup and "UTKAST" not in markup
    assert "Pöytäkirja on tarkastettu ja julkaistu 1.1.1970 klo" in text_of(markup)


def test_the_anchor_is_printed_in_full(rehearsal):
    _, mn = rehearsal
    markup = page(mn, "both")
    grouped = " ".join(HASH[i:i + 4] for i in range(0, 64, 4))
    assert f'data-hash="{HASH}"' in markup and grouped in markup
    assert f'chamber verify --anchor "{grouped}"' in markup
    assert f"tapahtumaan {mn.basis} asti" in markup and f"till och med händelse {mn.basis}" in markup


def test_appeal_instructions_follow_each_decided_item(rehearsal):
    meeting, mn = rehearsal
    from chamber.exports.appeal import instructions

    four = next(i for i in mn.items if i.number == 4)
    assert list(four.appeal["sv"]) == instructions(meeting, 4, "sv")
    assert next(i for i in mn.items if i.number == 3).appeal == {}  # not reached
    fi = text_of(page(mn, "fi"))
    assert fi.count("Muutoksenhaku") == 4 and instructions(meeting, 4, "fi")[0] in fi


def test_only_the_items_asked(rehearsal):
    meeting, _ = rehearsal
    only = draft(meeting, events_of("rehearsal-demo.json"), items={4})
    assert [i.number for i in only.items] == [4] and len(only.present) == 35


def test_the_discussion_record_leaves_out_what_a_closed_meeting_has_not_released(hall):
    public = draft(hall.meeting, hall.log)
    assert [(s.name, s.kind) for s in public.items[0].speeches] == [("Member2 Surname2", "ordinary")]
    assert "Liite: keskustelun kulku" in text_of(page(public, "fi"))
    closed = built(public=False)
    assert draft(closed.meeting, closed.log).items[0].speeches == ()
    assert "Kokous ei ollut julkinen." in text_of(page(draft(closed.meeting, closed.log), "fi"))
    closed.do(CHAIR, "release_item", item=1)
    assert draft(closed.meeting, closed.log).items[0].speeches != ()


# --- the page ------------------------------------------------------------------------------------


def test_side_by_side_each_column_in_its_own_language_and_no_english_in_them(rehearsal):
    _, mn = rehearsal
    doc = lxml_html.fromstring(page(mn, "both"))
    assert doc.get("lang") == "fi"
    columns = doc.xpath("//div[contains(@class, 'pair')]/div[@class='column']")
    assert {c.get("lang") for c in columns} == {"fi", "sv"} and len(columns) == 2 * (len(mn.items) + 3)
    english = {re.sub(r"\{[a-z_]+\}", "", t["en"]).strip(" .:,") for t in CATALOG.values()
               if t["en"] not in (t["fi"], t["sv"])}
    english = {e for e in english if len(e) > 3}  # "at", "Yes": too short to tell from a name
    for column in columns:
        text = " ".join(column.text_content().split())
        leaks = [e for e in english if re.search(rf"(?<!\w){re.escape(e)}(?!\w)", text)]
        assert not leaks, (column.get("lang"), leaks[:5])
    sv_text = " ".join(" ".join(c.text_content().split()) for c in columns if c.get("lang") == "sv")
    assert "Pöytäkirja" not in sv_text and "Äänestykset" not in sv_text and "Omröstningar" in sv_text
    finnish_in_sv = doc.xpath("//div[@lang='sv']//*[@lang='fi']")  # a text written only in Finnish says so
    assert any("Määräraha on liian suuri." in e.text_content() for e in finnish_in_sv)


def test_headings_tables_and_print_rules(rehearsal):
    _, mn = rehearsal
    markup = page(mn, "fi")
    doc = lxml_html.fromstring(markup)
    assert len(doc.xpath("//h1")) == 1
    assert [h.text_content() for h in doc.xpath("//h2")][1:4] == [
        "§ 1 Kokouksen laillisuus ja päätösvaltaisuus", "§ 2 Pöytäkirjantarkastajien valinta",
        "§ 3 Työjärjestyksen hyväksyminen"]
    assert all(th.get("scope") in ("col", "row") for th in doc.xpath("//th"))
    assert all(t.xpath("caption") or t.get("aria-labelledby") for t in doc.xpath("//table[not(@class='facts')]"))
    assert "size: A4" in markup and 'content: "sivu" " " counter(page) " / " counter(pages)' in markup
    assert '@top-left { content: "Strandby stadsfullmäktige / Rantalan kaupunginvaltuusto"' in markup
    assert '@top-right { content: "LUONNOS"' in markup
    assert '@top-right { content: "LUONNOS / UTKAST"' in page(mn, "both")
    english = page(mn, "en")
    assert '<html lang="en">' in english and "Minutes" in english and '<p class="text" lang="fi">Kokouskutsu' in english


def test_a_name_cannot_break_the_page():
    h = Hall(items=1)
    h.do(CHAIR, "open_meeting")
    h.meeting.roster = h.meeting.roster.__class__(  # a hostile roster name, as a setup could carry one
        '</style><script>alert(1)</script> "x"', h.meeting.roster.seats, h.meeting.roster.groups,
        h.meeting.roster.people, h.meeting.roster.secretary)
    markup = page(draft(h.meeting, h.log), "fi")
    assert "<script>" not in markup and "</style><" not in markup.split("<style>")[1].split("</style>")[0]


# --- PDF/A and the command -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def pdf(rehearsal) -> PdfReader:
    _, mn = rehearsal
    return PdfReader(io.BytesIO(to_pdf(page(mn, "both"))))


def test_the_pdf_text(pdf, rehearsal):
    _, mn = rehearsal
    text = flat(" ".join(p.extract_text() for p in pdf.pages))
    assert "Kristina Forsström" in text and "Birgitta Åström" in text
    assert "Valtuusto hyväksyi äänestyksen jälkeen: Pohjaehdotus 1 200 000 €." in text
    assert "Fullmäktige godkände efter omröstning: Grundförslaget 1 200 000 €." in text
    assert HASH in re.sub(r"\s", "", text)
    assert f"sivu / sida 1 / {len(pdf.pages)}" in text and "LUONNOS / UTKAST" in text


def test_the_pdf_is_pdf_a_with_its_fonts_embedded(pdf):
    xmp = pdf.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    assert 'pdfaid:part="2"' in xmp and 'pdfaid:conformance="B"' in xmp
    assert pdf.metadata.title.startswith("Pöytäkirja: Kaupunginvaltuuston kokous 16.3.2026 (harjoitus) / Protokoll:")
    assert pdf.trailer["/Root"]["/Lang"] == "fi" and "/StructTreeRoot" in pdf.trailer["/Root"]
    assert pdf.metadata["/CreationDate"] == "D:20260316190730+02'00"  # the close: the same log prints alike
    fonts = {}
    for p in pdf.pages:
        for font in p["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = (font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"])
            fonts[str(font["/BaseFont"])] = any(k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert fonts and all(fonts.values()) and all("DejaVu" in name for name in fonts)


def test_the_command_writes_the_pdf_of_a_kept_log_and_verify_accepts_its_hash(capsys, tmp_path):
    data = tmp_path / "data"
    assert main(["simulate", str(EXAMPLES / "vo-9.json"), "--data", str(data)]) == 0
    capsys.readouterr()
    out_pdf, out_html = tmp_path / "minutes.pdf", tmp_path / "minutes.html"
    assert main(["minutes", "--data", str(data), "--pdf", str(out_pdf), "--html", str(out_html)]) == 0
    assert capsys.readouterr().out == ""
    reader = PdfReader(out_pdf)
    digest = re.search(r'data-hash="([0-9a-f]{64})"', out_html.read_text(encoding="utf-8")).group(1)
    assert digest in re.sub(r"\s", "", " ".join(p.extract_text() for p in reader.pages))
    assert "Vastaehdotus (Tero Salo) raukesi kannattamattomana." in flat(" ".join(p.extract_text() for p in reader.pages))
    grouped = " ".join(digest[i:i + 4] for i in range(0, 64, 4))
    assert main(["verify", "--data", str(data), "--anchor", grouped]) == 0
    assert main(["verify", "--data", str(data), "--anchor", "0" * 64]) == 1
    capsys.readouterr()
    assert main(["minutes", "--data", str(data), "--lang", "sv"]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith('<!DOCTYPE html>\n<html lang="sv">') and digest in printed
    assert main(["minutes", "--data", str(tmp_path / "nowhere")]) == 2


def test_the_minutes_name_the_deputies_elected_with_their_principals_and_the_gender_quota_warning():
    """LAW-19, EL-P5: the decision names the personal deputies elected; LAW-20: the warning."""
    c = Council()
    c.do(SECRETARY, "submit_candidate_list", item=1, name="A", candidates=["salo", "Anu Mäki", "Eva Ek"],
         deputies=["laine", None, "Karl Berg"], genders=["m", "m", "m"], deputy_genders=["f", None, "m"],
         signatories=["virtanen", "ahonen"])
    c.do(SECRETARY, "combine_candidate_lists", item=1, seats=3)
    c.do(COUNCIL_CHAIR, "open_election", kind="proportional", title={"fi": "Lautakunta", "sv": "Nämnden"},
         demanders=EVERYONE[-7:])
    for person in EVERYONE[1:19]:
        c.do(Actor(Role.MEMBER, person), "cast_ballot", list=1)
    c.do(COUNCIL_CHAIR, "close_election")
    (one,) = [i for i in draft(c.meeting, c.log).items if i.number == 1]
    (e,) = one.elections
    assert e.elected_deputies == (("Ville Laine", "Tero Salo"), ("Karl Berg", "Eva Ek"))
    fi = text_of(page(draft(c.meeting, c.log), "fi"))
    sv = text_of(page(draft(c.meeting, c.log), "sv"))
    assert "Tero Salo (varajäsen Ville Laine)" in fi
    assert ("Lautakunta: henkilökohtaisiksi varajäseniksi valittiin Ville Laine (varsinainen jäsen Tero Salo) ja "
            "Karl Berg (varsinainen jäsen Eva Ek).") in fi
    assert "Huomautus: valituista naisia tai miehiä on alle 40 %." in fi
    assert "naisia 0" not in fi and "miehiä 3" not in fi  # the published minutes count no one's gender
    assert "valituista varajäsenistä" not in fi  # 1 of 2 deputies a woman: 50 %
    assert "Anmärkning: av de valda är under 40 % kvinnor eller män." in sv and "till personliga ersättare valdes" in sv
