"""Projects similar to a project: shared themes, same territory, close words.

Candidates are the public projects whose text matches any significant word of the title (or, for
lack of such words, that share a theme in the same department); each is scored in SQL by themes
in common, territory (same department, else same region) and full-text rank. Bounded work:
at most ``CANDIDATES`` rows are scored whatever the catalogue size.

The ranking is stored (``ProjectNeighbours``) and read back at the next views: a project page
reads one row instead of scoring 1,500 candidates. The database forgets a project's row when the
project changes; ``refresh_neighbours`` (command ``projects_neighbours``) fills the table ahead.
"""

from __future__ import annotations

import re
from datetime import timedelta

from django.conf import settings
from django.db import connections, router
from django.utils import timezone

from projects.models import Project, ProjectNeighbours

CANDIDATES = 1500
STORED = 8  # neighbours kept per project: a few may be unpublished before the row is refreshed
STOP = {"pour", "dans", "avec", "des", "les", "une", "sur", "par", "aux", "quartier", "projet"}
_WORD = re.compile(r"\w{4,}", re.UNICODE)


def rank_similar(project: Project, *, limit: int = STORED) -> list[int]:
    """The ids of the projects most similar to ``project``, best first (computed now)."""
    words = [w for w in _WORD.findall(project.title.lower()) if w not in STOP][:8]
    if not words:
        return []
    through = Project.themes.through._meta.db_table
    table = Project._meta.db_table
    sql = f"""
        WITH q AS (SELECT to_tsquery('french_unaccent', %(words)s) AS q),
        mine AS (SELECT theme_id FROM {through} WHERE project_id = %(id)s),
        c AS (
          SELECT p.id, p.department_id, p.region_id, p.search_vector FROM {table} p, q
          WHERE p.live AND p.id <> %(id)s AND p.search_vector @@ q.q
          LIMIT {CANDIDATES}
        )
        SELECT c.id FROM c, q ORDER BY
          (SELECT count(*) FROM {through} pt WHERE pt.project_id = c.id
             AND pt.theme_id IN (SELECT theme_id FROM mine))
          + CASE WHEN c.department_id = %(dep)s THEN 2 WHEN c.region_id = %(reg)s THEN 1 ELSE 0 END
          + 4 * ts_rank(c.search_vector, q.q) DESC, c.id DESC
        LIMIT %(limit)s
    """  # noqa: S608
    args = {
        "words": " | ".join(words),
        "id": project.pk,
        "dep": project.department_id,
        "reg": project.region_id,
        "limit": limit,
    }
    with connections[router.db_for_read(Project)].cursor() as cursor:
        cursor.execute(sql, args)
        return [row[0] for row in cursor.fetchall()]


def store_neighbours(project: Project) -> list[int]:
    """Rank ``project``'s neighbours now and store them; their ids."""
    ids = rank_similar(project)
    ProjectNeighbours.objects.update_or_create(
        project=project, defaults={"neighbour_ids": ids, "computed_at": timezone.now()}
    )
    return ids


def _fresh_since():
    return timezone.now() - timedelta(days=settings.NEIGHBOURS_MAX_AGE_DAYS)


def similar_projects(project: Project, *, limit: int = 4) -> list[Project]:
    """Up to ``limit`` public projects similar to ``project``: the stored ranking when it is
    fresh and still has enough public projects, else ranked now and stored."""
    row = ProjectNeighbours.objects.filter(project=project, computed_at__gte=_fresh_since()).first()
    ids = row.neighbour_ids if row is not None else None
    found = Project.objects.public().in_bulk(ids) if ids else {}
    if ids is None or len(found) < min(limit, len(ids)):
        ids = store_neighbours(project)
        found = Project.objects.public().in_bulk(ids)
    return [found[i] for i in ids if i in found][:limit]


def refresh_neighbours(*, batch: int = 500, limit: int | None = None) -> int:
    """Store the neighbours of public projects that have none or only stale ones (oldest first);
    how many were computed. ``limit`` bounds one call (a scheduled task's share of the work)."""
    todo = (
        Project.objects.public()
        .exclude(stored_neighbours__computed_at__gte=_fresh_since())
        .order_by("stored_neighbours__computed_at", "pk")
    )
    done = 0
    while limit is None or done < limit:
        size = batch if limit is None else min(batch, limit - done)
        chunk = list(todo.only("pk", "title", "department_id", "region_id")[:size])
        if not chunk:
            break
        for project in chunk:
            store_neighbours(project)
        done += len(chunk)
    return done
