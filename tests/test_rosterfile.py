"""Roster and agenda files: the shipped examples load, both CSV dialects give the same roster,
and every mistake a secretary is likely to make is reported with its line and field."""

from __future__ import annotations

import csv
import io
import json
import re
import string
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chamber.i18n import LANGUAGES, message, messages
from chamber.rosterfile import FILE_PROBLEMS, RosterFileError, load_agenda, load_roster, read_agenda, read_roster
from chamber.rules.agenda import parse_agenda

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

# A small valid council; the bad-file cases below change one line each (line numbers as in the file).
BASE_CSV = [
    "name,Testby / Testilä",  # 1
    "seats,5",  # 2
    "id,first,last,kind,group,group_name,seat,lang,order,roles,deputy_of",  # 3
    "m1,Anna,Aalto,member,a,Ryhmä A / Grupp A,1,fi,,chair,",  # 4
    "m2,Bo,Berg,member,a,,2,sv,,group_chair,",  # 5
    "m3,Cia,Ek,member,b,Ryhmä B / Grupp B,3,sv,,,",  # 6
    "m4,Dan,Öhman,member,b,,4,fi,,,",  # 7
    "m5,Eeva,Äijälä,member,c,Ryhmä C / Grupp C,5,fi,,,",  # 8
    "s1,Fia,Falk,substitute,a,,,sv,1,,",  # 9
    "s2,Gun,Grön,substitute,a,,,sv,2,,",  # 10
    "o1,Hans,Holm,official,,,,sv,,mayor,",  # 11
]


def _csv(changes: dict[int, str] | None = None) -> str:
    """BASE_CSV with lines replaced (or, past the end, appended), keyed by 1-based line number."""
    lines = list(BASE_CSV)
    for number, text in sorted((changes or {}).items()):
        if number <= len(lines):
            lines[number - 1] = text
        else:
            lines.append(text)
    return "\n".join(lines) + "\n"


def _write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def _error(path: Path) -> str:
    loader = load_agenda if path.name.startswith("agenda") else load_roster
    with pytest.raises(RosterFileError) as caught:
        loader(path)
    return str(caught.value)


# --- good files -----------------------------------------------------------------------------


def test_example_csv_and_json_are_the_same_council() -> None:
    from_csv = load_roster(EXAMPLES / "roster.csv")
    assert from_csv.to_dict() == load_roster(EXAMPLES / "roster.json").to_dict()
    assert len(from_csv.members) == 13 and from_csv.seats == 13
    assert [g.id for g in from_csv.groups] == ["kesk", "kok", "sdp", "ps"]
    assert from_csv.secretary == "Leena Koivisto"
    assert from_csv.chair is not None and from_csv.chair.id == "m01"
    assert from_csv.person("s02").order == 2 and from_csv.person("s02").kind == "substitute"
    assert from_csv.person("o01").group is None and from_csv.person("o01").roles == {"mayor"}


def test_example_csv_is_what_finnish_excel_writes() -> None:
    """Semicolons and a UTF-8 BOM, so that a double click opens it correctly in Excel."""
    raw = (EXAMPLES / "roster.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8-sig").splitlines()[0].startswith("name;")


def test_example_agenda_loads_and_is_bilingual() -> None:
    entries = load_agenda(EXAMPLES / "agenda.json")
    items = parse_agenda(entries)
    assert len(items) >= 6
    assert all(set(item.title) == {"fi", "sv"} for item in items)
    assert entries[3]["attachments"][0]["url"].startswith("https://")


def _as_comma_csv(text: str) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(csv.reader(io.StringIO(text), delimiter=";"))
    return out.getvalue()


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("comma", [False, True])
def test_csv_dialects_give_the_same_roster(tmp_path: Path, bom: bytes, newline: str, comma: bool) -> None:
    text = (EXAMPLES / "roster.csv").read_text("utf-8-sig")
    text = _as_comma_csv(text) if comma else text
    path = _write(tmp_path, "roster.csv", bom + text.replace("\n", newline).encode("utf-8"))
    assert load_roster(path).to_dict() == load_roster(EXAMPLES / "roster.json").to_dict()


