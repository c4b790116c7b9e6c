"""Decision summary for the media and social media (päätöskooste / beslutssammandrag), issue 16.

The seeds' communications guides send the bodies' decision summaries to the media and post on
social media; this is that list, ready to paste: each item decided so far, in agenda order, with
the decision in the minutes' wording, in the council's languages side by side or in one language.

A projection of a `Meeting` rather than of the events: the meeting keeps every decision, vote
result, election outcome and item outcome, and the server holds it live, so a decision is in the
summary as soon as it is committed, without reading or replaying the log.

* An item is listed once it has a declared decision, a decided election, or was closed as tabled,
  returned, withdrawn or removed. The decision is `decision_text` (the minutes' wording); where a
  vote decided it, the count of the deciding vote follows, the winning side first ("Äänin 18–17").
  The deciding vote is the last one declared on the matter itself (not an addition's or a rider's);
  an adoption without a vote, or no amount accepted after several votes, has no count.
* A meeting closed to the public has no summary (`ClosedMeeting`): the model has no notion of
  what the chair released from it, so nothing is. The secretary may still ask for one
  (`closed=True`), which says on top that it is not public.
* A social media post is one item, at most `POST_LIMIT` characters (NFC, as the platforms
  count): the meeting, its date, `§ N`, the title and the decision. When too long, the title is
  shortened first (down to `MIN_TITLE`), then the decision, each cut at a word with "…".
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date as Date
from collections.abc import Callable
from typing import Any

from ..i18n import LANGUAGES, message
from ..rules import Meeting
from ..rules.elections import DECIDED
from ..rules.votes import RESULT_DECLARED, Result, Vote, decision_text
from ..rules.voting_order import ADDITION, JAA, NO_AMOUNT_ACCEPTED, RIDER_VOTE
from .statistics import council_text

FORMAT = 1  # the shape of `to_json` (README, "Decision summary")
BOTH = "both"  # the council's languages side by side
POST_LIMIT = 280  # characters of a post on X (and within Bluesky's 300, Mastodon's 500)
MIN_TITLE = 40  # characters of the item's title kept before the decision is cut
ELLIPSIS = "…"
CLOSED_OUTCOMES = ("tabled", "returned", "withdrawn", "removed")  # item outcomes told without a decision


class ClosedMeeting(ValueError):
    """The meeting is closed to the public: its decisions are not published."""


@dataclass(frozen=True)
class Count:
    """The deciding vote: the winning side's votes first."""

    won: int
    lost: int
    blank: int
    decided_by: str  # Result.decided_by: majority, qualified, chair_vote, casting_vote, jaa_wins


@dataclass(frozen=True)
class Elected:
    title: dict[str, str]
    names: tuple[str, ...]


@dataclass(frozen=True)
class Decided:
    """One item as the summary tells it; every text by language."""

    item: int
    title: dict[str, str]
    outcome: str | None  # the decision's (adopted, rejected, …), else the item's (tabled, …); None: elections only
    decision: dict[str, str]  # the minutes' wording; {} for an item with elections only
    count: Count | None
    elected: tuple[Elected, ...]
    at: int | None  # when the decision was declared (ms)


@dataclass(frozen=True)
class Summary:
    meeting: str
    title: dict[str, str]
    date: str
    public: bool
    languages: tuple[str, ...]  # the council's
    items: tuple[Decided, ...]


def decision_summary(m: Meeting, closed: bool = False) -> Summary:
    """The decisions of `m` so far; raises `ClosedMeeting` for a closed meeting unless `closed`."""
    if not m.public and not closed:
        raise ClosedMeeting(f"meeting '{m.id}' is closed to the public: it has no decision summary")
    items = (_decided(m, item.number) for item in m.agenda)
    return Summary(m.id, dict(m.title), m.date, m.public, tuple(m.rules.languages),
                   tuple(d for d in items if d is not None))


def _decided(m: Meeting, number: int) -> Decided | None:
    item = m.item(number)
    assert item is not None
    d = m.decisions.get(number)
    elected = tuple(Elected(dict(e.title), tuple(m.name_of(c) for c in e.outcome.elected)) for e in m.elections
                    if e.item == number and e.state == DECIDED and e.outcome is not None)
    told = item.outcome if item.outcome in CLOSED_OUTCOMES else None
    if d is None and not elected and told is None:
        return None
    if d is not None:
        return Decided(number, dict(item.title), d.outcome, decision_text(m, number) or {},
                       _count(m, number), elected, d.at)
    words = {lang: message(f"summary_outcome_{told}", lang) for lang in LANGUAGES} if told else {}
    return Decided(number, dict(item.title), told, words, None, elected, None)


def _count(m: Meeting, number: int) -> Count | None:
    d = m.decisions[number]
    if d.unanimous or d.outcome == NO_AMOUNT_ACCEPTED:
        return None
    deciding = _deciding_vote(m, number)
    if deciding is None or deciding.result is None:
        return None
    return vote_count(deciding.result)


def vote_count(r: Result) -> Count:
    """A declared vote's count, the winning side first (the minutes count every vote so)."""
    won, lost = (len(r.jaa), len(r.ei)) if r.winner == JAA else (len(r.ei), len(r.jaa))
    return Count(won, lost, len(r.tyhja), r.decided_by)


def _deciding_vote(m: Meeting, number: int) -> Vote | None:
    return next((v for v in reversed(m.votes) if v.item == number and v.state == RESULT_DECLARED
                 and v.question.kind not in (ADDITION, RIDER_VOTE)), None)


# --- wording ------------------------------------------------------------------------------------


def languages(s: Summary, lang: str) -> tuple[str, ...]:
    """The languages asked: one of fi, sv, en, or `both`, the council's."""
    return languages_asked(s.languages, lang)


