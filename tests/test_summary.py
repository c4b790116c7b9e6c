"""Decision summary (issue 16): example scenarios run through the real engine and checked field by
field; the wording in fi, sv, en and both; the social media post's limit and cut; the endpoint on a
live server right after a decision; a closed meeting refused; and `chamber summary` on a kept log."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import replace

import pytest

from chamber.cli import main
from chamber.exports.summary import (POST_LIMIT, ClosedMeeting, Decided, Summary, decision_summary, post, to_json,
                                     to_posts, to_text)
from chamber.council import Outputs
from chamber.rules import Recorded
from tests.factories import EXAMPLES, meeting_of
from tests.live import default_setup, running
from tests.test_attendance_live import secretary_client
from tests.test_protocol import chair_client


@pytest.fixture(scope="module")
def rehearsal() -> Summary:
    return decision_summary(meeting_of("rehearsal-demo.json"))


def test_the_rehearsal_item_by_item(rehearsal):
    assert [d.item for d in rehearsal.items] == [1, 2, 4, 6]  # 3, 5, 7… not decided
    one, two, four, six = rehearsal.items
    assert one.title == {"fi": "Kokouksen laillisuus ja päätösvaltaisuus",
                         "sv": "Sammanträdets laglighet och beslutförhet"}
    assert one.decision["fi"] == "Valtuusto hyväksyi yksimielisesti: Pohjaehdotus." and one.count is None
    assert two.outcome is None and two.decision == {} and two.count is None
    assert [(e.title["sv"], e.names) for e in two.elected] == [("Protokolljusterare", ("Mikael Wikström", "Kenneth Back"))]
    assert four.decision["sv"] == "Fullmäktige godkände efter omröstning: Grundförslaget 1\u00a0200\u00a0000\u00a0€."
    assert (four.count.won, four.count.lost, four.count.blank) == (20, 14, 1)
    assert six.outcome == "adopted" and (six.count.won, six.count.lost, six.count.blank) == (18, 17, 0)  # not v2's 21–13


def test_the_rehearsal_as_text_in_both_languages(rehearsal):
    text = to_text(rehearsal, "both")
    assert text.startswith("Kaupunginvaltuuston kokous 16.3.2026 (harjoitus)\n"
                           "Stadsfullmäktiges sammanträde 16.3.2026 (övning)\nPäätökset / Beslut\n\n")
    assert ("§ 4 Vuoden 2026 talousarvion muutos: koulukeskuksen ilmanvaihdon peruskorjaus\n"
            "Valtuusto hyväksyi äänestyksen jälkeen: Pohjaehdotus 1\u00a0200\u00a0000\u00a0€. Äänin 20–14, tyhjiä 1.\n"
            "§ 4 Ändring av budgeten för 2026: grundrenovering av ventilationen i skolcentret\n"
            "Fullmäktige godkände efter omröstning: Grundförslaget 1\u00a0200\u00a0000\u00a0€. Med rösterna 20–14, blanka 1.\n\n") in text
    assert "Pöytäkirjantarkastajat: valittiin Mikael Wikström ja Kenneth Back." in text
    assert "Protokolljusterare: valdes Mikael Wikström och Kenneth Back." in text
    assert "§ 3 " not in text


def test_one_language_alone(rehearsal):
    sv, en = to_text(rehearsal, "sv"), to_text(rehearsal, "en")
    assert "Äänin" not in sv and "Med rösterna 18–17." in sv and sv.splitlines()[1] == "Beslut"
    assert "By 18 votes to 17." in en and "The council adopted after a vote: Counter-proposal (Aino Laine)." in en
    assert "§ 6 Kouluverkko: Östervikin koulun lakkauttaminen" in en  # no English title: the Finnish one


@pytest.mark.parametrize(("scenario", "outcome", "count", "words"), [
    ("vo-5b.json", "returned", (14, 13, 0), "Valtuusto palautti asian uudelleen valmisteltavaksi. Äänin 14–13."),
    ("vo-6b.json", "tabled", None, "Valtuusto päätti panna asian pöydälle."),
    ("vo-4c.json", "no_amount_accepted", None, "Mikään ehdotetuista määristä ei tullut hyväksytyksi"),
    ("vo-3.json", "rejected", (14, 13, 0), "Valtuusto hylkäsi ehdotuksen. Äänin 14–13."),
    ("vo-2a.json", "adopted", (13, 13, 1),
     "Äänin 13–13, tyhjiä 1, äänet menivät tasan ja puheenjohtajan ääni ratkaisi."),
    ("vo-10.json", "adopted", (9, 17, 1), "Äänin 9–17, tyhjiä 1, määräenemmistö vaadittiin."),
])
def test_outcomes_and_counts_of_the_voting_examples(scenario, outcome, count, words):
    (d,) = decision_summary(meeting_of(scenario)).items
    assert d.outcome == outcome
    assert (None if d.count is None else (d.count.won, d.count.lost, d.count.blank)) == count
    assert words in to_text(decision_summary(meeting_of(scenario)), "fi")


def test_an_election_decided_by_lot():
    (d,) = decision_summary(meeting_of("me-2.json")).items
    assert [e.names for e in d.elected] == [("Aalto", "Berg", "Dahl")]


def test_the_json_has_the_documented_shape(rehearsal):
    data = to_json(rehearsal, "both")
    assert data["format"] == 1 and data["languages"] == ["fi", "sv"] and data["public"] is True
    four = data["items"][2]
    assert set(four) == {"number", "title", "outcome", "decision", "count", "elected", "at", "text", "post"}
    assert four["count"] == {"won": 20, "lost": 14, "blank": 1, "decided_by": "majority"}
    assert set(four["post"]) == {"fi", "sv"} and four["post"]["fi"].endswith("Äänin 20–14, tyhjiä 1.")
    assert data["items"][1]["elected"][0]["names"] == ["Mikael Wikström", "Kenneth Back"]
    assert data["items"][1]["decision"] is None
    assert list(to_json(rehearsal, "en")["items"][0]["text"]) == ["en"]


def test_every_post_fits_and_names_the_meeting(rehearsal):
    posts = to_posts(rehearsal, "both").split("\n\n")[:-1]
    assert len(posts) == 8
    for text in posts:
        assert len(text) <= POST_LIMIT and "16.3.2026" in text and "§ " in text and "…" not in text


def test_a_long_post_keeps_the_decision_and_cuts_the_title_at_a_word(rehearsal):
    four = rehearsal.items[2]
    long = replace(four, title={"fi": "Hyvin pitkä otsikko " * 30})
    text = post(rehearsal, long, "fi")
    assert len(text) == len(unicodedata.normalize("NFC", text)) <= POST_LIMIT
    assert "… – " in text and text.endswith("Äänin 20–14, tyhjiä 1.")
    assert "otsik…" not in text  # cut after a whole word
    longer = replace(long, decision={"fi": "Päätös " * 80})
    cut = post(rehearsal, longer, "fi")
    assert len(cut) <= POST_LIMIT and cut.endswith("…") and "Hyvin pitkä" in cut


def test_decomposed_letters_count_once(rehearsal):
    four: Decided = rehearsal.items[2]
    nfd = replace(four, title={"fi": unicodedata.normalize("NFD", "Ää " * 200)})
    text = post(rehearsal, nfd, "fi")
    assert len(text) <= POST_LIMIT and unicodedata.is_normalized("NFC", text)


def test_a_closed_meeting_is_refused():
    m = meeting_of("vo-1.json")
    m.public = False
    with pytest.raises(ClosedMeeting):
        decision_summary(m)
    assert to_text(decision_summary(m, closed=True), "fi").startswith("EI JULKINEN")


def test_nothing_decided_yet():
    s = replace(decision_summary(meeting_of("vo-1.json")), items=())
    assert to_text(s, "sv").endswith("Beslut\n\nInga beslut ännu.\n") and to_posts(s, "sv") == ""


# --- live --------------------------------------------------------------------------------------


async def test_the_endpoint_has_a_decision_at_the_next_request(tmp_path):
    async with (running(tmp_path) as server, await chair_client(server) as chair,
                await secretary_client(server) as secretary, server.http() as http):
        assert (await chair.command("open_meeting"))["ok"] and (await chair.command("start_roll_call"))["ok"]
        for person in ("m1", "m2", "m3", "m4", "m5"):
            assert (await secretary.command("mark_present", person=person))["ok"]
        for command, args in [("end_roll_call", {}), ("take_up_item", {"item": 2})]:
            assert (await chair.command(command, **args))["ok"]
        before = await http.get("/api/summary", params={"lang": "fi"})
        assert before.status_code == 200 and "Ei vielä päätöksiä." in before.text
        reply = await chair.command("declare_decision")
        assert reply["ok"], reply
        after = await http.get("/api/summary", params={"lang": "both", "format": "json"})
        assert after.status_code == 200
        (item,) = after.json()["items"]
        assert item["number"] == 2 and item["title"] == {"fi": "Asia 2", "sv": "Ärende 2"}
        assert item["decision"] == {"fi": "Valtuusto hyväksyi yksimielisesti: Pohjaehdotus.",
                                    "sv": "Fullmäktige godkände enhälligt: Grundförslaget."}
        social = await http.get("/api/summary", params={"lang": "sv", "format": "social"})
        assert social.text == "Sammanträde 23.11.2026: § 2 Ärende 2 – Fullmäktige godkände enhälligt: Grundförslaget.\n\n"
        bad = await http.get("/api/summary", params={"lang": "de"})
        assert bad.status_code == 400 and bad.json()["error"]["params"] == {"field": "lang"}


async def test_a_closed_meetings_summary_is_for_the_secretary_only(tmp_path):
    async with running(tmp_path, default_setup(public=False)) as server, server.http() as http:
        refused = await http.get("/api/summary", params={"lang": "sv"})
        assert refused.status_code == 404 and refused.json()["error"]["code"] == "summary_closed_meeting"
        assert "stängt" in refused.json()["error"]["message"]
        for role, status in [("chair", 404), ("secretary", 200)]:
            http.cookies.set("chamber_session", await server.session_cookie(role))
            answer = await http.get("/api/summary")
            assert answer.status_code == status
        assert answer.text.startswith("EI JULKINEN")


# --- the command --------------------------------------------------------------------------------


def test_the_command_prints_a_kept_logs_summary(capsys, tmp_path):
    assert main(["simulate", str(EXAMPLES / "rehearsal-demo.json"), "--data", str(tmp_path)]) == 0
    capsys.readouterr()
    assert main(["summary", "--data", str(tmp_path)]) == 0
    assert "Med rösterna 18–17." in capsys.readouterr().out
    assert main(["summary", "--data", str(tmp_path), "--lang", "en", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [i["number"] for i in data["items"]] == [1, 2, 4, 6] and data["languages"] == ["en"]
    assert main(["summary", "--data", str(tmp_path), "--format", "social", "--lang", "fi"]) == 0
    assert capsys.readouterr().out.count("\n\n") == 4


def test_the_command_refuses_a_closed_meeting(capsys, tmp_path):
    data = json.loads((EXAMPLES / "vo-1.json").read_text(encoding="utf-8"))
    data["public"] = False
    scenario = tmp_path / "closed.json"
    data["roster"] = str(EXAMPLES / data["roster"])
    scenario.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["simulate", str(scenario), "--data", str(tmp_path / "data")]) == 0
    capsys.readouterr()
    assert main(["summary", "--data", str(tmp_path / "data")]) == 2
    assert "closed to the public" in capsys.readouterr().err
    assert main(["summary", "--data", str(tmp_path / "data"), "--closed", "--lang", "fi"]) == 0
    assert capsys.readouterr().out.startswith("EI JULKINEN")


def test_the_live_summary_is_not_made_again_for_each_batch_of_cast_votes():
    """A vote storm commits a batch every few milliseconds; the summary waits for a batch that
    can change it (council.Outputs)."""
    outputs, meeting = Outputs(), meeting_of("vo-1.json")
    outputs.publish(meeting, None)
    made = outputs.summary
    meeting.revisions["votes"] = meeting.seq + 1  # as a cast vote moves it
    outputs.publish(meeting, [Recorded(7, 0, "member:m2", "vote_cast", {})])
    outputs.publish(meeting, [])  # a batch that changed nothing
    assert outputs.summary is made
    outputs.publish(meeting, [Recorded(8, 0, "chair:m1", "vote_closed", {})])
    assert outputs.summary is not made
