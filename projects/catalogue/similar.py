"""Projects similar to a project: shared themes, same territory, close words.

Candidates are the public projects whose text matches any significant word of the title (or, for
lack of such words, that share a theme in the same department); each is scored in SQL by themes
in common, territory (same department, else same region) and full-text rank. Bounded work:
at most ``CANDIDATES`` rows are scored whatever the catalogue size.
"""

from __future__ import annotations

import re

from django.db import connection

from projects.models import Project

CANDIDATES = 1500
STOP = {"pour", "dans", "avec", "des", "les", "une", "sur", "par", "aux", "quartier", "projet"}
_WORD = re.compile(r"\w{4,}", re.UNICODE)


def similar_projects(project: Project, *, limit: int = 4) -> list[Project]:
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
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        ids = [row[0] for row in cursor.fetchall()]
    found = Project.objects.in_bulk(ids)
    return [found[i] for i in ids if i in found]
