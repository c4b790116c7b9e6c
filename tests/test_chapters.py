"""Video chapters (issue 16): WebVTT and YouTube chapter lists from scenarios replayed through the
real engine — the demo rehearsal, SQ-T1, and a meeting made here with what those lack (a reply,
a point of order, an item resumed, the question hour, a speech still running at the end) —
checked field by field, parsed back, held to YouTube's rules; and `chamber chapters`.

Plain sync tests: the scenario runner and the CLI run their own event loops."""

from __future__ import annotations

import asyncio
import copy
import hashlib
import re
from dataclasses import replace
from pathlib import Path

import pytest

from chamber.cli import main
from chamber.exports.chapters import ChaptersError, timeline, webvtt, youtube_chapters
from chamber.i18n import LANGUAGES, messages
from chamber.rules import Recorded
from chamber.rules.question_hour import ANSWER, FOLLOW_UP
from chamber.rules.roster import LANGUAGES as SPEAKER_LANGUAGES
from chamber.rules.speaking import CLASSES
from chamber.simulate import load_scenario, parse_scenario, run_scenario

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
MINUTE = 60_000

MEMBERS = [f"member:m{n:02d}" for n in range(2, 36)]
MADE = {  # the demo council; seconds from 18:00 in "at"
    "title": "chapters", "start": "2026-03-16T18:00:00+02:00", "roster": "demo",
    "rules": {"question_hour": {"enabled": True}},
    "steps": [
        {"actor": "member:m15", "command": "file_question", "at": 0,
         "args": {"text": "Milloin uimahalli avataan?", "addressee": "o01"}},
        {"actor": "chair", "command": "open_meeting"},
        {"actor": "chair", "command": "start_roll_call", "at": 10},
        {"actor": "secretary", "command": "mark_present", "args": {"person": "m01"}},
        {"actors": MEMBERS, "command": "confirm_presence"},
        {"actor": "chair", "command": "end_roll_call", "at": 60},
        {"actor": "chair", "command": "declare_quorum"},
        {"actor": "chair", "command": "take_up_item", "args": {"item": 1}, "at": 100},
        {"actor": "chair", "command": "close_item", "at": 105},  # 5 s: too short for YouTube
        {"actor": "chair", "command": "take_up_item", "args": {"item": 4}},
        {"actor": "chair", "command": "open_discussion", "at": 110},
        {"actor": "member:m12", "command": "request_floor", "args": {"kind": "speech"}, "at": 115},
        {"actor": "chair", "command": "give_floor", "at": 120},  # s1 Aino Laine 120–210
        {"actor": "member:m22", "command": "request_floor", "args": {"kind": "reply"}, "at": 200},
        {"actor": "chair", "command": "end_speech", "at": 210},
        {"actor": "chair", "command": "give_floor", "args": {"request": "r2"}, "at": 215},  # s2 reply
        {"actor": "chair", "command": "end_speech", "at": 275},
        {"actor": "member:m31", "command": "request_floor", "args": {"kind": "point_of_order"}, "at": 280},
        {"actor": "chair", "command": "give_floor", "at": 281},  # s3 point of order 281–300
        {"actor": "chair", "command": "end_speech", "at": 300},
        {"actor": "chair", "command": "take_up_item", "args": {"item": 6}, "at": 310},  # 4 set aside
        {"actor": "chair", "command": "close_item", "at": 315},  # 5 s
        {"actor": "chair", "command": "take_up_item", "args": {"item": 4}},  # resumed
        {"actor": "chair", "command": "close_item", "at": 500},
        {"actor": "chair", "command": "start_question_hour", "at": 510},
        {"actor": "chair", "command": "take_question", "at": 515},
        {"actor": "chair", "command": "give_answer", "at": 520},  # s4 the mayor 520–640
        {"actor": "chair", "command": "end_speech", "at": 640},
        {"actor": "chair", "command": "give_follow_up", "at": 650},  # s5 the asker 650–700
        {"actor": "chair", "command": "end_speech", "at": 700},
        {"actor": "chair", "command": "end_question_hour", "at": 710},
        {"actor": "chair", "command": "take_up_item", "args": {"item": 5}, "at": 720},
        {"actor": "chair", "command": "open_discussion"},
        {"actor": "member:m19", "command": "request_floor", "args": {"kind": "speech"}},
        {"actor": "chair", "command": "give_floor"},  # s6 the board chair from 720, still speaking
        {"actor": "member:m20", "command": "request_floor", "args": {"kind": "speech"}, "at": 800},
    ],
}


