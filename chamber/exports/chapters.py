"""Video chapters of a meeting's stream (issue 16): WebVTT chapters and a YouTube chapter list.

Made from the recorded events rather than from a replayed `Meeting`: the meeting keeps only
when an item was first taken up, while the chapters need every stretch an item was under
consideration (set aside and resumed, it is two chapters) and the time of the last event, where
whatever is still running ends. The events are replayed here for the roster, the agenda and the
speech timeline (`Speech`), so a caller needs nothing but the log.

Times are milliseconds since the epoch, as the engine stamps events; `stream_start` is the
moment of the stream's first frame, and every time written out is relative to it.

* The chapters are the items taken up (`§ 4 Title`: the title in the language asked, else in
  Finnish), the question hour, and each speech given in them: the speaker's name and group, the
  kind of speech as the hall screen names it (group address, reply, point of order, a priority
  speech, an answer in the question hour...), the item and the language. Neither `Speech` nor
  the log records the language a speech was given in, so it is the speaker's own language in
  the roster (`Person.lang`).
* What ended before the stream started is left out, and what was running then starts at 0: the
  viewer sees the rest of it. A chapter of no length is left out (WebVTT wants end > start).
* A speech, an item or the question hour still running at the last event ends at that event.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..i18n import message
from ..rules import Meeting, Recorded, replay
from ..rules.speaking import Speech

MIN_SECONDS = 10  # YouTube: every chapter lasts at least 10 seconds
MIN_CHAPTERS = 3  # YouTube: a video with fewer chapters shows none
QUESTION_HOUR = "question-hour"
LEAVING = ("item_set_aside", "item_closed", "question_hour_ended")


class ChaptersError(ValueError):
    """The stream cannot be chaptered by YouTube's rules (too short, too little happened)."""


@dataclass(frozen=True)
class Chapter:
    """A stretch of the meeting: an item under consideration, the question hour, or a speech
    given in one of them (`within` names that chapter, so speech cues nest in it)."""

    id: str  # "item-4" ("item-4-2" when taken up the second time), "question-hour", a speech's id
    start: int  # ms since the epoch
    end: int
    title: str  # one line, in the language asked
    item: int | None = None
    within: str | None = None
    speaker: str | None = None  # the speaker's name
    group: str | None = None  # the name of the speaker's group
    kind: str | None = None  # the speech's class (speaking.speech_class), or answer / follow_up
    lang: str | None = None  # the speaker's language (Person.lang)


def timeline(events: list[Recorded], lang: str) -> list[Chapter]:
    """Every chapter of the meeting by start time, a speech after the chapter it is given in."""
    if not events:
        return []
    meeting = replay(events)
    last = events[-1].at
    stretches = _stretches(meeting, events, last, lang)
    speeches = [_speech(meeting, s, stretches, last, lang) for s in _speeches(meeting)]
    return sorted(stretches + speeches, key=lambda c: c.start)  # stable: a stretch before its speeches


def webvtt(events: list[Recorded], stream_start: int, lang: str) -> str:
    """The chapters as a WebVTT file for a `<track kind="chapters">` or a video platform: the
    items and the question hour, each with its speeches as cues nested inside it."""
    cues = [f"{c.id}\n{_vtt_time(c.start - stream_start)} --> {_vtt_time(c.end - stream_start)}\n{c.title}"
            for c in _in_stream(timeline(events, lang), stream_start)]
    head = "WEBVTT\n\nNOTE Kind: chapters. Times from the stream's start; each speech nests in its item."
    return "\n\n".join([head, *cues]) + "\n"


def youtube_chapters(events: list[Recorded], stream_start: int, lang: str) -> str:
    """The chapter list for a YouTube video's description, one `M:SS Title` (or `H:MM:SS`) a line.

    YouTube shows chapters only when the first is at 0:00, there are at least three and each
    lasts at least 10 s. The chapters are the items and the question hour: what a viewer looks
    for, and few enough for a description; "Kokous alkaa / Sammanträdet börjar / Meeting begins"
    is put at 0:00 when the first starts later. Should those be fewer than three (a meeting of
    one or two items), the speeches become chapters too, and after a speech the item's title
    again. A chapter shorter than 10 s gives its time to the next one (the last one's goes to the
    one before it): a short item has little to watch, and the start of the next one is never
    missed. Raises `ChaptersError` when even with the speeches there are fewer than three."""
    chapters = _in_stream(timeline(events, lang), stream_start)
    end = (events[-1].at - stream_start) // 1000 if events else 0
    kept: list[tuple[int, str]] = []
    for with_speeches in (False, True):
        kept = _youtube_rules(_marks(chapters, stream_start, with_speeches, lang), end)
        if len(kept) >= MIN_CHAPTERS:
            return "".join(f"{_youtube_time(at)} {title}\n" for at, title in kept)
    raise ChaptersError(f"even by speech the stream has only {len(kept)} chapter(s) of {MIN_SECONDS} s or more "
                        f"up to the last event; YouTube shows chapters only from {MIN_CHAPTERS}")


