"""Speaking statistics (puheaikatilasto / taltidsstatistik), issue 16: time on the floor per
member, council group and language, for the whole meeting, each item and the question hour.

A projection of the replayed meeting alone: the speeches the rules recorded are summed, in
milliseconds so that every total is exactly the sum of its rows. The speeches record no language,
so a speech counts for its speaker's `Person.lang` (a question's own `lang` is the language it was
written in, not the one spoken). Names, groups and languages are the roster's as it stands in the
meeting: a correction made during the meeting applies to the whole record, as in the minutes.

A speech still on the floor has no end yet: it counts up to `until`, the time of the log's last
event (`Meeting.at`; a clock here would make two runs over the same log disagree).
"""

from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar
from xml.sax.saxutils import escape, quoteattr

from ..i18n import DEFAULT, message
from ..rules import Meeting
from ..rules.collation import letters
from ..rules.question_hour import ANSWER, FOLLOW_UP
from ..rules.roster import LANGUAGES, Person, Roster
from ..rules.speaking import CLASSES, Speech

FORMAT = 1  # the shape of `to_json` (README, "Speaking statistics")
SPEECH_CLASSES = (*CLASSES, ANSWER, FOLLOW_UP)  # the order of the class columns
BREAKDOWNS = ("member", "group", "language")
# Each breakdown's text columns, then the figure columns that are not per class: the size of a
# group is a figure too, aligned right.
HEADINGS = {
    "member": (("statistics_speaker", "statistics_group"), ()),
    "group": (("statistics_group",), ("statistics_size",)),
    "language": (("statistics_language",), ()),
}

K = TypeVar("K", bound=Hashable)


# --- the figures --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tally:
    """Time on the floor and the speeches given: what every row counts."""

    milliseconds: int = 0
    speeches: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.milliseconds + other.milliseconds, self.speeches + other.speeches)

    @property
    def seconds(self) -> int | float:
        """Exact seconds: a whole number when it is one, as in the simulation record."""
        ms = self.milliseconds
        return ms // 1000 if ms % 1000 == 0 else ms / 1000


@dataclass(frozen=True)
class MemberTime:
    """One speaker's time: a member, substitute or official (`group` None)."""

    person: str
    name: str
    group: str | None
    total: Tally
    classes: dict[str, Tally]  # by class of speech (SQ-1; the question hour's answer, follow_up)


@dataclass(frozen=True)
class GroupTime:
    """A council group's time; `group` None gathers the officials, who belong to none."""

    group: str | None
    name: str
    size: int | None  # members of the group (substitutes not counted), as in SQ-4
    total: Tally
    classes: dict[str, Tally]


@dataclass(frozen=True)
class LanguageTime:
    """The time spoken by speakers of one language (fi, sv, en)."""

    lang: str
    total: Tally
    classes: dict[str, Tally]


@dataclass(frozen=True)
class Part:
    """The figures for one part of the meeting (an item, the question hour) or for all of it.
    Rows come most time first; ties alphabetically (Finnish/Swedish collation)."""

    item: int | None
    title: dict[str, str]
    total: Tally
    classes: dict[str, Tally]
    members: tuple[MemberTime, ...]
    groups: tuple[GroupTime, ...]
    languages: tuple[LanguageTime, ...]


@dataclass(frozen=True)
class SpeakingTime:
    """The meeting's speaking statistics: `total` is the sum of `items` and `question_hour`."""

    meeting: str
    title: dict[str, str]
    date: str
    until: int  # ms: a speech still on the floor is counted up to here
    running: Speech | None  # that speech, if any
    total: Part
    items: tuple[Part, ...]  # the items whose discussion was opened, in agenda order
    question_hour: Part | None  # once it has begun


Timed = tuple[Speech, int]  # a speech and its milliseconds on the floor