def test_csv_is_forgiving_where_a_spreadsheet_differs(tmp_path: Path) -> None:
    """Upper-case headers and values, padded setting rows, blank rows, notes and comma-separated
    roles are what spreadsheets produce; none of them is a mistake."""
    text = _csv(
        {
            1: "name,Testby / Testilä,,,",
            3: "ID,First,Last,Kind,Group,Group_Name,Seat,Lang,Order,Roles,Deputy_of,# puhelin",
            4: 'm1,Anna,Aalto,Member,a,Ryhmä A / Grupp A,1,FI,,"chair, group_chair",,040 123',
            5: "m2,Bo,Berg,member,a,,2,sv,,,,",
            12: ",,,,,,,,,,",
            13: "# loppu,,,",
        }
    )
    roster = load_roster(_write(tmp_path, "roster.csv", text))
    anna = roster.person("m1")
    assert anna is not None and anna.lang == "fi" and anna.roles == {"chair", "group_chair"}
    assert roster.name == "Testby / Testilä" and len(roster.people) == 8


def test_seats_default_to_the_member_count(tmp_path: Path) -> None:
    assert load_roster(_write(tmp_path, "roster.csv", _csv({2: "secretary,Sara Sihteeri"}))).seats == 5


def test_json_roster_round_trips(tmp_path: Path) -> None:
    roster = load_roster(EXAMPLES / "roster.csv")
    path = _write(tmp_path, "roster.json", json.dumps(roster.to_dict(), ensure_ascii=False, indent=1))
    assert load_roster(path) == roster


_name = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=20
).filter(lambda s: s.strip() != "")


