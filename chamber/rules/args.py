"""Reading a command's arguments: each wrong one is a `bad_argument` naming the field."""

from __future__ import annotations

from typing import Any

from .errors import Rejected
from .roster import LANGUAGES

MAX_TEXT = 4000  # characters in one free-text argument (a proposal, a reason)


def is_integer(value: Any) -> bool:
    """A JSON integer: `true` is not 1 and `1.0` is not 1 here, though Python finds them equal."""
    return isinstance(value, int) and not isinstance(value, bool)


def is_count(value: Any) -> bool:
    """A whole number ≥ 0 (votes, ballots, euros)."""
    return is_integer(value) and value >= 0


def integer(args: dict[str, Any], name: str, *, required: bool = True) -> int | None:
    value = args.get(name)
    if value is None and not required:
        return None
    if not is_integer(value):
        raise Rejected("bad_argument", field=name)
    return value


def text(args: dict[str, Any], name: str, *, required: bool = True) -> str | None:
    value = args.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_TEXT:
        raise Rejected("bad_argument", field=name)
    return value.strip()


def choice(args: dict[str, Any], name: str, options: tuple[str, ...]) -> str:
    value = args.get(name)
    if value not in options:
        raise Rejected("bad_argument", field=name)
    return value


def texts(args: dict[str, Any], name: str, lang: str) -> dict[str, str]:
    """A text by language, {"fi": ..., "sv": ...}; a plain string is in `lang`."""
    value = args.get(name)
    if isinstance(value, str):
        value = {lang: value}
    if not isinstance(value, dict) or not value or not all(
        k in LANGUAGES and isinstance(v, str) and v.strip() and len(v) <= MAX_TEXT
        for k, v in value.items()
    ):
        raise Rejected("bad_argument", field=name)
    return {k: v.strip() for k, v in value.items()}


def amount(args: dict[str, Any], name: str) -> int | None:
    """A sum of money in whole euros (määräraha / anslag), or None when not given."""
    value = args.get(name)
    if value is None:
        return None
    if not is_count(value):
        raise Rejected("bad_argument", field=name)
    return value


def ids(args: dict[str, Any], name: str) -> list[str]:
    """A non-empty list of distinct ids."""
    value = args.get(name)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value) \
            or len(set(value)) != len(value):
        raise Rejected("bad_argument", field=name)
    return value