def _events(scn) -> tuple[list[Recorded], int]:
    run = asyncio.run(run_scenario(scn))
    assert not run.failures, run.failures
    return [event for _, event in run.events], scn.start_ms


@pytest.fixture(scope="module")
def rehearsal() -> tuple[list[Recorded], int]:
    """examples/rehearsal-demo.json (18:00 local), the example with the most speeches: 9 on item 4."""
    return _events(load_scenario(EXAMPLES / "rehearsal-demo.json"))


@pytest.fixture(scope="module")
def made() -> tuple[list[Recorded], int]:
    return _events(parse_scenario(MADE, "made.json", EXAMPLES))


@pytest.fixture(scope="module")
def sq_t1() -> tuple[list[Recorded], int]:
    """examples/sq-t1.json: one item, seven speeches."""
    return _events(load_scenario(EXAMPLES / "sq-t1.json"))


# --- reading the outputs back ---------------------------------------------------------------------

TIMING = re.compile(r"^(\d{2}):([0-5]\d):([0-5]\d)\.(\d{3}) --> (\d{2}):([0-5]\d):([0-5]\d)\.(\d{3})$")
LINE = re.compile(r"^(?:(\d+):([0-5]\d):([0-5]\d)|([1-5]?\d):([0-5]\d)) (\S.*)$")


def _ms(h: str, m: str, s: str, ms: str) -> int:
    return ((int(h) * 60 + int(m)) * 60 + int(s)) * 1000 + int(ms)


def parse_webvtt(text: str) -> list[tuple[str, int, int, str]]:
    """The cues (id, start ms, end ms, title), asserting the WebVTT syntax of a chapters file: the
    header, a note, then blocks of id, timing `start --> end` with start < end, and one text line;
    starts in order, and cues only nested or apart (the spec's "only nested cues" for chapters)."""
    assert text.endswith("\n") and not text.endswith("\n\n")
    header, note, *blocks = text[:-1].split("\n\n")
    assert header == "WEBVTT" and note.startswith("NOTE ") and "-->" not in note
    cues = []
    for block in blocks:
        cue_id, timing, title = block.split("\n")  # exactly three lines each
        found = TIMING.match(timing)
        assert found, timing
        start, end = _ms(*found.groups()[:4]), _ms(*found.groups()[4:])
        assert start < end, block
        assert cue_id and "-->" not in cue_id and title.strip() == title and "-->" not in title
        cues.append((cue_id, start, end, title))
    assert [c[1] for c in cues] == sorted(c[1] for c in cues)
    assert len({c[0] for c in cues}) == len(cues)
    for a in cues:
        for b in cues:
            assert a[2] <= b[1] or b[2] <= a[1] or (a[1] <= b[1] and b[2] <= a[2]) \
                or (b[1] <= a[1] and a[2] <= b[2]), (a, b)
    return cues


def parse_youtube(text: str, video_seconds: int) -> list[tuple[int, str]]:
    """The chapters (seconds, title), asserting YouTube's rules: `M:SS` / `H:MM:SS` lines, the first
    at 0:00, at least three, ascending, each at least 10 s long (the last up to the video's end)."""
    assert text.endswith("\n")
    chapters = []
    for line in text[:-1].split("\n"):
        found = LINE.match(line)
        assert found, line
        h, m, s, short_m, short_s, title = found.groups()
        seconds = int(h) * 3600 + int(m) * 60 + int(s) if h is not None else int(short_m) * 60 + int(short_s)
        assert h is None or int(h) > 0, line  # under an hour it is M:SS
        chapters.append((seconds, title))
    starts = [s for s, _ in chapters]
    assert starts[0] == 0 and len(chapters) >= 3
    assert all(b - a >= 10 for a, b in zip(starts, [*starts[1:], video_seconds])), chapters
    return chapters


def cue(cues: list[tuple[str, int, int, str]], cue_id: str) -> tuple[int, int, str]:
    return next((start, end, title) for i, start, end, title in cues if i == cue_id)


# --- the timeline, field by field ------------------------------------------------------------------


REHEARSAL_SPEAKERS = [  # s1…s9 on item 4: name, group, kind, language
    ("Johan Sjöholm", "RKP / SFP", "group_address", "sv"),
    ("Aino Laine", "SDP / Socialdemokraterna", "group_address", "fi"),
    ("Minna Jääskeläinen", "Kokoomus / Samlingspartiet", "group_address", "fi"),
    ("Matti Ämmälä", "Keskusta / Centern", "group_address", "fi"),
    ("Timo Pöyhönen", "Perussuomalaiset / Sannfinländarna", "group_address", "fi"),
    ("Outi Väisänen", "Vasemmistoliitto / Vänsterförbundet", "group_address", "fi"),
    ("Henrik Öhman", "Kokoomus / Samlingspartiet", "priority", "sv"),  # the board chair
    ("Jani Rantanen", "Perussuomalaiset / Sannfinländarna", "ordinary", "fi"),
    ("Sari Koskela", "Perussuomalaiset / Sannfinländarna", "ordinary", "fi"),
]


