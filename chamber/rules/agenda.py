"""The agenda (esityslista / föredragningslista): numbered items with bilingual texts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

from .args import is_count, is_integer

PENDING = "pending"  # not yet taken up, or set aside to be resumed
CURRENT = "current"  # under consideration (käsittelyssä / under behandling)
CLOSED = "closed"  # handled; `outcome` says how

# An attachment is a link to the council's documents: a web address or a path on this server,
# never a `javascript:` or `data:` address that a click would run.
LINKS = ("https://", "http://", "/")

# What can be wrong with an agenda entry, by code; the codes are also rejection codes
# (`agenda_<code>`) with messages in every language in chamber/i18n/preparation.json. These
# English texts serve agenda files, scenarios and the command line.
PROBLEMS = {
    "not_list": "must be a list of items",
    "not_object": "must be an object",
    "not_positive": "must be a positive whole number",
    "number_taken": "{number} is already used by {by}",
    "title_required": "is required in at least one language",
    "not_texts": 'must be texts by language, e.g. {{"fi": ..., "sv": ...}}',
    "bad_attachments": "must be a list of {{title, url}} with https://, http:// or / links",
    "not_amount": "must be a whole number of euros, 0 or more",
}


class AgendaError(ValueError):
    """An agenda entry that cannot be used: `where` names the entry (`agenda[2]`, or its line in a
    file), `field` the field (empty for the entry as a whole), and `code` with `params` the
    problem (see PROBLEMS)."""

    def __init__(self, where: str, field_name: str, code: str, **params: Any) -> None:
        self.where, self.field, self.code, self.params = where, field_name, code, params
        self.problem = PROBLEMS[code].format(**params)
        super().__init__(f"{where}: field '{field_name}': {self.problem}" if field_name else f"{where}: {self.problem}")

    @property
    def reason(self) -> str:
        """The rejection code when a command leads to this agenda: `agenda_<code>`."""
        return f"agenda_{self.code}"


@dataclass
class Item:
    """One agenda item (asia / ärende), numbered as in the minutes (§)."""

    number: int
    title: dict[str, str]
    base_proposal: dict[str, str] = field(default_factory=dict)  # pohjaehdotus / grundförslag
    attachments: list[dict[str, str]] = field(default_factory=list)
    # An appropriation (määrärahan myöntäminen / anslag): the sum the base proposal grants, whole
    # euros; its amounts are voted largest first (VO-R4). None for any other item.
    base_amount: int | None = None
    state: str = PENDING
    outcome: str | None = None
    taken_up_at: int | None = None  # first taken up: from then on its texts are as discussed

    def entry(self) -> dict[str, Any]:
        """The item as an agenda file writes it: what the meeting was called with, not its course."""
        return {
            "number": self.number,
            "title": dict(self.title),
            "base_proposal": dict(self.base_proposal),
            "attachments": [dict(a) for a in self.attachments],
            "base_amount": self.base_amount,
        }

    def to_dict(self) -> dict[str, Any]:
        return {**self.entry(), "state": self.state, "outcome": self.outcome, "taken_up_at": self.taken_up_at}


def parse_agenda(entries: Any, places: Sequence[str] = ()) -> list[Item]:
    """Validate agenda entries (as in a setup event or an agenda file) into items. `places[i]`
    names entry i in errors (a file's line); else it is `agenda[i]`."""
    if not isinstance(entries, list):
        raise AgendaError("agenda", "", "not_list")
    wheres = [places[i] if i < len(places) else f"agenda[{i}]" for i in range(len(entries))]
    items = [_item(entry, i, where) for i, (entry, where) in enumerate(zip(entries, wheres))]
    first: dict[int, int] = {}
    for index, item in enumerate(items):
        if item.number in first:
            raise AgendaError(wheres[index], "number", "number_taken", number=item.number, by=wheres[first[item.number]])
        first[item.number] = index
    return items


def _item(entry: Any, index: int, where: str) -> Item:
    if not isinstance(entry, dict):
        raise AgendaError(where, "", "not_object")
    number = entry.get("number", index + 1)
    if not is_integer(number) or number < 1:
        raise AgendaError(where, "number", "not_positive")
    title = _texts(entry.get("title"), where, "title")
    if not title:
        raise AgendaError(where, "title", "title_required")
    attachments = entry.get("attachments", [])
    if not isinstance(attachments, list) or not all(
        isinstance(a, dict) and isinstance(a.get("url"), str) and a["url"].startswith(LINKS) for a in attachments
    ):
        raise AgendaError(where, "attachments", "bad_attachments")
    base_amount = entry.get("base_amount")
    if base_amount is not None and not is_count(base_amount):
        raise AgendaError(where, "base_amount", "not_amount")
    return Item(
        number=number,
        title=title,
        base_proposal=_texts(entry.get("base_proposal", {}), where, "base_proposal"),
        attachments=[{"title": str(a.get("title", a["url"])), "url": a["url"]} for a in attachments],
        base_amount=base_amount,
    )


def _texts(value: Any, where: str, field_name: str) -> dict[str, str]:
    """Texts by language code: {"fi": ..., "sv": ...}; a plain string counts as Finnish."""
    if isinstance(value, str):
        value = {"fi": value}
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise AgendaError(where, field_name, "not_texts")
    return {k: v.strip() for k, v in value.items() if v.strip()}
