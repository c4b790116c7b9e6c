"""Rejections with stable reason codes.

A code is part of the wire protocol (docs/protocol.md) and names a message in every language
of `chamber/i18n`; `params` fill the message's placeholders.
"""

from __future__ import annotations

from typing import Any


class Rejected(Exception):
    """A command the rules refuse: nothing changes, the sender is told why."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params

    def __repr__(self) -> str:
        return f"Rejected({self.code!r}, {self.params!r})"
