"""Which text of a page is its title, using evidence across the pages of one source.

A page offers title candidates (JSON-LD name, OpenGraph title, headings, emphasised lines of
legacy layouts, ``<title>``), each tagged with where it was found. One page alone cannot tell
the site's name from a project's name when the site puts its name in ``<h1>`` or ``<title>``
everywhere; the pages of one source together can: :class:`TitleProfile` counts, per source, the
texts and the leading/trailing affixes ("Initiative : ", " | Fondation X", "Site - ") that recur
across pages. A text found on (nearly) every page is boilerplate and never a title; a recurring
affix is stripped (by the title cleaner of ``projects.consolidation``, the one place titles are
cleaned). Pure functions on strings: no network, no models.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from projects.consolidation.normalize import strip_affixes
from projects.consolidation.text import simple_key

#: Where a candidate comes from, most trusted first (a per-source selector is above all).
ORIGINS = ("selector", "jsonld", "og", "h1", "h2", "emphasis", "title", "trafilatura")
#: Separators between a title and an affix (site name, label).
AFFIX_SEPARATOR_RE = re.compile(r"\s+[|\-–—:·•»/]\s+|\s+::\s+|\s*:\s+")
MIN_PAGES = 3


@dataclass
class TitleProfile:
    """What recurs across the pages of one source (built from their candidates)."""

    pages: int = 0
    texts: Counter = field(default_factory=Counter)  # key → pages where a candidate had it
    prefixes: Counter = field(default_factory=Counter)
    suffixes: Counter = field(default_factory=Counter)
    _seen: dict = field(default_factory=dict, repr=False)  # page → its contribution

    def add(self, candidates: Iterable[tuple[str, str]], page: str = "") -> None:
        """Count one page's candidates (each text, prefix and suffix once per page); a page
        counted before under the same ``page`` key is replaced, not counted twice."""
        if page and page in self._seen:
            old_texts, old_prefixes, old_suffixes = self._seen.pop(page)
            self.pages -= 1
            self.texts.subtract(old_texts)
            self.prefixes.subtract(old_prefixes)
            self.suffixes.subtract(old_suffixes)
        texts, prefixes, suffixes = set(), set(), set()
        for _origin, text in candidates:
            texts.add(simple_key(text))
            for match in AFFIX_SEPARATOR_RE.finditer(text):
                if match.start() > 0:
                    prefixes.add(text[: match.end()])
                if match.end() < len(text):
                    suffixes.add(text[match.start() :])
        texts.discard("")
        self.pages += 1
        self.texts.update(texts)
        self.prefixes.update(prefixes)
        self.suffixes.update(suffixes)
        if page:
            self._seen[page] = (texts, prefixes, suffixes)

    def _recurring(self, count: int) -> bool:
        return (
            self.pages >= MIN_PAGES
            and count >= MIN_PAGES
            and (count >= 10 or count >= 0.2 * self.pages)
        )

    def is_boilerplate(self, text: str) -> bool:
        return self._recurring(self.texts.get(simple_key(text), 0))

    def affixes(self) -> tuple[list[str], list[str]]:
        """Recurring prefixes and suffixes, longest first."""
        prefixes = [p for p, n in self.prefixes.items() if self._recurring(n)]
        suffixes = [s for s, n in self.suffixes.items() if self._recurring(n)]
        return sorted(prefixes, key=len, reverse=True), sorted(suffixes, key=len, reverse=True)

    def as_dict(self) -> dict:
        prefixes, suffixes = self.affixes()
        return {"pages": self.pages, "prefixes": prefixes[:5], "suffixes": suffixes[:5]}


@dataclass
class TitleChoice:
    title: str  # the candidate as the page writes it
    origin: str  # where it was found
    prefixes: list[str] = field(default_factory=list)  # recurring affixes to strip from it
    suffixes: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # boilerplate candidates passed over

    @property
    def evidence(self) -> dict:
        return {"origin": self.origin, "prefixes": self.prefixes, "suffixes": self.suffixes,
                "boilerplate": self.skipped[:5]}  # fmt: skip


def choose_title(candidates: list[tuple[str, str]], *, site_name: str = "",
                 profile: TitleProfile | None = None) -> TitleChoice:  # fmt: skip
    """The best title candidate: by origin, skipping the site's name and, with a profile, any
    text recurring across the source's pages; a candidate that is only a recurring affix, or
    becomes empty once affixes are stripped, is skipped too."""
    prefixes, suffixes = profile.affixes() if profile else ([], [])
    site_key = simple_key(site_name)
    skipped: list[str] = []
    rank = {origin: index for index, origin in enumerate(ORIGINS)}
    ordered = sorted(enumerate(candidates), key=lambda item: (rank.get(item[1][0], 99), item[0]))
    for _index, (origin, text) in ordered:
        if origin == "selector":
            return TitleChoice(text, origin, prefixes, suffixes, skipped)
        stripped = strip_affixes(text, prefixes, suffixes)
        stripped_key = simple_key(stripped)
        if (
            not stripped_key
            or stripped_key == site_key
            or (profile is not None and (profile.is_boilerplate(text)
                                         or profile.is_boilerplate(stripped)))
        ):  # fmt: skip
            skipped.append(text)
            continue
        return TitleChoice(text, origin, prefixes, suffixes, skipped)
    return TitleChoice("", "", prefixes, suffixes, skipped)
