"""Open data (avoin data / öppna data), issue 16: a meeting as Popolo JSON and as an Akoma Ntoso
3.0 debate, for open-data portals, archives and anyone who analyses how the council votes.

Both are projections of a replayed `Meeting` (docs/opendata.md has the mapping field by field).
`items` limits everything bound to an item — its event, proposals, votes, elections, speeches,
disqualifications and substitutions for one item — to those numbers: the server passes the items
the chair released from a meeting closed to the public. The question hour, which no release
names, is then left out too. The people, the groups and the meeting itself are always in.

Popolo (popoloproject.com): `persons`, `organizations` (the council and each council group,
valtuustoryhmä / fullmäktigegrupp), `memberships`, `events` (the meeting, each item, the question
hour), `motions` (the base proposal, pohjaehdotus / grundförslag, and every proposal made),
`vote_events` with Popolo `counts` and `votes`, and `speeches`.

* People and groups keep their roster ids, the same in every meeting; what the meeting made is
  prefixed with its id (`2026-03-16-v1`), so several meetings' documents can be merged.
* Times are ISO 8601 in UTC: the log stamps milliseconds since the epoch and the model knows no
  time zone. A vote records no time of its own, so a vote event has the meeting's date only.
* Options as VT-7 and Popolo's code list: Jaa → `yes`, Ei → `no`, Tyhjä → `abstain`,
  Poissa → `absent`. A vote event's motion is what JAA stands for, so `yes` is for the motion
  and `result` is `pass` when JAA won; `x_chamber_question` names both sides. The votes and
  counts are the declared count (`Result`), never the choices of a vote still open.
* Disqualification (esteellisyys / jäv) is an explicit extension, not a Popolo option: the
  disqualified member was not eligible (VT-3), so has no Vote, and the vote event lists them in
  `x_chamber_disqualified`; the item's event has `x_chamber_disqualifications` with the basis.
  Recorded as `absent`, a consumer summing options would count them among those who stayed
  away, and the votes would no longer agree with the counts (Popolo asks that they do).
* Elections are no yes/no vote, so they are in `x_chamber_elections` as the hall screen shows
  them (`election_view`): totals, comparative numbers, lots, who was elected. Of a secret
  ballot (suljetut liput / slutna sedlar) that is all there is; names per candidate only for an
  open election.
* Every property Popolo does not define starts with `x_chamber_` (Popolo allows extra
  properties); `x_chamber_speaking_time` is the speaking statistics (statistics.to_json).

Akoma Ntoso 3.0 (OASIS LegalDocML): a `debate` whose `debateBody` has a `debateSection` per item
taken up: the disqualifications, each speech (`by` the speaker, `startTime`, `endTime`), each
vote with names per option, each election's totals, and the decision, all in the minutes' words.
The system does not record what was said, so a speech holds its kind and times, and the
preface says so. The question hour is a `questions` section of `question` and `answer` turns.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import replace
from datetime import datetime, timezone
from typing import Any

from lxml import etree
from lxml.builder import ElementMaker

from ..i18n import DEFAULT, LANGUAGES, message
from ..rules import Meeting
from ..rules.attendance import COUNCIL as BY_COUNCIL
from ..rules.elections import OPEN as BALLOT_OPEN, Election, election_view
from ..rules.majority import MAJORITY_OF_ALL_MEMBERS, OF_ALL_MEMBERS, OF_VOTES_CAST, MajorityRule
from ..rules.proposals import (BASE, DECIDED, INTERRUPTING, LAPSED, MADE, MERGED, REJECTION, RIDER,
                               WITHDRAWN, Proposal, base_text, on_item)
from ..rules.question_hour import ANSWER
from ..rules.roster import ROLES, Person, Roster
from ..rules.speaking import Speech
from ..rules.votes import (RESULT_DECLARED, RETURNED, SET_ASIDE, TABLED, TYHJA, WORDS, Decision, Result, Vote,
                           decision_text, proposal_label, side_texts)
from ..rules.voting_order import ADOPTED, EI, JAA, REJECTED
from .statistics import Tally, clock, council_text, speaking_time, to_json
from .summary import Decided, date_text, decision_summary, decision_words, meeting_line, names_text

FORMAT = 1  # the shape of the Popolo document's extensions (docs/opendata.md)
COUNCIL = "council"  # the council's organization id, and its eId in Akoma Ntoso
SOURCE = "chamber"  # who made the document: the Akoma Ntoso `source`
AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
ISO_639_2 = {"fi": "fin", "sv": "swe", "en": "eng"}  # FRBRlanguage
POISSA = "poissa"  # as `Result` names the absent
OPTIONS = {JAA: "yes", EI: "no", TYHJA: "abstain", POISSA: "absent"}  # Popolo's, by Jaa, Ei, Tyhjä, Poissa
ROLE = {"member": "councillor", "substitute": "substitute", "official": "official"}  # by Person.kind


# --- the part of the meeting to publish ---------------------------------------------------------


def within(meeting: Meeting, items: Collection[int] | None) -> Meeting:
    """The meeting as `items` show it: the other items' parts and the question hour left out.
    A shallow copy; nothing of `meeting` changes."""
    if items is None:
        return meeting
    keep = set(items)

    def mine(by_item: dict[int, Any]) -> dict[int, Any]:
        return {n: part for n, part in by_item.items() if n in keep}

    a = meeting.attendance
    attendance = replace(a, disqualified=mine(a.disqualified),
                         substitutions=[s for s in a.substitutions if s.item is None or s.item in keep])
    return replace(meeting, agenda=[i for i in meeting.agenda if i.number in keep], attendance=attendance,
                   proposals=mine(meeting.proposals), orders=mine(meeting.orders), decisions=mine(meeting.decisions),
                   votes=[v for v in meeting.votes if v.item in keep], speaking=mine(meeting.speaking),
                   elections=[e for e in meeting.elections if e.item in keep], question_hour=None)


def iso_time(ms: int | None) -> str | None:
    """Milliseconds since the epoch as ISO 8601 in UTC, to the millisecond."""
    if ms is None:
        return None
    return datetime.fromtimestamp(ms / 1000, timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _roster(m: Meeting) -> Roster:
    if m.roster is None:
        raise ValueError(f"meeting '{m.id}' has no roster: its log holds no setup")
    return m.roster


def _language(m: Meeting) -> str:
    """The council's first language: the one of Popolo's plain-text properties."""
    return m.rules.languages[0] if m.rules.languages else DEFAULT


def _speeches(m: Meeting) -> list[Speech]:
    """Every speech given, on the items and in the question hour, in the order given."""
    given = [s for queue in m.speaking.values() for s in queue.speeches]
    turns = m.question_hour.turns if m.question_hour is not None else []
    return sorted(given + turns, key=lambda s: s.started_at)


def _options(r: Result) -> list[tuple[str, tuple[str, ...]]]:
    """The count by option (VT-5): Jaa, Ei, Tyhjä, Poissa."""
    return [(JAA, r.jaa), (EI, r.ei), (TYHJA, r.tyhja), (POISSA, r.poissa)]


def _group_id(group: str | None) -> str | None:
    return None if group is None else f"group-{group}"


def _event_id(m: Meeting, item: int | None) -> str:
    return f"{m.id}-item-{item}" if item is not None else f"{m.id}-question-hour"


def _motion_id(m: Meeting, item: int, ref: str | None) -> str | None:
    """A proposal's motion; None for a side that is none (continue handling, no addition)."""
    if ref == BASE:
        return f"{m.id}-{item}-base"
    return f"{m.id}-{ref}" if on_item(m, item).proposal(ref or "") is not None else None