@settings(max_examples=60, deadline=None)
@given(
    names=st.lists(st.tuples(_name, _name), min_size=2, max_size=6),
    council=_name,
    delimiter=st.sampled_from([",", ";"]),
    quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]),
)
def test_any_name_survives_a_spreadsheet(
    names: list[tuple[str, str]], council: str, delimiter: str, quoting: int
) -> None:
    """Quotes, delimiters and å/ä/ö in names come back as written (minus outer spaces)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, quoting=quoting)
    writer.writerow(["name", council])
    writer.writerow(["id", "first", "last", "group", "group_name", "roles"])
    for i, (first, last) in enumerate(names):
        writer.writerow([f"m{i}", first, last, "g", "Ryhmä / Grupp" if i == 0 else "", "chair" if i == 0 else ""])
    roster = read_roster(out.getvalue().encode("utf-8"), "roster.csv")
    assert roster.name == council.strip()
    assert [(p.first, p.last) for p in roster.people] == [(f.strip(), l.strip()) for f, l in names]


# --- bad roster files: each names the line and the field --------------------------------------

CSV_MISTAKES = {
    "substitute without order": ({10: "s2,Gun,Grön,substitute,a,,,sv,,,"}, 10, "order", "a substitute needs an order"),
    "order on a member": ({10: "s2,Gun,Grön,,a,,,sv,2,,"}, 10, "order", "only a substitute has an order"),
    "two substitutes share an order": ({10: "s2,Gun,Grön,substitute,a,,,sv,1,,"}, 10, "order", "line 9"),
    "order not a number": ({9: "s1,Fia,Falk,substitute,a,,,sv,first,,"}, 9, "order", "needs an order"),
    "duplicate id": ({7: "m3,Dan,Öhman,member,b,,4,fi,,,"}, 7, "id", "'m3' is already used by roster.csv line 6"),
    "duplicate seat": ({7: "m4,Dan,Öhman,member,b,,3,fi,,,"}, 7, "seat", "'3' is already used by roster.csv line 6"),
    "bad language": ({6: "m3,Cia,Ek,member,b,Ryhmä B / Grupp B,3,se,,,"}, 6, "lang", "fi, sv, en"),
    "bad kind": ({7: "m4,Dan,Öhman,councillor,b,,4,fi,,,"}, 7, "kind", "member, substitute, official"),
    "unknown role": ({5: "m2,Bo,Berg,member,a,,2,sv,,group_chiar,"}, 5, "roles", "unknown role 'group_chiar'"),
    "two chairs": ({8: "m5,Eeva,Äijälä,member,c,Ryhmä C / Grupp C,5,fi,,chair,"}, 8, "roles", "exactly one"),
    "official as chair": (
        {4: "m1,Anna,Aalto,official,a,Ryhmä A / Grupp A,1,fi,,chair,"}, 4, "roles", "the chair must be a member"
    ),
    "misspelt group": ({7: "m4,Dan,Öhman,member,bb,,4,fi,,,"}, 7, "group", "unknown group 'bb'"),
    "member without group": ({7: "m4,Dan,Öhman,member,,,4,fi,,,"}, 7, "group", "is required"),
    "group named twice differently": (
        {7: "m4,Dan,Öhman,member,b,Ryhmä Be,4,fi,,,"}, 7, "group_name", "already named 'Ryhmä B / Grupp B' on roster.csv line 6"
    ),
    "group name without group": ({11: "o1,Hans,Holm,official,,Virkamiehet,,sv,,mayor,"}, 11, "group", "no group id"),
    "empty first name": ({5: "m2,,Berg,member,a,,2,sv,,group_chair,"}, 5, "first", "is required"),
    "deputy of nobody": ({9: "s1,Fia,Falk,substitute,a,,,sv,1,,m9"}, 9, "deputy_of", "no person 'm9'"),
    "more cells than columns": ({6: "m3,Cia,Ek,member,b,Ryhmä B / Grupp B,3,sv,,,,extra"}, 6, "(column 12)", "more cells"),
    "missing column": ({3: "id,first,kind,group,group_name,seat,lang,order,roles,deputy_of"}, 3, "last", "missing column"),
    "unknown column": ({3: "id,first,last,kind,group,group_name,seats,lang,order,roles,deputy_of"}, 3, "seats", "unknown column"),
    "column twice": ({3: "id,first,last,kind,group,group_name,seat,lang,order,roles,lang"}, 3, "lang", "given twice"),
    "unknown setting": ({2: "paikat,5"}, 2, "paikat", "unknown setting"),
    "setting twice": ({2: "name,Toinen"}, 2, "name", "given twice (first on roster.csv line 1)"),
    "seats not a number": ({2: "seats,viisi"}, 2, "seats", "whole number"),
    "fewer seats than members": ({2: "seats,4"}, 2, "seats", "is 4 but the roster has 5 members"),
    "unquoted delimiter in a setting": ({1: "name,Testby, Testilä"}, 1, "name", "more than one value"),
    "no council name": ({1: "secretary,Sara Sihteeri"}, 3, "name", "the council's name is required"),
    "unterminated quote": ({10: 's2,"Gun,Grön,substitute,a,,,sv,2,,'}, 10, "", "not readable as CSV"),
}


@pytest.mark.parametrize("mistake", CSV_MISTAKES, ids=list(CSV_MISTAKES))
def test_csv_mistake_names_line_and_field(tmp_path: Path, mistake: str) -> None:
    changes, line, field, problem = CSV_MISTAKES[mistake]
    message = _error(_write(tmp_path, "roster.csv", _csv(changes)))
    assert message.startswith(f"roster.csv line {line}"), message
    assert (f"field '{field}': " if field else ": not readable") in message, message
    assert problem in message, message


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_mistakes_are_found_in_semicolon_files_too(tmp_path: Path, delimiter: str) -> None:
    text = _csv({6: "m3,Cia,Ek,member,b,Ryhmä B / Grupp B,3,se,,,"}).replace(",", delimiter)
    assert _error(_write(tmp_path, "roster.csv", text)).startswith("roster.csv line 6: field 'lang': ")


def test_latin1_export_is_refused_with_its_line(tmp_path: Path) -> None:
    message = _error(_write(tmp_path, "roster.csv", _csv().encode("cp1252")))
    assert message.startswith("roster.csv line 1: not UTF-8 text"), message  # "Testilä" is on line 1
    assert "CSV UTF-8" in message


def test_no_header_row(tmp_path: Path) -> None:
    message = _error(_write(tmp_path, "roster.csv", "name,Testby\nnumero,etunimi,sukunimi\n1,Anna,Aalto\n"))
    assert message.startswith("roster.csv: field 'id': no column header row"), message


def test_header_without_people(tmp_path: Path) -> None:
    message = _error(_write(tmp_path, "roster.csv", "\n".join(BASE_CSV[:3]) + "\n"))
    assert message.startswith("roster.csv line 3: field 'id': no people"), message


def test_unreadable_file(tmp_path: Path) -> None:
    missing = tmp_path / "roster.csv"
    assert _error(missing) == f"{missing}: cannot read the file: No such file or directory"


@pytest.mark.parametrize("name", ["roster.xlsx", "roster"])
def test_unknown_extension(tmp_path: Path, name: str) -> None:
    message = _error(_write(tmp_path, name, _csv()))
    assert message.startswith(f"{name}: unknown file type"), message
    assert ".csv or .json" in message


def _json_roster(people_line: int, replacement: str | None = None) -> str:
    """The example JSON roster with one line replaced (its lines are one person each)."""
    lines = (EXAMPLES / "roster.json").read_text("utf-8").splitlines()
    if replacement is not None:
        lines[people_line - 1] = replacement
    return "\n".join(lines) + "\n"


def _person_line(person_id: str) -> int:
    lines = (EXAMPLES / "roster.json").read_text("utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if f'"id": "{person_id}"' in line)


def _json_person(person_id: str, **changes: object) -> str:
    line = _person_line(person_id)
    text = (EXAMPLES / "roster.json").read_text("utf-8").splitlines()[line - 1]
    person = json.loads(text.rstrip(","))
    person.update(changes)
    return "    " + json.dumps(person, ensure_ascii=False) + ("," if text.endswith(",") else "")


JSON_MISTAKES = {
    "bad language": ("m04", {"lang": "se"}, "lang", "must be one of fi, sv, en"),
    "misspelt field": ("m05", {"langauge": "fi"}, "langauge", "unknown field"),
    "unknown group": ("m07", {"group": "kd"}, "group", "no group 'kd' in groups"),
    "duplicate id": ("m08", {"id": "m07"}, "id", "'m07' is already used by roster.json line"),
    "order on a member": ("m09", {"order": 1}, "order", "only a substitute has an order"),
    "substitute without order": ("s03", {"order": None}, "order", "a substitute needs an order"),
    "roles not a list": ("m10", {"roles": 7}, "roles", "must be a list of role names"),
}


@pytest.mark.parametrize("mistake", JSON_MISTAKES, ids=list(JSON_MISTAKES))
def test_json_mistake_names_line_and_field(tmp_path: Path, mistake: str) -> None:
    person_id, changes, field, problem = JSON_MISTAKES[mistake]
    line = _person_line(person_id)
    message = _error(_write(tmp_path, "roster.json", _json_roster(line, _json_person(person_id, **changes))))
    assert message.startswith(f"roster.json line {line}"), message
    assert f"field '{field}': {problem}" in message, message


def test_json_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    line = _person_line("m03")
    broken = _json_roster(line, _json_person("m03").replace('"first":', '"first"'))
    message = _error(_write(tmp_path, "roster.json", broken))
    assert message.startswith(f"roster.json line {line}, column "), message
    assert "not valid JSON: a colon ':' is missing after the field name" in message


def test_json_duplicate_key_is_refused(tmp_path: Path) -> None:
    line = _person_line("m03")
    doubled = _json_roster(line, _json_person("m03").replace('"lang": "fi"', '"lang": "fi", "lang": "sv"'))
    message = _error(_write(tmp_path, "roster.json", doubled))
    assert message.startswith(f"roster.json line {line}, column 5: not valid JSON: duplicate key 'lang'"), message


def test_json_roster_level_mistakes(tmp_path: Path) -> None:
    data = json.loads((EXAMPLES / "roster.json").read_text("utf-8"))
    cases = [
        ({**data, "name": ""}, "roster.json: field 'name': is required"),
        ({**data, "seats": 12}, "roster.json: field 'seats': is 12 but the roster has 13 members"),
        ({**data, "council": "x"}, "roster.json line 1: field 'council': unknown field"),
        ({k: v for k, v in data.items() if k != "groups"}, "roster.json: field 'groups': must be a non-empty list"),
    ]
    for content, expected in cases:
        assert _error(_write(tmp_path, "roster.json", json.dumps(content))).startswith(expected)
    assert _error(_write(tmp_path, "roster.json", "[]")).startswith("roster.json line 1: a roster file is one JSON object")


# --- agenda files ---------------------------------------------------------------------------

AGENDA_MISTAKES = {
    "missing title": ({"number": 2, "base_proposal": {"fi": "x"}}, "title", "must be texts by language"),
    "empty title": ({"number": 2, "title": {"fi": " "}}, "title", "is required in at least one language"),
    "number taken": ({"number": 1, "title": {"fi": "Toinen"}}, "number", "1 is already used by agenda.json line 2"),
    "number not a number": ({"number": "2", "title": {"fi": "Toinen"}}, "number", "positive whole number"),
    "misspelt field": ({"title": {"fi": "Toinen"}, "base_propsal": {"fi": "x"}}, "base_propsal", "unknown field"),
    "se for Swedish": ({"title": {"fi": "Toinen", "se": "Andra"}}, "title", "unknown language 'se'"),
    "attachment without url": ({"title": {"fi": "Toinen"}, "attachments": [{"title": "Liite"}]}, "attachments", "url"),
}


@pytest.mark.parametrize("mistake", AGENDA_MISTAKES, ids=list(AGENDA_MISTAKES))
def test_agenda_mistake_names_line_and_field(tmp_path: Path, mistake: str) -> None:
    bad, field, problem = AGENDA_MISTAKES[mistake]
    text = "[\n  {\"number\": 1, \"title\": {\"fi\": \"Eka\", \"sv\": \"Första\"}},\n  " + json.dumps(bad) + "\n]\n"
    message = _error(_write(tmp_path, "agenda.json", text))
    assert message.startswith(f"agenda.json line 3: field '{field}': "), message
    assert problem in message, message


@pytest.mark.parametrize("lang", ["fi", "sv"])
@pytest.mark.parametrize("mistake", AGENDA_MISTAKES, ids=list(AGENDA_MISTAKES))
def test_every_agenda_mistake_is_told_in_the_users_language(mistake: str, lang: str) -> None:
    bad, _, _ = AGENDA_MISTAKES[mistake]
    text = "[\n  {\"number\": 1, \"title\": {\"fi\": \"Eka\", \"sv\": \"Första\"}},\n  " + json.dumps(bad) + "\n]\n"
    with pytest.raises(RosterFileError) as caught:
        read_agenda(text.encode(), "agenda.json")
    said = caught.value.message(lang)
    assert said.startswith(f"agenda.json, {LINE[lang]} 3: "), said
    assert not unfilled(said) and not english_in(said), said


def test_a_clash_between_items_names_both_lines_in_the_users_language() -> None:
    text = '[\n  {"number": 1, "title": "Eka"},\n  {"number": 1, "title": "Toka"}\n]\n'
    with pytest.raises(RosterFileError) as caught:
        read_agenda(text.encode(), "agenda.json")
    err = caught.value
    assert err.reason == "agenda_number_taken" and err.params["by"] == "agenda.json line 2"
    assert err.message("fi") == "agenda.json, rivi 3: Numero 1 on jo toisen asian numero (agenda.json, rivi 2)."
    assert err.message("sv") == "agenda.json, rad 3: Numret 1 används redan av ett annat ärende (agenda.json, rad 2)."


def test_an_appropriation_item_has_its_base_amount_in_whole_euros(tmp_path: Path) -> None:
    entries = load_agenda(EXAMPLES / "agenda.json")
    assert [e.get("base_amount") for e in entries][3] == 85_000  # § 4, the fire station's roof
    assert parse_agenda(entries)[3].base_amount == 85_000 and parse_agenda(entries)[0].base_amount is None
    for bad in ("-1", "85000.5", '"85 000"', "true"):
        text = '[\n  {"title": "Eka"},\n  {"title": "Määräraha", "base_amount": ' + bad + "}\n]\n"
        with pytest.raises(RosterFileError) as caught:
            read_agenda(text.encode(), "agenda.json")
        assert str(caught.value) == "agenda.json line 3: field 'base_amount': must be a whole number of euros, 0 or more"
        assert caught.value.message("fi") == "agenda.json, rivi 3: Määräraha annetaan kokonaisina euroina (0 tai enemmän)."


def test_an_empty_agenda_file_is_refused() -> None:
    with pytest.raises(RosterFileError) as caught:
        read_agenda(b"[]", "agenda.json")
    assert caught.value.code == "agenda_no_items" and str(caught.value).startswith("agenda.json line 1: the agenda has no items")


def test_agenda_must_be_a_json_list(tmp_path: Path) -> None:
    assert _error(_write(tmp_path, "agenda.json", '{"items": []}')).startswith("agenda.json line 1: ")
    assert _error(_write(tmp_path, "agenda.csv", "1,Eka")).startswith("agenda.csv: unknown file type")
    assert _error(_write(tmp_path, "agenda.json", "[\n  {\"title\": }\n]")).startswith("agenda.json line 2, column 13")


# --- errors in the user's language ------------------------------------------------------------


def _caught(content: str | bytes, name: str = "roster.csv") -> RosterFileError:
    with pytest.raises(RosterFileError) as caught:
        read_roster(content.encode("utf-8") if isinstance(content, str) else content, name)
    return caught.value


def test_bad_utf8_in_finnish_and_swedish() -> None:
    err = _caught(_csv().encode("cp1252"))
    assert (err.where, err.code, err.params) == ("roster.csv line 1", "not_utf8", {"byte": "0xe4"})
    assert err.message("fi") == (
        "roster.csv, rivi 1: Tiedoston merkistö ei ole UTF-8 (tavu 0xe4). "
        "Tallenna tiedosto UTF-8-muodossa (Excelissä: 'CSV UTF-8')."
    )
    assert err.message("sv") == (
        "roster.csv, rad 1: Filen är inte kodad i UTF-8 (byte 0xe4). "
        "Spara filen i UTF-8-format (i Excel: 'CSV UTF-8')."
    )


def test_unknown_column_in_finnish_and_swedish() -> None:
    err = _caught(_csv({3: "id,first,last,kind,group,group_name,seats,lang,order,roles,deputy_of"}))
    known = "id, first, last, kind, group, group_name, seat, lang, order, roles, deputy_of"
    assert err.message("fi") == f"roster.csv, rivi 3: Tuntematon sarake 'seats' (tunnetut: {known})."
    assert err.message("sv") == f"roster.csv, rad 3: Okänd kolumn 'seats' (kända: {known})."
    assert str(err) == f"roster.csv line 3: field 'seats': unknown column (known: {known})"  # the command line's


def test_missing_name_row_in_finnish_and_swedish() -> None:
    err = _caught(_csv({1: "secretary,Sara Sihteeri"}))
    assert err.code == "name_required" and err.reason == "roster_file_name_required"
    assert err.message("fi") == (
        "roster.csv, rivi 3: Toimielimen nimi puuttuu: lisää sarakeotsikkorivin yläpuolelle rivi, jonka "
        "ensimmäisessä solussa on 'name' ja toisessa toimielimen nimi."
    )
    assert err.message("sv") == (
        "roster.csv, rad 3: Organets namn saknas: lägg till en rad ovanför rubrikraden med 'name' i den "
        "första cellen och organets namn i den andra."
    )


def test_a_broken_roster_rule_speaks_through_its_cause() -> None:
    err = _caught(_csv({6: "m3,Cia,Ek,member,b,Ryhmä B / Grupp B,3,se,,,"}))
    assert err.reason == "roster_unknown_value" and err.params["value"] == "se"
    for lang, line in (("fi", "rivi"), ("sv", "rad")):
        expected = message("roster_unknown_value", lang, {"field": "lang", **err.__cause__.params})
        assert err.message(lang) == f"roster.csv, {line} 6: {expected}"
        assert "'se'" in expected and "field 'lang'" not in expected
    assert err.message("fi") != err.message("sv")


@pytest.mark.parametrize("lang", ["fi", "sv"])
@pytest.mark.parametrize("mistake", CSV_MISTAKES, ids=list(CSV_MISTAKES))
def test_every_csv_mistake_has_a_translated_message(tmp_path: Path, mistake: str, lang: str) -> None:
    changes, line, _, _ = CSV_MISTAKES[mistake]
    err = _caught(_csv(changes))
    text = err.message(lang)
    assert text.startswith(f"roster.csv, {LINE[lang]} {line}"), text
    assert not unfilled(text) and text != str(err), text
    assert not english_in(text), text


# Words of the English messages (ours and the json and csv modules') that must not be left in a
# Finnish or Swedish one.
ENGLISH = ("Expecting", "delimiter", "field", "must", "line", "column", "required", "unknown", "expected",
           "Unterminated", "Invalid", "Extra", "quote")
LINE = {"fi": "rivi", "sv": "rad"}


def english_in(text: str) -> list[str]:
    return [word for word in ENGLISH if re.search(rf"\b{word}\b", text)]


def unfilled(text: str) -> list[str]:
    """Placeholders left in a message, `{field}`; a JSON example's braces are meant."""
    return re.findall(r"\{[a-z_]+\}", text)


