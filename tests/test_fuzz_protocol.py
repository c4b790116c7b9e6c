"""Fuzzing the live protocol: every command name and every shape of frame, from every role,
over real websockets to a running server (DESIGN.md: malformed, oversized, unknown or
unauthorised messages get an error reply or a close code; they never crash the server, never
change state, and never leak a traceback).

For each frame: it is answered (a reply, an error or a pong) before the next frame is, or the
connection is closed with a close code the protocol names; nothing is logged as a failure; and
when the answer is a refusal, the meeting's seq and every role's view (and every person's own
part) are as they were. Bounded for the suite: a fixed number of examples, derandomized.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import websockets
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chamber.cli import WS_MAX_SIZE
from chamber.i18n import LANGUAGES
from chamber.rules.elections import BALLOT_BOX_COMMANDS
from chamber.rules.procedure import COMMANDS
from chamber.views import me_view, role_views
from tests.live import Client, logged_failures
from tests.test_protocol import chair_client

ROOT = Path(__file__).resolve().parent.parent
COMMAND_NAMES = sorted(set(COMMANDS) | set(BALLOT_BOX_COMMANDS))
# The argument names the rules read, so that generated arguments reach them ...
FIELDS = sorted({name for path in (ROOT / "chamber" / "rules").glob("*.py") for name in re.findall(
    r'(?:args(?:\.get\(|\[)|\(args, )"([a-z_]+)"', path.read_text(encoding="utf-8"))})


def documented_arguments() -> dict[str, list[str]]:
    """... and those docs/protocol.md's command tables name for each command (its third column)."""
    found: dict[str, set[str]] = {name: set() for name in COMMAND_NAMES}
    for row in (ROOT / "docs" / "protocol.md").read_text(encoding="utf-8").splitlines():
        cells = row.split("|")
        for name in re.findall(r"`([a-z_]+)`", cells[1]) if len(cells) > 4 else []:
            if name in found:
                found[name].update(re.findall(r"`([a-z_]+)`", cells[3]))
    return {name: sorted(names) for name, names in found.items()}


ARGUMENTS = documented_arguments()
PEOPLE = [f"m{n}" for n in range(1, 8)] + ["sa1", "sa2", "sb1", "sb2"]
CLOSE_CODES = {1007, 1009}  # not UTF-8; larger than the frame limit

plausible = st.sampled_from([*PEOPLE, 1, 2, 3, 5, 0, -1, "jaa", "ei", "tyhja", "speech", "reply", "counter",
                             "a", "b", "r1", "r2", "p1", "p2", "v1", "e1", "s1", "q1", "fi", "sv", True, False,
                             None, 60, [], {}, ["m2", "m3"], {"fi": "Teksti", "sv": "Text"}])
scalars = (plausible | st.none() | st.booleans() | st.integers(-2**70, 2**70)
           | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=6), inner, max_size=4),
                      max_leaves=12)
arguments = st.one_of(plausible, plausible, values)


def command(name: str) -> st.SearchStrategy[dict[str, Any]]:
    """A well-formed command frame: its documented arguments (some), any others, any values."""
    names = st.sampled_from(ARGUMENTS[name]) if ARGUMENTS[name] else st.sampled_from(FIELDS)
    return st.builds(lambda cmd_id, args, extra: {**extra, **args, "id": cmd_id, "cmd": name},
                     st.text(min_size=1, max_size=12), st.dictionaries(names, arguments, max_size=4),
                     st.dictionaries(st.sampled_from(FIELDS), values, max_size=2))


commands = st.sampled_from(COMMAND_NAMES).flatmap(command)
misshapen = st.fixed_dictionaries(  # wrong types for id and cmd; a `type` beside them
    {"id": st.sampled_from(["", "x" * 129]) | st.integers() | st.none() | st.text(max_size=3) | st.lists(st.text()),
     "cmd": st.sampled_from(COMMAND_NAMES) | st.text(max_size=10) | st.integers() | st.none() | values},
    optional={"type": st.sampled_from(["hello", "ping", "lang", "command"]) | st.text(max_size=4),
              "lang": st.sampled_from(LANGUAGES) | values})
huge = st.builds(lambda n, cmd, char: json.dumps({"id": "big", "cmd": cmd, "text": char * n}, ensure_ascii=False),
                 st.integers(30_000, 66_000), st.sampled_from(COMMAND_NAMES), st.sampled_from(["x", "ä", "€"]))
