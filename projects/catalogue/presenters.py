"""Template context of a catalogue search: facet links, active filters, sort and page URLs.

Every link is a plain URL of the same page, so the catalogue works without JavaScript; the
script only fetches those URLs without reloading the page.
"""

from __future__ import annotations

from dataclasses import replace

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from projects.catalogue.facets import FACET_LABELS
from projects.catalogue.params import FACET_KEYS
from projects.catalogue.search import project_catalogue
from projects.models import CataloguePage, Commune

SORT_LABELS = {"relevance": _("pertinence"), "recent": _("les plus récents")}
# facets open by default (the others fold into <details>)
OPEN_FACETS = ("themes", "regions")


def catalogue_url() -> str:
    """Path of the live catalogue page (``/`` if an editor has not placed one)."""
    page = CataloguePage.objects.live().first()
    return page.url if page else "/"


def _url(base_url: str, params, **kwargs) -> str:
    query = params.querystring(**kwargs)
    return f"{base_url}?{query}" if query else base_url


def catalogue_context(params, *, page_size: int = 20, base_url: str = "") -> dict:
    result = project_catalogue(params, page_size=page_size)
    for project in result.page.object_list:
        marks = result.headlines.get(project.pk, {})
        project.hl_title = marks.get("title")
        project.hl_summary = marks.get("summary")
    key_of = {attr: key for key, attr in FACET_KEYS.items()}
    facet_groups, active = [], []
    for attr, entries in result.facets.items():
        key = key_of[attr]
        for entry in entries:
            value = entry.get("code") or entry.get("slug")
            entry["url"] = _url(base_url, params.toggled(key, value))
            entry["value"] = value
            if entry["selected"]:
                active.append({"label": entry["label"], "url": entry["url"], "facet": attr})
        facet_groups.append(
            {
                "key": key,
                "attr": attr,
                "label": FACET_LABELS[attr],
                "entries": entries,
                "open": attr in OPEN_FACETS or any(e["selected"] for e in entries),
            }
        )
    active += _commune_chips(params, base_url)
    understood = _understood(result.params, base_url)
    params = result.params  # the any-word fallback carries ``match=any`` in its links
    page = result.page
    search_qs = params.querystring(sort=False)
    return {
        "params": params,
        "query": params.q,
        "results": page,
        "result_count": result.count,
        "facet_groups": facet_groups,
        "active_filters": active,
        "clear_url": _url(base_url, type(params)(q=params.q)),
        "sorts": [
            {
                "value": value,
                "label": label,
                "url": _url(base_url, params.with_sort(value)),
                "current": params.sort == value,
            }
            for value, label in SORT_LABELS.items()
            if value != "relevance" or params.q
        ],
        "previous_url": page.has_previous()
        and _url(base_url, params.with_page(page.previous_page_number()), page=True),
        "next_url": page.has_next()
        and _url(base_url, params.with_page(page.next_page_number()), page=True),
        "understood_places": understood["places"],
        "theme_suggestions": understood["themes"],
        "notice": result.notice,
        "typed_query": result.typed,
        "notice_themes": result.theme_labels,
        "all_words_url": result.notice and _url(base_url, params.with_match("all")),
        "suggestion": result.suggestion,
        "suggestion_url": result.suggestion
        and _url(base_url, replace(params, q=result.suggestion, match="", page=1)),
        "map_url": _url(reverse("projects:map"), params, sort=False),
        "feed_url": f"{reverse('projects:feed')}?{search_qs}".rstrip("?"),
        "csv_url": f"{reverse('projects:export', args=['csv'])}?{params.querystring()}".rstrip("?"),
        "json_url": f"{reverse('projects:export', args=['json'])}?{params.querystring()}".rstrip(
            "?"
        ),
        "api_url": f"/api/projects?{search_qs}".rstrip("?"),
        "typeahead_url": reverse("projects:typeahead"),
        # cards link to a project with the search, for its "previous / next" (reading.py)
        "search_qs": params.with_page(page.number).querystring(page=True) or "page=1",
    }


def _commune_chips(params, base_url: str) -> list[dict]:
    """Active commune filters (no facet lists communes: they come from the typed text)."""
    if not params.communes:
        return []
    names = dict(
        Commune.objects.filter(insee_code__in=params.communes).values_list("insee_code", "name")
    )
    return [
        {
            "label": names.get(code, code),
            "url": _url(base_url, params.toggled("commune", code)),
            "facet": "communes",
        }
        for code in params.communes
    ]


def _understood(params, base_url: str) -> dict:
    """Places understood in the typed text (each a chip removing its filter) and themes it
    names, offered as filters ("Alimentation durable — filtrer ?")."""
    extra = params.extra or {}
    places = [
        {
            "label": place.label,
            "kind": place.kind,
            "url": _url(base_url, params.toggled(place.kind, place.code)),
        }
        for place in extra.get("places", ())
        if place.code in getattr(params, f"{place.kind}s", ())
    ]
    themes = [
        {
            "label": hit.label,
            "code": hit.code,
            "url": _url(base_url, params.toggled("theme", hit.code)),
        }
        for hit in extra.get("themes", ())
        if hit.code not in params.themes
    ][:2]
    return {"places": places, "themes": themes}