# Each way of breaking a JSON file, with the problem it is told as and where.
JSON_SYNTAX = {
    "value missing": ('[\n  {"title": }\n]\n', "json_value", "line 2, column 13"),
    "trailing comma in a list": ('[\n  {"title": "A"},\n]\n', "json_value", "line 3, column 1"),
    "comma missing": ('[\n  {"title": "A"}\n  {"title": "B"}\n]\n', "json_comma", "line 3, column 3"),
    "colon missing": ('[\n  {"title" "A"}\n]\n', "json_colon", "line 2, column 12"),
    "trailing comma in an object": ('[\n  {"title": "A",}\n]\n', "json_name", "line 2, column 17"),
    "string not closed": ('[\n  {"title": "A}\n]\n', "json_string", "line 2, column 16"),
    "tab in a string": ('[\n  {"title": "A\tB"}\n]\n', "json_string", "line 2, column 15"),
    "bad escape": ('[\n  {"title": "C:\\qa"}\n]\n', "json_escape", "line 2, column 16"),
    "two lists": ('[{"title": "A"}]\n[{"title": "B"}]\n', "json_extra", "line 2, column 1"),
    "NaN": ('[{"title": "A", "base_amount": NaN}]', "json_nonfinite", ""),
    "nested too deep": ("[" * 40 + "]" * 40, "json_deep", ""),
    "a lone surrogate": ('[{"title": "\\udc00"}]', "json_surrogate", ""),
    "a number too long": ('[{"title": "A", "number": ' + "1" * 5000 + "}]", "json_digits", ""),
}