def test_the_rehearsal_timeline_names_each_speech_field_by_field(rehearsal):
    events, start = rehearsal
    chapters = timeline(events, "fi")
    # items 1 and 2 are taken up and closed in the same millisecond by the scenario: no length
    assert [c.id for c in chapters] == ["item-1", "item-2", "item-4", *[f"s{n}" for n in range(1, 10)], "item-6"]
    speeches = [c for c in chapters if c.id.startswith("s")]
    assert [(c.speaker, c.group, c.kind, c.lang) for c in speeches] == REHEARSAL_SPEAKERS
    assert {(c.item, c.within) for c in speeches} == {(4, "item-4")}
    item4 = next(c for c in chapters if c.id == "item-4")
    assert (item4.start - start, item4.end - start, item4.item) == (310_000, 2_310_000, 4)
    assert (speeches[0].start - start, speeches[0].end - start) == (360_000, 560_000)


def test_the_rehearsal_webvtt_cues(rehearsal):
    events, start = rehearsal
    cues = parse_webvtt(webvtt(events, start - 2 * MINUTE, "fi"))  # the stream began at 17:58
    assert [c[0] for c in cues] == ["item-4", *[f"s{n}" for n in range(1, 10)], "item-6"]  # none of no length
    assert cue(cues, "item-4") == (7 * MINUTE + 10_000, 40 * MINUTE + 30_000,
                                   "§ 4 Vuoden 2026 talousarvion muutos: koulukeskuksen ilmanvaihdon peruskorjaus")
    assert cue(cues, "s1") == (8 * MINUTE, 11 * MINUTE + 20_000,
                               "Johan Sjöholm (RKP / SFP) – ryhmäpuheenvuoro – § 4 – ruotsi")
    assert cue(cues, "s7")[2] == "Henrik Öhman (Kokoomus / Samlingspartiet) – puheenvuoro etuoikeudella – § 4 – ruotsi"
    assert cue(cues, "s9")[2] == "Sari Koskela (Perussuomalaiset / Sannfinländarna) – puheenvuoro – § 4 – suomi"
    assert cue(cues, "item-6") == (46 * MINUTE + 10_000, 66 * MINUTE + 10_000,
                                   "§ 6 Kouluverkko: Östervikin koulun lakkauttaminen")
    assert "\nitem-4\n00:07:10.000 --> 00:40:30.000\n" in webvtt(events, start - 2 * MINUTE, "fi")


def test_titles_kinds_and_languages_in_each_language(rehearsal):
    events, start = rehearsal
    by_lang = {lang: parse_webvtt(webvtt(events, start, lang)) for lang in LANGUAGES}
    assert cue(by_lang["sv"], "item-4")[2] == \
        "§ 4 Ändring av budgeten för 2026: grundrenovering av ventilationen i skolcentret"
    # the demo agenda has no English: the Finnish title, under the English label
    assert cue(by_lang["en"], "item-4")[2] == \
        "Item 4: Vuoden 2026 talousarvion muutos: koulukeskuksen ilmanvaihdon peruskorjaus"
    assert cue(by_lang["sv"], "s1")[2] == "Johan Sjöholm (RKP / SFP) – gruppanförande – § 4 – svenska"
    assert cue(by_lang["en"], "s1")[2] == "Johan Sjöholm (RKP / SFP) – group address – item 4 – Swedish"
    assert cue(by_lang["sv"], "s8")[2].endswith(" – anförande – § 4 – finska")
    assert cue(by_lang["en"], "s7")[2].endswith(" – priority speech – item 4 – Swedish")
    assert [c[:2] for c in by_lang["fi"]] == [c[:2] for c in by_lang["sv"]] == [c[:2] for c in by_lang["en"]]


def test_every_kind_and_language_has_a_label_in_fi_sv_and_en():
    catalog = messages()
    labels = [f"chapter_kind_{k}" for k in (*CLASSES, ANSWER, FOLLOW_UP)]
    labels += [f"language_{lang}" for lang in SPEAKER_LANGUAGES]
    for label in labels + ["chapter_item", "chapter_item_ref", "chapter_question_hour", "chapter_meeting_begins"]:
        assert set(catalog[label]) == set(LANGUAGES), label


