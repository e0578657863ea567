"""What a typed query means: places, themes, synonyms and the words left for full-text search.

``understand("jardin partagé à Rennes")`` finds the commune of Rennes (a territory filter the
catalogue shows as a removable chip), and leaves "jardin partagé" to the full-text search.
Names come from the shipped gazetteer (regions, departments, communes) and the thesaurus, held
in memory: understanding a query is a few dictionary look-ups, no SQL.

Places:
- accents, case, hyphens and apostrophes are ignored; "St"/"Ste" read "Saint"/"Sainte";
- homonym communes resolve to the most populous one (or the one of the department given as
  "Valence (26)");
- "(35)" is a department, a five-digit number a postal code;
- a region or department name is always a place; a commune name without a cue ("à", "au",
  "en", "dans", a department code, a postal code) only for a commune of at least
  ``COMMUNE_WITHOUT_CUE`` inhabitants whose name is not a thesaurus word ("Jardin" is a
  commune of the Isère);
- a place name that is also a common French word ("Lot", "Cher", "Manche"…) needs a cue.

Themes: a phrase naming a theme (its label, or a multi-letter keyword of the classifier) is a
theme hit: the catalogue offers its filter and ranks its projects first.
"""

from __future__ import annotations

import difflib
import re
import threading
import time
import unicodedata
from dataclasses import dataclass, field

from django.core.cache import cache

from projects.consolidation.text import simple_key

COMMUNE_WITHOUT_CUE = 5000
# a misspelt name ("Marseile", "Tolouse") is read as the place when it is this close to the
# name of a region, a department or a commune of at least FUZZY_POPULATION inhabitants
FUZZY_RATIO = 0.88
FUZZY_MIN_LENGTH = 6
FUZZY_POPULATION = 20000
MAX_TOKENS = 40
LONGEST_NAME = 8  # tokens of the longest place name tried
CUES = {"a", "au", "aux", "en", "dans", "pres", "vers", "sur", "region", "departement", "ville"}
# dropped with the place they introduce ("épicerie de Rennes", "près de Brest")
LINKS = {"de", "du", "des", "d", "le", "la", "les", "l", "a", "au", "aux", "en", "dans", "pres"}
# place names that are everyday words: places only after a cue
COMMON_WORDS = {
    "ain",
    "aube",
    "cher",
    "lot",
    "manche",
    "nord",
    "somme",
    "orne",
    "var",
    "vienne",
    "landes",
    "centre",
    "est",
    "ouest",
    "sud",
    "plan",
    "mars",
    "jardin",
    "bio",
    "eu",
    "y",
    "val",
    "port",
    "gap",
    "ile",
    "lieu",
    "tours",
    "orange",
    "moissons",
    "commune",
    "loire",
    "sens",
    "moulins",
    "fontaine",
    "plaisir",
    "saintes",
    "tulle",
    "vertus",
    "marche",
}
_DEPT_CODE = re.compile(r"\(\s*(2[ab]|\d{2,3})\s*\)", re.IGNORECASE)
_POSTAL = re.compile(r"(?<!\d)(\d{5})(?!\d)")
_TOKEN = re.compile(r"\w+", re.UNICODE)
_SAINT = {"st": "saint", "ste": "sainte", "sts": "saints"}


@dataclass(frozen=True)
class Place:
    kind: str  # "region", "department" or "commune"
    code: str
    label: str


@dataclass(frozen=True)
class ThemeHit:
    code: str
    pk: int
    label: str


@dataclass
class Understanding:
    text: str  # the words left for the full-text search
    places: list[Place] = field(default_factory=list)
    themes: list[ThemeHit] = field(default_factory=list)
    seconds: float = 0.0


def key(text: str) -> str:
    """The comparison form of a name or words: lower case, no accents or punctuation, "st" →
    "saint"."""
    return " ".join(_SAINT.get(w, w) for w in simple_key(text).split())


# -- the names held in memory ------------------------------------------------------------------