def speaking_time(meeting: Meeting) -> SpeakingTime:
    """The statistics of `meeting`, a speech still on the floor counted up to its last event."""
    until, roster = meeting.at, meeting.roster
    if roster is None:
        raise ValueError(f"meeting '{meeting.id}' has no roster: its log holds no setup")
    items = [(item, meeting.speaking[item.number]) for item in meeting.agenda if item.number in meeting.speaking]
    item_parts = tuple(_part(roster, item.number, item.title, _timed(q.speeches, until)) for item, q in items)
    hour = meeting.question_hour
    hour_part = None
    if hour is not None and hour.started_at is not None:
        hour_part = _part(roster, None, {}, _timed(hour.turns, until))
    speeches = [s for _, q in items for s in q.speeches] + (hour.turns if hour is not None else [])
    return SpeakingTime(meeting.id, dict(meeting.title), meeting.date, until, meeting.on_the_floor,
                        _part(roster, None, dict(meeting.title), _timed(speeches, until)),
                        item_parts, hour_part)


def _timed(speeches: Iterable[Speech], until: int) -> list[Timed]:
    return [(s, max(0, (until if s.ended_at is None else s.ended_at) - s.started_at)) for s in speeches]


def _part(roster: Roster, item: int | None, title: dict[str, str], timed: list[Timed]) -> Part:
    people = _speakers(roster, timed)
    by_person = _grouped(timed, lambda s: s.person)
    by_group = _grouped(timed, lambda s: people[s.person].group)
    by_lang = _grouped(timed, lambda s: people[s.person].lang)
    names = {g.id: g.name for g in roster.groups}
    members = [MemberTime(p, people[p].name, people[p].group, *_sum(by_person[p]))
               for p in roster.alphabetical(by_person)]
    groups = [GroupTime(g, names[g] if g else "", roster.group_size(g) if g else None, *_sum(rows))
              for g, rows in by_group.items()]
    languages = [LanguageTime(lang, *_sum(rows)) for lang, rows in by_lang.items()]
    return Part(
        item, dict(title), *_sum(timed),
        members=tuple(sorted(members, key=lambda r: -r.total.milliseconds)),  # stable: ties stay alphabetical
        groups=tuple(sorted(groups, key=lambda r: (-r.total.milliseconds, r.group is None, letters(r.name),
                                                   r.group or ""))),
        languages=tuple(sorted(languages, key=lambda r: (-r.total.milliseconds, LANGUAGES.index(r.lang)))),
    )


def _speakers(roster: Roster, timed: list[Timed]) -> dict[str, Person]:
    """Who gave the speeches; the roster keeps everyone the record names (`person_in_record`)."""
    people = {}
    for speech, _ in timed:
        person = roster.person(speech.person)
        if person is None:
            raise ValueError(f"speech {speech.id} was given by '{speech.person}', who is not in the roster")
        people[person.id] = person
    return people


def _grouped(timed: list[Timed], key: Callable[[Speech], K]) -> dict[K, list[Timed]]:
    groups: dict[K, list[Timed]] = {}
    for speech, ms in timed:
        groups.setdefault(key(speech), []).append((speech, ms))
    return groups


def _sum(timed: list[Timed]) -> tuple[Tally, dict[str, Tally]]:
    """The tally of the speeches, in all and by class of speech (in `SPEECH_CLASSES` order)."""
    total, classes = Tally(), {}
    for speech, ms in timed:
        one = Tally(ms, 1)
        total += one
        classes[speech.speech_class] = classes.get(speech.speech_class, Tally()) + one
    return total, dict(sorted(classes.items(), key=lambda kv: SPEECH_CLASSES.index(kv[0])))


# --- JSON ---------------------------------------------------------------------------------------


def to_json(stats: SpeakingTime) -> dict[str, Any]:
    """The statistics as JSON-able data for other tools and the console's plot (shape: README)."""
    return {
        "format": FORMAT, "meeting": stats.meeting, "title": dict(stats.title), "date": stats.date,
        "until": stats.until,
        "running": None if stats.running is None else {"speech": stats.running.id, "person": stats.running.person},
        "total": _part_json(stats.total),
        "items": [_part_json(p) for p in stats.items],
        "question_hour": None if stats.question_hour is None else _part_json(stats.question_hour),
    }


def _part_json(part: Part) -> dict[str, Any]:
    return {
        "item": part.item, "title": dict(part.title), **_tally_json(part.total, part.classes),
        "members": [{"person": r.person, "name": r.name, "group": r.group, **_tally_json(r.total, r.classes)}
                    for r in part.members],
        "groups": [{"group": r.group, "name": r.name, "size": r.size, **_tally_json(r.total, r.classes)}
                   for r in part.groups],
        "languages": [{"lang": r.lang, **_tally_json(r.total, r.classes)} for r in part.languages],
    }


