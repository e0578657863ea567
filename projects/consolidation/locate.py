"""Where is a project? Territory and coordinates from the text and address of its page.

:func:`locate` reads everything a harvested page says about place — a structured (JSON-LD)
address, postal codes, address blocks, commune names after a place marker ("à Rennes",
"implanté à", "sur la commune de"), department numbers in brackets, department and region
names — and returns one :class:`Location` with the most precise territory it can justify and
a French ``evidence`` sentence for the partner editor. It never invents a commune: with only a
department or region in the text, the result stays at that level, placed at the department's
(region's) representative point (see :class:`~projects.consolidation.gazetteer.Department`).

Rules, from strongest to weakest evidence: structured address; postal code followed by a
commune name; commune name followed by "(35)", "(35000)" or "(Ille-et-Vilaine)"; commune
after a location verb ("basé à", "situé à") or "commune de"; after "à"/"au"/"aux"; after
"de"; a bare mention of a city of 100,000+ inhabitants. Homonyms are resolved by the postal
code or department attached to the mention, then by departments and regions mentioned
elsewhere in the text (or passed as ``hints``), then by population. Names that are also
ordinary words ("Bois", "Eu", "Y", "Mont", "Pont", "Port"…) need a postal code, a department
or "commune de". Five-digit numbers count as postal codes only next to a commune name, after
"code postal"/"CP" or after a street; amounts, counts, phone and BP/CS numbers are ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from projects.consolidation.gazetteer import Commune, Gazetteer, get_gazetteer, name_key
from projects.consolidation.text import fold, simple_key

__all__ = ["Location", "Precision", "locate"]

Precision = Literal["address", "commune", "department", "region", "none"]


@dataclass(frozen=True, slots=True)
class Location:
    """Result of :func:`locate`. ``street`` is filled only for ``precision == "address"``.

    Coordinates are the commune centroid for ``address`` and ``commune`` (no street geocoding
    offline), the representative point of the department or region otherwise.
    """

    precision: Precision = "none"
    commune_insee: str | None = None
    department_code: str | None = None
    region_code: str | None = None
    lat: float | None = None
    lon: float | None = None
    evidence: str = ""
    street: str = ""


# Strengths of the evidence kinds (the higher, the more it is trusted).
S_ADDRESS_FIELD = 100
S_POSTAL_NAME = 90
S_NAME_WITH_DEPT = 85
S_STRONG_CONTEXT = 80  # threshold for names that are also ordinary words
S_VERB = 70
S_POSTAL_ONLY = 65
S_A = 60
S_DE = 30
S_BARE_CITY = 15
BARE_CITY_POPULATION = 100_000
CONTEXT_BONUS = 12

# Commune names (name_key) that are ordinary French words or given names.
COMMON_WORD_NAMES = frozenset(
    """aire angoisse anse aucun avril bar beaux bio blanc blond bois bonne bosc bourg bras
    bretagne buisson camarade campagne cause celle cesse chaise chambre champs chapelle charge
    chateau chaussee chemin chene contre corps cote courant cours croix doux douze ecole
    etoile eu faux fay ferte fete fille folie fontaine fontaines force fosse fosses frais
    francois garde ger grand grange granges grave ham haye hommes hopital jardin ligne loge
    loges long lutter machine maisons marche marie mars mas mer mesnil mons mont montagne
    monts moyen orange ors palais parent pas passage pere pierre pin place plaine plaisir plan
    planche pont ponts port precieux pres prince puy quarante quartier rang reunion riche
    riviere roc roche rocher roches rouge rue st salle sauve seuil simple son sourd table
    tache tour trait union val vallee vaux vers vert vieux vif ville vue y""".split()  # noqa: SIM905
)

# Department / region names that are also ordinary words, rivers or commune names: they
# count only after an explicit marker ("en", "dans la", "département de", "(80)").
_RISKY_AREA_KEYS = frozenset(
    """ain aisne allier aube aude cher charente correze creuse dordogne doubs drome essonne eure
    gard gers gironde herault indre isere landes loir loire lot manche marne mayenne meuse
    moselle nord oise orne paris rhone sarthe seine somme tarn var vaucluse vienne vosges
    yonne""".split()  # noqa: SIM905
) | {"st martin", "st barthelemy", "ile de clipperton"}
# Names whose usual reading is the territory even when a commune has the same name.
_AREA_OVER_COMMUNE = frozenset({"reunion", "bretagne"})

_STREET_TYPES = (
    r"rue|avenue|av|boulevard|bd|blvd|place|pl|chemin|allee|allees|impasse|route|rte|quai|"
    r"cours|square|esplanade|passage|voie|promenade|parvis|cite|residence|hameau|lieu[- ]dit|"
    r"mail|faubourg|fbg|traverse|sentier|domaine|rond[- ]point|za|zi|zac|zone|chaussee|"
    r"montee|villa|carrefour|ruelle|venelle|sente|parc|port"
)
_STREET_RE = re.compile(
    r"(?:\b\d{1,4}\s*(?:bis|ter|quater|[a-d])?\s*,?\s*)?\b(?:" + _STREET_TYPES + r")\b\.?"
    r"[^\n;]{1,80}$",
    re.IGNORECASE,
)
_STREET_WITH_NUMBER = re.compile(
    r"(\b\d{1,4}\s*(?:bis|ter|quater)?\s*,?\s*(?:" + _STREET_TYPES + r")\b\.?[^\n,;.]{1,60}?)"
    r"\s*,?\s*$",
    re.IGNORECASE,
)
_POSTAL_RE = re.compile(r"(?<![\w.,/+\-])(\d{5}|\d{2} \d{3})(?!\d)(?![.,]\d)")
_POSTAL_BEFORE_EXCLUDED = re.compile(
    r"(?:\b(?:bp|b\.p\.|cs|tel|tel\.|telephone|siret|siren|rna|n°|no|numero|ref)\s*:?\s*|[€$])$",
    re.IGNORECASE,
)
_POSTAL_AFTER_EXCLUDED = re.compile(
    r"^\s*(?:€|eur\b|euros?\b|k€|m€|habitants?\b|hab\b|personnes\b|m2|m²|km|ha\b|tonnes?\b|"
    r"kg\b|heures\b|jours\b|visiteurs\b|beneficiaires\b|adherents\b|%|exemplaires\b|ans\b)",
    re.IGNORECASE,
)
_POSTAL_LABEL = re.compile(r"\b(?:code\s+postal|cp|c\.p\.)\s*:?\s*$", re.IGNORECASE)

_ART = r"(?:(?:le|la|les)\s+|l')?"
_MARK_VERB = re.compile(
    r"\b(?:bas|situ|implant|install|localis|domicili|heberg|ancr|etabli|siegeant)\w*\s+"
    r"(?:a|au|aux|sur|dans)\s+(?:la\s+(?:commune|ville)\s+d(?:e\s+|'))?" + _ART + r"$"
)
_MARK_COMMUNE_OF = re.compile(
    r"\b(?:commune|ville|mairie|municipalite)\s+(?:nouvelle\s+)?d(?:e\s+|')" + _ART + r"$"
)
_MARK_A = re.compile(r"(?:^|[^\w'])(a|au|aux)\s+" + _ART + r"$")
_MARK_DE = re.compile(
    r"(?:^|[^\w])(?:de|du|des|d'|depuis|vers|pres\s+de|autour\s+de|entre|sur)\s*" + _ART + r"$"
)
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n\"]\s*|^\s*)$")
_CONNECTORS = frozenset({"sur", "sous", "en", "de", "du", "des", "d", "la", "le", "les", "l"})
_CONNECTORS |= {"lez", "et", "aux", "au", "a"}
_ELISIONS = frozenset({"l", "d", "L", "D"})
_AFTER_PAREN = re.compile(r"^\s*\(\s*([^()\n]{1,40}?)\s*\)")
_DEPT_CODE = re.compile(r"^(?:0?[1-9]|[1-8]\d|9[0-5]|2[AB]|97[1-8]|98[4-9])$", re.IGNORECASE)
_GAP_TO_AREA = re.compile(
    r"^[\s,(\-]*(?:(?:en|dans|de|sur|a|l'ile|ile|la|le|les|l'|du|des|departement|region)\s*)*$"
)
_AREA_STRONG = re.compile(
    r"(?:\ben|\bdans\s+(?:le|la|les|l')|\bdepartement\s+(?:de\s+la|de\s+l'|du|des|de|d')|"
    r"\bdepartemental\w*\s+(?:de\s+la|de\s+l'|du|des|de|d')|\bregion\s+(?:de\s+la\s+|du\s+)?|"
    r"\bregional\w*\s+(?:de\s+la|de\s+l'|du|des|de|d')|\ba\s+l'ile\s+de\s+la|\bau|\baux)\s*$"
)
# A field label right before the name ("Territoire : Creuse", "Lieu\nDrôme"): the value of a
# place field is a place, even when the name is also a river or an ordinary word.
_AREA_LABEL = re.compile(
    r"(?:^|\n|[.;|·•])\s*(?:territoires?|lieux?|localisation|implantation|departement|region|"
    r"zone\s+(?:d'intervention|geographique)|perimetre|secteur\s+geographique|ou)"
    r"(?:\s+(?:du\s+projet|d'intervention|d'action))?\s*:?\s*(?:\n\s*)?$"
)
_AREA_WEAK = re.compile(r"(?:\bdu|\bde\s+la|\bde\s+l'|\bdes|\bl'|\ble|\bla|\bles)\s*$")
_DEPT_NUMBER = re.compile(
    r"\b(?:departement|dept\.?|dpt\.?)\s*(?:n°\s*|no\s*)?(\d{2,3}|2[AB])\b|"
    r"\bdans\s+le\s+(\d{2})\b(?!\s*(?:%|e\b|eme|ans|h\b|[.,]\d))",
    re.IGNORECASE,
)
_FOREIGN_OK = frozenset(
    """fr fra france re gp mq gf yt pm nc pf wf bl mf reunion guadeloupe martinique
    guyane mayotte""".split()  # noqa: SIM905
) | {"la reunion"}


@dataclass
class _Area:
    level: Literal["department", "region"]
    code: str
    strength: int
    start: int
    end: int
    snippet: str


@dataclass
class _Mention:
    start: int
    end: int
    candidates: tuple[Commune, ...]
    exact: str = ""
    strength: int = 0
    kind: str = ""
    snippet: str = ""
    postal_code: str = ""
    local_departments: set[str] = field(default_factory=set)
    local_regions: set[str] = field(default_factory=set)
    street: str = ""
    common_word: bool = False
    bare: bool = False


@dataclass
class _Scan:
    """Everything found in one text."""

    areas: list[_Area] = field(default_factory=list)
    mentions: list[_Mention] = field(default_factory=list)


def _snippet(text: str, start: int, end: int) -> str:
    return " ".join(text[max(0, start) : end].split())


# Area (department / region) names ---------------------------------------------------------


@cache
def _area_pattern() -> tuple[re.Pattern[str], dict[str, tuple[str | None, str | None]]]:
    """One regex for every department and region name; key → (department, region) codes."""
    gaz = get_gazetteer()
    keys: dict[str, tuple[str | None, str | None]] = {}
    names: set[str] = set()
    for key, code in gaz.department_name_keys().items():
        keys[key] = (code, keys.get(key, (None, None))[1])
    for key, code in gaz.region_name_keys().items():
        keys[key] = (keys.get(key, (None, None))[0], code)
    from projects.consolidation.gazetteer import DEPARTMENT_ALIASES, REGION_ALIASES

    names.update(d.name for d in gaz.departments())
    names.update(r.name for r in gaz.regions())
    names.update(DEPARTMENT_ALIASES)
    names.update(REGION_ALIASES)
    alternatives = []
    for name in sorted(names, key=len, reverse=True):
        folded = fold(name)
        folded = re.sub(r"^(?:La|Le|Les|L')\s*", "", folded)
        parts = re.split(r"[\s\-']+", folded)
        pieces = []
        for part in parts:
            if part == "Saint":
                pieces.append(r"(?:Saint|St\.?)")
            elif part == "Sainte":
                pieces.append(r"(?:Sainte|Ste\.?)")
            else:
                pieces.append(re.escape(part))
        alternatives.append(r"[\s\-']*".join(pieces))
    pattern = re.compile(r"(?<![\w\-])(?:" + "|".join(alternatives) + r")(?![\w\-])", re.IGNORECASE)
    return pattern, keys


def _scan_areas(
    text: str, folded: str, gaz: Gazetteer, name_spans: dict[tuple[int, int], set[str]]
) -> list[_Area]:
    """Department and region mentions; ``name_spans`` receives every area-name span."""
    pattern, keys = _area_pattern()
    areas: list[_Area] = []
    for match in pattern.finditer(folded):
        start, end = match.span()
        if not text[start].isupper():
            continue
        key = name_key(match.group(0))
        dept, region = keys.get(key, (None, None))
        if dept is None and region is None:
            continue
        name_spans[(start, end)] = {code for code in (dept, region) if code}
        left = folded[max(0, start - 40) : start].lower()
        paren = _AFTER_PAREN.match(folded[end:])
        code_after = bool(paren and dept and paren.group(1).upper().lstrip("0") == dept.lstrip("0"))
        if key == "reunion" and not re.search(r"\bla\s*$", left):
            continue
        if code_after:
            strength = S_NAME_WITH_DEPT - 10
        elif _AREA_STRONG.search(left) or _AREA_LABEL.search(left):
            strength = 65
        elif key in _RISKY_AREA_KEYS:
            continue
        elif _AREA_WEAK.search(left):
            strength = 50
        else:
            strength = 40
        if (
            key in _RISKY_AREA_KEYS
            and not code_after
            and re.match(r"\s+(?:de|du|d')\b", folded[end:])
        ):
            continue
        if re.search(r"grande?[\s-]*$", left) and key == "bretagne":
            continue
        snippet_start = start
        marker = re.search(r"(\S+\s+)?\S*\s*$", text[max(0, start - 25) : start])
        if marker and strength > 40:
            snippet_start = start - len(marker.group(0))
        snippet = _snippet(text, snippet_start, end + (paren.end() if code_after and paren else 0))
        if dept:
            areas.append(_Area("department", dept, strength, start, end, snippet))
        else:
            areas.append(_Area("region", region or "", strength - 5, start, end, snippet))
    for match in _DEPT_NUMBER.finditer(folded):
        code = (match.group(1) or match.group(2) or "").upper()
        department = gaz.department(code)
        if department is None:
            continue
        strength = 65 if match.group(1) else 50
        areas.append(
            _Area(
                "department",
                department.code,
                strength,
                *match.span(),
                _snippet(text, *match.span()),
            )
        )
    return areas


# Commune names -------------------------------------------------------------------------------


def _scan_names(text: str, folded: str, gaz: Gazetteer) -> list[_Mention]:
    """Every span that is a commune name (context is judged later)."""
    tokens = [(m.start(), m.end()) for m in re.finditer(r"[A-Za-z0-9]+", folded)]
    found: list[_Mention] = []
    max_words = gaz.max_name_words
    i = 0
    while i < len(tokens):
        start, end = tokens[i]
        word = folded[start:end]
        if not word[0].isupper() or word.isdigit():
            i += 1
            continue
        before = folded[start - 1] if start else " "
        if before == "-" or (
            before == "'"
            and i > 0
            and (
                folded[tokens[i - 1][0] : tokens[i - 1][1]] not in _ELISIONS
                or (tokens[i - 1][0] > 0 and folded[tokens[i - 1][0] - 1] == "-")
            )
        ):
            i += 1
            continue
        best: tuple[int, tuple[Commune, ...]] | None = None
        j = i
        while j < len(tokens) and j - i < max_words:
            if j > i:
                separator = folded[tokens[j - 1][1] : tokens[j][0]]
                if not re.fullmatch(r" ?- ?|'|'? | |\. ?|\.-", separator):
                    break
                piece = folded[tokens[j][0] : tokens[j][1]]
                if not (piece[0].isupper() or piece.lower() in _CONNECTORS):
                    break
            candidates = gaz.communes_by_key(name_key(text[start : tokens[j][1]]))
            if candidates:
                best = (j, candidates)
            j += 1
        if best is None:
            i += 1
            continue
        last, candidates = best
        end = tokens[last][1]
        # "Paris-Saclay", "Aix-Marseille": the compound goes on, so it is another name.
        if re.match(r"-[A-Za-z]", folded[end : end + 2]):
            i = last + 1
            continue
        found.append(_Mention(start, end, candidates, exact=simple_key(text[start:end])))
        i = last + 1
    return found


def _judge_name(
    mention: _Mention, text: str, folded: str, gaz: Gazetteer, areas: list[_Area]
) -> None:
    """Set strength, kind, snippet and local constraints of a name mention from its context."""
    start, end = mention.start, mention.end
    left = folded[max(0, start - 80) : start].lower()
    key = name_key(text[start:end])
    mention.common_word = key in COMMON_WORD_NAMES or len(key) <= 2
    snippet_start = start
    strength, kind = 0, ""
    if match := _MARK_VERB.search(left):
        strength, kind = S_VERB, "lieu d'implantation"
        snippet_start = start - (len(left) - match.start())
    elif match := _MARK_COMMUNE_OF.search(left):
        strength, kind = S_VERB, "commune nommée"
        snippet_start = start - (len(left) - match.start())
    elif match := _MARK_A.search(left):
        word_start = start - (len(left) - match.start(1))
        if match.group(1) != "a" or text[word_start] in "àÀ":
            strength, kind = S_A, "lieu cité"
            snippet_start = word_start
    if strength in (S_A, S_VERB) and kind != "commune nommée":
        window_start = max(0, start - 80)
        street = _STREET_WITH_NUMBER.search(folded[window_start:snippet_start])
        if street:
            mention.street = " ".join(
                text[window_start + street.start(1) : window_start + street.end(1)].split()
            )
            kind = "adresse"
            snippet_start = window_start + street.start(1)
    if not strength and (match := _MARK_DE.search(left)):
        strength, kind = S_DE, "lieu cité"
        snippet_start = start - (len(left) - match.start()) + 1
    if (
        not strength
        and not _SENTENCE_START.search(text[max(0, start - 3) : start])
        and (mention.candidates[0].population or 0) >= BARE_CITY_POPULATION
    ):
        strength, kind, mention.bare = S_BARE_CITY, "ville citée", True
    snippet_end = end
    paren = _AFTER_PAREN.match(folded[end:])
    if paren:
        inside = paren.group(1).strip()
        digits = inside.replace(" ", "")
        department = None
        if re.fullmatch(r"\d{5}", digits):
            mention.postal_code = digits
            department = _postal_department(digits, gaz)
        elif (
            _DEPT_CODE.match(inside)
            and (area := gaz.department(inside))
            or (area := gaz.department_by_name(inside))
        ):
            department = area.code
        elif region := gaz.region_by_name(inside):
            mention.local_regions.add(region.code)
            strength, kind = max(strength, S_NAME_WITH_DEPT), "commune et région"
            snippet_end = end + paren.end()
        if department:
            mention.local_departments.add(department)
            strength, kind = max(strength, S_NAME_WITH_DEPT), "commune et département"
            snippet_end = end + paren.end()
    for area in areas:
        if area.start >= end and area.start - end <= 30:
            gap = folded[end : area.start].lower()
            if _GAP_TO_AREA.match(gap):
                if area.level == "department":
                    mention.local_departments.add(area.code)
                else:
                    mention.local_regions.add(area.code)
                if strength:
                    strength = max(strength, S_STRONG_CONTEXT)
                    kind = kind or "lieu cité"
                    snippet_end = max(snippet_end, area.end)
    mention.strength = strength
    mention.kind = kind
    mention.snippet = _snippet(text, snippet_start, snippet_end)


# Postal codes ----------------------------------------------------------------------------


def _postal_department(code: str, gaz: Gazetteer) -> str | None:
    departments = {c.department_code for c in gaz.communes_by_postal_code(code)}
    if len(departments) == 1:
        return departments.pop()
    if code.startswith("97") or code.startswith("98"):
        prefix = code[:3]
    elif code.startswith("20"):
        prefix = "2A" if code < "20200" else "2B"
    else:
        prefix = code[:2]
    department = gaz.department(prefix)
    return department.code if department else None


def _street_before(text: str, folded: str, position: int) -> tuple[str, int]:
    """Street line just before a postal code ("12 rue de la Paix, "), and where it starts."""
    window_start = max(0, position - 110)
    window = folded[window_start:position]
    cut = max(window.rfind(". "), window.rfind("\n\n"), window.rfind(": "))
    offset = cut + 2 if cut >= 0 else 0
    match = _STREET_RE.search(window[offset:])
    if not match:
        return "", position
    street_start = window_start + offset + match.start()
    street = text[street_start:position]
    return " ".join(street.strip(" ,-–\n\t").split()), street_start


def _scan_postal(
    text: str, folded: str, gaz: Gazetteer, names: list[_Mention], areas: list[_Area]
) -> list[_Mention]:
    by_start = {m.start: m for m in names}
    found: list[_Mention] = []
    for match in _POSTAL_RE.finditer(folded):
        raw = match.group(1)
        code = raw.replace(" ", "")
        start, end = match.span(1)
        left = folded[max(0, start - 30) : start]
        if _POSTAL_BEFORE_EXCLUDED.search(left) or _POSTAL_AFTER_EXCLUDED.match(folded[end:]):
            continue
        department = _postal_department(code, gaz)
        if department is None:
            continue
        gap = re.match(r"[ \t]*(?:-[ \t]*)?", folded[end:])
        name = by_start.get(end + (gap.end() if gap else 0))
        street, street_start = _street_before(text, folded, start)
        if name is not None:
            candidates = tuple(c for c in name.candidates if code in c.postal_codes) or tuple(
                c for c in name.candidates if c.department_code == department
            )
            if candidates:
                names.remove(name)
                found.append(
                    _Mention(
                        start,
                        name.end,
                        candidates,
                        exact=name.exact,
                        strength=S_POSTAL_NAME,
                        kind="adresse" if street else "code postal et commune",
                        snippet=_snippet(text, street_start, name.end),
                        postal_code=code,
                        local_departments={department},
                        street=street,
                    )
                )
                continue
        if " " in raw:
            continue
        if not (_POSTAL_LABEL.search(left.lower()) or street):
            continue
        communes = gaz.communes_by_postal_code(code)
        if len(communes) == 1:
            found.append(
                _Mention(
                    start,
                    end,
                    communes,
                    strength=S_POSTAL_ONLY,
                    kind="code postal",
                    snippet=_snippet(text, street_start, end),
                    postal_code=code,
                    local_departments={department},
                )
            )
        else:
            areas.append(
                _Area(
                    "department", department, S_POSTAL_ONLY - 5, start, end, f"code postal {code}"
                )
            )
    return found


# Structured address ----------------------------------------------------------------------


def _address_value(value: object) -> str:
    if isinstance(value, Mapping):
        value = value.get("name") or value.get("@value") or ""
    if isinstance(value, list | tuple):
        value = " ".join(str(v) for v in value if isinstance(v, str | int))
    return " ".join(str(value).split()) if isinstance(value, str | int) else ""


def _scan_address(
    address: Mapping[str, object], gaz: Gazetteer, areas: list[_Area]
) -> list[_Mention]:
    country = simple_key(_address_value(address.get("addressCountry", "")))
    if country and country not in _FOREIGN_OK:
        return []
    locality = _address_value(address.get("addressLocality", ""))
    locality = re.sub(r"(?i)\s+cedex(?:\s*\d+)?$", "", locality)
    locality = re.sub(r"(?i)\s+\d{1,2}\s*(?:e|er|eme|ème)(?:\s+arrondissement)?$", "", locality)
    postal_match = re.search(
        r"\b(\d{5}|\d{2} \d{3})\b", _address_value(address.get("postalCode", ""))
    )
    postal = postal_match.group(1).replace(" ", "") if postal_match else ""
    street = _address_value(address.get("streetAddress", ""))
    region_text = _address_value(address.get("addressRegion", ""))
    local_departments: set[str] = set()
    local_regions: set[str] = set()
    if region_text:
        department = (
            gaz.department(region_text) if _DEPT_CODE.match(region_text) else None
        ) or gaz.department_by_name(region_text)
        region = gaz.region_by_name(region_text) or gaz.region(region_text)
        if department:
            local_departments.add(department.code)
            areas.append(
                _Area(
                    "department",
                    department.code,
                    S_ADDRESS_FIELD - 10,
                    -1,
                    -1,
                    f"addressRegion {region_text}",
                )
            )
        elif region:
            local_regions.add(region.code)
            areas.append(
                _Area(
                    "region",
                    region.code,
                    S_ADDRESS_FIELD - 15,
                    -1,
                    -1,
                    f"addressRegion {region_text}",
                )
            )
    department = _postal_department(postal, gaz) if postal else None
    if department:
        local_departments.add(department)
    candidates: tuple[Commune, ...] = ()
    if locality:
        named = gaz.communes_by_name(locality)
        candidates = (
            tuple(c for c in named if postal and postal in c.postal_codes)
            or tuple(c for c in named if c.department_code in local_departments)
            or named
        )
    if not candidates and postal:
        by_code = gaz.communes_by_postal_code(postal)
        if len(by_code) == 1:
            candidates = by_code
        elif department:
            areas.append(
                _Area(
                    "department", department, S_ADDRESS_FIELD - 10, -1, -1, f"postalCode {postal}"
                )
            )
    if not candidates:
        return []
    parts = [p for p in (street, postal, locality) if p]
    return [
        _Mention(
            -1,
            -1,
            candidates,
            exact=simple_key(locality),
            strength=S_ADDRESS_FIELD,
            kind="adresse structurée",
            snippet=", ".join(parts),
            postal_code=postal,
            local_departments=local_departments,
            local_regions=local_regions,
            street=street if re.search(r"[A-Za-zÀ-ÿ]{3}", street) else "",
        )
    ]


# Resolution ------------------------------------------------------------------------------


def _hint_context(hints: Iterable[str], gaz: Gazetteer) -> tuple[set[str], set[str]]:
    departments: set[str] = set()
    regions: set[str] = set()
    for hint in hints:
        hint = hint.strip()
        if not hint:
            continue
        department = (gaz.department(hint) if _DEPT_CODE.match(hint) else None) or (
            gaz.department_by_name(hint)
        )
        region = gaz.region(hint) if not department else None
        region = region or (gaz.region_by_name(hint) if not department else None)
        if department:
            departments.add(department.code)
        elif region:
            regions.add(region.code)
    return departments, regions


def _resolve(
    mention: _Mention, departments: set[str], regions: set[str]
) -> tuple[Commune | None, str]:
    """Pick one commune among a mention's homonyms; return it and how it was chosen."""
    candidates = mention.candidates
    how = ""
    if mention.postal_code:
        narrowed = tuple(c for c in candidates if mention.postal_code in c.postal_codes)
        if narrowed:
            candidates, how = narrowed, f"code postal {mention.postal_code}"
    if mention.local_departments:
        narrowed = tuple(c for c in candidates if c.department_code in mention.local_departments)
        if narrowed:
            candidates, how = narrowed, how or "département indiqué"
        elif mention.kind == "commune et département":
            return None, ""
    if mention.local_regions:
        narrowed = tuple(c for c in candidates if c.region_code in mention.local_regions)
        if narrowed:
            candidates, how = narrowed, how or "région indiquée"
    if len(candidates) > 1:
        narrowed = tuple(c for c in candidates if c.department_code in departments)
        if narrowed:
            candidates, how = narrowed, "département mentionné dans le texte"
        else:
            narrowed = tuple(c for c in candidates if c.region_code in regions)
            if narrowed:
                candidates, how = narrowed, "région mentionnée dans le texte"
    if len(candidates) > 1:
        exact = tuple(c for c in candidates if simple_key(c.name) == mention.exact)
        candidates = exact or candidates
        how = f"homonyme le plus peuplé ({len(mention.candidates)} communes de ce nom)"
    chosen = max(candidates, key=lambda c: c.population or 0)
    return chosen, how


