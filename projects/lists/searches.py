"""Saved catalogue searches: saved from the catalogue's query string, opened again even when
some of their facets have gone (those are ignored, and the member is told), and their alerts'
one-click unsubscribe tokens (signed: no login needed, nothing stored)."""

from __future__ import annotations

from dataclasses import replace

from django.core import signing
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Organisation
from projects.catalogue.params import SearchParams
from projects.catalogue.presenters import catalogue_url
from projects.models import Department, Project, Region, SavedSearch, Theme

UNSUBSCRIBE_SALT = "projects.lists.alert-unsubscribe"
MAX_SAVED_SEARCHES = 50


class SavedSearchError(ValueError):
    """A saved search the member must correct (the message says how)."""


def search_params(querystring: str) -> SearchParams:
    """The catalogue's own reading of a query string (projects/catalogue/params.py)."""
    return SearchParams.from_querydict(QueryDict(querystring or ""))


def search_default_name(params: SearchParams) -> str:
    """The words and the facets' labels ("épicerie · Alimentation durable · Bretagne"), as the
    member would name it; the date when the search has neither. Not quoted: the messages that
    show it put it between « » already."""
    parts = [params.q] if params.q else []
    parts += Theme.objects.filter(code__in=params.themes).values_list("label", flat=True)
    parts += Region.objects.filter(pk__in=params.regions).values_list("name", flat=True)
    parts += Department.objects.filter(pk__in=params.departments).values_list("name", flat=True)
    parts += (
        Organisation.objects.public()
        .filter(slug__in=params.organisations)
        .values_list("name", flat=True)
    )
    parts += [str(year) for year in params.years]
    if parts:
        return " · ".join(parts)[:120]
    return _("Recherche du %(date)s") % {"date": timezone.localdate().strftime("%d/%m/%Y")}


def saved_search_create(user, querystring: str, *, name: str = "", frequency=None) -> SavedSearch:
    """Save the catalogue search of ``querystring`` (normalised: the page number dropped)."""
    if SavedSearch.objects.filter(owner=user).count() >= MAX_SAVED_SEARCHES:
        raise SavedSearchError(
            _(
                "Vous avez déjà %(count)s recherches enregistrées : supprimez-en une dans votre "
                "espace avant d'en ajouter."
            )
            % {"count": MAX_SAVED_SEARCHES}
        )
    params = search_params(querystring)
    return SavedSearch.objects.create(
        owner=user,
        name=" ".join(name.split())[:120] or search_default_name(params),
        querystring=params.querystring(page=False),
        frequency=frequency or SavedSearch.Frequency.WEEKLY,
        alert_since=timezone.now(),
    )


def saved_search_update(saved: SavedSearch, *, name: str, frequency: str) -> SavedSearch:
    name = " ".join(name.split())[:120]
    if not name:
        raise SavedSearchError(_("Donnez un nom à la recherche."))
    if frequency not in SavedSearch.Frequency.values:
        raise SavedSearchError(_("Choisissez une fréquence d'alerte dans la liste."))
    if saved.frequency == SavedSearch.Frequency.NONE and frequency != saved.frequency:
        saved.alert_since = timezone.now()  # alerts back on: only what is published from now
    saved.name, saved.frequency = name, frequency
    saved.save(update_fields=["name", "frequency", "alert_since"])
    return saved


def search_known_facets(params: SearchParams) -> tuple[SearchParams, list[str]]:
    """``params`` without the facet values that no longer exist (a theme removed from the
    thesaurus, a partner gone), and those values, to tell the member."""
    known = {
        "themes": set(Theme.objects.filter(code__in=params.themes).values_list("code", flat=True)),
        "regions": set(Region.objects.filter(pk__in=params.regions).values_list("pk", flat=True)),
        "departments": set(
            Department.objects.filter(pk__in=params.departments).values_list("pk", flat=True)
        ),
        "organisations": set(
            Organisation.objects.public()
            .filter(slug__in=params.organisations)
            .values_list("slug", flat=True)
        ),
        "precisions": set(Project.Precision.values),
    }
    dropped: list[str] = []
    changes = {}
    for attr, values in known.items():
        current = getattr(params, attr)
        kept = tuple(v for v in current if v in values)
        dropped += [v for v in current if v not in values]
        if kept != current:
            changes[attr] = kept
    return (replace(params, **changes) if changes else params), dropped


def saved_search_url(saved: SavedSearch) -> tuple[str, list[str]]:
    """The catalogue URL of the saved search (unknown facets left out) and what was left out."""
    params, dropped = search_known_facets(search_params(saved.querystring))
    query = params.querystring(page=False)
    return catalogue_url() + (f"?{query}" if query else ""), dropped


def unsubscribe_token(saved: SavedSearch) -> str:
    return signing.dumps({"s": saved.pk, "u": saved.owner_id}, salt=UNSUBSCRIBE_SALT)


def saved_search_from_token(token: str) -> SavedSearch | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    return SavedSearch.objects.filter(pk=data.get("s"), owner_id=data.get("u")).first()


def saved_search_unsubscribe(saved: SavedSearch) -> SavedSearch:
    saved.frequency = SavedSearch.Frequency.NONE
    saved.save(update_fields=["frequency"])
    return saved