def test_a_title_with_a_line_break_or_an_arrow_stays_one_cue_line(rehearsal):
    events, start = rehearsal
    setup = copy.deepcopy(events[0].data)
    next(i for i in setup["agenda"] if i["number"] == 4)["title"]["fi"] = "Talous-\narvio  -->  2026"
    edited = [replace(events[0], data=setup), *events[1:]]
    assert cue(parse_webvtt(webvtt(edited, start, "fi")), "item-4")[2] == "§ 4 Talous- arvio → 2026"
    assert "4:30 § 4 Talous- arvio → 2026\n" in youtube_chapters(edited, start + 40_000, "fi")


# --- what the examples lack: replies, points of order, a resumed item, the question hour ------------


def test_replies_points_of_order_and_the_question_hour(made):
    events, start = made
    chapters = {c.id: c for c in timeline(events, "en")}
    assert [(c.speaker, c.group, c.kind, c.lang, c.item, c.within) for c in
            (chapters[s] for s in ("s1", "s2", "s3", "s4", "s5", "s6"))] == [
        ("Aino Laine", "SDP / Socialdemokraterna", "ordinary", "fi", 4, "item-4"),
        ("Rebecca Holm", "Kokoomus / Samlingspartiet", "reply", "en", 4, "item-4"),
        ("Timo Pöyhönen", "Perussuomalaiset / Sannfinländarna", "point_of_order", "fi", 4, "item-4"),
        ("Carola Sjöberg", None, "answer", "sv", None, "question-hour"),  # the mayor: no group
        ("Daniel Mensah", "SDP / Socialdemokraterna", "follow_up", "en", None, "question-hour"),
        ("Henrik Öhman", "Kokoomus / Samlingspartiet", "priority", "sv", 5, "item-5"),
    ]
    assert chapters["s4"].title == "Carola Sjöberg – answer – Question hour – Swedish"
    assert chapters["s3"].title == \
        "Timo Pöyhönen (Perussuomalaiset / Sannfinländarna) – point of order – item 4 – Finnish"
    # item 4 set aside for item 6 and resumed: two chapters with its title
    assert [(c.start - start, c.end - start) for c in (chapters["item-4"], chapters["item-4-2"])] == \
        [(105_000, 310_000), (315_000, 500_000)]
    assert chapters["item-4"].title == chapters["item-4-2"].title
    assert (chapters["question-hour"].start - start, chapters["question-hour"].end - start) == (510_000, 710_000)


def test_the_stream_start_clips_and_the_last_event_ends(made):
    events, start = made
    cues = parse_webvtt(webvtt(events, start + 250_000, "fi"))
    ids = [c[0] for c in cues]
    assert "item-1" not in ids and "s1" not in ids  # over before the stream: left out
    assert ids == ["item-4", "s2", "s3", "item-6", "item-4-2", "question-hour", "s4", "s5", "item-5", "s6"]
    assert cue(cues, "item-4")[:2] == (0, 60_000)  # running at the start: from 0
    assert cue(cues, "s2") == (0, 25_000, "Rebecca Holm (Kokoomus / Samlingspartiet) – vastauspuheenvuoro – § 4 – englanti")
    assert cue(cues, "s3")[:2] == (31_000, 50_000)
    # the board chair still speaks at the last event (800 s): the speech and the item end there
    assert cue(cues, "s6")[:2] == cue(cues, "item-5")[:2] == (470_000, 550_000)  # given as it was taken up
    assert cue(cues, "s5")[2] == "Daniel Mensah (SDP / Socialdemokraterna) – lisäkysymys – Kyselytunti – englanti"


# --- YouTube ----------------------------------------------------------------------------------------


def test_youtube_lists_the_items_from_meeting_begins(rehearsal):
    events, start = rehearsal
    text = youtube_chapters(events, start - 2 * MINUTE, "fi")
    assert parse_youtube(text, (events[-1].at - start) // 1000 + 120) == [
        (0, "Kokous alkaa"),
        (7 * 60 + 10, "§ 4 Vuoden 2026 talousarvion muutos: koulukeskuksen ilmanvaihdon peruskorjaus"),
        (46 * 60 + 10, "§ 6 Kouluverkko: Östervikin koulun lakkauttaminen"),
    ]
    assert text.splitlines()[1].startswith("7:10 ")
    assert youtube_chapters(events, start - 2 * MINUTE, "sv").splitlines()[0] == "0:00 Sammanträdet börjar"
    assert youtube_chapters(events, start - 2 * MINUTE, "en").splitlines()[0] == "0:00 Meeting begins"