@pytest.mark.parametrize("mistake", JSON_SYNTAX, ids=list(JSON_SYNTAX))
def test_a_json_syntax_error_is_told_in_the_users_language_with_its_place(mistake: str) -> None:
    """The json module's own words ("Expecting ',' delimiter") are for programmers, and English:
    each becomes a problem of ours, told in fi, sv and en, at its line and column."""
    text, code, place = JSON_SYNTAX[mistake]
    with pytest.raises(RosterFileError) as caught:
        read_agenda(text.encode(), "agenda.json")
    err = caught.value
    assert (err.code, err.params) == (code, {"depth": 32} if code == "json_deep" else {})
    assert str(err).startswith(f"agenda.json {place}".strip() + ":"), str(err)
    line, column = (int(n) for n in re.findall(r"\d+", place)) if place else (None, None)
    where = {"fi": f"agenda.json, rivi {line}, sarake {column}", "sv": f"agenda.json, rad {line}, kolumn {column}",
             "en": f"agenda.json line {line}, column {column}"}
    for lang in LANGUAGES:
        said = err.message(lang)
        assert said == f"{where[lang] if place else 'agenda.json'}: {message(f'roster_file_{code}', lang, err.params)}", said
        if lang != "en":
            assert not english_in(said), said
    assert len({err.message(lang) for lang in LANGUAGES}) == 3


