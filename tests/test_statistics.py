"""Speaking statistics (issue 16): scenarios are run through the real engine, and the figures are
checked against the step times of each scenario, worked out by hand below; the JSON shape, the
table headings in fi/sv/en, the SVG chart, and `chamber statistics` on a kept log.

Plain sync tests: the scenario runner and the CLI run their own event loop (asyncio.run)."""

from __future__ import annotations

import asyncio
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from chamber.cli import main
from chamber.exports.statistics import SpeakingTime, clock, speaking_time, to_json, to_svg, to_table, to_text
from chamber.rules import replay
from chamber.simulate import load_scenario, parse_scenario, run_scenario

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SVG = "{http://www.w3.org/2000/svg}"


def statistics_of(scenario_path: Path | None = None, data: dict | None = None) -> SpeakingTime:
    """Run a scenario and project its meeting, a running speech counted up to the last event."""
    scn = load_scenario(scenario_path) if scenario_path else parse_scenario(data, base=EXAMPLES)
    run = asyncio.run(run_scenario(scn))
    assert not run.failures, run.failures
    events = [event for _, event in run.events]
    return speaking_time(replay(events))


def seconds(rows, key: str) -> dict:
    return {getattr(r, key): (r.total.milliseconds / 1000, r.total.speeches) for r in rows}


# A meeting on the 27-member council with two Swedish speakers (Müller, Ärlig), scripted so that
# durations differ and tie: item 1 has ordinary speeches, a reply, a point of order and the mayor's
# priority speech; the question hour an answer and a follow-up; item 2 ends with a speech on the floor.
SWEDISH = {"muller", "arlig"}


def mixed() -> dict:
    roster = json.loads((EXAMPLES / "council-27.json").read_text(encoding="utf-8"))
    for person in roster["people"]:
        if person["id"] in SWEDISH:
            person["lang"] = "sv"
    present = [p["id"] for p in roster["people"] if p.get("kind", "member") == "member" and p["id"] != "aaltonen"]
    agenda = [{"number": n, "title": {"fi": f"Asia {n}", "sv": f"Ärende {n}"},
               "base_proposal": {"fi": "Ehdotus", "sv": "Förslag"}} for n in (1, 2)]

    def step(at: float, actor: str, command: str, **args) -> dict:
        return {"at": at, "actor": actor, "command": command, "args": args}

    return {
        "title": "mixed", "roster": roster, "agenda": agenda, "rules": {"question_hour": {"enabled": True}},
        "steps": [
            step(0, "chair", "open_meeting"),
            step(1, "chair", "start_roll_call"),
            step(1, "secretary", "mark_present", person="aaltonen"),
            {"at": 2, "actors": [f"member:{p}" for p in present], "command": "confirm_presence"},
            step(3, "chair", "end_roll_call"),
            step(3, "chair", "declare_quorum"),
            step(5, "member:forsman", "file_question", text="Milloin uimahalli avataan?", addressee="mayor"),
            step(10, "chair", "take_up_item", item=1),
            step(10, "chair", "open_discussion"),
            step(11, "member:myllymaki", "request_floor", kind="speech"),
            step(12, "member:muller", "request_floor", kind="speech"),
            step(13, "member:arlig", "request_floor", kind="speech"),
            step(14, "member:aberg", "request_floor", kind="speech"),
            step(20, "chair", "give_floor"),  # Myllymäki, 60 s
            step(80, "chair", "end_speech"),
            step(80, "chair", "give_floor"),  # Müller, 60 s
            step(140, "chair", "end_speech"),
            step(140, "chair", "give_floor"),  # Ärlig, 90 s
            step(230, "chair", "end_speech"),
            step(231, "member:salo", "request_floor", kind="reply"),  # r5, to Ärlig
            step(232, "chair", "accept_request", request="r5"),
            step(240, "chair", "give_floor"),  # Salo's reply, 15.5 s
            step(255.5, "chair", "end_speech"),
            step(256, "member:laine", "request_floor", kind="point_of_order"),
            step(257, "chair", "give_floor"),  # Laine's point of order, 20 s
            step(277, "chair", "end_speech"),
            step(278, "chair", "request_floor", kind="speech", on_behalf_of="mayor"),
            step(280, "chair", "give_floor"),  # the mayor, a priority speech, 120 s
            step(400, "chair", "end_speech"),
            step(400, "chair", "give_floor"),  # Åberg, 90 s
            step(490, "chair", "end_speech"),
            step(495, "chair", "close_discussion"),
            step(500, "chair", "declare_decision"),
            step(500, "chair", "close_item"),
            step(600, "chair", "start_question_hour"),
            step(601, "chair", "take_question"),
            step(610, "chair", "give_answer"),  # the mayor answers, 100 s
            step(710, "chair", "end_speech"),
            step(715, "chair", "give_follow_up"),  # Forsman, 30 s
            step(745, "chair", "end_speech"),
            step(750, "chair", "end_question_hour"),
            step(800, "chair", "take_up_item", item=2),
            step(800, "chair", "open_discussion"),
            step(801, "member:korhonen", "request_floor", kind="speech"),
            step(1000, "chair", "give_floor"),  # Korhonen, still speaking at the last event
            step(1045, "member:laine", "request_floor", kind="speech"),
        ],
    }