raw = st.sampled_from([
    "", "null", "1", '"hello"', "[]", "{}", "[1, 2]", "not json", "{", '{"id": "x"', '{"type": "hello"}',
    '{"type": "lang", "lang": "xx"}', '{"type": "ping", "id": 5}', "NaN", "1e999", "-Infinity",
    "[" * 2000 + "]" * 2000, '{"a":' * 1000 + "1" + "}" * 1000, "9" * 5000, '"\\ud800"',
    '{"id": "\\udfff", "cmd": "open_meeting"}', '{"id": "dup", "id": "dup", "cmd": "recess"}',
]) | values.map(json.dumps)
as_text = lambda frame: json.dumps(frame, ensure_ascii=False)  # noqa: E731
# Half the frames are well-formed commands, so that most reach the rules (one_of picks each branch alike).
frames = st.one_of(*[commands.map(as_text)] * 5, misshapen.map(as_text), raw, huge, st.text(max_size=50),
                   st.binary(max_size=40), st.sampled_from([b"\xff\xfe", b'{"type": "ping"}\xc3']).map(bytearray))


def state(server) -> tuple[int, Any, Any]:
    """The meeting's seq, every role's view and every person's own part, as they are now."""
    meeting = server.council.meeting
    views = {role.value: view for role, view in role_views(meeting).items()}
    return meeting.seq, views, {p.id: me_view(meeting, p.id) for p in meeting.roster.people}


def refusal(message: dict[str, Any]) -> bool:
    return message["type"] == "error" or (message["type"] == "reply" and not message["ok"])


async def exchange(client: Client, server, frame: str | bytes | bytearray, n: int) -> None:
    """Send one frame and a marker command after it; check what came back for the frame."""
    before = state(server)
    if isinstance(frame, bytearray):  # bytes that are not UTF-8, sent as a text frame
        await client.ws.send(bytes(frame), text=True)
    else:
        await client.ws.send(frame)
    marker = f"marker-{n}"
    try:
        await client.send({"id": marker, "cmd": "no_such_command"})
        answers = []
        while True:
            message = await client.receive()
            if message["type"] == "reply" and message["re"] == marker:
                break
            if message["type"] in ("reply", "error", "pong"):
                answers.append(message)
    except websockets.ConnectionClosedError as closed:
        assert closed.rcvd is not None and closed.rcvd.code in CLOSE_CODES, (frame[:200], closed)
        assert (closed.rcvd.code == 1009) == (len(frame.encode() if isinstance(frame, str) else frame) > WS_MAX_SIZE)
        raise
    assert message["error"]["code"] in ("unknown_command", "read_only")
    assert len(answers) == 1 or (not answers and _silent(frame)), (frame[:200], answers)
    if answers and refusal(answers[0]):
        assert state(server) == before, (frame[:200], answers[0])


def _silent(frame: str | bytes | bytearray) -> bool:
    """A repeated `hello` and a change of language are not answered (docs/protocol.md)."""
    try:
        value = json.loads(frame)
    except (ValueError, RecursionError):
        return False
    return isinstance(value, dict) and (value.get("type") == "hello"
                                        or (value.get("type") == "lang" and value.get("lang") in LANGUAGES))


async def in_session(server) -> dict[str, dict[str, Any]]:
    """The meeting open on item 1 with a discussion, everyone present; each role's hello."""
    secretary = f"chamber_session={await server.session_cookie('secretary')}"
    async with await chair_client(server) as chair, Client.connect(server, "secretary", cookie=secretary) as sec:
        for cmd in ("open_meeting", "start_roll_call"):
            assert (await chair.command(cmd))["ok"]
        for person in PEOPLE[:7]:
            assert (await sec.command("mark_present", person=person))["ok"]
        for cmd, args in (("end_roll_call", {}), ("take_up_item", {"item": 1}), ("open_discussion", {})):
            assert (await chair.command(cmd, **args))["ok"], cmd
    return {
        "chair": {"cookie": f"chamber_session={await server.session_cookie('chair')}"},
        "secretary": {"cookie": secretary},
        "member": {"token": await server.member_token("m2")},
        "display": {"key": await server.display_key()},
        "public": {},
    }


@settings(max_examples=600, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(role=st.sampled_from(["chair", "chair", "chair", "secretary", "member", "member", "display", "public"]),
       sent=st.lists(frames, min_size=1, max_size=4))
async def test_no_frame_crashes_the_server_or_changes_state_when_refused(server, role, sent):
    if not hasattr(server, "hellos"):  # the first example: the meeting in session, once
        server.hellos = await in_session(server)
    with logged_failures() as failures:
        async with Client.connect(server, role, **server.hellos[role]) as client:
            try:
                for n, frame in enumerate(sent):
                    await exchange(client, server, frame, n)
            except websockets.ConnectionClosedError:
                pass  # closed with a code the protocol names (checked): the example ends here
    assert not failures, [r.getMessage() for r in failures]
