"""Reading a command's arguments: each wrong one is a `bad_argument` naming the field."""

from __future__ import annotations

from typing import Any

from .errors import Rejected

MAX_TEXT = 4000  # characters in one free-text argument (a proposal, a reason)


def integer(args: dict[str, Any], name: str, *, required: bool = True) -> int | None:
    value = args.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
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
