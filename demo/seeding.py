"""Write synthetic projects in bulk, resumably: ``projects_seed_to(1_000_000)`` once.

Each batch is one transaction: its link rows (themes, partner sources) are written first under
project ids reserved from the table's sequence, then the projects themselves. The foreign keys
are checked at commit, so the database's BEFORE INSERT trigger computes every project's search
vector and facet arrays once, from links already there; the link triggers' touch of "their"
projects finds none yet. Each row is written once: no dead rows for a VACUUM FULL to compact,
and the same triggers keep the derived data as for any other write.

Resumable: an interrupted run loses only its open batches (rolled back). A new run takes the
smallest project numbers not present yet, and a project's content depends only on its number,
so seeding to N in one run or in several gives the same catalogue, never a duplicate.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from demo.catalogue import communes_sample, demo_organisations, project_draft
from projects.models import Project, ProjectSource, Theme

# the number in https://projet-<number>.exemple.org/, the website of every generated project
_NUMBERS_SQL = """
SELECT split_part(substr(website, 16), '.', 1) FROM projects_project
WHERE website LIKE 'https://projet-%.exemple.org/'
"""


@dataclass
class SeedProgress:
    """Where a seeding run stands, handed to the progress callback after each batch."""

    created: int
    missing: int
    elapsed: float

    @property
    def rate(self) -> float:
        return self.created / max(self.elapsed, 1e-6)


class SeedPrinter:
    """Progress callback of a seeding run: created/missing and the rate, every ``every`` s."""

    def __init__(self, stdout, every: float = 10.0):
        self.stdout, self.every = stdout, every
        self.last: SeedProgress | None = None
        self.printed = -every

    def __call__(self, p: SeedProgress) -> None:
        self.last = p
        if p.elapsed - self.printed >= self.every or p.created == p.missing:
            self.printed = p.elapsed
            self.stdout.write(f"  {p.created}/{p.missing} projets ({p.rate:.0f}/s)")

    def summary(self, created: int) -> str:
        if not created or self.last is None:
            return "Catalogue déjà complet : aucun projet créé."
        p = self.last
        return f"{created} projets créés en {p.elapsed:.1f} s ({p.rate:.0f} projets/s)."


def generated_numbers_free(count: int) -> list[int]:
    """The ``count`` smallest project numbers not generated yet (holes an interrupted parallel
    run left first, then the numbers after the highest)."""
    with connection.cursor() as cursor:
        cursor.execute(_NUMBERS_SQL)
        taken = {int(row[0]) for row in cursor.fetchall() if row[0].isdigit()}
    free, number = [], 0
    while len(free) < count:
        number += 1
        if number not in taken:
            free.append(number)
    return free


def projects_seed_to(
    total: int,
    *,
    seed: int = 1,
    batch_size: int = 5000,
    workers: int = 1,
    progress: Callable[[SeedProgress], None] | None = None,
) -> int:
    """Add generated projects until the catalogue has ``total`` published ones; return how many
    were added (0 when it already has them)."""
    missing = total - Project.objects.public().count()
    return projects_generate(
        missing, seed=seed, batch_size=batch_size, workers=workers, progress=progress
    )


def projects_generate(
    count: int,
    *,
    seed: int = 1,
    batch_size: int = 5000,
    workers: int = 1,
    progress: Callable[[SeedProgress], None] | None = None,
) -> int:
    """Create ``count`` more published synthetic projects, one committed batch at a time;
    ``workers`` > 1 writes batches on as many connections at once (each in its own thread:
    the database does the work, the threads mostly wait for it)."""
    if count <= 0:
        return 0
    themes = {t.code: t for t in Theme.objects.all()}
    if not themes:
        raise RuntimeError("Le thésaurus manque : lancez « python manage.py seed_platform ».")
    context = {
        "seed": seed,
        "communes": communes_sample(seed),
        "themes": themes,
        "organisations": demo_organisations(),
        "now": timezone.now(),
    }
    numbers = generated_numbers_free(count)
    batches = [numbers[i : i + batch_size] for i in range(0, count, batch_size)]
    started, done, lock = time.monotonic(), [0], threading.Lock()

    def write(batch: list[int]) -> None:
        _batch_write([project_draft(n, **context) for n in batch], context["now"])
        with lock:
            done[0] += len(batch)
            if progress:
                progress(SeedProgress(done[0], count, time.monotonic() - started))

    if workers <= 1:
        for batch in batches:
            write(batch)
    else:
        _in_threads(batches, workers, write)
    return done[0]


def _in_threads(batches: list, workers: int, write: Callable) -> None:
    stop = threading.Event()

    def run(k: int) -> None:
        try:
            for batch in batches[k::workers]:
                if stop.is_set():
                    return
                write(batch)
        finally:
            connection.close()  # this thread's own connection

    with ThreadPoolExecutor(workers) as pool:
        futures = [pool.submit(run, k) for k in range(workers)]
        try:
            for future in futures:
                future.result()
        except BaseException:
            stop.set()  # the others finish the batch they are writing, then stop
            raise


@transaction.atomic
def _batch_write(drafts, now) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence('projects_project', 'id'))"
            " FROM generate_series(1, %s)",
            [len(drafts)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        links, sources, projects = [], [], []
        for pk, (values, theme_ids, listed_by) in zip(ids, drafts, strict=True):
            projects.append({**values, "id": pk})
            links += [{"project_id": pk, "theme_id": t} for t in sorted(theme_ids)]
            harvested = json.dumps({"title": values["title"], "summary": values["summary"]})
            sources += [
                {
                    "project_id": pk,
                    "organisation_id": org.pk,
                    "url": f"{org.website.rstrip('/')}/projets/{values['slug']}",
                    "harvested_values": harvested,
                }
                for org in listed_by
            ]
        # links first: the projects' insert trigger then reads them (search vector, facets)
        _copy(cursor, Project.themes.through, links, now)
        _copy(cursor, ProjectSource, sources, now)
        _copy(cursor, Project, projects, now)


def _copy(cursor, model, rows: list[dict], now) -> None:
    """``COPY`` rows into the model's table: the values given, the model's defaults for the
    other columns (``auto_now`` ones at ``now``), so a column added later needs no change."""
    fields = [f for f in model._meta.concrete_fields if f.attname in rows[0] or not f.primary_key]
    defaults = {f.attname: _default(f, now) for f in fields}
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with cursor.cursor.copy(f"COPY {model._meta.db_table} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([row.get(a, d) for a, d in defaults.items()])


def _default(field, now):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    if not field.has_default():
        return None if field.null else field.get_default()
    value = field.get_default()
    if isinstance(value, dict):
        return json.dumps(value)
    if isinstance(value, list | tuple):
        return "{" + ",".join(str(v) for v in value) + "}"
    return value


def catalogue_tables_analyse() -> None:
    """Refresh the planner's statistics and the visibility map after a bulk load (a plain
    VACUUM: rows written once leave nothing for VACUUM FULL to compact)."""
    with connection.cursor() as cursor:
        for table in ("projects_project", "projects_project_themes", "projects_projectsource"):
            cursor.execute(f"VACUUM (ANALYZE) {table}")


def demo_catalogue_seed(sender, *, count: int, **kwargs) -> int:
    """``community.signals.demo_catalogue_requested``: the demo catalogue of ``seed_platform``."""
    return projects_generate(count)
