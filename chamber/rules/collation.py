"""Alphabetical order of names as Finnish and Swedish lists use it (aakkostus / alfabetisering).

The roll call (nimenhuuto / namnupprop) goes in this order (MTG-1). The rules follow the
Finnish sorting standard SFS 4600 as the Institute for the Languages of Finland (Kotus) explains
it, which agrees with current Swedish practice:

* the alphabet is a … v w x y z å ä ö: å, ä and ö are letters of their own after z;
* w is a letter of its own after v (the 2022 standard and Swedish since 2006; sorting w as v is
  the older practice and is not followed here);
* ü sorts as y (Müller as Myller), æ as ä and ø as ö (Danish and Norwegian names in Swedish
  lists); š as s, ž as z and every other accented letter as its base letter (é as e);
* case, spaces, hyphens and apostrophes do not matter (af Forselles sorts as "afforselles":
  the surname is sorted as the roster writes it);
* names that differ only by accents: the plain one first (Hoffren before Hoffrén), and only
  after the whole name, surname and first name, has been compared letter by letter.
"""

from __future__ import annotations

import unicodedata
from typing import Any

ALPHABET = "abcdefghijklmnopqrstuvwxyzåäö"
WEIGHT = {letter: index for index, letter in enumerate(ALPHABET)}
SORTS_AS = {"ü": "y", "ű": "y", "æ": "ä", "ø": "ö", "œ": "ö"}

Letters = tuple[int, ...]


def letters(text: str) -> Letters:
    """The primary weights: each letter's place in the alphabet, other characters dropped."""
    return tuple(_weight(base) for base, _ in _letters(text))


def accents(text: str) -> tuple[bool, ...]:
    """The secondary weights: for each letter, whether it carries an accent beyond its base."""
    return tuple(accented for _, accented in _letters(text))


def name_key(last: str, first: str) -> tuple[Any, ...]:
    """Sort key for a person: surname, then first name; accents and case decide only ties."""
    return (letters(last), letters(first), accents(last), accents(first), last, first)


def _letters(text: str) -> list[tuple[str, bool]]:
    """Each letter of `text` as (the letter it sorts as, whether it is accented)."""
    result = []
    for char in unicodedata.normalize("NFC", text).casefold():
        if char in WEIGHT:
            result.append((char, False))
        elif char in SORTS_AS:
            result.append((SORTS_AS[char], True))
        elif char.isalpha():
            base = unicodedata.normalize("NFD", char)[0]
            result.append((base, base != char))
    return result


def _weight(letter: str) -> int:
    """Letters outside the alphabet (other scripts) come after ö, in code point order."""
    return WEIGHT.get(letter, len(ALPHABET) + ord(letter))