class _Names:
    """Gazetteer and thesaurus names by ``key``; loaded once per process (territories are
    reference data), themes reloaded when the catalogue version changes."""

    def __init__(self):
        self.lock = threading.Lock()
        self.places: dict[str, list[tuple[str, str, str, int, str]]] | None = None
        self.postal: dict[str, tuple[str, str]] = {}
        self.departments: dict[str, str] = {}
        self.fuzzy: dict[str, list[str]] = {}
        self.stems: dict[str, list[tuple[str, ThemeHit]]] = {}
        self.themes: dict[str, ThemeHit] = {}
        self.theme_words: set[str] = set()
        self.themes_stamp = None

    def load_places(self):
        from projects.models import Commune, Department, Region

        places: dict[str, list] = {}
        # (kind, code, label, population, department): regions and departments before any
        # commune of the same name; communes by decreasing population (homonyms)
        for code, name in Region.objects.values_list("code", "name"):
            places.setdefault(key(name), []).append(("region", code, name, 10**9, ""))
        departments = dict(Department.objects.values_list("code", "name"))
        for code, name in departments.items():
            places.setdefault(key(name), []).append(("department", code, name, 10**8, code))
        rows = Commune.objects.values_list(
            "insee_code", "name", "population", "department_id", "postal_codes"
        ).order_by("-population", "insee_code")
        postal: dict[str, tuple[str, str]] = {}
        for code, name, population, department, postal_codes in rows.iterator(chunk_size=5000):
            places.setdefault(key(name), []).append(
                ("commune", code, name, population or 0, department)
            )
            for postal_code in postal_codes or ():
                postal.setdefault(postal_code, (code, name))
        self.places, self.postal, self.departments = places, postal, departments
        fuzzy: dict[str, list[str]] = {}
        for name_key, candidates in places.items():
            big = candidates[0][3] >= FUZZY_POPULATION and name_key not in COMMON_WORDS
            if big and " " not in name_key and len(name_key) >= FUZZY_MIN_LENGTH - 1:
                fuzzy.setdefault(name_key[0], []).append(name_key)
        self.fuzzy = fuzzy

    def load_themes(self):
        from projects.models import Theme

        themes, words, stems = {}, set(), {}
        for theme in Theme.objects.order_by("sort_order", "code"):
            hit = ThemeHit(theme.code, theme.pk, theme.label)
            themes.setdefault(key(theme.label), hit)
            words.update(key(theme.label).split())
            for keyword in theme.keyword_list():
                phrase_key = key(keyword.rstrip("$"))
                if len(phrase_key) < 4:  # "ess$": acronyms are the synonyms' business
                    continue
                words.update(phrase_key.split())
                if " " in phrase_key or keyword.endswith("$"):
                    themes.setdefault(phrase_key, hit)
                else:  # a stem: "agricult" names "agriculture" and "agriculteurs"
                    stems.setdefault(phrase_key[:4], []).append((phrase_key, hit))
        self.themes, self.theme_words, self.stems = themes, words, stems

    def ready(self):
        with self.lock:
            if self.places is None:
                self.load_places()
            stamp = _themes_stamp()
            if stamp != self.themes_stamp:
                self.load_themes()
                self.themes_stamp = stamp
        return self


_names = _Names()


def _themes_stamp():
    from projects.catalogue.cache import catalogue_version

    # a theme renamed or a keyword edited advances the catalogue version; read it at most
    # once a second per process
    stamp = cache.get("understanding:themes-stamp")
    if stamp is None:
        stamp = catalogue_version()
        cache.set("understanding:themes-stamp", stamp, 1)
    return stamp


def names_reset() -> None:
    """Forget the names held in memory (tests that change territories or themes)."""
    global _names
    _names = _Names()
    cache.delete("understanding:themes-stamp")


# -- understanding ---------------------------------------------------------------------------


def clean(text: str) -> str:
    """``text`` without control characters (a NUL byte cannot reach PostgreSQL), spaces
    collapsed."""
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text or "")
    return " ".join(text.split())