def test_youtube_gives_a_too_short_chapter_to_the_next(made):
    events, start = made
    end = (events[-1].at - start) // 1000
    four = "Item 4: Vuoden 2026 talousarvion muutos: koulukeskuksen ilmanvaihdon peruskorjaus"
    five = "Item 5: Satamarannan asemakaavan muutos"
    # item 1 lasts 5 s (100–105): item 4 begins at its start; item 6 lasts 5 s (310–315) and
    # item 4 is resumed after it: one chapter of item 4
    assert parse_youtube(youtube_chapters(events, start, "en"), end) == [
        (0, "Meeting begins"), (100, four), (510, "Question hour"), (720, five)]
    # from 95 s, "Meeting begins" would last 5 s: item 1 takes 0:00 and, with it, 10 s
    assert parse_youtube(youtube_chapters(events, start + 95_000, "en"), end - 95)[:2] == [
        (0, "Item 1: Kokouksen laillisuus ja päätösvaltaisuus"), (10, four)]
    # from 715 s only item 5 is left (85 s), and with its one speech that makes two chapters
    with pytest.raises(ChaptersError, match="YouTube shows chapters only from 3"):
        youtube_chapters(events, start + 715_000, "en")


def test_youtube_chapters_by_speech_when_the_items_are_too_few(sq_t1):
    events, start = sq_t1
    text = youtube_chapters(events, start, "en")
    chapters = parse_youtube(text, (events[-1].at - start) // 1000)
    assert [at for at, _ in chapters] == [0, 80, 320, 565, 810, 1055, 1300, 1545, 1790]  # 5 s gaps: to the next
    assert chapters[0] == (0, "Item 5: Asia 5") and chapters[-1] == (1790, "Item 5: Asia 5")
    assert chapters[1][1] == "Matti Virtanen (Kokoomus) – group address – item 5 – Finnish"
    assert text.splitlines()[2] == "5:20 Jukka Mäkinen (SDP) – group address – item 5 – Finnish"
    with pytest.raises(ChaptersError):
        youtube_chapters(events, events[-1].at, "en")  # nothing left to see


# --- the command ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def kept(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("chapters") / "rehearsal"
    assert main(["simulate", str(EXAMPLES / "rehearsal-demo.json"), "--data", str(data), "--json"]) == 0
    return data


def _digest(data: Path) -> str:
    """The log's bytes (SQLite may add an empty -wal and -shm beside a log it only reads)."""
    return hashlib.sha256((data / "log.db").read_bytes()).hexdigest()


def test_the_chapters_command(capsys, kept):
    capsys.readouterr()
    before = _digest(kept)
    assert main(["chapters", "--data", str(kept), "--stream-start", "2026-03-16T17:58:00+02:00",
                 "--format", "youtube", "--lang", "sv"]) == 0
    out, err = capsys.readouterr()
    assert err == "" and out == (
        "0:00 Sammanträdet börjar\n"
        "7:10 § 4 Ändring av budgeten för 2026: grundrenovering av ventilationen i skolcentret\n"
        "46:10 § 6 Skolnätet: indragning av Östervik skola\n")
    ms = str(1773676800000 - 2 * MINUTE)  # 18:00+02:00, two minutes earlier, in milliseconds
    assert main(["chapters", "--data", str(kept), "--stream-start", ms, "--meeting", "2026-03-16"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("WEBVTT\n") and len(parse_webvtt(out)) == 11
    assert "\ns1\n00:08:00.000 --> 00:11:20.000\nJohan Sjöholm (RKP / SFP) – ryhmäpuheenvuoro – § 4 – ruotsi\n" in out
    assert _digest(kept) == before  # read, never written


@pytest.mark.parametrize("args, problem", [
    (["--stream-start", "2026-03-16T17:58:00"], "has no UTC offset; add one, e.g. +02:00 or Z"),
    (["--stream-start", "soon"], "'soon' is neither an ISO 8601 time"),
    (["--stream-start", "0", "--meeting", "2026-03-17"], "no meeting '2026-03-17' in "),
    (["--stream-start", "2026-03-16T20:00:00+02:00", "--format", "youtube"], "YouTube shows chapters only from 3"),
], ids=["no offset", "not a time", "unknown meeting", "too little to chapter"])
def test_the_chapters_command_refuses_clearly(capsys, kept, args, problem):
    capsys.readouterr()
    assert main(["chapters", "--data", str(kept), *args]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("chamber: ") and problem in err


def test_the_chapters_command_without_a_log(capsys, tmp_path):
    assert main(["chapters", "--data", str(tmp_path), "--stream-start", "0"]) == 2
    assert capsys.readouterr().err == f"chamber: no log at {tmp_path / 'log.db'}\n"