def _compact(data: dict[str, Any]) -> dict[str, Any]:
    """An object without its extensions that say nothing (None)."""
    return {k: v for k, v in data.items() if v is not None or not k.startswith("x_chamber_")}


# --- Popolo -------------------------------------------------------------------------------------


def popolo(meeting: Meeting, items: Collection[int] | None = None) -> dict[str, Any]:
    """The meeting as a Popolo document (popoloproject.com), `items` limiting what is item-bound."""
    m = within(meeting, items)
    people = _people(_roster(m))
    return {
        "x_chamber_format": FORMAT,
        "persons": [_person(p) for p in people],
        "organizations": _organizations(m),
        "memberships": [ms for p in people for ms in _memberships(p)],
        "events": _events(m),
        "motions": [_motion(m, item, p) for item in _taken_up(m) for p in [None, *on_item(m, item).proposals]],
        "vote_events": [_vote_event(m, v) for v in m.votes if v.result is not None],
        "speeches": [_speech(m, s, n) for n, s in enumerate(_speeches(m), start=1)],
        "x_chamber_elections": [election_view(m, e) for e in m.elections],
        "x_chamber_speaking_time": to_json(speaking_time(m)),
    }


def _people(roster: Roster) -> list[Person]:
    return [roster.person(p) for p in roster.alphabetical(p.id for p in roster.people)]  # type: ignore[misc]


