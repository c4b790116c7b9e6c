"""The pages' strings (web/i18n/*.json, merged by the server): every one in Finnish, Swedish and English, with
the same placeholders, and every key the pages ask for defined. Needs no browser."""

from __future__ import annotations

import re
from pathlib import Path

from chamber.i18n import load_catalog
from chamber.rules.roster import ROLES

ROOT = Path(__file__).resolve().parents[2]
STRINGS = load_catalog(sorted((ROOT / "web" / "i18n").glob("*.json")))
SOURCES = [*ROOT.glob("web/**/*.html"), *ROOT.glob("web/js/*.js"), *ROOT.glob("displays/*.html"),
           *ROOT.glob("displays/*.js")]

# Keys the pages build from values of the protocol (docs/protocol.md) or their own lists.
BUILT = [
    *(f"phase_{p}" for p in ("draft", "open", "recess", "closed")),
    *(f"idle_{p}" for p in ("draft", "open", "recess", "closed")),
    *(f"status_{s}" for s in ("connecting", "live", "reconnecting", "refused")),
    *(f"item_state_{s}" for s in ("pending", "current", "closed")),
    *(f"outcome_{o}" for o in ("handled", "tabled", "returned", "withdrawn", "removed")),
    *(f"page_{p}{h}" for p in ("member", "chair", "secretary", "public", "screen", "overlay") for h in ("", "_help")),
    *(f"c_role_{r}" for r in ROLES),
]


def test_every_string_is_in_every_language_with_the_same_placeholders() -> None:
    for key, texts in STRINGS.items():
        assert set(texts) == {"fi", "sv", "en"}, key
        assert all(text.strip() for text in texts.values()), key
        holes = {lang: sorted(re.findall(r"\{(\w+)\}", text)) for lang, text in texts.items()}
        assert holes["fi"] == holes["sv"] == holes["en"], (key, holes)


def test_every_key_the_pages_use_is_defined_and_every_string_is_used() -> None:
    used, mentioned = set(BUILT), set()
    for source in SOURCES:
        text = source.read_text(encoding="utf-8")
        # t('key') and tIn(lang, 'key'); not t('phase_' + ...), which BUILT covers.
        used |= set(re.findall(r"""\bt(?:In)?\((?:\w+, )?'(\w+)'(?!\s*\+)""", text))
        used |= set(re.findall(r'data-title="(\w+)"', text))
        # A key passed around before it is translated, as screen.js's message() does.
        mentioned |= {word for word in re.findall(r"'(\w+)'", text) if word in STRINGS}
    assert used - set(STRINGS) == set()
    assert set(STRINGS) - used - mentioned == set(), "strings no page uses"
