"""Create N realistic synthetic projects (demo catalogue, volume benchmarks)."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from demo.catalogue import projects_generate


class Command(BaseCommand):
    help = "Crée N projets synthétiques réalistes (textes français, vraies communes, thèmes)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, count, seed, **options):
        started = time.monotonic()
        try:
            created = projects_generate(count, seed=seed)
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        # Search-vector triggers rewrite each row once its themes, then its sources, are
        # linked: compact the table (a bulk load is a maintenance window) and refresh the
        # planner's statistics, or every catalogue query reads three times the pages it needs.
        with connection.cursor() as cursor:
            for table in ("projects_project", "projects_project_themes", "projects_projectsource"):
                cursor.execute(f"VACUUM (FULL, ANALYZE) {table}")
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"{created} projets créés en {elapsed:.1f} s ({created / max(elapsed, 1e-6):.0f}/s)."
        )
