"""`chamber simulate`: a scripted meeting run through the real engine and rules (issue #10).

A scenario (JSON, docs/simulate.md) names a roster, the rule settings that differ from the
defaults (RULES.md §13), an agenda and an ordered list of steps: who acts, the command as the
websocket protocol names it, its arguments, optionally when (seconds from the start), whether it
must be rejected (and with which reason code), and the outcome of any lot (arpa) it draws.

The whole file is validated before anything is written ("nothing is half-applied"). The steps
then go through an `Engine` on an `EventLog` — a temporary one, or `--data DIR` to keep it — with
a simulated clock. Lots are scripted without a back door in the rules: for a step that draws lots
the runner searches entropy deterministically (SHA-256 of a counter) until `decide`, run on the
current state (pure: it changes nothing), draws the scripted outcome, then submits the command
with that entropy. Every other step gets fixed entropy, so runs are repeatable.

The record (text, or `--json` with the stable fields of docs/simulate.md) is built from the
events and the final state: attendance and quorum changes, the speaking order as given, proposals
with movers and seconders, each vote with its question, counts and names, lots, and decisions.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .council import LOG_FILE
from .engine import Engine
from .i18n import message, messages
from .rosterfile import RosterFileError, load_agenda, load_roster
from .rules import Actor, Command, Context, Meeting, Recorded, Rejected, Role, decide
from .rules.agenda import AgendaError, parse_agenda
from .rules.attendance import quorum_status
from .rules.elections import BALLOT_BOX_COMMANDS, election_view
from .rules.lifecycle import setup_event
from .rules.procedure import COMMANDS, decide_at_ballot_box
from .rules.roster import Roster, RosterError
from .rules.ruleset import RuleSet
from .rules.speaking import speech_class
from .rules.votes import decision_text, proposal_label, question
from .record import CHECKPOINTS_FILE, KEY_FILE, Notary, signing_key
from .store import EventLog

FORMAT = 1  # the scenario format and the JSON record format (docs/simulate.md)
DEFAULT_START = "2026-01-15T17:00:00+00:00"  # a fixed date: runs are repeatable
LOT_SEARCH_LIMIT = 10_000  # entropies tried for one step's scripted lots
ACTOR_KINDS = ("chair", "secretary", "member", "substitute", "official")
TOP_KEYS = {"format", "title", "description", "start", "date", "meeting_title", "public", "roster",
            "agenda", "rules", "seed", "steps", "expect"}
STEP_KEYS = {"actor", "actors", "command", "args", "at", "reject", "lots", "note"}
EXPECT_KEYS = {"decisions", "elected", "speaking_order", "quorum", "votes"}
DECISION_KEYS = {"outcome", "proposal", "amount", "additions", "riders", "unanimous", "minority"}
QUORUM_KEYS = {"present", "seats", "needed", "quorate"}
VOTE_KEYS = {"item", "number", "jaa", "ei", "tyhja", "poissa", "winner", "decided_by", "casting_vote"}
ATTENDANCE_EVENTS = ("roll_call_started", "roll_call_ended", "quorum_declared", "absence_reported",
                     "substitute_seated", "substitute_finishing_item", "substitute_released",
                     "disqualification_declared", "disqualification_ended", "arrived", "departed")


class ScenarioError(ValueError):
    """A scenario file that cannot be run; the message names the file, the step and the field."""


# --- the scenario ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One command of the scenario (a step with `actors` becomes one Step per actor)."""

    label: str  # "step 12", or "step 12 [3/27]" for one actor of several
    index: int  # position among all expanded steps, for the entropy
    actor_label: str
    actor: Actor
    command: str
    args: dict[str, Any]
    at: int  # milliseconds after the start
    reject: str | None = None
    lots: tuple[tuple[str, ...], ...] | None = None
    note: str = ""

    @property
    def name(self) -> str:
        return f"{self.label} ({self.actor_label} {self.command})"


