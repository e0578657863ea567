"""Facet counts and the requested page of a catalogue search, in one PostgreSQL statement.

The projects matching the text and the theme filters are read once (GIN bitmap, one heap visit)
into a CTE that also carries, per selected single-choice facet, whether the project passes that
facet's filter. Every count is then taken over that CTE:

- facets follow the usual "disjunctive" rule: the counts of a facet where the visitor already
  ticked values ignore that facet's own filter (the other regions stay visible with their
  counts), so each is counted over the rows passing every *other* filter — a ``FILTER`` on the
  same rows, not another scan;
- themes narrow down (AND): counted over the fully filtered rows, from the theme links each row
  carries as an array (the classifier links the parent of every sub-theme);
- the page of ids (relevance or recency order) is cut from the same rows.

Reading the matches once instead of once per question halved the cost of broad searches (a
word found in 6k–19k of 100k projects); see ``make bench-search``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.core.cache import cache
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils.translation import gettext_lazy as _

from members.models import Organisation
from projects.catalogue.cache import catalogue_version
from projects.catalogue.db import read_connection
from projects.catalogue.matching import rank_expression, search_plan
from projects.catalogue.query import (
    catalogue_order_sql,
    organisation_condition,
    project_filter,
)
from projects.catalogue.ranking import bounded_page_sql, candidates, cheap_expression
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
# single-valued facets: the column each is grouped on
COLUMNS = {
    "regions": "region_id",
    "departments": "department_id",
    "years": "start_year",
    "precisions": "location_precision",
}


@dataclass
class CatalogueCounts:
    counts: dict[str, dict[str, int]]
    total: int
    page_ids: list[int] | None  # None when no page was asked, or the page was past the last


def _conditions(params) -> dict[str, Q]:
    """The filter of each selected single-choice facet."""
    conditions = {}
    for facet, column in COLUMNS.items():
        if values := getattr(params, facet):
            conditions[facet] = Q(**{f"{column}__in": values})
    if params.organisations:
        conditions["organisations"] = organisation_condition(params.organisations)
    return conditions


def _matches(params, conditions: dict[str, Q], ranked: bool, facets=FACETS, full=False):
    """SQL and parameters of the rows every count reads: text and themes applied, one boolean
    column ``c_<facet>`` per selected single-choice facet that is counted. The filter of a
    facet that is not counted is applied at once: no count needs the rows it removes (the
    API without facets, relevance runs)."""
    uncounted = [f for f in DISJUNCTIVE if f not in facets]
    base = project_filter(replace(params, **{f: () for f in DISJUNCTIVE if f in facets}))
    for facet in uncounted:
        conditions.pop(facet, None)
    if len(conditions) > 1:
        # a row failing two filters counts nowhere: passing one of them is necessary (and lets
        # PostgreSQL combine the facets' indexes)
        either = Q()
        for condition in conditions.values():
            either |= condition
        base = base.filter(either)
    flags = {
        f"c_{facet}": ExpressionWrapper(condition, output_field=BooleanField())
        for facet, condition in conditions.items()
    }
    columns = ["id", "first_published_at", *COLUMNS.values()]
    columns += ["facet_theme_ids", "facet_organisation_ids", *flags]
    plan = search_plan(params.q) if ranked else None
    if plan is not None and full:
        base = base.annotate(rank=rank_expression(plan, params))
        columns.append("rank")
    elif plan is not None:
        # the cheap score only: the full rank is computed for the candidates (``ranking``)
        base = base.annotate(cheap=cheap_expression(plan, params))
        columns.append("cheap")
    return base.annotate(**flags).order_by().values(*columns).query.sql_with_params()


def _passing(conditions, *, but: str = "") -> str:
    """SQL: the row passes every selected filter except ``but``'s."""
    return " AND ".join(f"c_{f}" for f in conditions if f != but) or "TRUE"


