"""docs/protocol.md stays complete: every command and every reason code is documented, and every
code has a message in fi, sv and en with the same placeholders.

A command or a code added without a line in the protocol document fails here. Names count as
documented when they appear in backticks, `name`, anywhere in the document (the command tables,
the error tables).

No catalog code is exempt. Two are not meant for clients, and are documented anyway as such:
`ballot_box_required` (the server routes ballot-box commands around the plain rule path, so it
only guards against a wiring mistake) and `closed_session` (today the text of the closed-session
view, not an error sent). `unknown_error` is what a client sees when a rule fails, so it must be
documented like any other. Should a purely internal code ever be wanted, add it to `INTERNAL`
with the reason.
"""

from __future__ import annotations

import ast
import json
import re
import string
from pathlib import Path

import pytest

from chamber.i18n import LANGUAGES
from chamber.rules.elections import BALLOT_BOX_COMMANDS
from chamber.rules.procedure import COMMANDS
from chamber.rules.roster import PROBLEMS, RosterError

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "protocol.md"
CATALOGS = sorted((ROOT / "chamber" / "i18n").glob("*.json"))
SOURCES = sorted((ROOT / "chamber").rglob("*.py"))

INTERNAL: dict[str, str] = {}  # code -> why it need not be documented (none today)


def documented() -> set[str]:
    return set(re.findall(r"`([A-Za-z_][A-Za-z0-9_]*)`", DOC.read_text(encoding="utf-8")))


def catalog() -> dict[str, dict[str, str]]:
    """Every code of every catalog file; a code in two files is itself a mistake."""
    codes: dict[str, dict[str, str]] = {}
    for path in CATALOGS:
        for code, texts in json.loads(path.read_text(encoding="utf-8")).items():
            assert code not in codes, f"{path.name}: '{code}' is also defined elsewhere"
            codes[code] = texts
    return codes


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_the_catalogs_are_found():
    assert DOC.exists()
    assert len(CATALOGS) >= 4 and len(catalog()) > 100
    assert len(COMMANDS) > 50 and BALLOT_BOX_COMMANDS


def test_every_command_is_documented():
    names = set(COMMANDS) | set(BALLOT_BOX_COMMANDS)
    missing = sorted(names - documented())
    assert not missing, f"commands not documented in docs/protocol.md: {missing}"


def test_every_reason_code_is_documented():
    missing = sorted(set(catalog()) - set(INTERNAL) - documented())
    assert not missing, f"reason codes not documented in docs/protocol.md: {missing}"


def test_internal_codes_exist_and_say_why():
    for code, why in INTERNAL.items():
        assert code in catalog() and why.strip(), code


@pytest.mark.parametrize("code", sorted(catalog()))
def test_every_code_has_fi_sv_and_en_with_the_same_placeholders(code):
    texts = catalog()[code]
    assert set(texts) == set(LANGUAGES), f"{code}: languages {sorted(texts)}"
    assert all(isinstance(t, str) and t.strip() for t in texts.values()), code
    found = {lang: placeholders(text) for lang, text in texts.items()}
    assert len({frozenset(p) for p in found.values()}) == 1, f"{code}: placeholders differ {found}"


def codes_in_source() -> dict[str, str]:
    """Literal reason codes the server raises or answers with: `Rejected("x")`,
    `Refusal(code, "x")`, `PairingError("x")`, `error("x", ...)`, `error_body("x", ...)`,
    `_refuse_frame(conn, frame, "x", lang)`, both
    branches of a conditional, and a literal or conditional assigned to a variable `code` (a code
    chosen first and raised after). Returns code -> where."""
    calls = {"Rejected": 0, "PairingError": 0, "error": 0, "error_body": 0, "Refusal": 1, "_refuse_frame": 2}
    found: dict[str, str] = {}

    def strings(expr: ast.AST, where: str) -> None:
        for const in ast.walk(expr):
            if isinstance(const, ast.Constant) and isinstance(const.value, str):
                found.setdefault(const.value, where)

    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Assign) and isinstance(node.value, (ast.Constant, ast.IfExp)) \
                    and any(isinstance(t, ast.Name) and t.id == "code" for t in node.targets):
                strings(node.value, where)
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                    and len(node.args) > calls.get(node.func.id, len(node.args)):
                strings(node.args[calls[node.func.id]], where)
    return found


def test_every_code_the_server_uses_has_a_message():
    """A new code raised in the server must get its messages (and so, above, its documentation)."""
    used = codes_in_source()
    assert {"not_quorate", "ballot_box_incomplete", "wrong_group", "meeting_closed"} <= set(used)
    missing = {code: where for code, where in used.items() if code not in catalog()}
    assert not missing, f"codes without a message in chamber/i18n: {missing}"


@pytest.mark.parametrize("problem", sorted(PROBLEMS))
def test_every_roster_problem_has_a_message(problem):
    """A roster edit is refused as `roster_<problem>`, a code built at run time, not a literal."""
    assert RosterError("x", "y", problem, **dict.fromkeys(placeholders(PROBLEMS[problem]), 1)).reason in catalog()