def _person(p: Person) -> dict[str, Any]:
    return {"id": p.id, "name": p.name, "given_name": p.first, "family_name": p.last,
            "sort_name": f"{p.last}, {p.first}", "x_chamber_language": p.lang}


def _organizations(m: Meeting) -> list[dict[str, Any]]:
    roster = _roster(m)
    council = {"id": COUNCIL, "name": roster.name, "classification": m.rules.body}
    return [council] + [{"id": _group_id(g.id), "name": g.name, "classification": "council group",
                         "parent_id": COUNCIL} for g in roster.groups]


def _memberships(p: Person) -> list[dict[str, Any]]:
    """In the council, by kind (councillor, substitute, official) with the roster's roles; and
    in the person's council group."""
    council = _compact({"id": f"{p.id}-{COUNCIL}", "person_id": p.id, "organization_id": COUNCIL,
                        "role": ROLE[p.kind], "x_chamber_roles": [r for r in ROLES if r in p.roles] or None,
                        "x_chamber_order": p.order, "x_chamber_deputy_of": p.deputy_of})
    if p.group is None:
        return [council]
    return [council, {"id": f"{p.id}-group", "person_id": p.id, "organization_id": _group_id(p.group),
                      "role": ROLE[p.kind]}]


def _events(m: Meeting) -> list[dict[str, Any]]:
    """The meeting, each item on the agenda and the question hour, as Popolo events."""
    lang = _language(m)
    meeting = {"id": m.id, "name": council_text(m.title, lang) or m.id, "classification": "meeting",
               "organization_id": COUNCIL, "start_date": iso_time(m.opened_at), "end_date": iso_time(m.closed_at),
               "x_chamber_name": dict(m.title), "x_chamber_date": m.date, "x_chamber_public": m.public,
               "x_chamber_substitutions": [{
                   "substitute_id": s.substitute, "member_id": s.member, "item": s.item,
                   "start_date": iso_time(s.seated_at), "end_date": iso_time(s.released_at),
               } for s in m.attendance.substitutions]}
    events = [meeting] + [_item_event(m, item.number) for item in m.agenda]
    hour = m.question_hour
    if hour is not None and hour.started_at is not None:
        events.append({"id": _event_id(m, None), "name": message("chapter_question_hour", lang),
                       "classification": "question hour", "parent_id": m.id, "organization_id": COUNCIL,
                       "start_date": iso_time(hour.started_at), "end_date": iso_time(hour.ended_at)})
    return events


def _item_event(m: Meeting, number: int) -> dict[str, Any]:
    item = m.item(number)
    assert item is not None
    decision, lang = m.decisions.get(number), _language(m)
    return _compact({
        "id": _event_id(m, number), "parent_id": m.id, "organization_id": COUNCIL,
        "name": message("summary_item", lang, {"number": number, "title": council_text(item.title, lang)}),
        "classification": "agenda item", "start_date": iso_time(item.taken_up_at),
        "x_chamber_item": number, "x_chamber_title": dict(item.title), "x_chamber_state": item.state,
        "x_chamber_outcome": item.outcome, "x_chamber_decision": decision_text(m, number),
        "x_chamber_dissents": sorted(decision.dissents) if decision else None,
        "x_chamber_disqualifications": [{"person_id": p, "basis": basis} for p, basis
                                        in sorted(m.attendance.disqualified.get(number, {}).items())],
    })


def _taken_up(m: Meeting) -> list[int]:
    return [item.number for item in m.agenda if item.taken_up_at is not None]