def catalogue_counts(
    params, facets=FACETS, *, page_size: int | None = None, page: int = 1, full: bool = False
) -> CatalogueCounts:
    """Counts of ``facets`` and the total for ``params``, and the ids of page ``page`` when
    ``page_size`` is given: one statement (see the module's docstring). The relevance order is
    ``projects.catalogue.ranking``'s (``full``: every match ranked, the previous order)."""
    conditions = _conditions(params)
    full = full or not candidates()
    plan = search_plan(params.q)
    ranked = params.sort == "relevance" and plan is not None
    inner, inner_params = _matches(
        params, conditions, ranked and page_size is not None, facets, full
    )
    every = _passing(conditions)
    parts = [f"SELECT 'total', '', count(*) FROM m WHERE {every}"]  # noqa: S608
    single = [f for f in facets if f in COLUMNS]
    if single:
        # one pass over the rows for every single-valued facet, each counted over the rows
        # passing the other facets' filters
        name = " ".join(f"WHEN GROUPING({COLUMNS[f]}) = 0 THEN '{f}'" for f in single)
        count = " ".join(
            f"WHEN GROUPING({COLUMNS[f]}) = 0 THEN count(*) FILTER "
            f"(WHERE {_passing(conditions, but=f)})"
            for f in single
        )
        key = "COALESCE(" + ", ".join(f"{COLUMNS[f]}::text" for f in single) + ")"
        grouping = ", ".join(f"({COLUMNS[f]})" for f in single)
        parts.append(
            f"SELECT CASE {name} END, {key}, CASE {count} END FROM m "  # noqa: S608
            f"GROUP BY GROUPING SETS ({grouping})"
        )
    arrays = {"organisations": "facet_organisation_ids", "themes": "facet_theme_ids"}
    for facet, column in arrays.items():
        if facet in facets:
            # unnest in the select list (one ProjectSet node) costs half a lateral function scan
            parts.append(
                f"SELECT '{facet}', k::text, count(*) FROM "  # noqa: S608
                f"(SELECT unnest({column}) AS k FROM m WHERE "
                f"{_passing(conditions, but=facet)}) AS u GROUP BY k"
            )
    sql_params = list(inner_params)
    if page_size is not None and ranked and not full:
        page_sql, page_params = bounded_page_sql(plan, params, every)
        parts.append(page_sql)
        offset = (page - 1) * page_size
        sql_params += [*page_params, max(candidates(), offset + page_size), page_size, offset]
    elif page_size is not None:
        order = catalogue_order_sql(ranked=ranked)
        parts.append(
            f"SELECT 'page', id::text, row_number() OVER (ORDER BY {order}) FROM "  # noqa: S608
            f"(SELECT * FROM m WHERE {every} ORDER BY {order} LIMIT %s OFFSET %s) AS p"
        )
        sql_params += [page_size, (page - 1) * page_size]
    sql = f"WITH m AS MATERIALIZED ({inner}) " + " UNION ALL ".join(parts)  # noqa: S608
    counts: dict[str, dict[str, int]] = {f: {} for f in facets}
    total, ranked_ids = 0, []
    with read_connection().cursor() as cursor:
        cursor.execute(sql, sql_params)
        for facet, key, n in cursor.fetchall():
            if facet == "total":
                total = n
            elif facet == "page":
                ranked_ids.append((n, int(key)))
            elif key is not None and n:
                counts[facet][key] = n
    page_ids = None
    if page_size is not None and (ranked_ids or page == 1):
        page_ids = [pk for _n, pk in sorted(ranked_ids)]
    return CatalogueCounts(counts, total, page_ids)


def facet_labels() -> dict:
    """Names of themes, regions, departments and public partners by facet key, read once per
    catalogue version (any change to them advances it): ``{"themes": {pk: (code, label,
    parent pk, order)}, "regions": {code: name}, "departments": {code: "name (code)"},
    "organisations": {pk: (slug, name)}}``."""
    key = f"{LABELS_CACHE_KEY}:{catalogue_version()}"
    labels = cache.get(key)
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
        cache.set(key, labels, 300)  # bounds the race described in projects.catalogue.cache
    return labels


def facet_entries(params, counts: dict[str, dict[str, int]]) -> dict[str, list[dict]]:
    """Each facet's entries: ``{"code" or "slug", "label", "count", "selected"}`` (themes add
    ``level`` and ``parent``). Entries with no project are left out unless selected."""
    selected = {f: set(map(str, getattr(params, f))) for f in FACETS}
    return _entries(counts, facet_labels(), selected)


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