def _choose(candidates, department: str | None, cued: bool):
    """The place a name means, or ``None``: a region or department first, else the commune of
    ``department`` or the most populous one (enough of them, or cued)."""
    for kind, code, label, _population, _dept in candidates:
        if kind != "commune":
            return Place(kind, code, label)
    communes = [c for c in candidates if c[0] == "commune"]
    if department:
        communes = [c for c in communes if c[4] == department] or communes
        cued = True
    if not communes:
        return None
    kind, code, label, population, _dept = communes[0]
    if cued or population >= COMMUNE_WITHOUT_CUE:
        return Place(kind, code, label)
    return None


def _misspelt_place(word: str, names) -> Place | None:
    """The big place ``word`` misspells ("marseile"), or ``None`` (thesaurus words never)."""
    if len(word) < FUZZY_MIN_LENGTH or word in names.theme_words or word in names.places:
        return None
    close = difflib.get_close_matches(word, names.fuzzy.get(word[0], ()), n=1, cutoff=FUZZY_RATIO)
    if not close:
        return None
    return _choose(names.places[close[0]], None, True)


def _cue_before(keys: list[str], i: int) -> str:
    """The word before position ``i``, past an article ("dans le Lot": "dans")."""
    j = i - 1
    while j >= 0 and keys[j] in {"le", "la", "les", "l"}:
        j -= 1
    return keys[j] if j >= 0 else ""


def understand(text: str) -> Understanding:
    started = time.perf_counter()
    text = clean(text)
    names = _names.ready()
    places: list[Place] = []
    departments = [m.group(1).upper() for m in _DEPT_CODE.finditer(text)]
    department = departments[0] if departments else None
    rest = _DEPT_CODE.sub(" ", text)
    for match in _POSTAL.finditer(rest):
        if found := names.postal.get(match.group(1)):
            places.append(Place("commune", found[0], found[1]))
    rest = _POSTAL.sub(" ", rest)
    tokens = _TOKEN.findall(rest)[:MAX_TOKENS]
    keys = [key(t) for t in tokens]
    kept: list[str] = []
    i = 0
    while i < len(tokens):
        found = None
        for n in range(min(LONGEST_NAME, len(tokens) - i), 0, -1):
            name_key = " ".join(k for k in keys[i : i + n] if k)
            candidates = names.places.get(name_key) if name_key else None
            if not candidates:
                continue
            before = _cue_before(keys, i)
            cued = before in CUES or bool(department) or n > 1
            word_too = n == 1 and (name_key in COMMON_WORDS or name_key in names.theme_words)
            if word_too and not (before in CUES or department):
                continue
            place = _choose(candidates, department, cued)
            if place is not None:
                found = (place, n)
                break
        if found is None and (place := _misspelt_place(keys[i], names)) is not None:
            found = (place, 1)
        if found is None:
            kept.append(tokens[i])
            i += 1
            continue
        place, n = found
        if place not in places:
            places.append(place)
        while kept and key(kept[-1]) in LINKS:  # "à", "en", "près de" belong to the place
            kept.pop()
        i += n
    if department in names.departments and not any(p.kind == "commune" for p in places):
        place = Place("department", department, names.departments[department])
        if place not in places:
            places.append(place)
    remaining = " ".join(kept)
    return Understanding(
        text=remaining,
        places=places,
        themes=theme_hits(remaining),
        seconds=time.perf_counter() - started,
    )


def theme_hits(text: str, *, limit: int = 3) -> list[ThemeHit]:
    """Themes named by a phrase of ``text`` (its label or one of its keywords), longest
    phrases first."""
    names = _names.ready()
    keys = [key(t) for t in _TOKEN.findall(text)[:MAX_TOKENS]]
    hits: list[ThemeHit] = []
    i = 0
    while i < len(keys):
        for n in range(min(5, len(keys) - i), 0, -1):
            hit = names.themes.get(" ".join(keys[i : i + n]))
            if hit is None and n == 1:
                hit = next(
                    (h for stem, h in names.stems.get(keys[i][:4], ()) if keys[i].startswith(stem)),
                    None,
                )
            if hit is not None:
                if hit not in hits:
                    hits.append(hit)
                i += n
                break
        else:
            i += 1
    return hits[:limit]