# --- the chapters -------------------------------------------------------------------------------


def _stretches(m: Meeting, events: list[Recorded], last: int, lang: str) -> list[Chapter]:
    """The items as they were taken up and left, and the question hour: one at a time."""
    stretches: list[Chapter] = []
    times_taken: dict[int, int] = {}
    running: Chapter | None = None
    for ev in events:
        if ev.type == "item_taken_up":
            number = ev.data["item"]
            times_taken[number] = times_taken.get(number, 0) + 1
            again = f"-{times_taken[number]}" if times_taken[number] > 1 else ""
            running = Chapter(f"item-{number}{again}", ev.at, last, _item_title(m, number, lang), number)
        elif ev.type == "question_hour_started":
            running = Chapter(QUESTION_HOUR, ev.at, last, message("chapter_question_hour", lang))
        elif ev.type in LEAVING and running is not None:
            stretches.append(replace(running, end=ev.at))
            running = None
    return stretches + ([running] if running is not None else [])


def _speeches(m: Meeting) -> list[Speech]:
    given = [s for queue in m.speaking.values() for s in queue.speeches]
    return given + (m.question_hour.turns if m.question_hour is not None else [])


def _speech(m: Meeting, s: Speech, stretches: list[Chapter], last: int, lang: str) -> Chapter:
    """A speech's chapter; the floor is given only on the item under consideration (or in the
    question hour), so a stretch holds it."""
    within = next(c for c in stretches if c.item == s.item and c.start <= s.started_at <= c.end)
    person = m.roster.person(s.person) if m.roster else None
    group_id = s.group or (person.group if person else None)
    group = next((g.name for g in m.roster.groups if g.id == group_id), None) if m.roster else None
    name = _one_line(person.name if person else s.person)
    speaker_lang = person.lang if person else None
    where = (message("chapter_item_ref", lang, {"number": s.item}) if s.item is not None
             else message("chapter_question_hour", lang))
    parts = [f"{name} ({_one_line(group)})" if group else name, message(f"chapter_kind_{s.speech_class}", lang),
             where] + ([message(f"language_{speaker_lang}", lang)] if speaker_lang else [])
    return Chapter(s.id, s.started_at, s.ended_at if s.ended_at is not None else last, " – ".join(parts),
                   s.item, within.id, name, group, s.speech_class, speaker_lang)


def _item_title(m: Meeting, number: int, lang: str) -> str:
    texts = m.item(number).title  # type: ignore[union-attr]
    title = texts.get(lang) or texts.get("fi") or next(iter(texts.values()), "")
    return message("chapter_item", lang, {"number": number, "title": _one_line(title)})


def _one_line(text: str) -> str:
    """A council's text as a title: one line, and never a WebVTT cue timing arrow."""
    return " ".join(text.split()).replace("-->", "→")


def _in_stream(chapters: list[Chapter], stream_start: int) -> list[Chapter]:
    """The chapters seen in the stream, those running at its start clipped to begin there."""
    return [replace(c, start=max(c.start, stream_start)) for c in chapters if c.end > max(c.start, stream_start)]


def _vtt_time(ms: int) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


# --- YouTube's rules ----------------------------------------------------------------------------


def _marks(chapters: list[Chapter], stream_start: int, with_speeches: bool, lang: str) -> list[tuple[int, str]]:
    """Where a chapter starts, in whole seconds of the stream, beginning at 0:00; with the
    speeches, the item's title again where a speech ends before its item does."""
    tops = {c.id: c for c in chapters if c.within is None}
    timed = [(c.start, 1, c.title) for c in tops.values()]
    if with_speeches:
        for s in (c for c in chapters if c.within is not None):
            timed.append((s.start, 1, s.title))
            if s.end < tops[s.within].end:  # the item goes on: back to its title (rank 0 yields
                timed.append((s.end, 0, tops[s.within].title))  # to a speech starting then)
    marks = [((at - stream_start) // 1000, title) for at, _, title in sorted(timed)]
    if not marks or marks[0][0] > 0:
        marks.insert(0, (0, message("chapter_meeting_begins", lang)))
    return marks


def _youtube_rules(marks: list[tuple[int, str]], end: int) -> list[tuple[int, str]]:
    """Chapters of at least 10 s: one too short gives its start to the next, the last one's time
    goes to the one before; a chapter with the title of the one before it joins that one."""
    kept: list[tuple[int, str]] = []
    carried: int | None = None
    for n, (at, title) in enumerate(marks):
        start = at if carried is None else carried
        following = marks[n + 1][0] if n + 1 < len(marks) else end
        if following - start < MIN_SECONDS:
            carried = start
            continue
        carried = None
        if not kept or kept[-1][1] != title:
            kept.append((start, title))
    return kept


def _youtube_time(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
