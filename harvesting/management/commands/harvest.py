"""Harvest sources now (through the task queue, or in-process with --sync)."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django_q.tasks import async_task

from harvesting.models import HarvestRun, HarvestSource
from harvesting.services import source_harvest

COLUMNS = (
    "discovered",
    "fetched",
    "not_modified",
    "created",
    "updated",
    "unchanged",
    "failed",
    "skipped",
    "unlisted",
)


class Command(BaseCommand):
    help = "Moissonne une source, un partenaire ou toutes les sources actives."

    def add_arguments(self, parser):
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--source", type=int, help="Identifiant de la source.")
        target.add_argument("--organisation", help="Identifiant d'URL (slug) du partenaire.")
        target.add_argument("--all", action="store_true", help="Toutes les sources actives.")
        parser.add_argument(
            "--sync", action="store_true", help="Dans ce processus, sans travailleur de tâches."
        )

    def handle(self, *args, source=None, organisation=None, all=False, sync=False, **options):
        sources = HarvestSource.objects.select_related("organisation").filter(active=True)
        if source:
            sources = sources.filter(pk=source)
        elif organisation:
            sources = sources.filter(organisation__slug=organisation)
        sources = list(sources.order_by("pk"))
        if not sources:
            raise CommandError(
                "Aucune source active ne correspond. Listez-les avec "
                "« manage.py harvest_sources export »."
            )
        if not sync:
            for item in sources:
                async_task("harvesting.tasks.harvest_source_task", item.pk)
            self.stdout.write(f"{len(sources)} moisson(s) confiée(s) aux travailleurs (qcluster).")
            return
        runs = []
        for index, item in enumerate(sources, 1):
            self._progress(index, len(sources), item)
            started = time.monotonic()
            run = source_harvest(item.pk)
            runs.append((item, run, time.monotonic() - started))
        self.stderr.write("\n")
        self._table(runs)

    def _progress(self, index, total, source):
        width = 30
        done = int(width * (index - 1) / total)
        bar = "█" * done + "░" * (width - done)
        sys.stderr.write(f"\r[{bar}] {index - 1}/{total} {source.name[:40]:<40}")
        sys.stderr.flush()

    def _table(self, runs):
        header = ["source", "état", *COLUMNS, "durée"]
        rows = []
        for source, run, seconds in runs:
            if run is None:
                rows.append([source.name[:30], "déjà en cours", *[""] * len(COLUMNS), ""])
                continue
            rows.append(
                [
                    source.name[:30],
                    run.get_state_display(),
                    *[str(getattr(run, c)) for c in COLUMNS],
                    f"{seconds:.1f} s",
                ]
            )
        widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
        for row in [header, *rows]:
            self.stdout.write("  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)))
        failed = [run for _, run, _ in runs if run and run.state == HarvestRun.State.FAILED]
        for run in failed:
            self.stdout.write(self.style.WARNING(f"{run.source}: {run.message}"))
