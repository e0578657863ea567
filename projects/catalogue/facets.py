"""Facet counts of a catalogue search, computed in PostgreSQL from the same filtered set.

One SQL statement per group: the matching projects are materialised once in a CTE and every
facet is a ``GROUP BY`` over it. Facets follow the usual "disjunctive" rule: the counts of a
facet where the visitor already ticked values ignore that facet's own filter (so the other
regions stay visible with their counts), which costs one more statement per such facet. Themes
narrow down (AND), so their counts always come from the fully filtered set. Single-valued facets
are counted in one pass (``GROUPING SETS``). Theme counts use the project's theme links: the
classifier links the parent of every sub-theme, and the theme filter matches the same links.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection
from django.utils.translation import gettext_lazy as _

from members.models import Organisation
from projects.models import Department, Project, Region, Theme

FACETS = ("themes", "regions", "departments", "organisations", "years", "precisions")
FACET_LABELS = {
    "themes": _("Thèmes"),
    "regions": _("Régions"),
    "departments": _("Départements"),
    "organisations": _("Partenaires"),
    "years": _("Année de démarrage"),
    "precisions": _("Précision de la localisation"),
}
DISJUNCTIVE = ("regions", "departments", "organisations", "years", "precisions")
LABELS_CACHE_KEY = "catalogue:facet-labels"


def _sql(facets: list[str]) -> list[str]:
    """SELECTs over the CTE ``m`` giving ``(facet, key, count)`` rows for ``facets``."""
    columns = {
        "regions": "region_id",
        "departments": "department_id",
        "years": "start_year::text",
        "precisions": "location_precision",
    }
    sets = [f for f in facets if f in columns]
    parts = []
    if sets:
        # one pass over the matching projects for every single-valued facet
        case = " ".join(f"WHEN GROUPING({columns[f]}) = 0 THEN '{f}'" for f in sets)
        key = "COALESCE(" + ", ".join(columns[f] for f in sets) + ")"
        grouping = ", ".join(f"({columns[f]})" for f in sets)
        parts.append(
            f"SELECT CASE {case} END, {key}, count(*) FROM m "  # noqa: S608
            f"GROUP BY GROUPING SETS ({grouping})"
        )
    # Multi-valued facets from the link arrays the project row carries (migration 0006);
    # the classifier links a sub-theme's parent too, so direct links give level-1 counts.
    arrays = {"organisations": "facet_organisation_ids", "themes": "facet_theme_ids"}
    for facet, column in arrays.items():
        if facet in facets:
            parts.append(
                f"SELECT '{facet}', k::text, count(*) FROM m, unnest(m.{column}) k GROUP BY k"  # noqa: S608
            )
    return parts


def _run(params, facets: list[str], *, total: bool) -> dict[str, dict[str, int]]:
    from projects.selectors import project_filter

    qs = (
        project_filter(params)
        .order_by()
        .values(
            "region_id",
            "department_id",
            "start_year",
            "location_precision",
            "facet_theme_ids",
            "facet_organisation_ids",
        )
    )
    inner, inner_params = qs.query.sql_with_params()
    parts = _sql(facets)
    if total:
        parts.insert(0, "SELECT 'total', '', count(*) FROM m")
    sql = f"WITH m AS MATERIALIZED ({inner}) " + " UNION ALL ".join(parts)  # noqa: S608
    counts: dict[str, dict[str, int]] = {f: {} for f in facets}
    counts["total"] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, inner_params)
        for facet, key, n in cursor.fetchall():
            if key is not None:
                counts[facet][key] = n
    return counts


def _labels(force: bool = False) -> dict:
    labels = None if force else cache.get(LABELS_CACHE_KEY)
    if labels is None:
        labels = {
            "themes": {
                str(t.pk): (t.code, t.label, t.parent_id and str(t.parent_id), t.sort_order)
                for t in Theme.objects.all()
            },
            "regions": {r.code: r.name for r in Region.objects.all()},
            "departments": {d.code: f"{d.name} ({d.code})" for d in Department.objects.all()},
            "organisations": {
                str(o.pk): (o.slug, o.name)
                for o in Organisation.objects.public().only("slug", "name")
            },
        }
        cache.set(LABELS_CACHE_KEY, labels, 300)
    return labels


def facet_counts(params) -> tuple[dict[str, list[dict]], int]:
    """Facet entries for ``params`` and the total number of matching projects.

    Each entry: ``{"code" or "slug", "label", "count", "selected"}`` (themes add ``level`` and
    ``parent``). Entries with no project are left out unless selected."""
    selected = {f: set(map(str, getattr(params, f))) for f in FACETS}
    groups = [(params, [f for f in FACETS if f not in DISJUNCTIVE or not selected[f]], True)]
    groups += [(params.without_attr(f), [f], False) for f in DISJUNCTIVE if selected[f]]
    counts: dict[str, dict[str, int]] = {}
    total = 0
    for base, facets, with_total in groups:
        result = _run(base, facets, total=with_total)
        if with_total:
            total = result["total"].get("", 0)
        counts.update({f: result[f] for f in facets})
    labels = _labels()
    known = (
        set(counts["themes"]) <= labels["themes"].keys()
        and set(counts["organisations"]) <= labels["organisations"].keys()
    )
    if not known:
        labels = _labels(force=True)
    return _entries(counts, labels, selected), total


def _entries(counts, labels, selected) -> dict[str, list[dict]]:
    facets: dict[str, list[dict]] = {}
    themes = []
    for pk, (code, label, parent, order) in labels["themes"].items():
        n = counts["themes"].get(pk, 0)
        if n or code in selected["themes"]:
            parent_code = labels["themes"][parent][0] if parent in labels["themes"] else None
            entry = {"code": code, "label": label, "count": n, "level": 2 if parent else 1}
            entry.update(parent=parent_code, selected=code in selected["themes"], _order=order)
            themes.append(entry)
    themes.sort(key=lambda e: (e.pop("_order"), e["code"]))
    facets["themes"] = themes
    for facet in ("regions", "departments"):
        entries = [
            {"code": code, "label": label, "count": counts[facet].get(code, 0)}
            for code, label in labels[facet].items()
            if counts[facet].get(code) or code in selected[facet]
        ]
        for entry in entries:
            entry["selected"] = entry["code"] in selected[facet]
        entries.sort(key=lambda e: e["label"] if facet == "regions" else e["code"])
        facets[facet] = entries
    organisations = []
    for pk, (slug, name) in labels["organisations"].items():
        n = counts["organisations"].get(pk, 0)
        if n or slug in selected["organisations"]:
            organisations.append(
                {
                    "slug": slug,
                    "label": name,
                    "count": n,
                    "selected": slug in selected["organisations"],
                }
            )
    organisations.sort(key=lambda e: (-e["count"], e["label"]))
    facets["organisations"] = organisations
    years = {int(k): n for k, n in counts["years"].items()}
    years.update({int(y): years.get(int(y), 0) for y in selected["years"]})
    facets["years"] = [
        {"code": str(y), "label": str(y), "count": n, "selected": str(y) in selected["years"]}
        for y, n in sorted(years.items(), reverse=True)
    ]
    facets["precisions"] = [
        {
            "code": value,
            "label": str(label),
            "count": counts["precisions"].get(value, 0),
            "selected": value in selected["precisions"],
        }
        for value, label in Project.Precision.choices
        if counts["precisions"].get(value) or value in selected["precisions"]
    ]
    return facets