def test_a_csv_quote_error_carries_no_english_from_the_csv_module() -> None:
    err = _caught(_csv({10: 's2,"Gun,Grön,substitute,a,,,sv,2,,'}))
    assert (err.where, err.code, err.params) == ("roster.csv line 10", "not_csv", {})
    assert err.message("fi").startswith("roster.csv, rivi 10: Riviä ei voi lukea CSV-muotoisena: lainausmerkki")
    assert err.message("sv").startswith("roster.csv, rad 10: Raden kan inte läsas som CSV: ett citattecken")
    assert not english_in(err.message("fi")) and not english_in(err.message("sv"))


def test_a_json_roster_error_names_the_person_in_every_language(tmp_path: Path) -> None:
    line = _person_line("m07")
    content = _json_roster(line, _json_person("m07", group="kd"))
    assert _error(_write(tmp_path, "roster.json", content)).startswith(f"roster.json line {line} (m07): field 'group'")
    err = _caught(content, "roster.json")
    assert err.message("fi") == f"roster.json, rivi {line} (m07): Ryhmää 'kd' ei ole."
    assert err.message("sv") == f"roster.json, rad {line} (m07): Gruppen 'kd' finns inte."


def test_a_place_named_in_a_message_is_in_the_users_language_too() -> None:
    err = _caught(_csv({7: "m3,Dan,Öhman,member,b,,4,fi,,,"}))  # m3 is on line 6 already
    assert str(err) == "roster.csv line 7: field 'id': 'm3' is already used by roster.csv line 6"
    assert err.message("fi") == "roster.csv, rivi 7: Kentän tunnus arvo 'm3' on jo käytössä."
    err = _caught(_csv({2: "name,Toinen"}))
    assert err.message("fi") == "roster.csv, rivi 2: Asetus 'name' on annettu kahdesti (ensimmäisen kerran: roster.csv, rivi 1)."
    assert err.message("sv") == "roster.csv, rad 2: Inställningen 'name' anges två gånger (första gången: roster.csv, rad 1)."


@pytest.mark.parametrize("code", sorted(FILE_PROBLEMS))
def test_every_file_problem_has_a_message(code: str) -> None:
    """Each code has `roster_file_<code>` in every language, naming only values the error carries."""
    texts = messages().get(f"roster_file_{code}")
    assert texts is not None and set(texts) == set(LANGUAGES), code
    carried = {name for _, name, _, _ in string.Formatter().parse(FILE_PROBLEMS[code]) if name}
    for lang, text in texts.items():
        named = {name for _, name, _, _ in string.Formatter().parse(text) if name}
        assert named <= carried, f"{code} ({lang}): {named - carried} are not in the error's params"