# --- the figures --------------------------------------------------------------------------------


def test_sq_t1_seven_speeches_of_240_s_by_member_group_and_language():
    stats = statistics_of(EXAMPLES / "sq-t1.json")
    # floor_given at 80, 325, 570, 815, 1060, 1305, 1550 s; each speech_ended 240 s later
    assert [(m.person, m.name, m.group, m.total.milliseconds, m.total.speeches) for m in stats.total.members] == [
        ("forsman", "Emma Forsman", "vihr", 240_000, 1), ("jarvinen", "Eeva Järvinen", "kesk", 240_000, 1),
        ("korhonen", "Jari Korhonen", "ps", 240_000, 1), ("laine", "Ville Laine", "ps", 240_000, 1),
        ("lehtonen", "Kalle Lehtonen", "kesk", 240_000, 1), ("makinen", "Jukka Mäkinen", "sdp", 240_000, 1),
        ("virtanen", "Matti Virtanen", "kok", 240_000, 1),
    ]  # all tied: alphabetical by surname
    assert [(g.group, g.name, g.size, g.total.milliseconds, g.total.speeches) for g in stats.total.groups] == [
        ("kesk", "Keskusta", 4, 480_000, 2), ("ps", "Perussuomalaiset", 5, 480_000, 2),
        ("kok", "Kokoomus", 9, 240_000, 1), ("sdp", "SDP", 7, 240_000, 1), ("vihr", "Vihreät", 2, 240_000, 1),
    ]
    assert seconds(stats.total.languages, "lang") == {"fi": (1680, 7)}
    assert stats.total.classes["group_address"].milliseconds == 5 * 240_000
    assert stats.total.classes["ordinary"].milliseconds == 2 * 240_000
    assert [p.item for p in stats.items] == [5] and stats.question_hour is None and stats.running is None


def test_the_rehearsal_counts_both_languages_and_the_priority_speech():
    stats = statistics_of(EXAMPLES / "rehearsal-demo.json")
    item4, item6 = stats.items
    # item 4: nine speeches of 200 s (floor given at 360, 570, ..., 2040 s); item 6: discussed, no speech
    assert (item4.item, item4.total.milliseconds, item4.total.speeches) == (4, 1_800_000, 9)
    assert (item6.item, item6.total.speeches, item6.members) == (6, 0, ())
    assert seconds(item4.languages, "lang") == {"fi": (1400, 7), "sv": (400, 2)}  # Sjöholm, Öhman speak Swedish
    assert seconds(item4.groups, "group") == {"ps": (600, 3), "kok": (400, 2), "kesk": (200, 1), "sfp": (200, 1),
                                              "sdp": (200, 1), "vas": (200, 1)}
    assert [g.group for g in item4.groups][:2] == ["ps", "kok"]
    assert {c: t.speeches for c, t in item4.classes.items()} == {"group_address": 6, "priority": 1, "ordinary": 2}
    # ties: Finnish/Swedish collation puts Ämmälä and Öhman after Väisänen, Ä before Ö
    assert [m.name.split()[-1] for m in item4.members] == [
        "Jääskeläinen", "Koskela", "Laine", "Pöyhönen", "Rantanen", "Sjöholm", "Väisänen", "Ämmälä",
        "Öhman"]


