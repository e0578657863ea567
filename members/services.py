"""Write-side services of the members app."""

from __future__ import annotations

import csv
from pathlib import Path

from members.models import Organisation

PARTNERS_CSV = Path(__file__).resolve().parent / "data" / "partners-cis.csv"


def organisations_load(path: Path = PARTNERS_CSV) -> int:
    """Create the partner organisations listed in ``path`` (name, website) that do not exist
    yet, as public partners. Existing ones are left as editors made them. Returns the number
    created."""
    created = 0
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            name = row["name"].strip()
            if not name:
                continue
            _, was_created = Organisation.objects.get_or_create(
                name=name,
                defaults={
                    "website": row.get("website", "").strip(),
                    "status": Organisation.Status.PUBLIC,
                },
            )
            created += was_created
    return created
