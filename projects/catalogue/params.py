"""Search parameters of the catalogue, read from and written back to a query string.

One parsing for the catalogue page, the map, the API, feeds and exports, so a search is the same
shareable URL everywhere. The typed text is understood first (``projects.catalogue.
understanding``): the places it names become territory filters (``region``, ``department``,
``commune``) and leave the text, which keeps the words for the full-text search. Within a
facet the values are alternatives (OR) except themes, which narrow down (AND: "Alimentation"
and "Insertion"); across facets the filters combine (AND).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

MAX_QUERY = 200
MAX_VALUES = 20
SORTS = ("relevance", "recent")
MATCHES = ("all", "any", "any-all")
_PLACE_ATTRS = {"region": "regions", "department": "departments", "commune": "communes"}
_CODE = re.compile(r"^[\w-]{1,60}$")

# query-string key → attribute
FACET_KEYS = {
    "theme": "themes",
    "region": "regions",
    "department": "departments",
    "commune": "communes",
    "organisation": "organisations",
    "year": "years",
    "precision": "precisions",
}


def _values(querydict, key: str) -> tuple[str, ...]:
    raw = querydict.getlist(key) if hasattr(querydict, "getlist") else querydict.get(key, [])
    if isinstance(raw, str):
        raw = [raw]
    values = []
    for item in raw:
        for value in str(item).split(","):
            value = value.strip()
            if value and _CODE.match(value) and value not in values:
                values.append(value)
    return tuple(values[:MAX_VALUES])


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    themes: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    communes: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    precisions: tuple[str, ...] = ()
    sort: str = "relevance"
    page: int = 1
    #: "": every word, widened when that finds few projects (``projects.catalogue.search``);
    #: "all": every word, never widened (asked by the visitor); "any": one word is enough (of
    #: the words few projects hold, ``SearchPlan.any_words``); "any-all": one word of all typed
    match: str = ""
    #: what was understood of the typed text: ``{"places": [...], "themes": [...]}``
    extra: dict = field(default_factory=dict, compare=False)

    @classmethod
    def from_querydict(cls, querydict, *, understand: bool = True) -> SearchParams:
        from projects.catalogue.understanding import clean

        q = clean(str(querydict.get("q", "") or "")[: MAX_QUERY * 4])[:MAX_QUERY]
        years = tuple(int(v) for v in _values(querydict, "year") if v.isdigit() and len(v) == 4)
        sort = querydict.get("sort") or ""
        try:
            page = max(1, min(int(querydict.get("page") or 1), 10_000))
        except (TypeError, ValueError):
            page = 1
        places = {attr: _values(querydict, key) for key, attr in _PLACE_ATTRS.items()}
        extra = {}
        if q and understand:
            from projects.catalogue.understanding import understand as understood

            found = understood(q)
            q = found.text
            for place in found.places:
                attr = _PLACE_ATTRS[place.kind]
                if place.code not in places[attr]:
                    places[attr] = (*places[attr], place.code)[:MAX_VALUES]
            extra = {"places": found.places, "themes": found.themes, "seconds": found.seconds}
        match = querydict.get("match") or ""
        return cls(
            q=q,
            themes=_values(querydict, "theme"),
            **places,
            organisations=_values(querydict, "organisation"),
            years=years,
            precisions=_values(querydict, "precision"),
            sort=sort if sort in SORTS else ("relevance" if q else "recent"),
            page=page,
            match=match if match in MATCHES else "",
            extra=extra,
        )

    @property
    def has_filters(self) -> bool:
        return any(getattr(self, attr) for attr in FACET_KEYS.values())

    def items(self, *, page: bool = False, sort: bool = True) -> list[tuple[str, str]]:
        pairs: list[tuple[str, str]] = []
        if self.q:
            pairs.append(("q", self.q))
        for key, attr in FACET_KEYS.items():
            pairs += [(key, str(v)) for v in getattr(self, attr)]
        default_sort = "relevance" if self.q else "recent"
        if sort and self.sort != default_sort:
            pairs.append(("sort", self.sort))
        if self.match:
            pairs.append(("match", self.match))
        if page and self.page > 1:
            pairs.append(("page", str(self.page)))
        return pairs

    def querystring(self, **kwargs) -> str:
        return urlencode(self.items(**kwargs))

    def toggled(self, key: str, value) -> SearchParams:
        """The same search with ``value`` of facet ``key`` switched on or off (back to page 1)."""
        attr = FACET_KEYS[key]
        current = getattr(self, attr)
        value = int(value) if attr == "years" else str(value)
        values = tuple(v for v in current if v != value) if value in current else (*current, value)
        return replace(self, **{attr: values}, page=1)

    def without(self, key: str) -> SearchParams:
        return self.without_attr(FACET_KEYS[key])

    def without_attr(self, attr: str) -> SearchParams:
        return replace(self, **{attr: ()}, page=1)

    def with_page(self, page: int) -> SearchParams:
        return replace(self, page=page)

    def with_match(self, match: str) -> SearchParams:
        return replace(self, match=match, page=1)

    def with_sort(self, sort: str) -> SearchParams:
        return replace(self, sort=sort, page=1)

    def cache_key(self) -> str:
        return self.querystring(page=False, sort=False)
