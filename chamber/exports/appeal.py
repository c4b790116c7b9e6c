"""Appeal instructions (muutoksenhakuohjeet / anvisning för sökande av ändring), Kuntalaki §§134–137.

A published decision carries the way to challenge it, and the way depends on the body:

* a council's (valtuusto / fullmäktige) decision is appealed to the administrative court by a
  municipal appeal (kunnallisvalitus / kommunalbesvär, §135), within 30 days;
* a board's or committee's (kunnanhallitus, lautakunta / kommunstyrelse, nämnd) is first
  challenged by a request for rectification (oikaisuvaatimus / rättelseyrkande, §134) to the body
  itself, within 14 days;
* a decision that only concerns the preparation of a matter — tabling it, returning it for
  further preparation — cannot be appealed at all (§136).

The court is the council's own (`RuleSet.appeal_court`, as the instructions name it); the texts
are in the catalog `chamber/i18n/appeal.json`, in fi, sv and en.
"""

from __future__ import annotations

from ..i18n import message
from ..rules import Meeting

MUNICIPAL_APPEAL = "municipal_appeal"  # kunnallisvalitus / kommunalbesvär
RECTIFICATION = "rectification"  # oikaisuvaatimus / rättelseyrkande
NO_APPEAL = "no_appeal"  # valmistelua koskeva päätös / beslut som gäller beredning
PREPARATION_ONLY = ("tabled", "returned")  # item outcomes that only concern preparation
PARAGRAPHS = {MUNICIPAL_APPEAL: 3, RECTIFICATION: 3, NO_APPEAL: 1}


def route(m: Meeting, item: int) -> str:
    """How the decision on `item` is challenged."""
    found = m.item(item)
    if found is not None and found.outcome in PREPARATION_ONLY:
        return NO_APPEAL
    return MUNICIPAL_APPEAL if m.rules.body == "council" else RECTIFICATION


def routes(m: Meeting, items: list[int]) -> dict[str, list[int]]:
    """The items by the way their decisions are challenged, each way once (as minutes list them)."""
    grouped: dict[str, list[int]] = {}
    for number in items:
        grouped.setdefault(route(m, number), []).append(number)
    return grouped


def instructions(m: Meeting, item: int, lang: str) -> list[str]:
    """The paragraphs of the instructions for the decision on `item`, in `lang`."""
    return way_paragraphs(m, route(m, item), lang)


def way_paragraphs(m: Meeting, way: str, lang: str) -> list[str]:
    """The paragraphs of one way of challenging a decision, in `lang`."""
    court = m.rules.appeal_court.get(lang) or message("appeal_court_default", lang)
    return [message(f"appeal_{way}_{n}", lang, {"court": court}) for n in range(1, PARAGRAPHS[way] + 1)]