def test_each_member_group_language_and_class_by_hand():
    stats = statistics_of(data=mixed())
    item1, item2 = stats.items
    assert seconds(item1.members, "person") == {
        "mayor": (120, 1), "aberg": (90, 1), "arlig": (90, 1), "muller": (60, 1), "myllymaki": (60, 1),
        "laine": (20, 1), "salo": (15.5, 1)}
    # most time first; ties by collation: Åberg before Ärlig (å before ä), Müller as "Myller"
    assert [m.person for m in item1.members] == ["mayor", "aberg", "arlig", "muller", "myllymaki", "laine", "salo"]
    assert [(g.group, g.name, g.size, g.total.milliseconds) for g in item1.groups] == [
        ("sdp", "SDP", 7, 210_000), (None, "", None, 120_000), ("kok", "Kokoomus", 9, 90_000),
        ("ps", "Perussuomalaiset", 5, 35_500)]
    assert seconds(item1.languages, "lang") == {"fi": (305.5, 5), "sv": (150, 2)}
    assert {c: (t.milliseconds, t.speeches) for c, t in item1.classes.items()} == {
        "point_of_order": (20_000, 1), "reply": (15_500, 1), "priority": (120_000, 1), "ordinary": (300_000, 4)}
    hour = stats.question_hour
    assert hour is not None and hour.item is None
    assert {c: (t.milliseconds, t.speeches) for c, t in hour.classes.items()} == {
        "answer": (100_000, 1), "follow_up": (30_000, 1)}
    assert seconds(hour.groups, "group") == {None: (100, 1), "vihr": (30, 1)}
    # Korhonen is still on the floor: from 1000 s to the last event at 1045 s
    assert stats.running is not None and stats.running.person == "korhonen"
    assert seconds(item2.members, "person") == {"korhonen": (45, 1)}
    assert (stats.total.total.milliseconds, stats.total.total.speeches) == (455_500 + 130_000 + 45_000, 10)
    assert seconds(stats.total.members, "person")["mayor"] == (220, 2)


def test_tied_groups_sort_by_collation_and_tied_languages_fi_sv_en():
    data = json.loads((EXAMPLES / "sq-t1.json").read_text(encoding="utf-8"))
    roster = json.loads((EXAMPLES / "council-27.json").read_text(encoding="utf-8"))
    names = {"kesk": "Ärliga", "ps": "Åländska"}  # 480 s each; å sorts before ä, unlike code points
    roster["groups"] = [{**g, "name": names.get(g["id"], g["name"])} for g in roster["groups"]]
    langs = {"forsman": "sv", "korhonen": "en"}  # 240 s each
    roster["people"] = [{**p, "lang": langs.get(p["id"], p.get("lang", "fi"))} for p in roster["people"]]
    stats = statistics_of(data={**data, "roster": roster})
    assert [g.name for g in stats.total.groups][:2] == ["Åländska", "Ärliga"]
    assert [(lang.lang, lang.total.milliseconds) for lang in stats.total.languages] == [
        ("fi", 1_200_000), ("sv", 240_000), ("en", 240_000)]


@pytest.mark.parametrize("scenario", ["sq-t1", "rehearsal-demo", None])
def test_every_breakdown_adds_up_to_its_part_and_the_parts_to_the_meeting(scenario):
    stats = statistics_of(EXAMPLES / f"{scenario}.json") if scenario else statistics_of(data=mixed())
    parts = [*stats.items, *([stats.question_hour] if stats.question_hour else [])]
    for part in [stats.total, *parts]:
        for rows in (part.members, part.groups, part.languages):
            assert sum(r.total.milliseconds for r in rows) == part.total.milliseconds
            assert sum(r.total.speeches for r in rows) == part.total.speeches
            for row in rows:
                assert sum(t.milliseconds for t in row.classes.values()) == row.total.milliseconds
        assert sum(t.speeches for t in part.classes.values()) == part.total.speeches
        assert [r.total.milliseconds for r in part.members] == sorted((r.total.milliseconds for r in part.members),
                                                                      reverse=True)
    assert sum(p.total.milliseconds for p in parts) == stats.total.total.milliseconds
    assert sum(p.total.speeches for p in parts) == stats.total.total.speeches


