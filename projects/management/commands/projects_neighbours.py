"""Store the "similar projects" of every public project that has none or only stale ones."""

import time

from django.core.management.base import BaseCommand

from projects.catalogue.similar import refresh_neighbours


class Command(BaseCommand):
    help = (
        "Calcule et enregistre les projets similaires des projets publiés qui n'en ont pas "
        "(ou plus de NEIGHBOURS_MAX_AGE_DAYS jours) : les pages projet les lisent sans calcul."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=None, help="au plus N projets")

    def handle(self, *args, limit, **options):
        started = time.perf_counter()
        done = refresh_neighbours(limit=limit)
        seconds = time.perf_counter() - started
        rate = done / seconds if seconds else 0
        self.stdout.write(
            f"Projets similaires enregistrés : {done} en {seconds:.1f} s ({rate:.0f}/s)"
        )
