"""Search parameters of the catalogue, read from and written back to a query string.

One parsing for the catalogue page, the map, the API, feeds and exports, so a search is the same
shareable URL everywhere. Within a facet the values are alternatives (OR) except themes, which
narrow down (AND: "Alimentation" and "Insertion"); across facets the filters combine (AND).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

MAX_QUERY = 200
MAX_VALUES = 20
SORTS = ("relevance", "recent")
_CODE = re.compile(r"^[\w-]{1,60}$")

# query-string key → attribute
FACET_KEYS = {
    "theme": "themes",
    "region": "regions",
    "department": "departments",
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
    organisations: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    precisions: tuple[str, ...] = ()
    sort: str = "relevance"
    page: int = 1
    extra: dict = field(default_factory=dict, compare=False)

    @classmethod
    def from_querydict(cls, querydict) -> SearchParams:
        q = " ".join(str(querydict.get("q", "") or "").split())[:MAX_QUERY]
        years = tuple(int(v) for v in _values(querydict, "year") if v.isdigit() and len(v) == 4)
        sort = querydict.get("sort") or ""
        try:
            page = max(1, min(int(querydict.get("page") or 1), 10_000))
        except (TypeError, ValueError):
            page = 1
        return cls(
            q=q,
            themes=_values(querydict, "theme"),
            regions=_values(querydict, "region"),
            departments=_values(querydict, "department"),
            organisations=_values(querydict, "organisation"),
            years=years,
            precisions=_values(querydict, "precision"),
            sort=sort if sort in SORTS else ("relevance" if q else "recent"),
            page=page,
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

    def with_sort(self, sort: str) -> SearchParams:
        return replace(self, sort=sort, page=1)

    def cache_key(self) -> str:
        return self.querystring(page=False, sort=False)