def test_the_running_speech_grows_with_the_last_event():
    data = mixed()
    data["steps"].append({"at": 1090, "actor": "member:salo", "command": "request_floor", "args": {"kind": "speech"}})
    item2 = statistics_of(data=data).items[1]
    assert seconds(item2.members, "person") == {"korhonen": (90, 1)}


# --- JSON, table, chart ---------------------------------------------------------------------------


def test_the_json_has_the_documented_shape():
    stats = statistics_of(data=mixed())
    data = json.loads(json.dumps(to_json(stats)))
    assert set(data) == {"format", "meeting", "title", "date", "until", "running", "total", "items", "question_hour"}
    assert data["format"] == 1 and data["meeting"] == data["date"] == "2026-01-15"
    assert data["running"] == {"speech": stats.running.id, "person": "korhonen"}
    assert data["until"] == stats.until and [i["item"] for i in data["items"]] == [1, 2]
    part = data["items"][0]
    assert set(part) == {"item", "title", "seconds", "speeches", "classes", "members", "groups", "languages"}
    assert part["title"] == {"fi": "Asia 1", "sv": "Ärende 1"} and (part["seconds"], part["speeches"]) == (455.5, 7)
    assert part["members"][-1] == {"person": "salo", "name": "Tero Salo", "group": "ps", "seconds": 15.5,
                                   "speeches": 1, "classes": {"reply": {"seconds": 15.5, "speeches": 1}}}
    assert part["groups"][1] == {"group": None, "name": "", "size": None, "seconds": 120, "speeches": 1,
                                 "classes": {"priority": {"seconds": 120, "speeches": 1}}}
    assert part["languages"][1] == {"lang": "sv", "seconds": 150, "speeches": 2,
                                    "classes": {"ordinary": {"seconds": 150, "speeches": 2}}}
    assert data["question_hour"]["item"] is None and data["question_hour"]["seconds"] == 130
    assert data["total"]["seconds"] == 630.5 and data["total"]["title"] == {
        "fi": "mixed", "sv": "mixed", "en": "mixed"}


HEADINGS = {
    "fi": [("Puhuja", "Valtuustoryhmä", "Puheenvuoroja", "Puheaika"),
           ("Valtuustoryhmä", "Jäseniä", "Puheenvuoroja", "Puheaika"), ("Kieli", "Puheenvuoroja", "Puheaika")],
    "sv": [("Talare", "Fullmäktigegrupp", "Anföranden", "Taltid"),
           ("Fullmäktigegrupp", "Ledamöter", "Anföranden", "Taltid"), ("Språk", "Anföranden", "Taltid")],
    "en": [("Speaker", "Council group", "Speeches", "Speaking time"),
           ("Council group", "Members", "Speeches", "Speaking time"), ("Language", "Speeches", "Speaking time")],
}
GROUP_ADDRESSES = {"fi": "Ryhmäpuheenvuorot", "sv": "Gruppanföranden", "en": "Group addresses"}


@pytest.mark.parametrize("lang", sorted(HEADINGS))
def test_the_table_headings_in_each_language(lang):
    tables = to_table(statistics_of(EXAMPLES / "sq-t1.json"), lang)
    assert len(tables) == 6  # the whole meeting and item 5, each by member, group and language
    for table, expected in zip(tables, HEADINGS[lang] * 2):
        assert table.headings[:len(expected)] == expected
        assert table.headings[len(expected)] == GROUP_ADDRESSES[lang]
        assert all(len(row) == len(table.headings) for row in table.rows)


