"""Load the shipped reference data: the thesaurus and the territories (idempotent)."""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from projects.consolidation.classify import DEFAULT_KEYWORDS
from projects.consolidation.goals import GOAL_RULES
from projects.models import Commune, Department, PartnerTagRule, Region, Theme

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
THEMES_JSON = DATA_DIR / "themes-cis.json"
COMMUNES_CSV = DATA_DIR / "communes-fr.csv.gz"


@transaction.atomic
def themes_load(path: Path = THEMES_JSON) -> int:
    """Create missing themes of the two-level thesaurus with their default keyword lists;
    codes are the identity, labels and keywords edited in the admin are kept. Returns the
    number created."""
    data = json.loads(path.read_text(encoding="utf-8"))
    created = 0
    order = 0
    for parent_data in data["themes"]:
        order += 1
        parent, was_created = Theme.objects.get_or_create(
            code=parent_data["code"],
            defaults={
                "label": parent_data["label"],
                "sort_order": order,
                "keywords": "\n".join(DEFAULT_KEYWORDS.get(parent_data["code"], [])),
            },
        )
        created += was_created
        for child in parent_data.get("children", []):
            order += 1
            _, was_created = Theme.objects.get_or_create(
                code=child["code"],
                defaults={
                    "label": child["label"],
                    "parent": parent,
                    "sort_order": order,
                    "keywords": "\n".join(DEFAULT_KEYWORDS.get(child["code"], [])),
                },
            )
            created += was_created
    goal_rules_load()
    return created


def goal_rules_load() -> int:
    """Rules for all partners mapping the 17 UN goals ("ODD N") to themes, when there are no
    shared rules yet (a deleted or edited goal rule is not brought back). Returns the number
    created."""
    if PartnerTagRule.objects.filter(organisation__isnull=True).exists():
        return 0
    themes = {t.code: t for t in Theme.objects.all()}
    for number, codes in GOAL_RULES.items():
        rule = PartnerTagRule.objects.create(organisation=None, tag=f"ODD {number}")
        rule.themes.set([themes[c] for c in codes if c in themes])
    return len(GOAL_RULES)


def _read_communes(path: Path) -> list[dict]:
    with gzip.open(path, "rb") as raw:
        return list(csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8", newline="")))


@transaction.atomic
def territories_load(path: Path = COMMUNES_CSV) -> int:
    """Load regions, departments and communes from the gazetteer; rows already present are
    left alone. Returns the number of communes created."""
    return territories_into(Region, Department, Commune, path)


def territories_into(region_model, department_model, commune_model, path: Path = COMMUNES_CSV):
    """The one loader of the gazetteer, given the models to fill: the current ones
    (``territories_load``, ``seed_platform``) or a migration's historical ones
    (``projects/0013_territories_from_gazetteer``). Bulk inserts in batches that skip rows
    already present, so running it after the other (in any order) changes nothing."""
    rows = _read_communes(path)
    if commune_model.objects.count() >= len(rows):
        return 0
    regions, departments = {}, {}
    for row in rows:
        regions.setdefault(row["region_code"], row["region_name"])
        departments.setdefault(row["department_code"], (row["department_name"], row["region_code"]))
    region_model.objects.bulk_create(
        [region_model(code=c, name=n, slug=slugify(n)) for c, n in regions.items()],
        ignore_conflicts=True,
    )
    department_model.objects.bulk_create(
        [
            department_model(code=c, name=n, slug=slugify(f"{n}-{c}"), region_id=r)
            for c, (n, r) in departments.items()
        ],
        ignore_conflicts=True,
    )
    before = commune_model.objects.count()
    commune_model.objects.bulk_create(
        [
            commune_model(
                insee_code=row["insee_code"],
                name=row["name"],
                postal_codes=row["postal_codes"].split(),
                department_id=row["department_code"],
                population=int(row["population"]) if row["population"] else None,
                latitude=float(row["lat"]),
                longitude=float(row["lon"]),
            )
            for row in rows
        ],
        ignore_conflicts=True,
        batch_size=5000,
    )
    return commune_model.objects.count() - before