@dataclass(frozen=True)
class Scenario:
    file: str
    title: str
    description: str
    start_ms: int
    date: str
    meeting_title: dict[str, str]
    public: bool
    roster: Roster
    agenda: list[dict[str, Any]]
    rules: RuleSet
    rule_changes: dict[str, Any]
    seed: str
    steps: list[Step]
    expect: dict[str, Any] = field(default_factory=dict)


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file; every error is a `ScenarioError` naming step and field."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as err:
        raise ScenarioError(f"{path}: cannot be read: {err}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise ScenarioError(f"{path.name} line {err.lineno}: not valid JSON: {err.msg}") from None
    return parse_scenario(data, path.name, path.parent)


def parse_scenario(data: Any, filename: str = "scenario", base: Path | None = None) -> Scenario:
    base = base or Path.cwd()

    def fail(where: str, name: str, problem: str) -> ScenarioError:
        return ScenarioError(f"{filename}: {where + ': ' if where else ''}field '{name}': {problem}")

    if not isinstance(data, dict):
        raise ScenarioError(f"{filename}: a scenario is a JSON object {{\"roster\": ..., \"steps\": [...]}}")
    for key in data:
        if key not in TOP_KEYS:
            raise fail("", key, f"unknown field; known: {', '.join(sorted(TOP_KEYS))}")
    if data.get("format", FORMAT) != FORMAT:
        raise fail("", "format", f"this chamber reads scenario format {FORMAT}")
    title = _optional_text(data, "title", fail) or Path(filename).stem
    description = _optional_text(data, "description", fail) or ""
    seed = _optional_text(data, "seed", fail) or "chamber"
    start_ms, date = _start(data, fail)
    public = data.get("public", True)
    if not isinstance(public, bool):
        raise fail("", "public", "must be true or false")
    roster = _roster(data.get("roster"), base, fail)
    agenda = _agenda(data.get("agenda"), data.get("roster"), base, fail)
    changes = data.get("rules", {})
    if not isinstance(changes, dict):
        raise fail("", "rules", "must be an object of the settings that differ from the defaults (RULES.md §13)")
    try:
        rules = RuleSet.from_dict(changes)
    except (ValueError, TypeError) as err:
        raise fail("", "rules", str(err)) from None
    meeting_title = data.get("meeting_title", {"fi": title, "sv": title, "en": title})
    if not isinstance(meeting_title, dict) or not meeting_title or not all(
            k in ("fi", "sv", "en") and isinstance(v, str) and v.strip() for k, v in meeting_title.items()):
        raise fail("", "meeting_title", "must be texts by language, {\"fi\": ..., \"sv\": ...}")
    try:  # the setup event validates the agenda against the roster's council as the hall does
        setup_event(date, meeting_title, roster, agenda, date=date, public=public, rules=rules)
    except (AgendaError, ValueError) as err:
        raise fail("", "agenda", str(err)) from None
    steps = _steps(data.get("steps"), roster, fail)
    expect = _expect(data.get("expect", {}), agenda, fail)
    return Scenario(filename, title, description, start_ms, date, dict(meeting_title), public, roster,
                    agenda, rules, dict(changes), seed, steps, expect)


def _optional_text(data: dict[str, Any], name: str, fail: Any) -> str | None:
    value = data.get(name)
    if value is not None and not isinstance(value, str):
        raise fail("", name, "must be a text")
    return value


def _start(data: dict[str, Any], fail: Any) -> tuple[int, str]:
    start = data.get("start", DEFAULT_START)
    if not isinstance(start, str):
        raise fail("", "start", "must be a date and time, e.g. \"2026-11-23T18:00:00+02:00\"")
    try:
        moment = datetime.fromisoformat(start)
    except ValueError:
        raise fail("", "start", f"'{start}' is not a date and time like \"2026-11-23T18:00:00+02:00\"") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    date = data.get("date", moment.date().isoformat())
    if not isinstance(date, str) or len(date) != 10:
        raise fail("", "date", "must be YYYY-MM-DD")
    return int(moment.timestamp() * 1000), date


def _roster(value: Any, base: Path, fail: Any) -> Roster:
    if value is None:
        raise fail("", "roster", "missing: a roster inline, a roster file's path (relative to the scenario) or \"demo\"")
    if value == "demo":
        from .demo_data import demo_roster
        return demo_roster()
    if isinstance(value, str):
        try:
            return load_roster(base / value)
        except RosterFileError as err:
            raise fail("", "roster", str(err)) from None
    if isinstance(value, dict):
        try:
            return Roster.from_dict(value)
        except RosterError as err:
            raise fail("", "roster", str(err)) from None
    raise fail("", "roster", "must be an object, a file name or \"demo\"")


def _agenda(value: Any, roster_value: Any, base: Path, fail: Any) -> list[dict[str, Any]]:
    if value is None and roster_value == "demo":
        value = "demo"
    if value == "demo":
        from .demo_data import demo_agenda
        return demo_agenda()
    if isinstance(value, str):
        try:
            return load_agenda(base / value)
        except RosterFileError as err:
            raise fail("", "agenda", str(err)) from None
    if not isinstance(value, list) or not value:
        raise fail("", "agenda", "must be a non-empty list of items, or an agenda file's path")
    try:
        parse_agenda(value)
    except (AgendaError, ValueError, TypeError) as err:
        raise fail("", "agenda", str(err)) from None
    return value


def parse_actor(label: Any, roster: Roster) -> Actor:
    """`chair`, `chair:ID`, `secretary`, `member:ID`, `substitute:ID`, `official:ID`; raises
    ValueError with the problem."""
    if not isinstance(label, str):
        raise ValueError("must be a text such as \"chair\", \"secretary\" or \"member:ID\"")
    kind, _, person_id = label.partition(":")
    if kind not in ACTOR_KINDS:
        raise ValueError(f"'{label}': the actor is one of {', '.join(k + (':ID' if k in ('member', 'substitute', 'official') else '') for k in ACTOR_KINDS)}")
    if kind == "secretary":
        if person_id:
            raise ValueError(f"'{label}': the secretary is named without an id")
        return Actor(Role.SECRETARY)
    if kind == "chair":
        if not person_id:
            if roster.chair is None:
                raise ValueError("'chair': nobody in the roster has the role 'chair'; name one: \"chair:ID\"")
            return Actor(Role.CHAIR, roster.chair.id)
        person = roster.person(person_id)
        if person is None:
            raise ValueError(f"'{label}': no person '{person_id}' in the roster")
        return Actor(Role.CHAIR, person.id)
    if not person_id:
        raise ValueError(f"'{label}': name the person, \"{kind}:ID\"")
    person = roster.person(person_id)
    if person is None:
        raise ValueError(f"'{label}': no person '{person_id}' in the roster")
    if person.kind != kind:
        raise ValueError(f"'{label}': {person_id} is a {person.kind} in the roster, not a {kind}")
    return Actor(Role.MEMBER, person.id)


def _steps(value: Any, roster: Roster, fail: Any) -> list[Step]:
    if not isinstance(value, list) or not value:
        raise fail("", "steps", "must be a non-empty list of steps")
    known = set(COMMANDS) | set(BALLOT_BOX_COMMANDS)
    codes = messages()
    steps: list[Step] = []
    last_at = 0
    for n, entry in enumerate(value, start=1):
        where = f"step {n}"
        if not isinstance(entry, dict):
            raise fail(where, "(step)", "a step is an object {\"actor\": ..., \"command\": ...}")
        for key in entry:
            if key not in STEP_KEYS:
                raise fail(where, key, f"unknown field; known: {', '.join(sorted(STEP_KEYS))}")
        if ("actor" in entry) == ("actors" in entry):
            raise fail(where, "actor", "give either 'actor' or 'actors' (a list), not both or neither")
        labels = [entry["actor"]] if "actor" in entry else entry["actors"]
        name = "actor" if "actor" in entry else "actors"
        if not isinstance(labels, list) or not labels:
            raise fail(where, "actors", "must be a non-empty list of actors")
        actors = []
        for label in labels:
            try:
                actors.append(parse_actor(label, roster))
            except ValueError as err:
                raise fail(where, name, str(err)) from None
        command = entry.get("command")
        if not isinstance(command, str):
            raise fail(where, "command", "missing: the command as the protocol names it, e.g. \"open_meeting\"")
        if command not in known:
            raise fail(where, "command", f"unknown command '{command}' (docs/protocol.md, docs/simulate.md)")
        args = entry.get("args", {})
        if not isinstance(args, dict):
            raise fail(where, "args", "must be an object of the command's arguments")
        at = entry.get("at")
        if at is not None:
            if isinstance(at, bool) or not isinstance(at, (int, float)) or at < 0:
                raise fail(where, "at", "must be a number of seconds from the start, 0 or more")
            at_ms = round(at * 1000)
            if at_ms < last_at:
                raise fail(where, "at", f"{at} s is before the previous step's {last_at / 1000:g} s: "
                                        "offsets never decrease")
            last_at = at_ms
        reject = entry.get("reject")
        if reject is not None and (not isinstance(reject, str) or reject not in codes):
            raise fail(where, "reject", f"'{reject}' is not a reason code (chamber/i18n)")
        lots = entry.get("lots")
        if lots is not None:
            if not isinstance(lots, list) or not lots or not all(
                    isinstance(lot, list) and len(lot) >= 2 and all(isinstance(x, str) for x in lot)
                    and len(set(lot)) == len(lot) for lot in lots):
                raise fail(where, "lots", "must be a list of drawn orders, each a list of two or more "
                                          "distinct names, e.g. [[\"Dahl\", \"Cederberg\"]]")
            if len(actors) > 1:
                raise fail(where, "lots", "a step with lots has one actor")
            lots = tuple(tuple(lot) for lot in lots)
        note = entry.get("note", "")
        if not isinstance(note, str):
            raise fail(where, "note", "must be a text")
        for i, (label, actor) in enumerate(zip(labels, actors), start=1):
            sub = where if len(actors) == 1 else f"{where} [{i}/{len(actors)}]"
            steps.append(Step(sub, len(steps), label, actor, command, dict(args), last_at, reject, lots, note))
    return steps


def _expect(value: Any, agenda: list[dict[str, Any]], fail: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise fail("", "expect", "must be an object")
    numbers = {str(entry["number"]) for entry in agenda}
    for key, part in value.items():
        where = f"expect.{key}"
        if key not in EXPECT_KEYS:
            raise fail("expect", key, f"unknown field; known: {', '.join(sorted(EXPECT_KEYS))}")
        if key == "votes":
            if not isinstance(part, list):
                raise fail("expect", key, "must be a list of votes")
            for i, vote in enumerate(part):
                if not isinstance(vote, dict) or "item" not in vote or "number" not in vote:
                    raise fail(f"{where}[{i}]", "item", "each vote names its 'item' and its 'number' on the item")
                unknown = set(vote) - VOTE_KEYS
                if unknown:
                    raise fail(f"{where}[{i}]", sorted(unknown)[0], f"unknown field; known: {', '.join(sorted(VOTE_KEYS))}")
            continue
        if not isinstance(part, dict):
            raise fail("expect", key, "must be an object by item number (or election id)")
        for ref, entry in part.items():
            if key != "elected" and ref not in numbers:
                raise fail(where, ref, "no such item on the agenda")
            if key == "decisions":
                if not isinstance(entry, dict) or not set(entry) <= DECISION_KEYS:
                    raise fail(where, ref, f"must be an object with some of {', '.join(sorted(DECISION_KEYS))}")
            elif key == "quorum":
                if not isinstance(entry, dict) or not set(entry) <= QUORUM_KEYS:
                    raise fail(where, ref, f"must be an object with some of {', '.join(sorted(QUORUM_KEYS))}")
            elif not isinstance(entry, list) or not all(isinstance(x, str) for x in entry):
                raise fail(where, ref, "must be a list of names or person ids")
    return value


# --- running -----------------------------------------------------------------------------------


class _StepFailed(Exception):
    pass


@dataclass
class Run:
    """What happened: the events by the step that caused them, and the final state."""

    scenario: Scenario
    meeting: Meeting
    events: list[tuple[Step | None, Recorded]]
    steps_run: int
    rejections: list[dict[str, Any]]
    quorum_changes: list[dict[str, Any]]
    failures: list[str]
    data: str | None


def _entropy(seed: str, index: int, attempt: int | None = None) -> bytes:
    text = f"chamber-simulate:{seed}:{index}" + ("" if attempt is None else f":{attempt}")
    return hashlib.sha256(text.encode()).digest()


def drawn_lots(meeting: Meeting, events: list[Any]) -> list[dict[str, Any]]:
    """The lots the events record: ties in an election, and a group order drawn by lot."""
    lots = []
    for event in events:
        if event.type == "election_closed":
            for lot in event.data["lots"]:
                lots.append({"kind": "election", "election": event.data["election"],
                             "tied": list(lot["tied"]), "order": list(lot["order"])})
        elif event.type == "discussion_opened" and event.data.get("group_order") \
                and meeting.rules.group_size_tie_break == "lot":
            lots.append({"kind": "group_order", "item": event.data["item"],
                         "tied": sorted(event.data["group_order"]), "order": list(event.data["group_order"])})
    return lots


def _trial(engine: Engine, step: Step, entropy: bytes, at: int) -> list[Any]:
    """The events the step would cause with this entropy; pure, nothing changes."""
    ctx = Context(at=at, entropy=entropy)
    command = Command(step.command, step.args)
    if step.command in BALLOT_BOX_COMMANDS:
        return decide_at_ballot_box(engine.meeting, step.actor, command, ctx, engine.box)[0]
    return decide(engine.meeting, step.actor, command, ctx)


def _choose_entropy(engine: Engine, scn: Scenario, step: Step, at: int) -> bytes:
    if step.lots is None:
        return _entropy(scn.seed, step.index)
    wanted = [list(lot) for lot in step.lots]
    seen: list[list[str]] = []
    for attempt in range(LOT_SEARCH_LIMIT):
        entropy = _entropy(scn.seed, step.index, attempt)
        try:
            events = _trial(engine, step, entropy, at)
        except Rejected:
            return entropy  # the real submission is refused the same way and reported as such
        drawn = [lot["order"] for lot in drawn_lots(engine.meeting, events)]
        if not drawn:
            raise _StepFailed(f"{step.name}: lots were scripted ({_orders(wanted)}) but the command draws none")
        if len(drawn) != len(wanted) or any(set(d) != set(w) for d, w in zip(drawn, wanted)):
            raise _StepFailed(f"{step.name}: the scripted lots {_orders(wanted)} do not match the ties "
                              f"the command draws: {_orders(drawn)}")
        if drawn == wanted:
            return entropy
        seen = drawn
    raise _StepFailed(f"{step.name}: no entropy within {LOT_SEARCH_LIMIT} tries draws {_orders(wanted)} "
                      f"(last drawn {_orders(seen)})")


def _orders(orders: list[list[str]]) -> str:
    return "; ".join("[" + ", ".join(o) + "]" for o in orders)


async def run_scenario(scn: Scenario, data: Path | None = None) -> Run:
    """Run every step through a real engine on a fresh log (in `data`, or a temporary one)."""
    if data is not None:
        if (data / LOG_FILE).exists():
            raise ScenarioError(f"{data / LOG_FILE} already exists: give --data a new or empty directory")
        data.mkdir(parents=True, exist_ok=True)
        return await _run_in(scn, data, keep=True)
    with tempfile.TemporaryDirectory(prefix="chamber-simulate-") as tmp:
        return await _run_in(scn, Path(tmp), keep=False)


async def _run_in(scn: Scenario, directory: Path, keep: bool) -> Run:
    log = await EventLog.open(directory / LOG_FILE)
    if not keep:  # a throw-away log needs no flush to disk per command; a kept one is like the hall's
        await log.db.execute("PRAGMA synchronous=OFF")
    now = [scn.start_ms]
    collected: list[Recorded] = []
    # A kept log is signed like the hall's, so that `chamber verify` holds it to its checkpoints.
    notary = Notary(signing_key(directory / KEY_FILE), directory / CHECKPOINTS_FILE, lambda: now[0]) if keep else None
    engine = Engine(log, scn.date, lambda meeting, events: collected.extend(events or []),
                    clock=lambda: now[0], entropy=lambda n: _entropy(scn.seed, -1)[:n],
                    recorded=notary.recorded if notary else lambda head, events: None)
    events: list[tuple[Step | None, Recorded]] = []
    rejections: list[dict[str, Any]] = []
    quorum_changes: list[dict[str, Any]] = []
    failures: list[str] = []
    steps_run = 0
    try:
        await engine.create(setup_event(scn.date, scn.meeting_title, scn.roster, scn.agenda,
                                        date=scn.date, public=scn.public, rules=scn.rules))
        events.extend((None, e) for e in await log.events(scn.date))
        engine.start()
        last_quorum: tuple[Any, ...] | None = None
        for step in scn.steps:
            now[0] = scn.start_ms + step.at
            try:
                entropy = _choose_entropy(engine, scn, step, now[0])
            except _StepFailed as failed:
                failures.append(str(failed))
                break
            engine.entropy = lambda n, chosen=entropy: chosen[:n]
            collected.clear()
            before = engine.meeting.seq
            outcome = await engine.submit(step.actor, Command(step.command, dict(step.args)))
            steps_run += 1
            if len(collected) != engine.meeting.seq - before:  # the publisher held some back
                collected[:] = (await log.events(scn.date))[before:]
            events.extend((step, e) for e in collected)
            if outcome.ok and step.reject:
                failures.append(f"{step.name}: expected to be rejected with '{step.reject}', but it was accepted")
                break
            if not outcome.ok:
                error = outcome.error
                assert error is not None
                if step.reject != error.code:
                    expected = f"expected '{step.reject}', " if step.reject else ""
                    failures.append(f"{step.name}: {expected}rejected with '{error.code}'"
                                    f"{_params(error.params)}: {_message(error)}")
                    break
                rejections.append({"step": step.label, "actor": step.actor_label, "command": step.command,
                                   "code": error.code, "params": _jsonable(error.params)})
            if outcome.ok and step.lots is not None:
                drawn = [lot["order"] for lot in drawn_lots(engine.meeting, collected)]
                if drawn != [list(lot) for lot in step.lots]:  # cannot happen: the trial was pure
                    failures.append(f"{step.name}: drew {_orders(drawn)}, not the scripted lots")
                    break
            m = engine.meeting
            if m.attendance.roll_calls and m.attendance.roll_call is None:  # not mid roll call
                item = m.current.number if m.current else None
                status = quorum_status(m, item)
                key = (item, status["present"], status["needed"], status["quorate"])
                if key != last_quorum:
                    quorum_changes.append({"step": step.label, "at": _secs(step.at), "item": item, **status})
                    last_quorum = key
    finally:
        await engine.stop()
        if notary:
            await notary.close()
        await log.close()
    return Run(scn, engine.meeting, events, steps_run, rejections, quorum_changes, failures,
               str(directory) if keep else None)


def _secs(ms: int) -> int | float:
    """Milliseconds as seconds: a whole number when it is one."""
    return ms // 1000 if ms % 1000 == 0 else ms / 1000


def _params(params: dict[str, Any]) -> str:
    return f" {json.dumps(_jsonable(params), ensure_ascii=False)}" if params else ""


def _message(error: Rejected) -> str:
    return message(error.code, "en", error.params)


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


# --- the record --------------------------------------------------------------------------------


def build_record(run: Run) -> dict[str, Any]:
    """The record of the run with the stable field names of docs/simulate.md."""
    scn, m = run.scenario, run.meeting
    start = scn.start_ms

    def seconds(at: int) -> float | int:
        return _secs(at - start)

    def name(person_id: str | None) -> str | None:
        person = m.roster.person(person_id) if (m.roster and person_id) else None
        return person.name if person else person_id

    def people(ids: Any) -> list[dict[str, Any]]:
        return [{"id": p, "name": name(p)} for p in ids]

    attendance = []
    for step, event in run.events:
        if event.type in ATTENDANCE_EVENTS:
            entry = {"step": step.label if step else None, "at": seconds(event.at), "event": event.type,
                     **_jsonable(event.data)}
            if "person" in event.data:
                entry["name"] = name(event.data["person"])
            attendance.append(entry)
    lots = []
    for step, event in run.events:
        for lot in drawn_lots(m, [event]):
            election = next((e for e in m.elections if e.id == lot.get("election")), None)
            lots.append({"step": step.label if step else None, "item": election.item if election else lot.get("item"),
                         **lot})
    touched = {e.data.get("item") for _, e in run.events if isinstance(e.data.get("item"), int)}
    touched |= {n for n in m.proposals} | {v.item for v in m.votes} | {e.item for e in m.elections}
    touched |= set(m.decisions) | set(m.speaking)
    items = [_item(m, item.number, seconds, name, people) for item in m.agenda
             if item.number in touched or item.state != "pending"]
    return {
        "format": FORMAT,
        "ok": not run.failures,
        "failures": list(run.failures),
        "scenario": {"file": scn.file, "title": scn.title, "description": scn.description},
        "meeting": {"id": m.id, "date": m.date, "council": m.roster.name if m.roster else "",
                    "seats": m.roster.seats if m.roster else None, "title": dict(m.title),
                    "public": m.public, "rules": dict(scn.rule_changes), "phase": m.phase,
                    "start": datetime.fromtimestamp(start / 1000, timezone.utc).isoformat()},
        "data": run.data,
        "steps": {"total": len(scn.steps), "run": run.steps_run, "events": len(run.events),
                  "expected_rejections": run.rejections},
        "attendance": attendance,
        "quorum": run.quorum_changes,
        "items": items,
        "lots": lots,
    }


def _item(m: Meeting, number: int, seconds: Any, name: Any, people: Any) -> dict[str, Any]:
    item = m.item(number)
    assert item is not None
    record = m.proposals.get(number)
    queue = m.speaking.get(number)
    speeches = [{"person": s.person, "name": name(s.person), "kind": s.kind,
                 "class": speech_class(s.kind, s.priority), "group": s.group, "at": seconds(s.started_at),
                 "ended": seconds(s.ended_at) if s.ended_at is not None else None}
                for s in (queue.speeches if queue else [])]
    proposals = [{"id": p.id, "kind": p.kind, "label": proposal_label(m, number, p.id), "text": dict(p.text),
                  "amount": p.amount, "movers": people(p.movers), "seconders": people(p.seconders),
                  "state": p.state, "in_vote": p.in_vote(m.rules), "merged_into": p.merged_into}
                 for p in (record.proposals if record else [])]
    votes = []
    for v in m.votes:
        if v.item != number:
            continue
        q = question(m, v)
        entry: dict[str, Any] = {
            "id": v.id, "number": v.number, "kind": v.question.kind, "mode": v.mode, "state": v.state,
            "majority": v.majority.to_dict(), "replaces": v.replaces,
            "jaa": {"ref": q["jaa"]["ref"], "label": q["jaa"]["label"]},
            "ei": {"ref": q["ei"]["ref"], "label": q["ei"]["label"]},
            "counts": None, "names": None, "winner": None, "winning": None, "decided_by": None,
            "casting_vote": v.casting_vote,
        }
        if v.result is not None:
            r = v.result
            entry["counts"] = r.counts()
            entry["names"] = {option: people(getattr(r, option))
                              for option in ("jaa", "ei", "tyhja", "poissa", "esteellinen")}
            entry["winner"] = r.winner
            entry["winning"] = v.question.side(r.winner) if r.winner else None
            entry["decided_by"] = r.decided_by
            entry["finding"] = r.finding
        votes.append(entry)
    elections = []
    for e in m.elections:
        if e.item == number:
            view = election_view(m, e)
            view.pop("voters", None)
            elections.append(_jsonable(view))
    decision = None
    d = m.decisions.get(number)
    if d is not None:
        decision = {"outcome": d.outcome, "proposal": d.proposal,
                    "label": proposal_label(m, number, d.proposal) if d.proposal else None,
                    "amount": d.amount, "additions": list(d.additions), "riders": list(d.riders),
                    "unanimous": d.unanimous, "minority": d.minority, "text": decision_text(m, number),
                    "dissents": [{"person": p, "name": name(p), "text": dict(t)} for p, t in d.dissents.items()]}
    order = m.orders.get(number)
    return {
        "number": number, "title": dict(item.title), "state": item.state, "outcome": item.outcome,
        "disqualified": people(sorted(m.attendance.disqualified.get(number, {}))),
        "speaking_order": speeches,
        "proposals": proposals,
        "lapsed": [p["id"] for p in proposals if p["state"] == "lapsed"],
        "voting_order": ([s.to_dict() for s in order.steps] if order and order.approved else None),
        "votes": votes,
        "elections": elections,
        "decision": decision,
        "quorum": quorum_status(m, number),
    }


# --- expectations ------------------------------------------------------------------------------


def check_expectations(run: Run, record: dict[str, Any]) -> list[str]:
    """What the scenario's `expect` block says and the record does not show."""
    scn = run.scenario
    problems: list[str] = []
    items = {str(i["number"]): i for i in record["items"]}
    expect = scn.expect

    def differ(where: str, wanted: Any, got: Any) -> None:
        if wanted != got:
            problems.append(f"{where}: expected {json.dumps(wanted, ensure_ascii=False)}, "
                            f"got {json.dumps(got, ensure_ascii=False)}")

    for number, wanted in expect.get("decisions", {}).items():
        decision = items.get(number, {}).get("decision")
        if decision is None:
            problems.append(f"expect.decisions.{number}: no decision was declared on item {number}")
            continue
        for key, value in wanted.items():
            differ(f"expect.decisions.{number}.{key}", value, decision[key])
    elections = {e["election"]: e for i in record["items"] for e in i["elections"]}
    for ref, wanted in expect.get("elected", {}).items():
        election = elections.get(ref)
        if election is None:
            problems.append(f"expect.elected.{ref}: no election '{ref}' (elections: {', '.join(elections) or 'none'})")
            continue
        differ(f"expect.elected.{ref}", wanted, election.get("elected"))
    for number, wanted in expect.get("speaking_order", {}).items():
        got = [s["person"] for s in items.get(number, {}).get("speaking_order", [])]
        differ(f"expect.speaking_order.{number}", wanted, got)
    for number, wanted in expect.get("quorum", {}).items():
        got = quorum_status(run.meeting, int(number))  # at the end of the run, for that item
        for key, value in wanted.items():
            differ(f"expect.quorum.{number}.{key}", value, got.get(key))
    for i, wanted in enumerate(expect.get("votes", [])):
        votes = items.get(str(wanted["item"]), {}).get("votes", [])
        vote = next((v for v in votes if v["number"] == wanted["number"] and v["state"] != "set_aside"), None)
        if vote is None:
            problems.append(f"expect.votes[{i}]: no vote {wanted['number']} on item {wanted['item']}")
            continue
        for key, value in wanted.items():
            if key in ("item", "number"):
                continue
            got = vote["counts"].get(key) if key in ("jaa", "ei", "tyhja", "poissa") and vote["counts"] else vote.get(key)
            differ(f"expect.votes[{i}].{key}", value, got)
    return problems


# --- text --------------------------------------------------------------------------------------


def render_text(record: dict[str, Any], lang: str = "en") -> str:
    """The record for people: what a chair, a secretary or a trainer reads after a run."""

    def t(texts: Any) -> str:
        if not isinstance(texts, dict):
            return "" if texts is None else str(texts)
        return texts.get(lang) or texts.get("fi") or next(iter(texts.values()), "")

    def names(entries: list[dict[str, Any]]) -> str:
        return ", ".join(e["name"] for e in entries) or "—"

    meeting, steps = record["meeting"], record["steps"]
    out = [f"Scenario: {record['scenario']['title']} ({record['scenario']['file']})"]
    if record["scenario"]["description"]:
        out.append(f"  {record['scenario']['description']}")
    rules = ", ".join(f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in meeting["rules"].items())
    out.append(f"Meeting {meeting['id']}: {meeting['council']}, {meeting['seats']} seats; "
               f"rules: {rules or 'defaults'}")
    out.append(f"Steps: {steps['run']} of {steps['total']} run, {steps['events']} events, "
               f"{len(steps['expected_rejections'])} rejected as expected")
    for r in steps["expected_rejections"]:
        out.append(f"  {r['step']} ({r['actor']} {r['command']}): rejected '{r['code']}', as expected")
    if record["data"]:
        out.append(f"Log kept in {record['data']}")

    out += ["", "Attendance and quorum"]
    rows = [(a["at"], a["step"] or "", _attendance_line(a)) for a in record["attendance"]]
    rows += [(q["at"], q["step"], f"quorum{' on item ' + str(q['item']) if q['item'] else ''}: "
              f"{q['present']} present of {q['seats']}, {q['needed']} needed: "
              f"{'quorate' if q['quorate'] else 'NOT QUORATE'}") for q in record["quorum"]]
    for at, step, line in sorted(rows, key=lambda r: (r[0], _step_key(r[1]))):
        out.append(f"  {_clock(at):>8}  {step:<18} {line}")

    for item in record["items"]:
        out += ["", f"§{item['number']} {t(item['title'])}  [{item['state']}"
                    f"{', ' + item['outcome'] if item['outcome'] else ''}]"]
        q = item["quorum"]
        out.append(f"  Quorum: {q['present']} of {q['seats']}, {q['needed']} needed: "
                   f"{'quorate' if q['quorate'] else 'NOT QUORATE'}"
                   + (f"; disqualified: {names(item['disqualified'])}" if item["disqualified"] else ""))
        if item["speaking_order"]:
            out.append("  Speaking order:")
            for n, s in enumerate(item["speaking_order"], start=1):
                out.append(f"    {n:>2}. {_clock(s['at']):>8}  {s['name']} ({s['class'].replace('_', ' ')})")
        if item["proposals"]:
            out.append("  Proposals:")
            for p in item["proposals"]:
                amount = f" {p['amount']:,} €".replace(",", "\u00a0") if p["amount"] is not None else ""
                out.append(f"    {p['id']} {p['kind']}{amount}: {t(p['text'])}")
                out.append(f"       moved by {names(p['movers'])}; seconded by {names(p['seconders'])}; "
                           f"{p['state']}{' (in the vote)' if p['in_vote'] else ''}")
        if item["voting_order"]:
            order = "; ".join(f"{s['kind']} JAA {s['jaa'] or '—'} / EI {s['ei'] or '—'}" for s in item["voting_order"])
            out.append(f"  Voting order: {order}")
        for v in item["votes"]:
            out.append(f"  Vote {v['number']} ({v['kind']}, {v['mode']}{', ' + v['majority']['kind'] if v['majority']['kind'] != 'simple' else ''})"
                       f"{' — set aside for a roll call' if v['state'] == 'set_aside' else ''}")
            out.append(f"    JAA = {t(v['jaa']['label'])}")
            out.append(f"    EI  = {t(v['ei']['label'])}")
            if v["counts"]:
                c = v["counts"]
                won = {"jaa": "JAA", "ei": "EI"}.get(v["winner"], "no winner yet: the chair's deciding vote is awaited")
                casting = f"; the chair's deciding vote {v['casting_vote'].upper()}" if v["casting_vote"] else ""
                out.append(f"    Jaa {c['jaa']}, Ei {c['ei']}, Tyhjä {c['tyhja']}, Poissa {c['poissa']}"
                           f"{', esteellinen ' + str(c['esteellinen']) if c['esteellinen'] else ''}"
                           f" → {won} ({v['decided_by']}{casting})")
                for option, title in (("jaa", "Jaa"), ("ei", "Ei"), ("tyhja", "Tyhjä"), ("poissa", "Poissa"),
                                      ("esteellinen", "Esteellinen")):
                    if v["names"][option]:
                        out.append(f"      {title}: {names(v['names'][option])}")
        for e in item["elections"]:
            out.append(f"  Election {e['election']}: {t(e['title'])} ({e['kind']}, {e['seats']} seat"
                       f"{'s' if e['seats'] != 1 else ''}, round {e['round']}{', secret' if e['secret'] else ''})")
            if e.get("totals") is not None:
                totals = ", ".join(f"{k} {n}" for k, n in sorted(e["totals"].items(), key=lambda kv: -kv[1]))
                out.append(f"    totals: {totals or '—'}; blank {e.get('blank', 0)}, invalid {e.get('invalid', 0)}")
                if e.get("comparative_numbers"):
                    ranked = ", ".join(f"{c} {e['comparative_numbers'][c]}" for c in e["ranking"])
                    out.append(f"    comparative numbers: {ranked}")
                for lot in e.get("lots", []):
                    out.append(f"    lot (arpa) between {', '.join(lot['tied'])}: drawn {', '.join(lot['order'])}")
                out.append(f"    elected: {', '.join(e['elected']) or '—'}"
                           f"{' (unanimously, without a ballot)' if e['unanimous'] else ''}")
        d = item["decision"]
        if d:
            out.append(f"  Decision: {t(d['text'])}")
            for dissent in d["dissents"]:
                out.append(f"    dissent: {dissent['name']}")
        elif item["lapsed"]:
            out.append(f"  Lapsed (not seconded): {', '.join(item['lapsed'])}")

    if record["lots"]:
        out += ["", "Lots (arpa)"]
        for lot in record["lots"]:
            out.append(f"  {lot['step']}: {lot['kind'].replace('_', ' ')} — tied {', '.join(lot['tied'])}; "
                       f"drawn order {', '.join(lot['order'])}")
    out.append("")
    if record["ok"]:
        out.append("Result: OK — every step went as scripted and every expectation holds")
    else:
        out.append("Result: FAILED")
        out += [f"  {f}" for f in record["failures"]]
    return "\n".join(out) + "\n"


def _attendance_line(a: dict[str, Any]) -> str:
    kind, who = a["event"], a.get("name") or a.get("person", "")
    if kind == "roll_call_started":
        return f"roll call {a['number']} started: {len(a['called'])} called"
    if kind == "roll_call_ended":
        return f"roll call {a['number']} ended: absent {len(a['absent'])}" + \
            (f" ({', '.join(a['absent'])})" if a["absent"] else "")
    if kind == "quorum_declared":
        return (f"the chair declares the meeting {'lawful' if a['lawful'] else 'NOT lawful'} and "
                f"{'quorate' if a['quorate'] else 'NOT quorate'}: {a['present']} present, {a['needed']} needed")
    if kind == "disqualification_declared":
        return f"{who} disqualified on item {a['item']} ({a['basis']})"
    if kind == "disqualification_ended":
        return f"{who} no longer disqualified on item {a['item']}"
    if kind == "substitute_seated":
        return f"substitute {a.get('substitute')} seated for {a.get('member')}" + \
            (f" on item {a['item']}" if a.get("item") else "")
    if kind == "substitute_released":
        return f"substitute {a.get('substitute')} released"
    if kind in ("arrived", "departed"):
        return f"{who} {kind}" + (f" during item {a['during']}" if a.get("during") else "")
    if kind == "absence_reported":
        return f"{who} reported absence"
    return f"{kind.replace('_', ' ')}: {json.dumps({k: v for k, v in a.items() if k not in ('step', 'at', 'event')}, ensure_ascii=False)}"


def _clock(seconds: float | int) -> str:
    total = int(seconds)
    return f"+{total // 3600}:{total // 60 % 60:02d}:{total % 60:02d}"


def _step_key(label: str) -> tuple[int, int]:
    parts = label.replace("step ", "").replace("[", "").replace("]", "").split()
    try:
        return int(parts[0]), int(parts[1].split("/")[0]) if len(parts) > 1 else 0
    except (ValueError, IndexError):
        return 0, 0


# --- the command -------------------------------------------------------------------------------


def simulate(path: Path, data: Path | None = None, as_json: bool = False, lang: str = "en",
             out: Any = None, err: Any = None) -> int:
    """`chamber simulate FILE`: 0 when every step and expectation held, 1 when not; an invalid
    scenario raises `ScenarioError` (the CLI prints it and exits 2) before anything is written."""
    import sys
    out, err = out or sys.stdout, err or sys.stderr
    scn = load_scenario(path)
    run = asyncio.run(run_scenario(scn, data))
    record = build_record(run)
    if not run.failures:
        problems = check_expectations(run, record)
        if problems:
            record["ok"], record["failures"] = False, problems
    if as_json:
        out.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(render_text(record, lang))
    for failure in record["failures"]:
        err.write(f"chamber simulate: {scn.file}: {failure}\n")
    return 0 if record["ok"] else 1
