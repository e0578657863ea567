"""Map clusters computed in PostgreSQL: a grid over the viewport whose cells shrink with zoom.

The filtered projects (same parameters as the catalogue) inside the bounding box are grouped by
grid cell; each cell gives its count and the mean position of its projects. A cell holding one
project carries its title and URL for the popup. Thousands of projects cost one ``GROUP BY``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.urls import reverse

from projects.catalogue.cache import cached_answer
from projects.catalogue.db import read_connection
from projects.catalogue.query import project_filter
from projects.models import Project

CELLS_PER_TILE = 4  # a cell is about 64 px wide on screen
MAX_CLUSTERS = 3000


@dataclass(frozen=True)
class BBox:
    west: float
    south: float
    east: float
    north: float

    @classmethod
    def parse(cls, text: str | None) -> BBox | None:
        """``"west,south,east,north"`` in degrees, or ``None`` when missing or invalid."""
        try:
            west, south, east, north = (float(v) for v in (text or "").split(","))
        except ValueError:
            return None
        if not (-90 <= south <= north <= 90) or west > east:
            return None
        return cls(max(west, -180.0), south, min(east, 180.0), north)


def cell_size(zoom: int) -> float:
    """Width in degrees of a grid cell at ``zoom`` (Leaflet/OSM zoom levels 0-19)."""
    zoom = max(0, min(int(zoom), 19))
    return 360.0 / (2**zoom * CELLS_PER_TILE)


def snapped(bbox: BBox, size: float) -> BBox:
    """``bbox`` widened to whole grid cells: edge cells are counted whole, and nearby
    viewports of the same zoom share one cached answer."""
    return BBox(
        max(-180.0, math.floor(bbox.west / size) * size),
        max(-90.0, math.floor(bbox.south / size) * size),
        min(180.0, math.ceil(bbox.east / size) * size),
        min(90.0, math.ceil(bbox.north / size) * size),
    )


def project_clusters(params, bbox: BBox, zoom: int) -> dict:
    """``{"count", "clusters": [{"lat", "lon", "count", "project"?}]}`` for the viewport."""
    size = cell_size(zoom)
    bbox = snapped(bbox, size)
    return cached_answer(
        "clusters", (params.cache_key(), bbox, size), lambda: _clusters(params, bbox, size)
    )


def _clusters(params, bbox: BBox, size: float) -> dict:
    qs = (
        project_filter(params)
        .filter(
            latitude__gte=bbox.south,
            latitude__lte=bbox.north,
            longitude__gte=bbox.west,
            longitude__lte=bbox.east,
        )
        .order_by()  # the model's default order would walk a date index through every row
        .values("id", "latitude", "longitude")
    )
    inner, inner_params = qs.query.sql_with_params()
    sql = (
        f"WITH m AS ({inner}) "  # noqa: S608
        "SELECT count(*), avg(latitude), avg(longitude), min(id) "
        "FROM m GROUP BY floor(longitude / %s), floor(latitude / %s) "
        f"ORDER BY count(*) DESC LIMIT {MAX_CLUSTERS}"
    )
    with read_connection().cursor() as cursor:
        cursor.execute(sql, [*inner_params, size, size])
        rows = cursor.fetchall()
    singles = {r[3] for r in rows if r[0] == 1}
    titles = {
        p["id"]: p for p in Project.objects.filter(pk__in=singles).values("id", "title", "slug")
    }
    clusters = []
    for count, lat, lon, pk in rows:
        cluster = {"lat": round(lat, 5), "lon": round(lon, 5), "count": count}
        if count == 1 and pk in titles:
            cluster["project"] = {
                "title": titles[pk]["title"],
                "url": reverse("projects:detail", kwargs={"slug": titles[pk]["slug"]}),
            }
        clusters.append(cluster)
    return {"count": sum(c["count"] for c in clusters), "cell": size, "clusters": clusters}
