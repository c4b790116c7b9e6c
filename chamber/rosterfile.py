"""Roster and agenda files as the council secretary keeps them, read into validated data.

A roster is JSON (the shape of `Roster.to_dict()`) or CSV kept in a spreadsheet; an agenda is
JSON (a list of the entries `parse_agenda` takes). The secretary fixes these files by hand, often
minutes before a meeting, so every error names the file, the line and the field; the formats are
described in docs/roster.md. The place is a `Place`: English text for the command line, and in
the user's language on the web (`RosterFileError.message`), as is the problem itself.

CSV convention: optional setting rows (`name`, `seats`, `secretary`, value in the second cell)
above one column header row that starts with `id`; then one row per person. Groups are implied by
the `group` and `group_name` columns. Rows and columns starting with `#` are notes and are skipped.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import fields
from json import scanner
from json.decoder import JSONObject
from pathlib import Path
from typing import Any

from .i18n import message as localised
from .rules.agenda import AgendaError, Item, parse_agenda
from .rules.roster import LANGUAGES, Group, Person, Roster, RosterError
from .untrusted import MAX_DEPTH, Unreadable, read_json

SETTINGS = ("name", "seats", "secretary")
COLUMNS = ("id", "first", "last", "kind", "group", "group_name", "seat", "lang", "order", "roles", "deputy_of")
REQUIRED_COLUMNS = ("id", "first", "last", "group", "group_name")

# Field names come from the data classes, so a field added there is accepted here without an edit.
_ROSTER_KEYS = frozenset(f.name for f in fields(Roster))
_GROUP_KEYS = frozenset(f.name for f in fields(Group))
_PERSON_KEYS = frozenset(f.name for f in fields(Person))
_ITEM_KEYS = frozenset(f.name for f in fields(Item)) - {"state", "outcome", "taken_up_at"}  # set by the meeting


# What can be wrong with a file as a file, by code; the messages in every language are
# `roster_file_<code>` in chamber/i18n/rosterfile.json. These English texts serve the command line
# (they follow the place, "roster.csv line 4: ..."). A broken roster rule is a `RosterError` instead.
FILE_PROBLEMS = {
    "roster_type": "unknown file type '{suffix}': a roster is .csv or .json",
    "agenda_type": "unknown file type '{suffix}': an agenda is .json",
    "unreadable": "cannot read the file: {reason}",
    "not_utf8": "not UTF-8 text (byte {byte}); save the file as UTF-8 (in Excel: 'CSV UTF-8')",
    "json_value": "not valid JSON: a value is missing here (a text in double quotes, a number, true, false, "
    "null, [...] or {{...}}); is there a comma too many?",
    "json_comma": "not valid JSON: a comma is missing here, or a bracket is not closed",
    "json_colon": "not valid JSON: a colon ':' is missing after the field name",
    "json_name": "not valid JSON: a field name in double quotes is missing here; is there a comma too many before '}}'?",
    "json_string": "not valid JSON: a text in double quotes is not closed before the end of its line",
    "json_escape": "not valid JSON: a backslash in a text must be doubled (\\\\) or start an escape such as \\n",
    "json_extra": "not valid JSON: there is more after the end of the data; are all the entries in the one list?",
    "json_deep": "not JSON chamber reads: lists and objects nested more than {depth} deep",
    "json_digits": "not JSON chamber reads: a number with too many digits",
    "json_nonfinite": "not JSON chamber reads: NaN and Infinity are no numbers of JSON",
    "json_surrogate": "not JSON chamber reads: a broken character (a lone surrogate, \\ud800-\\udfff) in a text",
    "not_json": "not valid JSON",
    "duplicate_key": "not valid JSON: duplicate key '{key}' in the object that starts here",
    "roster_not_object": 'a roster file is one JSON object: {{"name": ..., "people": [...]}}',
    "agenda_not_list": "an agenda file is a JSON list of items: [{{...}}, {{...}}]",
    "agenda_no_items": "the agenda has no items: an agenda file is a JSON list of items: [{{...}}, {{...}}]",
    "unknown_field": "field '{key}': unknown field (known: {known})",
    "order_not_substitute": "field 'order': only a substitute has an order, but kind is '{kind}' "
    "(is kind 'substitute' missing?)",
    "unknown_language": "field '{field}': unknown language '{lang}' (known: {known})",
    "no_header": "field 'id': no column header row; the table must start with a row "
    "'id,first,last,group,group_name,...' (commas or semicolons)",
    "not_csv": "not readable as CSV: a quotation mark is not closed, or text follows a closing one; "
    "check the quotes on this row",
    "name_required": "field 'name': the council's name is required: add a row above the column header "
    "with 'name' in the first cell and the council's name in the second",
    "unknown_setting": "field '{key}': unknown setting (above the column header: {known})",
    "setting_twice": "field '{key}': given twice (first on {first})",
    "setting_cells": "field '{key}': more than one value ('{extra}'); "
    "put the value in one cell, quoted if it contains the delimiter",
    "seats_not_number": "field 'seats': must be a whole number, not '{value}'",
    "unknown_column": "field '{column}': unknown column (known: {known})",
    "column_twice": "field '{column}': column given twice",
    "missing_column": "field '{column}': missing column (required: {required})",
    "no_people": "field 'id': no people below the column header",
    "extra_cells": "field '(column {column})': more cells than the header has columns",
    "group_name_without_group": "field 'group': group_name '{name}' is given but no group id",
    "group_renamed": "field 'group_name': group '{group}' is already named '{name}' on {first}",
    "group_unnamed": "field 'group': unknown group '{group}': give its name in column group_name "
    "on at least one of its rows",
}


# What the json module and `untrusted.read_json` say (in English, for programmers) as a problem of
# our own, told in every language; by the start of the message. Anything else is `not_json`.
JSON_PROBLEMS = (
    ("Expecting value", "json_value"),
    ("Expecting ',' delimiter", "json_comma"),
    ("Expecting ':' delimiter", "json_colon"),
    ("Expecting property name", "json_name"),
    ("Unterminated string", "json_string"),
    ("Invalid control character", "json_string"),  # a line break inside a text
    ("Invalid \\", "json_escape"),  # "Invalid \escape", "Invalid \uXXXX escape"
    ("Extra data", "json_extra"),
    ("nested more than", "json_deep"),
    ("a number with too many digits", "json_digits"),
    ("NaN or an infinite number", "json_nonfinite"),
    ("a lone surrogate", "json_surrogate"),
)


class Place(str):
    """Where in a file something is: the file, the line and column when known, and an entry
    (`people[3]`, a person's id) that needs no translation. As a string it is the command line's
    English, "roster.csv line 14"; `in_words(lang)` says it in the user's language. A string, so
    that it goes wherever the roster rules take an entry's place (`_where`)."""

    file: str
    line: int | None
    column: int | None
    entry: str

    def __new__(cls, file: str, line: int | None = None, column: int | None = None, entry: str = "") -> Place:
        english = file if line is None else f"{file} line {line}" + (f", column {column}" if column else "")
        place = super().__new__(cls, f"{english} {entry}" if entry else english)
        place.file, place.line, place.column, place.entry = file, line, column, entry
        return place

    def naming(self, entry: str) -> Place:
        """The same place, with the entry named (a person's id)."""
        return Place(self.file, self.line, self.column, entry)

    def in_words(self, lang: str) -> str:
        """"roster.csv, rivi 14" / "roster.csv, rad 14"; a file or an entry alone needs no words."""
        if self.line is None:
            return str(self)
        code = "roster_file_place_column" if self.column else "roster_file_place_line"
        where = localised(code, lang, {"file": self.file, "line": self.line, "column": self.column})
        return f"{where} {self.entry}" if self.entry else where


class RosterFileError(ValueError):
    """A roster or agenda file that cannot be used: `where` names the file and line (a `Place`),
    `code` with `params` the problem (see FILE_PROBLEMS); `str()` is the English text,
    `message(lang)` the text in the user's language.

    When a roster or agenda rule is broken, the `RosterError` or `AgendaError` is the cause,
    `code` and `params` are its own and `where` is its place in the file.
    """

    def __init__(self, where: Place, code: str, params: dict[str, Any] | None = None, text: str | None = None) -> None:
        self.where, self.code, self.params = where, code, dict(params or {})
        super().__init__(text if text is not None else f"{where}: {FILE_PROBLEMS[code].format(**self.params)}")

    @property
    def reason(self) -> str:
        """The catalog code of the message: `roster_<code>` or `agenda_<code>` for a broken rule,
        else `roster_file_<code>`."""
        cause = self.__cause__
        return cause.reason if isinstance(cause, (RosterError, AgendaError)) else f"roster_file_{self.code}"

    def message(self, lang: str) -> str:
        """Where the file is wrong and what is wrong, in `lang` (fi, sv or en): every word of it,
        the places it names too, so no English is left in a Finnish or Swedish message."""
        said = {k: v.in_words(lang) if isinstance(v, Place) else v for k, v in self.params.items()}
        return f"{self.where.in_words(lang)}: " + localised(self.reason, lang, said)


def load_roster(path: str | Path) -> Roster:
    """Read and validate a roster file, `.json` or `.csv`."""
    path = Path(path)
    return read_roster(_read_bytes(path), path.name)


def load_agenda(path: str | Path) -> list[dict[str, Any]]:
    """Read and validate an agenda file (`.json`); returns the raw entries for `setup_event`."""
    path = Path(path)
    return read_agenda(_read_bytes(path), path.name)


def read_roster(data: bytes, filename: str) -> Roster:
    """A roster from a file's bytes, e.g. an upload; the extension of `filename` picks the format."""
    suffix = Path(filename).suffix.lower()
    if suffix not in (".json", ".csv"):
        raise RosterFileError(Place(filename), "roster_type", {"suffix": suffix or "(none)"})
    text = _decode(data, filename)
    entries, top = _roster_json(text, filename) if suffix == ".json" else _roster_csv(text, filename)
    try:
        return Roster.from_dict(entries)
    except RosterError as err:
        where = _roster_where(err, filename, top)
        params = {"field": err.field, **err.params}
        raise RosterFileError(where, err.code, params, f"{where}: field '{err.field}': {err.problem}") from err


def read_agenda(data: bytes, filename: str) -> list[dict[str, Any]]:
    """Agenda entries from a file's bytes, validated with `parse_agenda`."""
    suffix = Path(filename).suffix.lower()
    if suffix != ".json":
        raise RosterFileError(Place(filename), "agenda_type", {"suffix": suffix or "(none)"})
    entries, lines = _parse_json(_decode(data, filename), filename)
    if not isinstance(entries, list):
        raise RosterFileError(Place(filename, 1), "agenda_not_list")
    if not entries:
        raise RosterFileError(Place(filename, 1), "agenda_no_items")
    wheres = [_line_where(filename, lines, entry, f"agenda[{i}]") for i, entry in enumerate(entries)]
    for entry, where in zip(entries, wheres):
        if isinstance(entry, dict):
            _check_keys(entry, _ITEM_KEYS, where)
            _check_languages(entry, where)
    try:
        parse_agenda(entries, wheres)
    except AgendaError as err:
        params = {"field": err.field, **err.params}
        raise RosterFileError(err.where, err.code, params, str(err)) from err  # type: ignore[arg-type]
    return entries


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as err:
        raise RosterFileError(Place(str(path)), "unreadable", {"reason": err.strerror or str(err)}) from err


def _decode(data: bytes, filename: str) -> str:
    """UTF-8 with or without the BOM that Excel's "CSV UTF-8" writes; anything else is refused
    with the line of the first bad byte, since a Latin-1 export would garble å, ä and ö."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise RosterFileError(Place(filename, line), "not_utf8", {"byte": f"0x{data[err.start]:02x}"}) from err


def _roster_where(err: RosterError, filename: str, top: dict[str, Place]) -> Place:
    """Re-place a roster error: roster-level fields go to their setting row or the file itself,
    an entry without a line (`groups[2]`) is named in the file."""
    where = err.where
    if where in ("roster", "people"):
        return top.get(err.field, Place(filename))
    place = where if isinstance(where, Place) else Place(filename, entry=where)
    return place.naming(f"({err.who})") if err.who else place


# --- JSON -----------------------------------------------------------------------------------


class _LineDecoder(json.JSONDecoder):
    """The json module's own pure-Python scanner, noting the line where each object starts
    (keyed by the object's id) and refusing duplicate keys, which json would silently drop."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[int, int] = {}
        self._counted = (0, 1)  # (position, line): objects start in document order, so count on from here
        self.parse_object = self._object
        self.scan_once = scanner.py_make_scanner(self)

    def _object(
        self, s_and_end: tuple[str, int], strict: bool, scan_once: Any, _hook: Any, _pairs_hook: Any, memo: Any
    ) -> tuple[dict[str, Any], int]:
        text, start = s_and_end
        position, line = self._counted
        line += text.count("\n", position, start)
        self._counted = (start, line)
        pairs, end = JSONObject(s_and_end, strict, scan_once, None, list, memo)
        obj: dict[str, Any] = {}
        for key, value in pairs:
            if key in obj:
                raise _DuplicateKey(key, text, start - 1)
            obj[key] = value
        self.lines[id(obj)] = line
        return obj, end


class _DuplicateKey(json.JSONDecodeError):
    def __init__(self, key: str, text: str, position: int) -> None:
        super().__init__(f"duplicate key '{key}' in the object that starts here", text, position)
        self.key = key


def _parse_json(text: str, filename: str) -> tuple[Any, dict[int, int]]:
    """The parsed value and the start line of every object in it."""
    decoder = _LineDecoder()
    try:
        return read_json(text, decoder), decoder.lines
    except Unreadable as err:
        where = Place(filename, err.line, err.column) if err.line else Place(filename)
        if isinstance(err.__cause__, _DuplicateKey):
            raise RosterFileError(where, "duplicate_key", {"key": err.__cause__.key}) from err
        code = next((code for start, code in JSON_PROBLEMS if err.problem.startswith(start)), "not_json")
        raise RosterFileError(where, code, {"depth": MAX_DEPTH} if code == "json_deep" else None) from err


def _line_where(filename: str, lines: dict[int, int], entry: Any, fallback: str) -> Place:
    line = lines.get(id(entry)) if isinstance(entry, dict) else None
    return Place(filename, line) if line else Place(filename, entry=fallback)


def _roster_json(text: str, filename: str) -> tuple[dict[str, Any], dict[str, Place]]:
    """The roster object, each group and person entry marked with its line for `Roster.from_dict`."""
    data, lines = _parse_json(text, filename)
    if not isinstance(data, dict):
        raise RosterFileError(Place(filename, 1), "roster_not_object")
    _check_keys(data, _ROSTER_KEYS, Place(filename, lines[id(data)]))
    for key, known in (("groups", _GROUP_KEYS), ("people", _PERSON_KEYS)):
        entries = data.get(key)
        for index, entry in enumerate(entries if isinstance(entries, list) else []):
            if isinstance(entry, dict):
                where = _line_where(filename, lines, entry, f"{key}[{index}]")
                _check_keys(entry, known, where)
                entry["_where"] = where
    _check_orders(data.get("people"))
    return data, {}


def _check_keys(entry: dict[str, Any], known: frozenset[str], where: Place) -> None:
    """Refuse unknown keys: a misspelt field ("langauge") would otherwise be silently ignored."""
    for key in entry:
        if key not in known:
            raise RosterFileError(where, "unknown_field", {"key": key, "known": ", ".join(sorted(known))})


def _check_orders(people: Any) -> None:
    """An order on a non-substitute most likely means a substitute whose `kind` was left empty,
    which would otherwise make them a full member."""
    for entry in people if isinstance(people, list) else []:
        if isinstance(entry, dict) and entry.get("order") not in (None, ""):
            kind = str(entry.get("kind") or "member").strip()
            if kind != "substitute":
                raise RosterFileError(entry["_where"], "order_not_substitute", {"kind": kind})


def _check_languages(entry: dict[str, Any], where: Place) -> None:
    """Texts are keyed by language; "se" for Swedish would otherwise never be shown."""
    for key in ("title", "base_proposal"):
        texts = entry.get(key)
        for lang in texts if isinstance(texts, dict) else []:
            if lang not in LANGUAGES:
                raise RosterFileError(
                    where, "unknown_language", {"field": key, "lang": lang, "known": ", ".join(LANGUAGES)}
                )


# --- CSV ------------------------------------------------------------------------------------

_Row = tuple[int, list[str]]  # (line where the row starts, its cells, stripped)


def _roster_csv(text: str, filename: str) -> tuple[dict[str, Any], dict[str, Place]]:
    """The roster dict from a CSV, and where each setting row is (for roster-level errors)."""
    rows, header = _csv_rows(text, filename)
    header_line = rows[header][0]
    settings, top = _settings(rows[:header], filename)
    if "name" not in settings:
        raise RosterFileError(Place(filename, header_line), "name_required")
    columns = _columns(rows[header], filename)
    if header == len(rows) - 1:
        raise RosterFileError(Place(filename, header_line), "no_people")
    people = [_person_row(line, cells, columns, filename) for line, cells in rows[header + 1 :]]
    groups = _groups(people)
    _check_orders(people)
    return {**settings, "groups": groups, "people": people}, top


_HEADER_START = re.compile(r'^[ \t]*"?id"?[ \t]*([;,])', re.IGNORECASE | re.MULTILINE)


def _csv_rows(text: str, filename: str) -> tuple[list[_Row], int]:
    """Non-empty, non-note rows and the index of the header row. The delimiter is the one after
    `id` on the header line (Finnish and Swedish Excel exports use semicolons)."""
    found = _HEADER_START.search(text)
    rows = _split_rows(text, found[1], filename) if found else []
    header = next((i for i, (_, cells) in enumerate(rows) if _is_header(cells)), None)
    if header is None:
        raise RosterFileError(Place(filename), "no_header")
    return rows, header


def _split_rows(text: str, delimiter: str, filename: str) -> list[_Row]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[_Row] = []
    line = 1
    try:
        for raw in reader:
            cells = [cell.strip() for cell in raw]
            if any(cells) and not cells[0].startswith("#"):
                rows.append((line, cells))
            line = reader.line_num + 1
    except csv.Error as err:  # its message is English for programmers; the row's line says enough
        raise RosterFileError(Place(filename, line), "not_csv") from err
    return rows


def _is_header(cells: list[str]) -> bool:
    return len(cells) > 1 and cells[0].lower() == "id"


def _settings(rows: list[_Row], filename: str) -> tuple[dict[str, Any], dict[str, Place]]:
    """The council-level rows above the header: `name`, `seats`, `secretary`, value in cell two."""
    settings: dict[str, Any] = {}
    top: dict[str, Place] = {}
    for line, cells in rows:
        where, key = Place(filename, line), cells[0].lower()
        if key not in SETTINGS:
            raise RosterFileError(where, "unknown_setting", {"key": cells[0], "known": ", ".join(SETTINGS)})
        if key in settings:
            raise RosterFileError(where, "setting_twice", {"key": key, "first": top[key]})
        value, extra = (cells[1] if len(cells) > 1 else ""), [c for c in cells[2:] if c]
        if extra:
            raise RosterFileError(where, "setting_cells", {"key": key, "extra": extra[0]})
        settings[key] = _seats(value, where) if key == "seats" else value
        top[key] = where
    return settings, top


def _seats(value: str, where: Place) -> int:
    # ASCII digits: isdigit() alone passes "²", which int() refuses, as it refuses 4,301 digits
    if not (value.isascii() and value.isdigit() and len(value) <= 9):
        raise RosterFileError(where, "seats_not_number", {"value": value})
    return int(value)


def _columns(row: _Row, filename: str) -> list[str | None]:
    """Column names in order; None for note columns (`#...`) and empty trailing headers."""
    line, cells = row
    where = Place(filename, line)
    columns: list[str | None] = []
    for cell in cells:
        name = cell.lower()
        if not name or name.startswith("#"):
            columns.append(None)
        elif name not in COLUMNS:
            raise RosterFileError(where, "unknown_column", {"column": cell, "known": ", ".join(COLUMNS)})
        elif name in columns:
            raise RosterFileError(where, "column_twice", {"column": name})
        else:
            columns.append(name)
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise RosterFileError(
            where, "missing_column", {"column": missing[0], "required": ", ".join(REQUIRED_COLUMNS)}
        )
    return columns


def _person_row(line: int, cells: list[str], columns: list[str | None], filename: str) -> dict[str, Any]:
    """One person's entry; empty cells are left out so that the roster's defaults apply."""
    where = Place(filename, line)
    if len(cells) > len(columns) and any(cells[len(columns) :]):
        raise RosterFileError(where, "extra_cells", {"column": len(columns) + 1})
    entry: dict[str, Any] = {"_where": where}
    for name, cell in zip(columns, cells):
        if name and cell:
            entry[name] = cell.lower() if name in ("kind", "lang") else cell
    if "roles" in entry:
        entry["roles"] = re.split(r"[\s,;]+", entry["roles"].lower().strip(" ,;"))
    return entry


def _groups(people: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Groups in order of first appearance, taking `group_name` out of the person entries. Each
    group needs its name on at least one row, which also catches a misspelt group id (it would
    otherwise become a new group of one)."""
    first: dict[str, Place] = {}
    names: dict[str, str] = {}
    named_on: dict[str, Place] = {}
    for person in people:
        group, name, where = person.get("group"), person.pop("group_name", ""), person["_where"]
        if group is None:
            if name:
                raise RosterFileError(where, "group_name_without_group", {"name": name})
            continue
        first.setdefault(group, where)
        if name and group in names and names[group] != name:
            raise RosterFileError(
                where, "group_renamed", {"group": group, "name": names[group], "first": named_on[group]}
            )
        if name and group not in names:
            names[group], named_on[group] = name, where
    for group, where in first.items():
        if group not in names:
            raise RosterFileError(where, "group_unnamed", {"group": group})
    return [{"id": group, "name": names[group], "_where": first[group]} for group in first]
