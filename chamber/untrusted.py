"""JSON from outside — websocket frames, request bodies, uploaded files — read in one place.

Python's json module is not safe on hostile text: it raises RecursionError on deep nesting
(`"[" * 2000`), ValueError on an integer of more than 4,300 digits, reads `NaN` and `Infinity`
(which no JSON client reads back), and keeps a lone surrogate (`"\\ud800"`), a string that
cannot be encoded as UTF-8 and so breaks the reply that echoes it and the log that stores it.
`read_json` turns each of these into one exception, `Unreadable`, and bounds the nesting, so
that nothing deeper than any real message reaches the rules, the encoder or the store.
"""

from __future__ import annotations

import json
import math
from typing import Any

MAX_DEPTH = 32  # arrays and objects within each other; a command or a roster file needs at most 5

_PLAIN = json.JSONDecoder()


class Unreadable(ValueError):
    """Text that is not JSON this server reads: `problem` says why (in English, like the json
    module's own messages), `line` and `column` where, when the parser knows."""

    def __init__(self, problem: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(problem)
        self.problem, self.line, self.column = problem, line, column


def read_json(text: str | bytes, decoder: json.JSONDecoder = _PLAIN) -> Any:
    """The value of `text` (bytes are UTF-8), checked as `Unreadable` describes; `decoder`
    for a caller that needs more of the parse (the roster file's line numbers)."""
    try:
        value = decoder.decode(text.decode("utf-8") if isinstance(text, bytes) else text)
    except json.JSONDecodeError as err:
        raise Unreadable(err.msg, err.lineno, err.colno) from err
    except UnicodeDecodeError as err:
        raise Unreadable("not UTF-8 text") from err
    except RecursionError:
        raise Unreadable(f"nested more than {MAX_DEPTH} deep") from None
    except ValueError as err:  # an integer longer than int() converts
        raise Unreadable("a number with too many digits") from err
    _check(value)
    return value


def _check(value: Any) -> None:
    """Refuse nesting beyond MAX_DEPTH, numbers that are not finite and lone surrogates; one
    pass without recursion, so the check itself cannot run out of stack."""
    pending = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, str):
            _check_text(item)
        elif isinstance(item, float) and not math.isfinite(item):
            raise Unreadable("NaN or an infinite number")
        elif isinstance(item, (list, dict)):
            if depth > MAX_DEPTH:
                raise Unreadable(f"nested more than {MAX_DEPTH} deep")
            children = item
            if isinstance(item, dict):
                for key in item:
                    _check_text(key)
                children = item.values()
            pending.extend((child, depth + 1) for child in children)


def _check_text(text: str) -> None:
    if not text.isascii():  # an ASCII string holds no surrogate, and isascii() costs nothing
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise Unreadable("a lone surrogate (\\ud800-\\udfff) in a string") from None
