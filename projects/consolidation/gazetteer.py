"""Offline gazetteer of French communes, departments and regions.

Reads ``projects/data/communes-fr.csv.gz`` (INSEE COG 2026 + La Poste postal codes + IGN/GeoNames
coordinates, see ``projects/data/README.md`` for sources and the attribution to display) once,
lazily, and indexes it by INSEE code, postal code, normalised name, department and region.
Used by :mod:`projects.consolidation.locate`; the seeding code of the territory models can read
the same objects. Loading takes well under a second and the result is cached per process.

Names are compared through :func:`name_key`: no accents, no case, hyphens and apostrophes as
spaces, ``saint``/``sainte`` as ``st``/``ste`` and without a leading article, so "Le Mans",
"le mans" and "Mans" share one key, as do "Saint-Denis" and "St Denis".
"""

from __future__ import annotations

import csv
import gzip
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from projects.consolidation.text import simple_key

__all__ = [
    "COMMUNES_PATH",
    "Commune",
    "Department",
    "Gazetteer",
    "Region",
    "get_gazetteer",
    "name_key",
]

COMMUNES_PATH = Path(__file__).resolve().parent.parent / "data" / "communes-fr.csv.gz"

_ARTICLE = re.compile(r"^(?:le|la|les|l) (?=\S)")
_SAINT = re.compile(r"\b(?:saint|sainte|st|ste)\b")


def name_key(name: str) -> str:
    """Comparison key of a place name (accents, case, punctuation, saint/st, article)."""
    key = simple_key(name)
    key = _SAINT.sub(lambda m: "ste" if m.group(0) in ("sainte", "ste") else "st", key)
    return _ARTICLE.sub("", key)


# Usual names that differ from the official one (official name first in comments).
COMMUNE_ALIASES: dict[str, str] = {
    "Valence-d'Agen": "82186",  # Valence (Tarn-et-Garonne)
    "Saint-Denis de La Réunion": "97411",
    "Saint-Denis-de-la-Réunion": "97411",
    "Aix": "13001",  # Aix-en-Provence, as it is usually called in running text
    "Charleville": "08105",  # Charleville-Mézières
    "Châlons": "51108",  # Châlons-en-Champagne
}

# Former regions (before 2016) and common short names → current region code.
REGION_ALIASES: dict[str, str] = {
    "Alsace": "44",
    "Lorraine": "44",
    "Champagne-Ardenne": "44",
    "Aquitaine": "75",
    "Limousin": "75",
    "Poitou-Charentes": "75",
    "Auvergne": "84",
    "Rhône-Alpes": "84",
    "Bourgogne": "27",
    "Franche-Comté": "27",
    "Languedoc-Roussillon": "76",
    "Midi-Pyrénées": "76",
    "Nord-Pas-de-Calais": "32",
    "Picardie": "32",
    "Basse-Normandie": "28",
    "Haute-Normandie": "28",
    "PACA": "93",
    "Provence-Alpes-Côte-d'Azur": "93",
    "Région Sud": "93",
    "Centre-Val-de-Loire": "24",
    "IDF": "11",
    "Réunion": "04",
    "Île de la Réunion": "04",
    "Guyane française": "03",
}

# Usual names of departments that differ from the official one.
DEPARTMENT_ALIASES: dict[str, str] = {
    "Pays basque": "64",
    "Réunion": "974",
    "Île de la Réunion": "974",
    "Guyane française": "973",
}


@dataclass(frozen=True, slots=True)
class Commune:
    """One current commune (``commune-actuelle`` of the COG) with its centroid."""

    insee: str
    name: str
    postal_codes: tuple[str, ...]
    department_code: str
    department_name: str
    region_code: str
    region_name: str
    population: int | None
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class Department:
    """A department or overseas collectivity; ``lat``/``lon`` is its representative point.

    The point is the population-weighted centre of its communes, moved to the nearest commune
    centroid so it always lies on land inside the department (no commune is implied by it).
    """

    code: str
    name: str
    region_code: str
    region_name: str
    population: int
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class Region:
    """A region (or overseas pseudo-region); point computed like :class:`Department`'s."""

    code: str
    name: str
    department_codes: tuple[str, ...]
    population: int
    lat: float
    lon: float


def _representative_point(communes: list[Commune]) -> tuple[float, float]:
    """Population-weighted centre snapped to the nearest commune centroid."""
    weights = [max(c.population or 0, 1) for c in communes]
    total = sum(weights)
    lat = sum(c.lat * w for c, w in zip(communes, weights, strict=True)) / total
    lon = sum(c.lon * w for c, w in zip(communes, weights, strict=True)) / total
    nearest = min(communes, key=lambda c: (c.lat - lat) ** 2 + (c.lon - lon) ** 2)
    return nearest.lat, nearest.lon