def _motion(m: Meeting, item: int, p: Proposal | None) -> dict[str, Any]:
    """A proposal as a Popolo motion; `p` None: the base proposal, which nobody moves."""
    ref = BASE if p is None else p.id
    texts = base_text(m, item) if p is None else dict(p.text)
    return _compact({
        "id": _motion_id(m, item, ref), "organization_id": COUNCIL, "legislative_session_id": m.id,
        "creator_id": None if p is None else p.mover, "text": council_text(texts, _language(m)),
        "classification": BASE if p is None else p.kind,
        "date": None if p is None else iso_time(p.made_at),
        "requirement": _requirement(m, item, ref, BASE if p is None else p.kind),
        "result": _motion_result(m, item, p),
        "x_chamber_item": item, "x_chamber_text": texts, "x_chamber_label": proposal_label(m, item, ref),
        "x_chamber_movers": [] if p is None else list(p.movers),
        "x_chamber_seconders": [] if p is None else list(p.seconders),
        "x_chamber_amount": on_item(m, item).base_amount if p is None else p.amount,
        "x_chamber_merged_into": None if p is None or p.merged_into is None else _motion_id(m, item, p.merged_into),
    })


def _motion_result(m: Meeting, item: int, p: Proposal | None) -> str | None:
    """`pass` or `fail` once decided; a proposal that never came to a vote says why (lapsed,
    withdrawn, merged). A tabled or returned matter leaves the substance undecided."""
    if p is not None and p.state in (LAPSED, WITHDRAWN, MERGED):
        return p.state
    d = m.decisions.get(item)
    if d is None:
        return "fail" if p is not None and p.state == DECIDED else None
    if (BASE if p is None else p.id) in _adopted(m, d):
        return "pass"
    interrupted = d.outcome in (TABLED, RETURNED)
    return "fail" if not interrupted or (p is not None and p.kind in INTERRUPTING) else None


def _adopted(m: Meeting, d: Decision) -> set[str]:
    """The motions the decision adopted: the proposal (or the interruption that won), the
    additions and riders; on a rejection (VO-R5) the rejection proposal rather than the survivor."""
    if d.outcome == ADOPTED or d.outcome in (TABLED, RETURNED):
        return {d.proposal, *d.additions, *d.riders} - {None}  # type: ignore[operator]
    rejections = {p.id for p in on_item(m, d.item).proposals if p.kind == REJECTION and p.state == MADE}
    return rejections | set(d.additions) if d.outcome == REJECTED else set(d.additions)


def _requirement(m: Meeting, item: int, ref: str, kind: str) -> str:
    """What the motion needs: a qualified majority announced for a vote on its side, a rider's
    threshold (TP-3), else a simple majority."""
    rule = next((v.majority for v in m.votes if v.item == item and v.majority.qualified
                 and v.question.side(v.majority.side) == ref), None)
    if rule is None and kind == RIDER:
        rule = MajorityRule(m.rules.toivomusponsi_threshold)
    return rule_text(rule or MajorityRule())


def rule_text(rule: MajorityRule) -> str:
    """A majority rule in words, as Popolo's `requirement` ("two-thirds majority")."""
    fraction = f"{rule.numerator}/{rule.denominator}"
    return {OF_VOTES_CAST: f"{fraction} of the votes cast", OF_ALL_MEMBERS: f"{fraction} of all members",
            MAJORITY_OF_ALL_MEMBERS: "majority of all members"}.get(rule.kind, "simple majority")


