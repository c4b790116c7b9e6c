"""`chamber simulate` (issue #10): every shipped scenario runs through the CLI and its expectations
hold, so the CLI and the rule tests agree on RULES.md's worked examples; the JSON record has the
documented fields; failures name the step; invalid files name the step and the field and write
nothing; `--data` keeps a log that `chamber verify` accepts.

Plain sync tests: the CLI runs its own event loop (asyncio.run)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from chamber.cli import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SCENARIOS = sorted(p for p in EXAMPLES.glob("*.json") if "steps" in json.loads(p.read_text(encoding="utf-8")))
COUNCIL = str(EXAMPLES / "council-27.json")

# The worked examples of RULES.md that must be shipped as scenarios, with the decision each reaches.
WORKED = {
    "vo-1": ("1", {"outcome": "adopted", "proposal": "base"}),
    "vo-2a": ("1", {"outcome": "adopted", "proposal": "p1"}),
    "vo-2b": ("1", {"outcome": "adopted", "proposal": "base"}),
    "vo-2c": ("1", {"outcome": "adopted", "proposal": "p1"}),
    "vo-2d": ("1", {"outcome": "adopted", "proposal": "p1"}),
    "vo-3": ("1", {"outcome": "rejected"}),
    "vo-3b": ("1", {"outcome": "adopted", "proposal": "base"}),
    "vo-4": ("1", {"outcome": "adopted", "amount": 150_000}),
    "vo-4b": ("1", {"outcome": "adopted", "amount": 100_000}),
    "vo-4c": ("1", {"outcome": "no_amount_accepted", "amount": None}),
    "vo-5": ("1", {"outcome": "adopted", "proposal": "base"}),
    "vo-5b": ("1", {"outcome": "returned"}),
    "vo-6": ("1", {"outcome": "adopted", "proposal": "base"}),
    "vo-7": ("1", {"outcome": "adopted", "proposal": "base", "additions": ["p2"]}),
    "vo-8": ("1", {"riders": ["p1", "p2"]}),
    "vo-9": ("1", {"outcome": "adopted", "proposal": "base", "unanimous": True}),
    "vo-10": ("1", {"proposal": "p1"}),
    "q-6": ("4", {"outcome": "adopted"}),
    "sq-t1": ("5", {"outcome": "adopted"}),
}


def simulate(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["simulate", *args])
    out, err = capsys.readouterr()
    return code, out, err


def record(capsys, path: Path | str, *args: str) -> dict:
    code, out, err = simulate(capsys, str(path), "--json", *args)
    assert code == 0, err
    return json.loads(out)


def scenario(tmp_path: Path, data: dict, name: str = "scenario.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def small(**changes) -> dict:
    """A short valid scenario on the 27-member council: open, roll call by the secretary, item 1."""
    data = {
        "title": "small", "roster": COUNCIL,
        "agenda": [{"number": 1, "title": {"fi": "Asia", "sv": "Ärende"},
                    "base_proposal": {"fi": "Ehdotus", "sv": "Förslag"}}],
        "steps": [
            {"actor": "chair", "command": "open_meeting", "at": 0},
            {"actor": "chair", "command": "start_roll_call", "at": 10},
            {"actors": ["member:salo", "member:laine"], "command": "confirm_presence", "at": 20},
            {"actor": "chair", "command": "end_roll_call", "at": 30},
        ],
    }
    data.update(changes)
    return data


# --- every shipped scenario -----------------------------------------------------------------------


def test_the_worked_examples_and_a_rehearsal_are_shipped():
    names = {p.stem for p in SCENARIOS}
    assert set(WORKED) | {"me-2", "pr-4", "vo-6b", "vo-8-helsinki", "vo-10b", "rehearsal-demo"} <= names


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_every_example_runs_and_its_expectations_hold(capsys, path):
    code, out, err = simulate(capsys, str(path))
    assert code == 0, err
    assert "Result: OK" in out and err == ""
    assert json.loads(path.read_text(encoding="utf-8")).get("expect"), "each example states what it expects"


@pytest.mark.parametrize("name", sorted(WORKED))
def test_the_cli_reaches_the_decisions_of_the_rule_tests(capsys, name):
    item, wanted = WORKED[name]
    decision = next(i for i in record(capsys, EXAMPLES / f"{name}.json")["items"] if str(i["number"]) == item)["decision"]
    assert {k: decision[k] for k in wanted} == wanted


def test_the_lots_are_drawn_as_scripted_and_recorded(capsys):
    me2 = record(capsys, EXAMPLES / "me-2.json")
    assert [(lot["tied"], lot["order"]) for lot in me2["lots"]] == [(["Cederberg", "Dahl"], ["Dahl", "Cederberg"])]
    assert me2["items"][0]["elections"][0]["elected"] == ["Aalto", "Berg", "Dahl"]
    pr4 = record(capsys, EXAMPLES / "pr-4.json")
    assert pr4["lots"][0]["order"] == ["L2-2", "L1-3"]
    assert pr4["items"][0]["elections"][0]["elected"] == ["L1-1", "L2-1", "L1-2", "L3-1", "L2-2"]


def test_a_lot_the_other_way_elects_the_other_candidate(capsys, tmp_path):
    data = json.loads((EXAMPLES / "me-2.json").read_text(encoding="utf-8"))
    data["roster"] = COUNCIL
    next(s for s in data["steps"] if s["command"] == "close_election")["lots"] = [["Cederberg", "Dahl"]]
    data["expect"] = {"elected": {"e1": ["Aalto", "Berg", "Cederberg"]}}
    assert record(capsys, scenario(tmp_path, data))["lots"][0]["order"] == ["Cederberg", "Dahl"]


# --- the JSON record --------------------------------------------------------------------------------


def test_the_json_record_has_the_documented_fields(capsys):
    rec = record(capsys, EXAMPLES / "vo-2c.json")
    assert set(rec) == {"format", "ok", "failures", "scenario", "meeting", "data", "steps", "attendance",
                        "quorum", "items", "lots"}
    assert rec["format"] == 1 and rec["ok"] is True and rec["failures"] == [] and rec["data"] is None
    assert set(rec["meeting"]) == {"id", "date", "council", "seats", "title", "public", "rules", "phase", "start"}
    assert set(rec["steps"]) == {"total", "run", "events", "expected_rejections"}
    assert rec["steps"]["expected_rejections"][0]["code"] == "awaiting_casting_vote"
    [item] = rec["items"]
    assert set(item) == {"number", "title", "state", "outcome", "disqualified", "speaking_order", "proposals",
                         "lapsed", "voting_order", "votes", "elections", "decision", "quorum"}
    [p1] = item["proposals"]
    assert p1["movers"] == [{"id": "salo", "name": "Tero Salo"}] and p1["seconders"][0]["id"] == "korhonen"
    [vote] = item["votes"]
    assert set(vote) >= {"id", "number", "kind", "mode", "state", "majority", "jaa", "ei", "counts", "names",
                         "winner", "winning", "decided_by", "casting_vote"}
    assert vote["jaa"]["ref"] == "base" and vote["ei"]["ref"] == "p1"
    assert vote["jaa"]["label"]["fi"] == "Pohjaehdotus" and "Tero Salo" in vote["ei"]["label"]["fi"]
    assert vote["counts"] == {"jaa": 13, "ei": 13, "tyhja": 1, "poissa": 0, "esteellinen": 0}
    assert vote["names"]["tyhja"] == [{"id": "aaltonen", "name": "Anna Aaltonen"}]
    assert (vote["winner"], vote["winning"], vote["decided_by"], vote["casting_vote"]) == ("ei", "p1", "casting_vote", "ei")
    d = item["decision"]
    assert d["text"]["fi"].startswith("Valtuusto hyväksyi") and d["label"]["fi"].startswith("Vastaehdotus")
    assert [a["event"] for a in rec["attendance"]][:2] == ["roll_call_started", "roll_call_ended"]
    assert rec["quorum"][0] == {"step": "step 5", "at": 0, "item": None, "present": 27, "seats": 27,
                                "needed": 18, "quorate": True}


def test_the_speaking_order_and_quorum_changes_are_in_the_record(capsys):
    sq = record(capsys, EXAMPLES / "sq-t1.json")
    speeches = sq["items"][0]["speaking_order"]
    assert [(s["person"], s["class"]) for s in speeches][:2] == [("virtanen", "group_address"), ("makinen", "group_address")]
    assert speeches[-1]["person"] == "laine" and speeches[-1]["at"] > speeches[0]["at"]
    q6 = record(capsys, EXAMPLES / "q-6.json")
    on_5 = [q for q in q6["quorum"] if q["item"] == 5]
    assert on_5 and on_5[0]["present"] == 17 and on_5[0]["quorate"] is False


def test_runs_are_repeatable(capsys):
    assert record(capsys, EXAMPLES / "pr-4.json") == record(capsys, EXAMPLES / "pr-4.json")


# --- failing runs name the step --------------------------------------------------------------------


def test_an_unexpected_rejection_fails_naming_the_step(capsys, tmp_path):
    data = small()
    data["steps"].append({"actor": "member:salo", "command": "take_up_item", "args": {"item": 1}})
    code, out, err = simulate(capsys, str(scenario(tmp_path, data)))
    assert code == 1
    assert "step 5 (member:salo take_up_item): rejected with 'not_chair'" in err
    assert "Result: FAILED" in out


def test_an_expected_rejection_that_does_not_happen_fails_naming_the_step(capsys, tmp_path):
    data = small()
    data["steps"].append({"actor": "chair", "command": "take_up_item", "args": {"item": 1}, "reject": "not_quorate"})
    code, out, err = simulate(capsys, str(scenario(tmp_path, data)), "--json")
    assert code == 1
    assert "step 5 (chair take_up_item): expected to be rejected with 'not_quorate', but it was accepted" in err
    assert json.loads(out)["ok"] is False


def test_a_different_rejection_than_expected_fails(capsys, tmp_path):
    data = small()
    data["steps"].append({"actor": "chair", "command": "take_up_item", "args": {"item": 9}, "reject": "item_closed"})
    code, _, err = simulate(capsys, str(scenario(tmp_path, data)))
    assert code == 1 and "step 5 (chair take_up_item): expected 'item_closed', rejected with 'no_such_item'" in err


def test_an_expectation_that_does_not_hold_fails(capsys, tmp_path):
    data = json.loads((EXAMPLES / "vo-2a.json").read_text(encoding="utf-8"))
    data["roster"] = COUNCIL
    data["expect"]["decisions"]["1"]["proposal"] = "base"
    code, _, err = simulate(capsys, str(scenario(tmp_path, data)))
    assert code == 1 and "expect.decisions.1.proposal: expected \"base\", got \"p1\"" in err


def test_scripted_lots_that_do_not_match_the_tie_fail_naming_the_step(capsys, tmp_path):
    data = json.loads((EXAMPLES / "me-2.json").read_text(encoding="utf-8"))
    data["roster"] = COUNCIL
    closing = next(n for n, s in enumerate(data["steps"], start=1) if s["command"] == "close_election")
    data["steps"][closing - 1]["lots"] = [["Dahl", "Eklund"]]
    code, _, err = simulate(capsys, str(scenario(tmp_path, data)))
    assert code == 1 and f"step {closing} (chair close_election): the scripted lots [Dahl, Eklund] do not match" in err


def test_lots_scripted_for_a_command_that_draws_none_fail(capsys, tmp_path):
    data = small()
    data["steps"][0]["lots"] = [["a", "b"]]
    code, _, err = simulate(capsys, str(scenario(tmp_path, data)))
    assert code == 1 and "step 1 (chair open_meeting): lots were scripted ([a, b]) but the command draws none" in err


# --- invalid scenario files -------------------------------------------------------------------------


def _step(n: int, **fields):
    def change(data: dict) -> None:
        data["steps"][n - 1].update(fields)
    return change


def _set(**fields):
    return lambda data: data.update(fields)


def _drop_command(data: dict) -> None:
    del data["steps"][1]["command"]


INVALID = [
    (_step(2, actor="boss"), "step 2: field 'actor': 'boss': the actor is one of"),
    (_step(3, actors=["member:salo", "member:nobody"]), "step 3: field 'actors': 'member:nobody': no person 'nobody'"),
    (_step(3, actors=["substitute:salo"]), "step 3: field 'actors': 'substitute:salo': salo is a member in the roster"),
    (_step(3, actors=[]), "step 3: field 'actors': must be a non-empty list"),
    (_step(2, command="start_rollcall"), "step 2: field 'command': unknown command 'start_rollcall'"),
    (_drop_command, "step 2: field 'command': missing"),
    (_step(4, args=[1]), "step 4: field 'args': must be an object"),
    (_step(4, at=5), "step 4: field 'at': 5 s is before the previous step's 20 s"),
    (_step(1, at="soon"), "step 1: field 'at': must be a number of seconds"),
    (_step(2, reject="nope"), "step 2: field 'reject': 'nope' is not a reason code"),
    (_step(2, lots=[["only"]]), "step 2: field 'lots': must be a list of drawn orders"),
    (_step(2, acter="chair"), "step 2: field 'acter': unknown field"),
    (_set(rules={"money_order": "x"}), "field 'rules': unknown rule setting 'money_order'"),
    (_set(roster="missing.json"), "field 'roster':"),
    (_set(steps=[]), "field 'steps': must be a non-empty list"),
    (_set(expect={"decisions": {"9": {"outcome": "adopted"}}}), "expect.decisions: field '9': no such item"),
]


@pytest.mark.parametrize("change, message", INVALID, ids=[m.split(":")[0] + " " + m.split("'")[1] for _, m in INVALID])
def test_an_invalid_scenario_names_the_step_and_the_field_and_writes_nothing(capsys, tmp_path, change, message):
    data = copy.deepcopy(small())
    change(data)
    data_dir = tmp_path / "kept"
    code, out, err = simulate(capsys, str(scenario(tmp_path, data)), "--data", str(data_dir))
    assert code == 2 and out == ""
    assert err.startswith("chamber: scenario.json: ") and message in err
    assert not (data_dir / "log.db").exists()


def test_a_file_that_is_not_json_names_the_line(capsys, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{\n  "roster": "x",\n  "steps": [,]\n}', encoding="utf-8")
    code, _, err = simulate(capsys, str(path))
    assert code == 2 and "broken.json line 3: not valid JSON" in err


# --- keeping the log ---------------------------------------------------------------------------------


def test_data_keeps_a_log_that_verify_accepts_and_is_not_reused(capsys, tmp_path):
    data_dir = tmp_path / "rehearsal"
    rec = record(capsys, EXAMPLES / "vo-4.json", "--data", str(data_dir))
    assert rec["data"] == str(data_dir) and (data_dir / "log.db").exists()
    assert main(["verify", "--data", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert f"{rec['meeting']['id']}: {rec['steps']['events']} events and 0 command ids, chains intact, " \
        f"signed up to event {rec['steps']['events']}" in out
    code, _, err = simulate(capsys, str(EXAMPLES / "vo-4.json"), "--data", str(data_dir))
    assert code == 2 and "already exists" in err
