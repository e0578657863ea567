"""Public records of projects: the one shape shared by the API, the exports and the feeds.

Built from an explicit list of columns, so private fields (``contact_email``, harvest
provenance) can never leak into open data. Themes and partners are fetched per chunk of rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.conf import settings
from django.urls import reverse

from projects.consolidation.normalize import remove_emails
from projects.models import Project, ProjectSource

PUBLIC_COLUMNS = (
    "id",
    "title",
    "slug",
    "summary",
    "holder_name",
    "website",
    "start_year",
    "status",
    "location_precision",
    "latitude",
    "longitude",
    "commune_id",
    "commune__name",
    "department_id",
    "department__name",
    "region_id",
    "region__name",
    "first_published_at",
    "last_published_at",
)
CSV_FIELDS = (
    "id",
    "title",
    "url",
    "summary",
    "holder_name",
    "website",
    "start_year",
    "status",
    "themes",
    "partners",
    "commune",
    "department",
    "region",
    "latitude",
    "longitude",
    "location_precision",
    "published_at",
)


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _related(ids: list[int]) -> tuple[dict, dict]:
    themes: dict[int, list[dict]] = {i: [] for i in ids}
    through = Project.themes.through
    for project_id, code, label in (
        through.objects.filter(project_id__in=ids)
        .order_by("theme__sort_order", "theme__code")
        .values_list("project_id", "theme__code", "theme__label")
    ):
        themes[project_id].append({"code": code, "label": label})
    partners: dict[int, list[dict]] = {i: [] for i in ids}
    for project_id, slug, name, url in (
        ProjectSource.objects.filter(project_id__in=ids, organisation__status="public")
        .order_by("organisation__name")
        .values_list("project_id", "organisation__slug", "organisation__name", "url")
    ):
        partners[project_id].append({"slug": slug, "label": name, "url": url})
    return themes, partners


def _record(row: dict, themes: list[dict], partners: list[dict]) -> dict:
    path = reverse("projects:detail", kwargs={"slug": row["slug"]})

    def place(code_key, name_key):
        return {"code": row[code_key], "label": row[name_key]} if row[code_key] else None

    return {
        "id": row["id"],
        "title": row["title"],
        "slug": row["slug"],
        "url": absolute(path),
        # imports remove addresses; rows harvested before that may still hold one
        "summary": remove_emails(row["summary"]),
        "holder_name": row["holder_name"],
        "website": row["website"],
        "start_year": row["start_year"],
        "status": row["status"],
        "themes": themes,
        "partners": partners,
        "commune": place("commune_id", "commune__name"),
        "department": place("department_id", "department__name"),
        "region": place("region_id", "region__name"),
        "latitude": row["latitude"],
        "longitude": row["longitude"],
        "location_precision": row["location_precision"],
        "published_at": row["first_published_at"],
        "updated_at": row["last_published_at"],
    }


def project_records(queryset, *, chunk: int = 1000, stream: bool = True) -> Iterator[dict]:
    """Public records of the projects of ``queryset`` (its order kept), fetched by chunks
    through a server-side cursor (exports of any size), or at once when ``stream`` is false (a
    page of the API: a cursor would cost three round trips for twenty rows)."""
    rows: list[dict] = []
    values = queryset.values(*PUBLIC_COLUMNS)
    for row in values.iterator(chunk_size=chunk) if stream else values:
        rows.append(row)
        if len(rows) >= chunk:
            yield from _records(rows)
            rows = []
    if rows:
        yield from _records(rows)


def _records(rows: Iterable[dict]) -> Iterator[dict]:
    rows = list(rows)
    themes, partners = _related([r["id"] for r in rows])
    for row in rows:
        yield _record(row, themes[row["id"]], partners[row["id"]])


def flat_record(record: dict) -> dict:
    """A record with one value per column, for CSV."""
    return {
        **{k: record[k] for k in CSV_FIELDS if k in record},
        "themes": " | ".join(t["label"] for t in record["themes"]),
        "partners": " | ".join(p["label"] for p in record["partners"]),
        "commune": (record["commune"] or {}).get("label", ""),
        "department": (record["department"] or {}).get("label", ""),
        "region": (record["region"] or {}).get("label", ""),
        "published_at": record["published_at"].isoformat() if record["published_at"] else "",
    }