class Gazetteer:
    """In-memory indexes over the communes file. Build with :func:`get_gazetteer`."""

    def __init__(self, communes: Iterable[Commune]) -> None:
        self.communes: tuple[Commune, ...] = tuple(communes)
        self._by_insee: dict[str, Commune] = {}
        by_postal: dict[str, list[Commune]] = defaultdict(list)
        by_name: dict[str, list[Commune]] = defaultdict(list)
        by_dept: dict[str, list[Commune]] = defaultdict(list)
        for commune in self.communes:
            self._by_insee[commune.insee] = commune
            for code in commune.postal_codes:
                by_postal[code].append(commune)
            by_name[name_key(commune.name)].append(commune)
            by_dept[commune.department_code].append(commune)
        for alias, insee in COMMUNE_ALIASES.items():
            target = self._by_insee.get(insee)
            if target is not None and target not in by_name[name_key(alias)]:
                by_name[name_key(alias)].append(target)

        def by_population(items: list[Commune]) -> tuple[Commune, ...]:
            return tuple(sorted(items, key=lambda c: -(c.population or 0)))

        self._by_postal = {k: by_population(v) for k, v in by_postal.items()}
        self._by_name = {k: by_population(v) for k, v in by_name.items()}
        self._by_dept = {k: by_population(v) for k, v in by_dept.items()}
        self.max_name_words = max(len(key.split()) for key in self._by_name)

        self._departments: dict[str, Department] = {}
        by_region: dict[str, list[Commune]] = defaultdict(list)
        for code, members in self._by_dept.items():
            first = members[0]
            lat, lon = _representative_point(list(members))
            self._departments[code] = Department(
                code=code,
                name=first.department_name,
                region_code=first.region_code,
                region_name=first.region_name,
                population=sum(c.population or 0 for c in members),
                lat=lat,
                lon=lon,
            )
            by_region[first.region_code].extend(members)
        self._regions: dict[str, Region] = {}
        for code, members in by_region.items():
            lat, lon = _representative_point(members)
            self._regions[code] = Region(
                code=code,
                name=members[0].region_name,
                department_codes=tuple(
                    sorted(d.code for d in self._departments.values() if d.region_code == code)
                ),
                population=sum(c.population or 0 for c in members),
                lat=lat,
                lon=lon,
            )
        self._dept_by_key = {name_key(d.name): d.code for d in self._departments.values()}
        self._dept_by_key.update({name_key(k): v for k, v in DEPARTMENT_ALIASES.items()})
        self._region_by_key = {name_key(r.name): r.code for r in self._regions.values()}
        self._region_by_key.update({name_key(k): v for k, v in REGION_ALIASES.items()})

    # Communes -------------------------------------------------------------------------------

    def commune(self, insee: str) -> Commune | None:
        """The commune with this INSEE code, or None."""
        return self._by_insee.get(insee.strip().upper())

    def communes_by_postal_code(self, postal_code: str) -> tuple[Commune, ...]:
        """Communes served by a postal code, most populous first (often several)."""
        return self._by_postal.get(re.sub(r"\s", "", postal_code), ())

    def communes_by_name(self, name: str) -> tuple[Commune, ...]:
        """Communes whose name (or alias) has the same :func:`name_key`, most populous first."""
        return self._by_name.get(name_key(name), ())

    def communes_by_key(self, key: str) -> tuple[Commune, ...]:
        """Like :meth:`communes_by_name` for a key already computed with :func:`name_key`."""
        return self._by_name.get(key, ())

    def communes_in_department(self, code: str) -> tuple[Commune, ...]:
        """Communes of a department, most populous first."""
        return self._by_dept.get(code.upper(), ())

    # Departments and regions ----------------------------------------------------------------

    def department(self, code: str) -> Department | None:
        """Department by code (``"35"``, ``"2A"``, ``"974"``; ``"5"`` is read as ``"05"``)."""
        code = code.strip().upper()
        if len(code) == 1 and code.isdigit():
            code = "0" + code
        return self._departments.get(code)

    def department_by_name(self, name: str) -> Department | None:
        """Department by name or usual alias ("Ille et Vilaine", "la Réunion", "Pays basque")."""
        code = self._dept_by_key.get(name_key(name))
        return self._departments[code] if code else None

    def departments(self) -> tuple[Department, ...]:
        """All departments and overseas collectivities, by code."""
        return tuple(self._departments[c] for c in sorted(self._departments))

    def department_name_keys(self) -> dict[str, str]:
        """Normalised department name (and alias) → department code."""
        return dict(self._dept_by_key)

    def region(self, code: str) -> Region | None:
        """Region by INSEE code (``"53"``) or overseas pseudo-region code (``"975"``)."""
        return self._regions.get(code.strip())

    def region_by_name(self, name: str) -> Region | None:
        """Region by name, former name (before 2016) or usual short name ("PACA")."""
        code = self._region_by_key.get(name_key(name))
        return self._regions[code] if code else None

    def regions(self) -> tuple[Region, ...]:
        """All regions and pseudo-regions, by code."""
        return tuple(self._regions[c] for c in sorted(self._regions))

    def region_name_keys(self) -> dict[str, str]:
        """Normalised region name (and alias) → region code."""
        return dict(self._region_by_key)


def _read_communes(path: Path) -> list[Commune]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        col = {name: i for i, name in enumerate(header)}
        return [
            Commune(
                insee=row[col["insee_code"]],
                name=row[col["name"]],
                postal_codes=tuple(row[col["postal_codes"]].split()),
                department_code=row[col["department_code"]],
                department_name=row[col["department_name"]],
                region_code=row[col["region_code"]],
                region_name=row[col["region_name"]],
                population=int(row[col["population"]]) if row[col["population"]] else None,
                lat=float(row[col["lat"]]),
                lon=float(row[col["lon"]]),
            )
            for row in reader
        ]


@cache
def get_gazetteer(path: Path | str | None = None) -> Gazetteer:
    """The gazetteer built from ``path`` (default: the shipped file), loaded once per process."""
    return Gazetteer(_read_communes(Path(path) if path else COMMUNES_PATH))