def languages_asked(council: tuple[str, ...], lang: str) -> tuple[str, ...]:
    """`lang` alone (fi, sv or en), or with `both` the council's languages in its order."""
    if lang == BOTH:
        return council
    if lang not in LANGUAGES:
        raise ValueError(f"no language '{lang}' (fi, sv, en or both)")
    return (lang,)


def item_heading(d: Decided, lang: str) -> str:
    """`§ 4 Title`, on one line."""
    return message("summary_item", lang, {"number": d.item, "title": _one_line(council_text(d.title, lang))})


def decision_words(d: Decided, lang: str) -> str:
    """The decision, the count of its vote and who was elected, as sentences in `lang`."""
    sentences = [council_text(d.decision, lang)] if d.decision else []
    if d.count is not None:
        sentences.append(count_words(d.count, lang))
    sentences += [message("summary_elected", lang, {"title": _one_line(council_text(e.title, lang)),
                                                    "names": names_text(e.names, lang)}) for e in d.elected]
    return " ".join(sentences)


def count_words(c: Count, lang: str) -> str:
    """"Äänin 18–17, tyhjiä 1.", with how a tie or a qualified majority decided it."""
    clauses = [message("summary_count", lang, {"won": c.won, "lost": c.lost})]
    if c.blank:
        clauses.append(message("summary_blank", lang, {"blank": c.blank}))
    if c.decided_by in ("chair_vote", "casting_vote", "jaa_wins", "qualified"):
        clauses.append(message(f"summary_decided_by_{c.decided_by}", lang))
    return ", ".join(clauses) + "."


def names_text(names: tuple[str, ...], lang: str) -> str:
    """"A, B ja C" / "A, B och C"."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} {message('summary_and', lang)} {names[-1]}"


def meeting_line(s: Summary, lang: str) -> str:
    """The meeting's title and date; the date only once when the title already has it."""
    title = _one_line(council_text(s.title, lang)) or s.meeting
    when = date_text(s.date, lang)
    return title if not when or when in title else f"{title} {when}"


def date_text(iso: str, lang: str) -> str:
    """An ISO date as the minutes write it (16.3.2026); anything else as it is."""
    try:
        day = Date.fromisoformat(iso)
    except ValueError:
        return iso
    return message("summary_date", lang, {"day": day.day, "month": day.month, "year": day.year})


def _one_line(text: str) -> str:
    return " ".join(text.split())


# --- the forms ----------------------------------------------------------------------------------


def to_text(s: Summary, lang: str) -> str:
    """The press release's list: the meeting, then each item's heading and decision in each
    language asked, one item a paragraph."""
    langs = languages(s, lang)
    lines = [message("summary_not_public", one) for one in langs] if not s.public else []
    lines += [meeting_line(s, one) for one in langs]
    lines += [" / ".join(message("summary_heading", one) for one in langs), ""]
    if not s.items:
        lines += [" / ".join(message("summary_none", one) for one in langs), ""]
    for d in s.items:
        for one in langs:
            lines += [item_heading(d, one), decision_words(d, one)]
        lines.append("")
    return _nfc("\n".join(lines))


def post(s: Summary, d: Decided, lang: str) -> str:
    """One item as a social media post of at most `POST_LIMIT` characters."""
    prefix = _nfc(f"{meeting_line(s, lang)}: {message('summary_item', lang, {'number': d.item, 'title': ''})}")
    title = _nfc(_one_line(council_text(d.title, lang)))
    words = _nfc(decision_words(d, lang))
    room = POST_LIMIT - len(prefix) - len(" – ") - len(words)
    if room < len(title):
        title = _cut(title, max(room, MIN_TITLE))
        words = _cut(words, POST_LIMIT - len(prefix) - len(" – ") - len(title))
    return _cut(f"{prefix}{title} – {words}", POST_LIMIT)


def to_posts(s: Summary, lang: str) -> str:
    """Every item's post in each language asked, one post a paragraph."""
    langs = languages(s, lang)
    return "".join(f"{post(s, d, one)}\n\n" for d in s.items for one in langs)


def _cut(text: str, limit: int) -> str:
    """`text` in at most `limit` characters: cut after a whole word, with an ellipsis."""
    if len(text) <= limit:
        return text
    if limit <= len(ELLIPSIS):
        return ELLIPSIS[:max(limit, 0)]
    kept = text[:limit - len(ELLIPSIS) + 1]
    at_word = kept.rsplit(" ", 1)[0] if " " in kept.strip() else kept[:-1]
    return at_word.rstrip(" ,;:–-") + ELLIPSIS


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def to_json(s: Summary, lang: str) -> dict[str, Any]:
    """The summary as JSON-able data, every text in the languages asked (shape: README)."""
    langs = languages(s, lang)

    def texts(make: Callable[[str], str]) -> dict[str, str]:
        return {one: _nfc(make(one)) for one in langs}

    return {
        "format": FORMAT, "meeting": s.meeting, "public": s.public, "date": s.date, "languages": list(langs),
        "title": texts(lambda one: meeting_line(s, one)),
        "items": [{
            "number": d.item, "title": texts(lambda one: council_text(d.title, one)), "outcome": d.outcome,
            "decision": texts(lambda one: council_text(d.decision, one)) if d.decision else None,
            "count": None if d.count is None else {"won": d.count.won, "lost": d.count.lost,
                                                   "blank": d.count.blank, "decided_by": d.count.decided_by},
            "elected": [{"title": texts(lambda one: council_text(e.title, one)), "names": list(e.names)}
                        for e in d.elected],
            "at": d.at,
            "text": texts(lambda one: decision_words(d, one)),
            "post": texts(lambda one: post(s, d, one)),
        } for d in s.items],
    }