def _tally_json(total: Tally, classes: dict[str, Tally]) -> dict[str, Any]:
    return {"seconds": total.seconds, "speeches": total.speeches,
            "classes": {c: {"seconds": t.seconds, "speeches": t.speeches} for c, t in classes.items()}}


# --- the table ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    """One breakdown of one part, ready to print: the last row is the total."""

    title: str
    headings: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    labels: int  # the leading columns that are text; the rest are figures


def to_table(stats: SpeakingTime, lang: str, by: str | None = None) -> list[Table]:
    """Tables for people: the whole meeting, each item, the question hour, each broken down by
    member, group and language (or only `by`). A column per class of speech the part has."""
    parts = [(message("statistics_meeting", lang), stats.total)]
    parts += [(message("statistics_item", lang, {"number": p.item, "title": council_text(p.title, lang)}), p)
              for p in stats.items]
    if stats.question_hour is not None:
        parts.append((message("statistics_question_hour", lang), stats.question_hour))
    breakdowns = (_breakdown(by),) if by else BREAKDOWNS
    return [_table(title, part, breakdown, lang) for title, part in parts for breakdown in breakdowns]


def _table(title: str, part: Part, by: str, lang: str) -> Table:
    classes = list(part.classes)
    text, extra = HEADINGS[by]
    headings = (*text, *extra, "statistics_speeches", "statistics_time")
    rows = [(*label, *_figures(row.total, row.classes, classes))
            for label, row in zip(_labels(part, by, lang), _rows(part, by))]
    total = (message("statistics_total", lang), *("" for _ in headings[1:-2]),
             *_figures(part.total, part.classes, classes))
    return Table(f"{title} — {message(f'statistics_by_{by}', lang)}",
                 (*(message(h, lang) for h in headings), *(message(f"statistics_class_{c}", lang) for c in classes)),
                 (*rows, total), len(text))


def _breakdown(by: str) -> str:
    if by not in BREAKDOWNS:
        raise ValueError(f"no breakdown '{by}' (member, group or language)")
    return by


def _rows(part: Part, by: str) -> tuple[MemberTime, ...] | tuple[GroupTime, ...] | tuple[LanguageTime, ...]:
    return {"member": part.members, "group": part.groups, "language": part.languages}[by]


def _labels(part: Part, by: str, lang: str) -> list[tuple[str, ...]]:
    """The cells of each row before the common figures: speaker and group; group and size;
    language. The first is the chart's label."""
    groups = {g.group: _group_name(g, lang) for g in part.groups}
    if by == "member":
        return [(m.name, groups[m.group]) for m in part.members]
    if by == "group":
        return [(_group_name(g, lang), "" if g.size is None else str(g.size)) for g in part.groups]
    return [(_lang_name(lang_row.lang, lang),) for lang_row in part.languages]


def _figures(total: Tally, classes: dict[str, Tally], columns: list[str]) -> tuple[str, ...]:
    per_class = (f"{clock(classes[c].milliseconds)} ({classes[c].speeches})" if c in classes else ""
                 for c in columns)
    return (str(total.speeches), clock(total.milliseconds), *per_class)


def to_text(stats: SpeakingTime, lang: str, by: str | None = None) -> str:
    """The tables as aligned plain text (text left, figures right), as `chamber statistics` prints."""
    lines = [council_text(stats.title, lang) or stats.meeting, ""]
    if stats.running is not None:
        speaker = next(m.name for m in stats.total.members if m.person == stats.running.person)
        lines += [message("statistics_running", lang, {"speech": stats.running.id, "name": speaker}), ""]
    for table in to_table(stats, lang, by):
        grid = [table.headings, *table.rows]
        widths = [max(len(row[c]) for row in grid) for c in range(len(table.headings))]
        lines.append(table.title)
        for row in grid:
            cells = [cell.ljust(w) if c < table.labels else cell.rjust(w)
                     for c, (cell, w) in enumerate(zip(row, widths))]
            lines.append("  ".join(cells).rstrip())
        lines.append("")
    return "\n".join(lines)