def test_the_table_rows_and_the_total_row():
    stats = statistics_of(data=mixed())
    tables = to_table(stats, "en", by="group")
    assert [t.title for t in tables] == ["Whole meeting — Speaking time by council group",
                                         "Item 1: Asia 1 — Speaking time by council group",
                                         "Item 2: Asia 2 — Speaking time by council group",
                                         "Question hour — Speaking time by council group"]
    item1 = tables[1]
    assert item1.headings == ("Council group", "Members", "Speeches", "Speaking time", "Points of order",
                              "Replies", "Priority speeches", "Ordinary speeches")
    assert item1.rows[0] == ("SDP", "7", "3", "3:30", "", "", "", "3:30 (3)")
    assert item1.rows[1] == ("Officials", "", "1", "2:00", "", "", "2:00 (1)", "")
    assert item1.rows[-1] == ("Total", "", "7", "7:36", "0:20 (1)", "0:16 (1)", "2:00 (1)", "5:00 (4)")
    assert clock(3_600_000 + 62_499) == "1:01:02"
    text = to_text(stats, "en", by="group")
    assert f"Speech {stats.running.id} (Jari Korhonen) is still on the floor" in text
    lines = text.splitlines()
    heading = lines[lines.index("Item 1: Asia 1 — Speaking time by council group") + 1]
    officials = next(line for line in lines[lines.index(heading):] if line.startswith("Officials "))
    end = heading.index("Speaking time") + len("Speaking time")
    assert officials[end - len("2:00"):end] == "2:00"  # text left, figures right


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_svg_has_a_bar_and_a_label_per_group(lang):
    stats = statistics_of(EXAMPLES / "rehearsal-demo.json")
    root = ET.fromstring(to_svg(stats, lang, by="group"))
    assert root.tag == f"{SVG}svg" and root.get("role") == "img" and root.get("lang") == lang
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and desc is not None
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    rows = root.findall(f"{SVG}g")
    assert len(rows) == len(stats.total.groups) == 6
    labels = [row.find(f"{SVG}text[@class='label']").text for row in rows]
    values = [row.find(f"{SVG}text[@class='value']").text for row in rows]
    widths = [float(row.find(f"{SVG}rect[@class='bar']").get("width")) for row in rows]
    assert labels == [g.name for g in stats.total.groups]
    assert labels[0] == "Perussuomalaiset / Sannfinländarna" and values[:2] == ["10:00 (3)", "6:40 (2)"]
    assert widths[0] == 400 and widths[1] == pytest.approx(400 * 400 / 600, abs=0.1)
    for label, value in zip(labels, values):
        assert f"{label}: {value.split()[0]}" in desc.text  # every figure in words for screen readers


def test_the_svg_by_language_and_by_member_and_escapes_names():
    stats = statistics_of(data=mixed())
    by_language = ET.fromstring(to_svg(stats, "sv", by="language"))
    assert [t.text for t in by_language.iter(f"{SVG}text") if t.get("class") == "label"] == ["finska", "svenska"]
    by_member = to_svg(stats, "en", by="member")
    assert len(ET.fromstring(by_member).findall(f"{SVG}g")) == len(stats.total.members) == 9
    data = mixed()
    data["roster"]["groups"][0]["name"] = "Kokoomus <K&R>"
    escaped = ET.fromstring(to_svg(statistics_of(data=data), "fi", by="group"))
    assert "Kokoomus <K&R>" in [t.text for t in escaped.iter(f"{SVG}text")]
    with pytest.raises(ValueError):
        to_svg(stats, "fi", by="seat")


# --- the command ----------------------------------------------------------------------------------


def test_the_command_prints_a_kept_logs_statistics(capsys, tmp_path):
    data_dir = tmp_path / "sq-t1"
    assert main(["simulate", str(EXAMPLES / "sq-t1.json"), "--data", str(data_dir)]) == 0
    capsys.readouterr()
    assert main(["statistics", "--data", str(data_dir), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["total"]["seconds"], data["total"]["speeches"]) == (1680, 7)
    assert main(["statistics", "--data", str(data_dir), "--meeting", data["meeting"], "--lang", "sv",
                 "--by", "language"]) == 0
    out = capsys.readouterr().out
    assert "Hela sammanträdet — Taltid per språk" in out and "Taltid per talare" not in out
    assert any(line.split()[:3] == ["finska", "7", "28:00"] for line in out.splitlines())
    assert main(["statistics", "--data", str(data_dir), "--format", "svg"]) == 0
    assert len(ET.fromstring(capsys.readouterr().out).findall(f"{SVG}g")) == 5
    assert main(["statistics", "--data", str(data_dir), "--meeting", "1999-01-01"]) == 2
    assert "no meeting '1999-01-01'" in capsys.readouterr().err
    assert main(["statistics", "--data", str(tmp_path / "nowhere")]) == 2
    assert "no log at" in capsys.readouterr().err
