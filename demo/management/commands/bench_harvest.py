"""Benchmark the harvester on a generated partner site served on loopback.

Prints pages per second, CPU milliseconds per extracted page, peak memory, and the cost of a
second, unchanged harvest relative to the first; then the cost of discovering the same
listing as plain HTML and as a JavaScript-built page rendered in headless Chromium (listing
pages per second, milliseconds per listing page, browser memory), when rendering can run here.
Everything it writes is rolled back.
"""

import resource
import time

from django.core.management.base import BaseCommand
from django.db import transaction

from demo.bench_site import BenchSite
from harvesting.client import SafeClient
from harvesting.discovery import Discoverer
from harvesting.models import HarvestSource
from harvesting.services import source_harvest
from members.models import Organisation


class _Rollback(Exception):
    pass


def _measure(source_id, client):
    wall, cpu = time.perf_counter(), time.process_time()
    run = source_harvest(source_id, client=client)
    return run, time.perf_counter() - wall, time.process_time() - cpu


class Command(BaseCommand):
    help = "Mesure la moisson : pages/s, CPU par page, mémoire, coût d'une seconde passe."

    def add_arguments(self, parser):
        parser.add_argument("--pages", type=int, default=200)

    def handle(self, *args, pages, **options):
        site = BenchSite(pages).start()
        client = SafeClient(allowed_networks=["127.0.0.0/8"], min_delay=0)
        try:
            with transaction.atomic():
                organisation = Organisation.objects.create(name="Banc d'essai (temporaire)")
                source = HarvestSource.objects.create(
                    organisation=organisation,
                    name="banc",
                    url=site.base_url + "/",
                    kind="sitemap",
                    min_delay=0,
                    max_pages=pages + 10,
                    schedule="manual",
                )
                first, wall1, cpu1 = _measure(source.pk, client)
                requests_first, site.requests = site.requests, 0
                second, wall2, cpu2 = _measure(source.pk, client)
                self._report(
                    pages, first, wall1, cpu1, second, wall2, cpu2, requests_first, site.requests
                )
                raise _Rollback
        except _Rollback:
            pass
        try:
            self._listing_cost(site, client)
        finally:
            site.stop()

    def _listing_cost(self, site, client):
        """Static vs rendered discovery of the same listing (``/liste/N`` and ``/js/N``)."""
        from harvesting.renderer import ChromiumRenderer, browser_memory_mb, renderer_unavailable

        w = self.stdout.write
        pages = site.listing_pages()
        wall = time.perf_counter()
        found = list(Discoverer(client).run(site.base_url + "/liste/1", "listing"))
        static = time.perf_counter() - wall
        w(
            f"Liste statique : {pages} pages de liste, {len(found)} liens, "
            f"{pages / static:.1f} pages de liste/s · {1000 * static / pages:.0f} ms par page"
        )
        problem = renderer_unavailable()
        if problem:
            w(f"Liste construite en JavaScript : non mesurée ({problem})")
            return
        wall = time.perf_counter()
        with ChromiumRenderer(client) as renderer:
            discoverer = Discoverer(client, renderer=renderer)
            rendered = list(discoverer.run(site.base_url + "/js/1", "listing"))
            memory = browser_memory_mb()
            stats = renderer.stats
        elapsed = time.perf_counter() - wall
        per_page = 1000 * stats.seconds / max(stats.pages, 1)
        w(
            f"Liste construite en JavaScript (Chromium) : {stats.pages} pages de liste, "
            f"{len(rendered)} liens, {stats.requests} requêtes du navigateur, "
            f"{stats.pages / elapsed:.1f} pages de liste/s · {per_page:.0f} ms par page · "
            f"{elapsed:.1f} s avec le démarrage · mémoire de Chromium {memory:.0f} Mo"
        )
        w(f"  coût relatif du rendu : × {elapsed / max(static, 1e-6):.0f} le temps statique")

    def _report(self, pages, first, wall1, cpu1, second, wall2, cpu2, req1, req2):
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        extracted = max(first.created + first.updated + first.skipped, 1)
        w = self.stdout.write
        w(f"Site généré : {pages} pages de projets (moitié JSON-LD), servies sur 127.0.0.1")
        w(
            f"1re moisson : {first.get_state_display()}, {first.created} projets créés, "
            f"{first.failed} erreurs, {req1} requêtes"
        )
        w(
            f"  {first.fetched / wall1:.1f} pages/s · {1000 * cpu1 / extracted:.1f} ms CPU par "
            f"page extraite et importée · {wall1:.1f} s"
        )
        w(
            f"2e moisson (rien n'a changé) : {second.not_modified} réponses 304, "
            f"{second.updated} mises à jour, {req2} requêtes, {wall2:.1f} s, CPU {cpu2:.2f} s"
        )
        w(
            f"  coût relatif de la 2e passe : {100 * wall2 / wall1:.0f} % du temps, "
            f"{100 * cpu2 / max(cpu1, 1e-6):.0f} % du CPU"
        )
        w(f"Mémoire maximale du processus : {peak_mb:.0f} Mo")
