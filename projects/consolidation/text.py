"""Text folding shared by the consolidation rules (gazetteer keys, place and keyword matching).

Two flavours:

- :func:`fold` keeps the length of the string (one character in, one out), so a regular
  expression run on the folded text gives offsets valid in the original text. Accents are
  removed, case is kept, typographic apostrophes and dashes become ASCII.
- :func:`simple_key` is for dictionary keys: lower case, no accents, ligatures expanded,
  every run of punctuation or spaces becomes one space.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

__all__ = ["fold", "simple_key", "words"]

_SPECIAL_ONE_CHAR = {
    "œ": "o",
    "Œ": "O",
    "æ": "a",
    "Æ": "A",
    "ß": "s",
    "ø": "o",
    "Ø": "O",
    "đ": "d",
    "ł": "l",
    "Ł": "L",
    "’": "'",
    "‘": "'",
    "ʼ": "'",
    "´": "'",
    "`": "'",
    "‐": "-",
    "‑": "-",
    "‒": "-",
    "–": "-",
    "—": "-",
    "−": "-",
    "\u00a0": " ",
    "\u202f": " ",
    "\u2009": " ",
    "\u2007": " ",
    "«": '"',
    "»": '"',
    "“": '"',
    "”": '"',
}
_EXPANSIONS = {"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"}


@cache
def _fold_table() -> dict[int, str]:
    """Map every accented Latin letter to its base letter (Latin-1 to Latin Extended-B)."""
    table: dict[int, str] = {}
    for code in range(0xC0, 0x250):
        char = chr(code)
        base = unicodedata.normalize("NFKD", char)[:1]
        if base.isascii() and base.isalpha() and base != char:
            table[code] = base
    for char, repl in _SPECIAL_ONE_CHAR.items():
        table[ord(char)] = repl
    return table


@cache
def _key_table() -> dict[int, str]:
    table = dict(_fold_table())
    for char, repl in _EXPANSIONS.items():
        table[ord(char)] = repl
    return table


def fold(text: str) -> str:
    """Return ``text`` without accents, same length and same case (offsets stay valid)."""
    return text.translate(_fold_table())


_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def simple_key(text: str) -> str:
    """Lower-case, accent-free, punctuation-free form of ``text`` for dictionary lookups."""
    folded = text.translate(_key_table()).lower()
    return _NON_ALNUM.sub(" ", folded).strip()


_WORD = re.compile(r"[A-Za-z0-9]+")


def words(folded_text: str) -> list[re.Match[str]]:
    """ASCII word matches of an already folded text (apostrophes and hyphens split words)."""
    return list(_WORD.finditer(folded_text))