def _vote_event(m: Meeting, v: Vote) -> dict[str, Any]:
    """A counted vote: the count per option and each seat's option, by name (LAW-13)."""
    r: Result = v.result  # type: ignore[assignment]
    roster = _roster(m)
    chosen = {person: OPTIONS[choice] for choice, names in _options(r) for person in names}
    groups = {p: _group_id(roster.person(p).group) for p in chosen}  # type: ignore[union-attr]
    return _compact({
        "id": f"{m.id}-{v.id}", "identifier": f"§ {v.item}/{v.number}", "organization_id": COUNCIL,
        "legislative_session_id": m.id, "motion_id": _motion_id(m, v.item, v.question.jaa),
        "classification": v.question.kind, "start_date": m.date or None, "end_date": None,
        "result": ("pass" if r.winner == JAA else "fail") if v.state == RESULT_DECLARED else None,
        "counts": [{"option": OPTIONS[choice], "value": len(names)} for choice, names in _options(r)],
        "votes": [{"voter_id": p, "option": chosen[p], "group_id": groups[p],
                   **({"role": "chair"} if p == v.chair else {})} for p in roster.alphabetical(chosen)],
        "x_chamber_item": v.item, "x_chamber_number": v.number, "x_chamber_state": v.state, "x_chamber_mode": v.mode,
        "x_chamber_question": {OPTIONS[side]: {"motion_id": _motion_id(m, v.item, v.question.side(side)),
                                               "label": side_texts(m, v.item, v.question, side)["label"]}
                               for side in (JAA, EI)},
        "x_chamber_majority": v.majority.to_dict(), "x_chamber_decided_by": r.decided_by,
        "x_chamber_casting_vote": OPTIONS.get(v.casting_vote or ""),
        "x_chamber_replaces": f"{m.id}-{v.replaces}" if v.replaces else None,
        "x_chamber_disqualified": list(r.esteellinen),
    })


def _speech(m: Meeting, s: Speech, position: int) -> dict[str, Any]:
    """A speech as given: who, what kind (SQ-1 class, or answer / follow_up), when; no text."""
    person = _roster(m).person(s.person)
    return _compact({
        "id": f"{m.id}-{s.id}", "creator_id": s.person, "type": s.speech_class, "date": iso_time(s.started_at),
        "position": position, "event_id": _event_id(m, s.item),
        "x_chamber_end_date": iso_time(s.ended_at),
        "x_chamber_seconds": None if s.ended_at is None else Tally(s.ended_at - s.started_at).seconds,
        "x_chamber_language": person.lang if person else None,  # the speaker's: speeches record none
        "x_chamber_item": s.item, "x_chamber_question": s.question, "x_chamber_group_id": _group_id(s.group),
        "x_chamber_replies_to": f"{m.id}-{s.replies_to}" if s.replies_to else None,
    })


# --- Akoma Ntoso --------------------------------------------------------------------------------

A = ElementMaker(namespace=AKN, nsmap={None: AKN})