def _describe_commune(commune: Commune) -> str:
    return f"{commune.name} ({commune.department_name}, INSEE {commune.insee})"


def locate(
    text: str,
    *,
    address: Mapping[str, object] | None = None,
    hints: Iterable[str] = (),
) -> Location:
    """Most precise territory a project page justifies, with a French evidence sentence.

    ``text``: page text (title, summary and body). ``address``: a schema.org PostalAddress
    mapping (``streetAddress``, ``postalCode``, ``addressLocality``, ``addressRegion``,
    ``addressCountry``); a foreign country makes it ignored. ``hints``: department or region
    codes/names known from the source (a regional partner, a listing filter); they only break
    ties between homonyms and are never a result by themselves.
    """
    gaz = get_gazetteer()
    text = text or ""
    folded = fold(text)
    area_spans: dict[tuple[int, int], set[str]] = {}
    areas = _scan_areas(text, folded, gaz, area_spans)
    names = _scan_names(text, folded, gaz)
    mentions = _scan_postal(text, folded, gaz, names, areas)
    if address:
        mentions.extend(_scan_address(address, gaz, areas))

    # A commune span inside a department/region name ("Grand" in "Grand Est") is not a
    # commune, and a department/region name inside a commune name is not a territory.
    def inside(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
        return b_start <= a_start and a_end <= b_end and (a_end - a_start) < (b_end - b_start)

    names = [n for n in names if not any(inside(n.start, n.end, a.start, a.end) for a in areas)]
    areas = [
        a
        for a in areas
        if not any(inside(a.start, a.end, m.start, m.end) for m in [*names, *mentions])
    ]
    for name in names:
        _judge_name(name, text, folded, gaz, areas)
    for name in names:
        # A name that is also a department or region ("Loire", "La Réunion", "Paris").
        area_codes = area_spans.get((name.start, name.end))
        if area_codes is None or name.strength >= S_STRONG_CONTEXT:
            continue
        in_area = any(
            c.department_code in area_codes or c.region_code in area_codes for c in name.candidates
        )
        accepted_area = any(a.start == name.start and a.end == name.end for a in areas)
        if (
            (accepted_area and not in_area)
            or (name.strength < S_A and not in_area)
            or name_key(text[name.start : name.end]) in _AREA_OVER_COMMUNE
        ):
            name.strength = 0
    mentions.extend(n for n in names if n.strength > 0)

    hint_departments, hint_regions = _hint_context(hints, gaz)
    departments = {a.code for a in areas if a.level == "department"} | hint_departments
    departments |= {d for m in mentions if m.postal_code for d in m.local_departments}
    regions = {a.code for a in areas if a.level == "region"} | hint_regions
    regions |= {gaz.department(d).region_code for d in departments if gaz.department(d)}

    best: tuple[float, int, _Mention, Commune, str] | None = None
    counts: dict[str, int] = {}
    resolved: list[tuple[_Mention, Commune, str]] = []
    for mention in mentions:
        commune, how = _resolve(mention, departments, regions)
        if commune is None:
            continue
        if (
            mention.common_word
            and mention.strength < S_STRONG_CONTEXT
            and not (mention.kind == "commune nommée" or commune.department_code in departments)
        ):
            continue
        if mention.bare and not (commune.department_code in departments or not areas):
            continue
        counts[commune.insee] = counts.get(commune.insee, 0) + 1
        resolved.append((mention, commune, how))
    for mention, commune, how in resolved:
        score = float(mention.strength) + 3 * min(counts[commune.insee] - 1, 3)
        if commune.department_code in (departments - mention.local_departments) or (
            commune.region_code in regions and not mention.local_regions
        ):
            score += CONTEXT_BONUS
        order = mention.start if mention.start >= 0 else -1
        if best is None or (score, -order) > (best[0], -best[1]):
            best = (score, order, mention, commune, how)

    if best is not None:
        _, _, mention, commune, how = best
        precision: Precision = "address" if mention.street else "commune"
        evidence = f"{mention.kind} : « {mention.snippet} » → {_describe_commune(commune)}"
        if how:
            evidence += f" ; {how}"
        return Location(
            precision=precision,
            commune_insee=commune.insee,
            department_code=commune.department_code,
            region_code=commune.region_code,
            lat=commune.lat,
            lon=commune.lon,
            evidence=evidence,
            street=mention.street,
        )
    return _area_location(areas, gaz)


def _area_location(areas: list[_Area], gaz: Gazetteer) -> Location:
    """Department (or region) precision when no commune could be justified."""
    if not areas:
        return Location()
    region_codes = {a.code for a in areas if a.level == "region"}

    def score(area: _Area) -> tuple[int, int]:
        bonus = 0
        if area.level == "department":
            department = gaz.department(area.code)
            if department and department.region_code in region_codes:
                bonus = 5
            bonus += 20  # a department is more precise than a region
        return area.strength + bonus, -area.start

    best = max(areas, key=score)
    if best.level == "department":
        department = gaz.department(best.code)
        assert department is not None
        return Location(
            precision="department",
            department_code=department.code,
            region_code=department.region_code,
            lat=department.lat,
            lon=department.lon,
            evidence=(
                f"département : « {best.snippet} » → {department.name} ({department.code}) ;"
                " aucune commune identifiable, point représentatif du département"
            ),
        )
    region = gaz.region(best.code)
    assert region is not None
    if len(region.department_codes) == 1:
        department = gaz.department(region.department_codes[0])
        assert department is not None
        return Location(
            precision="department",
            department_code=department.code,
            region_code=region.code,
            lat=department.lat,
            lon=department.lon,
            evidence=(
                f"région d'un seul département : « {best.snippet} » → {department.name}"
                f" ({department.code}) ; aucune commune identifiable"
            ),
        )
    return Location(
        precision="region",
        region_code=region.code,
        lat=region.lat,
        lon=region.lon,
        evidence=(
            f"région : « {best.snippet} » → {region.name} ; aucune commune ni aucun département"
            " identifiable, point représentatif de la région"
        ),
    )
