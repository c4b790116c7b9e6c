"""Messages in fi, sv and en.

Each JSON file here holds one concept's messages as `{"code": {"fi": ..., "sv": ..., "en": ...}}`;
they are merged at import. The pages' own strings live in `web/i18n/strings.json`, same form.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

LANGUAGES = ("fi", "sv", "en")
DEFAULT = "fi"
HERE = Path(__file__).parent


def load_catalog(paths: list[Path]) -> dict[str, dict[str, str]]:
    """Merge catalog files; a code defined twice is a mistake worth failing on."""
    catalog: dict[str, dict[str, str]] = {}
    for path in paths:
        for code, texts in json.loads(path.read_text(encoding="utf-8")).items():
            if code in catalog:
                raise ValueError(f"{path.name}: message '{code}' is defined twice")
            catalog[code] = texts
    return catalog


@lru_cache(maxsize=1)
def messages() -> dict[str, dict[str, str]]:
    return load_catalog(sorted(HERE.glob("*.json")))


def language(lang: Any) -> str:
    return lang if lang in LANGUAGES else DEFAULT


def message(code: str, lang: str, params: dict[str, Any] | None = None) -> str:
    """The message for `code` in `lang`, with `{placeholders}` filled; never raises."""
    texts = messages().get(code) or messages()["unknown_error"]
    text = texts.get(language(lang)) or texts[DEFAULT]
    try:
        return text.format(**_labelled(params or {}, lang))
    except (KeyError, IndexError, ValueError):
        return text


def _labelled(params: dict[str, Any], lang: str) -> dict[str, Any]:
    """A `field` named in a message by its label in `lang` (`field_<name>`), where one exists."""
    label = messages().get(f"field_{params.get('field')}")
    if label is None:
        return params
    return {**params, "field": label.get(language(lang)) or label[DEFAULT]}
