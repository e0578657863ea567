"""Benchmark of the catalogue at volume, side by side with Wagtail's built-in search backend.

Seeds the catalogue to ``--count`` published projects if it has fewer (``demo.seeding``: bulk,
resumable: ``--count 1000000`` interrupted carries on at the next run), makes sure Wagtail's
search index holds them, ``--wagtail-max`` at most (Wagtail indexes about 300 projects/s here;
beyond, it is compared on a bounded sample and says so), then times a fixed mix of searches
and prints p50/p95 per kind, once with every answer computed and once with the catalogue
cache (``projects.catalogue.cache``) as it runs in service: selectors (search + every facet count;
search alone — count and the 20 best, the work Wagtail's backend does here),
the JSON API, type-ahead, map clusters and the catalogue page through Django's test client;
and the same texts through
``Project.objects.public().search()`` / ``.autocomplete()`` (Wagtail database backend).
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand
from django.db import connection
from django.http import QueryDict
from django.test import Client
from django.test.utils import override_settings
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from demo.seeding import SeedPrinter, catalogue_tables_analyse, projects_seed_to
from projects.catalogue.clusters import BBox, project_clusters
from projects.catalogue.facets import catalogue_counts
from projects.catalogue.params import SearchParams
from projects.catalogue.presenters import catalogue_url
from projects.catalogue.query import project_ordered
from projects.catalogue.ranking import candidates
from projects.catalogue.search import project_catalogue
from projects.catalogue.suggest import typeahead
from projects.models import Project

TEXTS = [
    "epicerie solidaire",
    "jardin partagé",
    "insertion",
    "vélo",
    "education numerique",
    "ressourcerie",
    "cafe des aidants",
    "énergie citoyenne",
    "habitat inclusif",
    "tutorat scolaire",
    "rennes",
    "maraichage biologique",
]
FILTERS = ["", "region=53", "theme=ALI", "region=84&theme=ACE", "department=75"]
# broad words (a fifth of the catalogue and more): bounded vs full ranking, overlap of page 1
BROAD = ["insertion", "numérique", "jeunes", "solidaire", "habitants", "accompagnement"]
PREFIXES = ["ep", "jard", "resso", "cafe d", "educ", "tiers-l", "coop", "vel"]
VIEWS = [("5", "-5.5,41,10,51.5"), ("8", "1.5,48,3.5,49.2"), ("11", "2.25,48.8,2.45,48.9")]


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


class Command(BaseCommand):
    help = "Mesure la recherche du catalogue à 100 000 projets (p50/p95) face à Wagtail."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=100_000)
        parser.add_argument("--rounds", type=int, default=3)
        parser.add_argument(
            "--wagtail-max",
            type=int,
            default=200_000,
            help="Projets au plus dans l'index Wagtail (au-delà : comparaison sur un échantillon).",
        )

    def handle(self, *args, count, rounds, wagtail_max, **options):
        self._seed(count)
        self._wagtail_index(wagtail_max)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE projects_project; ANALYZE projects_project_themes;")
        self.stdout.write(f"Catalogue : {Project.objects.public().count()} projets publiés.\n")
        client = Client()
        page = catalogue_url()
        mixes = [(t, f) for t in TEXTS for f in FILTERS]

        def selectors(item):
            text, filters = item
            params = SearchParams.from_querydict(_qd(f"q={text}&{filters}"))
            project_catalogue(params)

        def statement(item):
            # the one SQL statement behind the selectors: every facet, the total, the page ids
            text, filters = item
            params = SearchParams.from_querydict(_qd(f"q={text}&{filters}"))
            catalogue_counts(params, page_size=20, page=1)

        def search_only(item):
            # what Wagtail's backend does below: count the matches, load the 20 best
            text, _filters = item
            project_catalogue(SearchParams(q=text), with_facets=False)

        def api(item):
            text, filters = item
            response = client.get(f"/api/projects?q={text}&{filters}", HTTP_HOST="127.0.0.1")
            assert response.status_code == 200, response.content[:300]

        def catalogue(item):
            text, filters = item
            response = client.get(f"{page}?q={text}&{filters}", HTTP_HOST="127.0.0.1")
            assert response.status_code == 200

        def clusters(item):
            (zoom, bbox), text = item
            params = SearchParams.from_querydict(_qd(f"q={text}"))
            project_clusters(params, BBox.parse(bbox), int(zoom))

        def clusters_http(item):
            (zoom, bbox), text = item
            url = f"/projets/carte/clusters.json?q={text}&zoom={zoom}&bbox={bbox}"
            assert client.get(url, HTTP_HOST="127.0.0.1").status_code == 200

        def typeahead_http(prefix):
            url = f"/projets/suggestions.json?q={prefix}"
            assert client.get(url, HTTP_HOST="127.0.0.1").status_code == 200

        def previous(fn):
            # the previous query path: every match ranked (``projects.catalogue.ranking``)
            def run(item):
                with override_settings(CATALOGUE_RANK_CANDIDATES=0):
                    fn(item)

            return run

        def wagtail_search(item):
            text, _filters = item
            results = get_search_backend().search(text, Project.objects.public())
            results.count()
            list(results[:20])

        def wagtail_autocomplete(prefix):
            list(get_search_backend().autocomplete(prefix, Project.objects.public())[:6])

        map_items = [(v, t) for v in VIEWS for t in ["", "jardin", "insertion"]]
        text_only = [(t, "") for t in TEXTS]
        rows = [
            ("recherche + toutes les facettes (sélecteurs)", selectors, mixes, "wagtail search"),
            ("  avant : tout classer (sélecteurs)", previous(selectors), mixes, "wagtail search"),
            ("  dont l'instruction SQL (facettes, total, page)", statement, mixes, None),
            ("  avant : tout classer (instruction SQL)", previous(statement), mixes, None),
            (
                "recherche texte seul + facettes (sélecteurs)",
                selectors,
                text_only,
                "wagtail search",
            ),
            (
                "recherche seule : nombre + 20 premiers",
                search_only,
                text_only,
                "wagtail search",
            ),
            ("API /api/projects (HTTP, bout en bout)", api, mixes, "wagtail search"),
            ("  avant : tout classer (API)", previous(api), mixes, "wagtail search"),
            ("page catalogue (HTTP, HTML complet)", catalogue, mixes, "wagtail search"),
            ("saisie semi-automatique (sélecteur)", typeahead, PREFIXES, "wagtail autocomplete"),
            (
                "saisie semi-automatique (HTTP JSON)",
                typeahead_http,
                PREFIXES,
                "wagtail autocomplete",
            ),
            ("groupes de la carte (sélecteur)", clusters, map_items, None),
            ("groupes de la carte (HTTP JSON)", clusters_http, map_items, None),
        ]
        wagtail = {
            "wagtail search": self._time(wagtail_search, text_only, rounds),
            "wagtail autocomplete": self._time(wagtail_autocomplete, PREFIXES, rounds),
        }
        header = f"{'mesure':48} {'n':>5} {'p50 ms':>8} {'p95 ms':>8}"
        header += f"   {'Wagtail p50/p95 ms':>20} {'×p50':>6} {'×p95':>6}"
        passes = [
            ("Sans cache : chaque requête calculée dans PostgreSQL", 0),
            (
                "Cache du catalogue chaud (chaque requête déjà posée une fois depuis la dernière"
                " modification du catalogue)",
                max(settings.CATALOGUE_CACHE_SECONDS, 300),
            ),
        ]
        for title, seconds in passes:
            self.stdout.write(f"\n{title}")
            self.stdout.write(header)
            self.stdout.write("-" * len(header))
            with override_settings(ALLOWED_HOSTS=["*"], CATALOGUE_CACHE_SECONDS=seconds):
                for label, fn, items, compare in rows:
                    if seconds and (fn is statement or label.startswith("  avant")):
                        continue  # the statement never reads the cache; no "before" cached
                    # the cache pass measures the steady state: every answer already stored
                    samples = self._time(fn, items, rounds, warm=len(items) if seconds else 3)
                    p50, p95 = percentile(samples, 50), percentile(samples, 95)
                    line = f"{label:48} {len(samples):5} {p50:8.1f} {p95:8.1f}"
                    if compare:
                        w = wagtail[compare]
                        wp50, wp95 = percentile(w, 50), percentile(w, 95)
                        line += f"   {wp50:9.1f} / {wp95:8.1f} {wp50 / p50:6.1f} {wp95 / p95:6.1f}"
                    self.stdout.write(line)
        self._overlap()
        ours = {t: project_catalogue(SearchParams(q=t), with_facets=False).count for t in TEXTS}
        theirs = {
            t: get_search_backend().search(t, Project.objects.public()).count() for t in TEXTS
        }
        self.stdout.write("\nRésultats par texte (catalogue / Wagtail) :")
        for text in TEXTS:
            self.stdout.write(f"  {text:24} {ours[text]:7} / {theirs[text]:7}")
        self.stdout.write(
            "\nWagtail : mêmes textes, moteur Wagtail sur Project.objects.public() (nombre + 20"
            " premiers) et son autocomplete() ; sans facettes, qu'il ne sait pas compter ici."
        )

    def _overlap(self) -> None:
        """Page 1 of broad searches, bounded ranking vs every match ranked (the same statement
        with ``full``): how many of the full ranking's 10 and 20 first the bounded one shows."""
        self.stdout.write(
            f"\nClassement borné ({candidates()} candidats) / complet, recherches larges :"
        )
        self.stdout.write(f"  {'texte':24} {'trouvés':>8} {'@10':>6} {'@20':>6} {'ordre ORM':>10}")
        for text in BROAD:
            params = SearchParams.from_querydict(_qd(f"q={text}"))
            bounded = catalogue_counts(params, facets=(), page_size=20)
            full = catalogue_counts(params, facets=(), page_size=20, full=True).page_ids or []
            ids = bounded.page_ids or []
            at = {
                n: len(set(ids[:n]) & set(full[:n])) / max(1, min(n, len(full))) for n in (10, 20)
            }
            same = list(project_ordered(params).values_list("id", flat=True)[:20]) == ids
            line = f"  {text:24} {bounded.total:8} {at[10]:6.0%} {at[20]:6.0%}"
            self.stdout.write(f"{line} {'oui' if same else 'NON':>10}")

    def _time(self, fn, items, rounds, *, warm: int = 3) -> list[float]:
        for item in items[:warm]:
            fn(item)  # warm-up: plans, connections (and, for the cache pass, every answer)
        samples = []
        for _ in range(rounds):
            for item in items:
                started = time.perf_counter()
                fn(item)
                samples.append((time.perf_counter() - started) * 1000)
        return samples

    def _seed(self, count: int) -> None:
        missing = count - Project.objects.public().count()
        if missing > 0:
            self.stdout.write(f"Création de {missing} projets synthétiques…")
            progress = SeedPrinter(self.stdout)
            created = projects_seed_to(count, progress=progress)
            self.stdout.write(progress.summary(created))
            catalogue_tables_analyse()

    def _wagtail_index(self, limit: int) -> None:
        """Fill Wagtail's index for projects (only what is missing, the ``limit`` lowest ids at
        most), for a fair comparison."""
        content_type = ContentType.objects.get_for_model(Project)
        indexed = set(
            IndexEntry.objects.filter(content_type=content_type).values_list("object_id", flat=True)
        )
        public = Project.objects.public().order_by("pk").values_list("pk", flat=True)
        total = public.count()
        if total > limit:
            self.stdout.write(
                f"Index Wagtail borné à {limit} projets sur {total} (--wagtail-max) : ses temps"
                f" sont ceux d'un catalogue de {limit}, une borne basse à {total}."
            )
        ids = [pk for pk in public[:limit] if str(pk) not in indexed]
        if not ids:
            return
        self.stdout.write(f"Index Wagtail : ajout de {len(ids)} projets…")
        backend = get_search_backend()
        for start in range(0, len(ids), 2000):
            backend.add_bulk(
                Project, list(Project.objects.filter(pk__in=ids[start : start + 2000]))
            )
        # a freshly filled table without statistics gets poor plans: compact and analyse it,
        # as the catalogue's own tables are, so Wagtail is measured at its best
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM (FULL, ANALYZE) {IndexEntry._meta.db_table}")


def _qd(query: str):
    return QueryDict(query)