def clock(ms: int) -> str:
    """Milliseconds as m:ss or h:mm:ss, to the nearest second."""
    minutes, seconds = divmod((ms + 500) // 1000, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02}:{seconds:02}" if hours else f"{minutes}:{seconds:02}"


def council_text(texts: dict[str, str], lang: str) -> str:
    """A council's text in `lang`, else in Finnish, else in any language it has."""
    return texts.get(lang) or texts.get(DEFAULT) or next(iter(texts.values()), "")


def _group_name(group: GroupTime, lang: str) -> str:
    return group.name if group.group is not None else message("statistics_officials", lang)


def _lang_name(code: str, lang: str) -> str:
    return message(f"language_{code}", lang)


# --- the chart ----------------------------------------------------------------------------------

FONT = 14  # px
ROW = 28  # px per bar
BAR = 18  # px: a bar's thickness
CHAR = 8.5  # px: a generous average width of a character at FONT, to leave room for labels
BAR_LENGTH = 400  # px: the longest bar
TOP = 64  # px: the title and the legend
INK, BAR_FILL, PAPER = "#1a1a1a", "#1f4e8c", "#ffffff"  # contrast 17.4:1 and 8.3:1 on the paper


def to_svg(stats: SpeakingTime, lang: str, by: str = "group") -> str:
    """A horizontal bar chart of the whole meeting by `by`, as SVG text for the secretary console.

    Accessible without colour: every bar has its name and its value (time, speeches) as text, the
    `<title>` and `<desc>` give the chart and every figure to screen readers, and the ink and the
    bars have strong contrast on the chart's own white paper."""
    part = stats.total
    by = _breakdown(by)
    rows = list(zip((label[0] for label in _labels(part, by, lang)), (r.total for r in _rows(part, by))))
    title = f"{message(f'statistics_by_{by}', lang)}: {council_text(stats.title, lang) or stats.meeting}"
    facts = [message("statistics_chart_row", lang, {"name": name, "time": clock(t.milliseconds), "count": t.speeches})
             for name, t in rows] or [message("statistics_no_speeches", lang)]
    label_width = round(max((len(name) for name, _ in rows), default=0) * CHAR) + 16
    value_width = round(len(f"{clock(part.total.milliseconds)} ({part.total.speeches})") * CHAR) + 24
    width = max(label_width + BAR_LENGTH + value_width, round(len(title) * CHAR * 1.15) + 32)
    height = TOP + ROW * len(rows) + 16
    longest = max((t.milliseconds for _, t in rows), default=0)
    ident = f"speaking-time-{by}"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{ident}-title {ident}-desc" lang={quoteattr(lang)} '
        f'font-family="sans-serif" font-size="{FONT}">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(message("statistics_chart_legend", lang) + " " + "; ".join(facts))}</desc>',
        f'<rect class="paper" width="{width}" height="{height}" fill="{PAPER}"/>',
        f'<text class="heading" x="16" y="24" font-size="{FONT + 2}" font-weight="bold" fill="{INK}">'
        f'{escape(title)}</text>',
        f'<text class="legend" x="16" y="46" fill="{INK}">{escape(message("statistics_chart_legend", lang))}</text>',
    ]
    for n, ((name, tally), fact) in enumerate(zip(rows, facts)):
        y = TOP + n * ROW
        length = round(BAR_LENGTH * tally.milliseconds / longest, 1) if longest else 0
        out += [
            f'<g class="row"><title>{escape(fact)}</title>',
            f'<text class="label" x="{label_width - 8}" y="{y + BAR - 4}" text-anchor="end" fill="{INK}">'
            f'{escape(name)}</text>',
            f'<rect class="bar" x="{label_width}" y="{y}" width="{length}" height="{BAR}" fill="{BAR_FILL}"/>',
            f'<text class="value" x="{label_width + length + 8}" y="{y + BAR - 4}" fill="{INK}">'
            f'{escape(clock(tally.milliseconds))} ({tally.speeches})</text></g>',
        ]
    out.append("</svg>")
    return "\n".join(out) + "\n"
