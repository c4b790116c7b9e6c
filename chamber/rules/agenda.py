"""The agenda (esityslista / föredragningslista): numbered items with bilingual texts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PENDING = "pending"  # not yet taken up, or set aside to be resumed
CURRENT = "current"  # under consideration (käsittelyssä / under behandling)
CLOSED = "closed"  # handled; `outcome` says how

# An attachment is a link to the council's documents: a web address or a path on this server,
# never a `javascript:` or `data:` address that a click would run.
LINKS = ("https://", "http://", "/")


class AgendaError(ValueError):
    """An agenda entry that cannot be used; the message names the entry and the field."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


@dataclass
class Item:
    """One agenda item (asia / ärende), numbered as in the minutes (§)."""

    number: int
    title: dict[str, str]
    base_proposal: dict[str, str] = field(default_factory=dict)  # pohjaehdotus / grundförslag
    attachments: list[dict[str, str]] = field(default_factory=list)
    state: str = PENDING
    outcome: str | None = None
    taken_up_at: int | None = None  # first taken up: from then on its texts are as discussed

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "title": dict(self.title),
            "base_proposal": dict(self.base_proposal),
            "attachments": list(self.attachments),
            "state": self.state,
            "outcome": self.outcome,
            "taken_up_at": self.taken_up_at,
        }


def parse_agenda(entries: Any) -> list[Item]:
    """Validate agenda entries (as in a setup event or an agenda file) into items."""
    if not isinstance(entries, list):
        raise AgendaError("agenda: must be a list of items")
    items = [_item(entry, i) for i, entry in enumerate(entries)]
    first: dict[int, int] = {}
    for index, item in enumerate(items):
        if item.number in first:
            raise AgendaError(
                f"agenda[{index}]: field 'number': {item.number} is already used by agenda[{first[item.number]}]"
            )
        first[item.number] = index
    return items


def _item(entry: Any, index: int) -> Item:
    where = f"agenda[{index}]"
    if not isinstance(entry, dict):
        raise AgendaError(f"{where}: must be an object", "item")
    number = entry.get("number", index + 1)
    if not isinstance(number, int) or isinstance(number, bool) or number < 1:
        raise AgendaError(f"{where}: field 'number': must be a positive whole number", "number")
    title = _texts(entry.get("title"), f"{where}: field 'title'", "title")
    if not title:
        raise AgendaError(f"{where}: field 'title': is required in at least one language", "title")
    attachments = entry.get("attachments", [])
    if not isinstance(attachments, list) or not all(
        isinstance(a, dict) and isinstance(a.get("url"), str) and a["url"].startswith(LINKS) for a in attachments
    ):
        raise AgendaError(
            f"{where}: field 'attachments': must be a list of {{title, url}} with https://, http:// or / links",
            "attachments",
        )
    return Item(
        number=number,
        title=title,
        base_proposal=_texts(entry.get("base_proposal", {}), f"{where}: field 'base_proposal'", "base_proposal"),
        attachments=[{"title": str(a.get("title", a["url"])), "url": a["url"]} for a in attachments],
    )


def _texts(value: Any, where: str, field_name: str) -> dict[str, str]:
    """Texts by language code: {"fi": ..., "sv": ...}; a plain string counts as Finnish."""
    if isinstance(value, str):
        value = {"fi": value}
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise AgendaError(f"{where}: must be texts by language, e.g. {{\"fi\": ..., \"sv\": ...}}", field_name)
    return {k: v.strip() for k, v in value.items() if v.strip()}
