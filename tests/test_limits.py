"""The pure parts of the guards against hostile clients: the frame budget of a connection (time
given, never read) and the one place where JSON from outside is read."""

from __future__ import annotations

import json
import logging

import pytest

from chamber.limits import CLIENT_FAULTS, FLOOD, FRAME_BURST, FRAME_RATE, FrameLimit, TokenBucket, Verdict
from chamber.untrusted import MAX_DEPTH, Unreadable, read_json


def test_a_bucket_gives_its_burst_then_its_rate():
    bucket = TokenBucket(rate=4.0, burst=3)
    assert [bucket.take(100.0) for _ in range(4)] == [True, True, True, False]
    assert not bucket.take(100.125)  # half a token
    assert bucket.take(100.25) and not bucket.take(100.25)
    assert [bucket.take(200.0) for _ in range(4)] == [True, True, True, False]  # never more than the burst


def test_a_refused_take_costs_nothing():
    bucket = TokenBucket(rate=1.0, burst=1)
    assert bucket.take(0.0)
    assert not any(bucket.take(0.1 * n) for n in range(1, 10))
    assert bucket.take(1.0)


def test_a_steady_client_at_the_rate_is_never_refused():
    limit = FrameLimit()
    assert all(limit.judge(n / FRAME_RATE) is Verdict.ADMIT for n in range(10_000))


def test_a_console_that_sends_its_burst_and_goes_on_typing_is_served():
    limit = FrameLimit()
    assert all(limit.judge(0.0) is Verdict.ADMIT for _ in range(FRAME_BURST))
    assert all(limit.judge(1.0 + n / 5) is Verdict.ADMIT for n in range(100))  # five a second


def test_a_flood_is_refused_then_closed_and_a_pause_forgives_refusals():
    limit = FrameLimit()
    verdicts = [limit.judge(0.0) for _ in range(FRAME_BURST + FLOOD + 1)]
    assert verdicts == [Verdict.ADMIT] * FRAME_BURST + [Verdict.REFUSE] * FLOOD + [Verdict.CLOSE]
    limit = FrameLimit()
    for _ in range(FRAME_BURST + FLOOD - 1):
        limit.judge(0.0)
    assert limit.judge(60.0) is Verdict.ADMIT  # a minute later, as good as new
    assert all(limit.judge(60.0) is not Verdict.CLOSE for _ in range(FRAME_BURST + FLOOD - 1))


def test_twice_the_rate_is_refused_in_part_but_never_closed():
    limit = FrameLimit()
    verdicts = [limit.judge(n / (2 * FRAME_RATE)) for n in range(2_000)]
    assert Verdict.REFUSE in verdicts and Verdict.CLOSE not in verdicts


# --- reading JSON from outside ---------------------------------------------------------


@pytest.mark.parametrize("text, problem", [
    ("[" * 2000 + "]" * 2000, "nested"),
    ('{"a":' * 5000 + "1" + "}" * 5000, "nested"),
    ("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), "nested"),
    ('{"a": ' + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "}", "nested"),
    ("1" * 4301, "digits"),
    ('{"n": -' + "9" * 10_000 + "}", "digits"),
    ("NaN", "infinite"), ('[1, -Infinity]', "infinite"), ('{"x": 1e999}', "infinite"),
    ('"\\ud800"', "surrogate"), ('{"\\udfff": 1}', "surrogate"), ('["ok", {"k": ["\\udc80"]}]', "surrogate"),
    (b"\xff{}", "UTF-8"),
    ("{", "Expecting"),
])
def test_what_json_cannot_safely_read_is_one_exception(text, problem):
    with pytest.raises(Unreadable) as refused:
        read_json(text)
    assert problem in refused.value.problem


def test_what_json_reads_safely_is_read_as_json_reads_it():
    for value in (["a" * 60_000], {"fi": "Päätös 😀", "sv": "Beslut"}, "\ud83d\ude00", 10**4000, -0.5,
                  [[[[{"a": []}]]]], "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)):
        text = value if isinstance(value, str) and value.startswith("[") else json.dumps(value)
        assert read_json(text) == json.loads(text)
        assert read_json(text.encode()) == json.loads(text)
    assert read_json('"\\ud83d\\ude00"') == "😀"  # a surrogate pair is one character, not a lone half


def test_a_parse_error_says_where():
    with pytest.raises(Unreadable) as refused:
        read_json('{\n  "a": 1,\n  "b": }')
    assert (refused.value.line, refused.value.column) == (3, 8)


def test_a_client_fault_in_uvicorns_log_is_a_warning_without_a_traceback():
    try:
        raise UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")
    except UnicodeDecodeError:
        record = logging.getLogger("uvicorn.error").makeRecord(
            "uvicorn.error", logging.ERROR, __file__, 1, "Invalid UTF-8 sequence received from client.",
            (), __import__("sys").exc_info())
    assert CLIENT_FAULTS.filter(record)
    assert (record.levelno, record.levelname, record.exc_info) == (logging.WARNING, "WARNING", None)