def akoma_ntoso(meeting: Meeting, items: Collection[int] | None = None, lang: str = "fi") -> bytes:
    """The meeting as an Akoma Ntoso 3.0 `debate` in `lang` (fi, sv, en), UTF-8 XML."""
    if lang not in LANGUAGES:
        raise ValueError(f"no language '{lang}' (fi, sv or en)")
    m = within(meeting, items)
    summary = decision_summary(m, closed=True)  # decisions as the summary words them, public or not
    body = _Body(m, lang, {d.item: d for d in summary.items})
    sections = [body.item(n) for n in _taken_up(m)]
    if m.question_hour is not None and m.question_hour.turns:
        sections.append(body.question_hour())
    if not sections:
        sections = [A.debateSection(A.p(message("opendata_nothing", lang)), name="nothing", eId="nothing")]
    debate = A.debate(
        _meta(m, lang, body),
        A.preface(A.p(A.docTitle(meeting_line(summary, lang))), A.p(A.docDate(date_text(_day(m), lang), date=_day(m))),
                  A.p(message("opendata_note", lang))),
        A.debateBody(*sections), name=m.rules.body)
    return etree.tostring(A.akomaNtoso(debate), xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _day(m: Meeting) -> str:
    """The meeting's date; for a log without one, the day it was opened (UTC)."""
    return m.date or (iso_time(m.opened_at or m.at) or "")[:10]


def eid(person: str) -> str:
    """A roster id as an eId: no white space (the ids themselves are the council's)."""
    return re.sub(r"\s", "_", person)


class _Body:
    """The debate's sections, keeping whom and which roles they name for the references."""

    def __init__(self, m: Meeting, lang: str, decided: dict[int, Decided]) -> None:
        self.m, self.lang, self.roster, self.decided = m, lang, _roster(m), decided
        self.cited: set[str] = set()
        self.roles: set[str] = set()

    def person(self, person: str) -> etree._Element:
        self.cited.add(person)
        p = self.roster.person(person)
        return A.person(p.name if p else person, refersTo=f"#{eid(person)}")

    def sentence(self, code: str, person: str) -> etree._Element:
        """A sentence of the minutes about a person ("{name} ilmoitti ..."), the name a `person`."""
        before, _, after = message(code, self.lang, {"name": "\0"}).partition("\0")
        return A.p(before, self.person(person), after)

    def names(self, people: Iterable[str]) -> list[Any]:
        """Inline persons separated by commas."""
        out: list[Any] = []
        for n, person in enumerate(people):
            out += [", "] if n else []
            out.append(self.person(person))
        return out

    def item(self, number: int) -> etree._Element:
        m, lang = self.m, self.lang
        item = m.item(number)
        assert item is not None
        at = f"item_{number}"
        parts: list[Any] = [A.num(f"§ {number}"), A.heading(council_text(item.title, lang))]
        parts += [self.sentence("minutes_doc_disqualified" + ("_council" if basis == BY_COUNCIL else ""), p)
                  for p, basis in sorted(m.attendance.disqualified.get(number, {}).items())]
        queue = m.speaking.get(number)
        parts += [self.speech(s, f"{at}__speech_{n}") for n, s in enumerate(queue.speeches if queue else [], 1)]
        parts += [self.vote(v, f"{at}__vote_{v.number}") for v in m.votes if v.item == number and v.result]
        parts += [self.election(e, f"{at}__election_{n}")
                  for n, e in enumerate((e for e in m.elections if e.item == number and e.state != BALLOT_OPEN), 1)]
        if number in self.decided:
            parts.append(self.decision(number, f"{at}__decision"))
        return A.debateSection(*parts, name="item", eId=at)

    def speech(self, s: Speech, at: str, element: str = "speech") -> etree._Element:
        """A speech: the speaker, the kind and the times; what was said is not recorded."""
        lang, person = self.lang, self.roster.person(s.person)
        role = next((r for r in ROLES if person and r in person.roles), None)
        kind = message(f"chapter_kind_{s.speech_class}", lang)
        start = _clock_time(s.started_at)
        words = (message("opendata_speech_running", lang, {"kind": kind, "start": start}) if s.ended_at is None else
                 message("opendata_speech", lang, {"kind": kind, "start": start, "end": _clock_time(s.ended_at),
                                                   "duration": clock(s.ended_at - s.started_at)}))
        attributes = {"by": f"#{eid(s.person)}", "eId": at, "startTime": iso_time(s.started_at)}
        if s.ended_at is not None:
            attributes["endTime"] = iso_time(s.ended_at)  # type: ignore[assignment]
        if role is not None:
            self.roles.add(role)
            attributes["as"] = f"#role_{role}"
        self.cited.add(s.person)
        return getattr(A, element)(A("from", person.name if person else s.person), A.p(words), **attributes)

    def vote(self, v: Vote, at: str) -> etree._Element:
        """VT-5: the number, the JAA and EI proposals, the names per option, the outcome (in the
        minutes' words)."""
        lang, r = self.lang, v.result
        assert r is not None
        side = {s: message(f"minutes_doc_side_{s}", lang) for s in (JAA, EI)}
        sides = [A.p(f"{message('minutes_doc_side_proposal', lang, {'side': side[s]})}: "
                     f"{council_text(side_texts(self.m, v.item, v.question, s)['label'], lang)}") for s in (JAA, EI)]
        counts = _options(r) + [("esteellinen", r.esteellinen)]
        lines = [A.p(f"{message(f'minutes_doc_{choice}', lang)} {len(names)}" + (": " if names else ""),
                     *self.names(names)) for choice, names in counts if names or choice != "esteellinen"]
        if v.state == SET_ASIDE:
            lines.append(A.p(message("opendata_set_aside", lang)))
        elif v.state == RESULT_DECLARED:
            body = WORDS["body" if self.m.rules.body == "council" else "other_body"][lang]
            lines.append(A.p(message("minutes_doc_vote_outcome", lang, {"body": body, "side": side[r.winner]})))
        return A.debateSection(A.heading(message("minutes_doc_vote", lang, {"number": v.number})), *sides, *lines,
                               name="vote", eId=at)

    def election(self, e: Election, at: str) -> etree._Element:
        """An election's result only: the totals (candidates or lists) and the blank ballots."""
        lang = self.lang
        title = council_text(e.title, lang)
        if e.unanimous:
            words = message("minutes_doc_elected_unanimously", lang,
                            {"title": title, "names": names_text(tuple(self.m.name_of(c) for c in e.outcome.elected) if e.outcome else (), lang)})
        else:
            lists = {str(lst.number): lst.name or str(lst.number) for lst in e.lists}  # proportional: by list
            totals = ", ".join(f"{lists.get(c) or self.m.name_of(c)} {n}" for c, n in sorted(e.totals.items(), key=lambda kv: -kv[1]))
            blank = f", {message('summary_blank', lang, {'blank': e.blank})}" if e.blank else ""
            words = f"{message('opendata_votes', lang)}: {totals}{blank}"
        return A.debateSection(A.heading(title), A.p(words), name="election", eId=at)

    def decision(self, number: int, at: str) -> etree._Element:
        """The decision in the minutes' wording, with the deciding vote's count; the dissents."""
        lang = self.lang
        parts = [A.heading(message("minutes_doc_decision", lang)), A.p(decision_words(self.decided[number], lang))]
        dissents = self.m.decisions[number].dissents if number in self.m.decisions else {}
        parts += [self.sentence("minutes_doc_dissent", p) for p in self.roster.alphabetical(dissents)]
        return A.debateSection(*parts, name="decision", eId=at)

    def question_hour(self) -> etree._Element:
        """The question hour (kyselytunti / frågestund): answers and follow-up questions."""
        hour = self.m.question_hour
        assert hour is not None
        turns = [self.speech(t, f"questions__turn_{n}", "answer" if t.kind == ANSWER else "question")
                 for n, t in enumerate(hour.turns, 1)]
        return A.questions(A.heading(message("chapter_question_hour", self.lang)), *turns, eId="questions")


def _clock_time(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, timezone.utc).strftime("%H:%M:%S")


def _meta(m: Meeting, lang: str, body: _Body) -> etree._Element:
    """Identification (FRBR work, expression, manifestation) and the references the body cites."""
    day, language = _day(m), ISO_639_2[lang]
    number = "" if m.id in ("", day) else "/" + re.sub(r"[^0-9A-Za-z_-]", "-", m.id)  # a date as id says it all
    work = f"/akn/fi/debate/{m.rules.body}/{day}{number}"
    expression = f"{work}/{language}@"
    made = (iso_time(m.at) or day)[:10] if m.at else day

    def frbr(level: str, this: str, uri: str, date: str, date_name: str, author: str, *more: Any) -> Any:
        return A(level, A.FRBRthis(value=this), A.FRBRuri(value=uri), A.FRBRdate(date=date, name=date_name),
                 A.FRBRauthor(href=f"#{author}"), *more)

    identification = A.identification(
        frbr("FRBRWork", f"{work}/!main", work, day, "meeting", COUNCIL, A.FRBRcountry(value="fi")),
        frbr("FRBRExpression", f"{expression}/!main", expression, day, "meeting", COUNCIL,
             A.FRBRlanguage(language=language)),
        frbr("FRBRManifestation", f"{expression}/!main.xml", f"{expression}.akn", made, "generation", SOURCE),
        source=f"#{SOURCE}")
    roster = body.roster
    people = [roster.person(p) for p in roster.alphabetical(body.cited)]
    references = A.references(
        A.TLCOrganization(eId=COUNCIL, href=f"/ontology/organization/fi/{COUNCIL}", showAs=roster.name),
        A.TLCOrganization(eId=SOURCE, href=f"/ontology/organization/{SOURCE}", showAs=SOURCE),
        *(A.TLCPerson(eId=eid(p.id), href=f"/ontology/person/{eid(p.id)}", showAs=p.name) for p in people if p),
        *(A.TLCRole(eId=f"role_{r}", href=f"/ontology/role/{r}", showAs=message(f"opendata_role_{r}", lang))
          for r in ROLES if r in body.roles),
        source=f"#{SOURCE}")
    return A.meta(identification, references)
