"""Relevance of the catalogue search on the judged query set (``demo.relevance``), side by side.

Seeds the demo catalogue to ``--count`` published projects if it has fewer, fills Wagtail's
search index for them, then runs every judged query through three searches in the same run:
today's (query understanding, forgiving matching, fallback), the previous one (every word
literally, the last one as a prefix: ``projects.catalogue.query.legacy_ordered``) and Wagtail's
database search backend (``get_search_backend().search(text, queryset)``). Prints
precision@10, recall@50, NDCG@10, the zero-result rate and the "first result is a prefix-only
match" count of each, per group of queries with ``--groups``, and what query understanding
costs.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import override_settings
from wagtail.search.backends import get_search_backend

from demo.management.commands.bench_search import Command as BenchSearch
from demo.management.commands.bench_search import percentile
from demo.relevance import QUERIES, Scores, grade, project_facts
from projects.catalogue.matching import STOPWORDS, is_whole_word, search_plan
from projects.catalogue.params import SearchParams
from projects.catalogue.query import SEARCH_CONFIG, legacy_ordered
from projects.catalogue.search import project_catalogue
from projects.catalogue.understanding import _TOKEN, key, names_reset, understand
from projects.models import Commune, Project

DEPTH = 50


def today(text: str) -> list[int]:
    params = SearchParams.from_querydict({"q": text})
    result = project_catalogue(params, page_size=DEPTH, with_facets=False, with_projects=False)
    return list(result.page.object_list)


def previous(text: str) -> list[int]:
    return list(legacy_ordered(text).values_list("id", flat=True)[:DEPTH])


def wagtail(text: str) -> list[int]:
    return [p.pk for p in get_search_backend().search(text, Project.objects.public())[:DEPTH]]


SYSTEMS = {"aujourd'hui": today, "avant": previous, "Wagtail (base)": wagtail}


def last_word(text: str) -> str | None:
    words = [key(t) for t in _TOKEN.findall(text)]
    words = [w for w in words if w and w not in STOPWORDS]
    if not words or words[-1].isdigit() or len(words[-1]) < 3:
        return None
    return words[-1]


def prefix_only(first: int | None, word: str | None) -> bool:
    """Does ``first`` hold ``word`` only as the start of a longer word, while some project
    holds it whole?"""
    if first is None or word is None or not is_whole_word(word):
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_vector @@ to_tsquery(%s, %s), search_vector @@ to_tsquery(%s, %s) "
            "FROM projects_project WHERE id = %s",
            [SEARCH_CONFIG, word, SEARCH_CONFIG, f"{word}:*", first],
        )
        whole, prefix = cursor.fetchone()
    return prefix and not whole


def _plan_words(text: str) -> tuple[str, ...]:
    plan = search_plan(text)
    return plan.any_words() if plan is not None else ()


class Command(BaseCommand):
    help = (
        "Mesure la pertinence de la recherche (jeu de requêtes jugées) face à l'ancienne "
        "et à Wagtail."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=2000)
        parser.add_argument("--groups", action="store_true", help="NDCG@10 par groupe de requêtes")
        parser.add_argument("--show", action="store_true", help="chaque requête et son NDCG@10")

    def handle(self, *args, count, groups, show, **options):
        bench = BenchSearch(stdout=self.stdout)
        bench._seed(count)  # generated like bench_search's, tables compacted after the bulk load
        bench._wagtail_index(Project.objects.public().count())  # Wagtail indexes them all
        self.stdout.write(
            f"Catalogue : {Project.objects.public().count()} projets publiés ; "
            f"{len(QUERIES)} requêtes jugées.\n"
        )
        self._understanding_cost()
        facts = project_facts()
        communes = [j.commune for j in QUERIES if j.commune]
        commune_department = dict(
            Commune.objects.filter(insee_code__in=communes).values_list(
                "insee_code", "department_id"
            )
        )
        scores = {name: Scores() for name in SYSTEMS}
        by_group: dict[tuple[str, str], Scores] = {}
        timings: dict[str, list[float]] = {name: [] for name in SYSTEMS}
        with override_settings(CATALOGUE_CACHE_SECONDS=0):
            for judged in QUERIES:
                grades = {
                    pk: g for pk, f in facts.items() if (g := grade(judged, f, commune_department))
                }
                word = last_word(judged.q)
                line = []
                for name, search in SYSTEMS.items():
                    started = time.perf_counter()
                    ranked = search(judged.q)
                    timings[name].append(time.perf_counter() - started)
                    first_prefix = prefix_only(ranked[0] if ranked else None, word)
                    scores[name].add(ranked, grades, prefix_first=first_prefix)
                    group = by_group.setdefault((name, judged.group), Scores())
                    group.add(ranked, grades, prefix_first=first_prefix)
                    ndcg = scores[name].ndcg[-1] if grades else None
                    line.append(f"{name}={'-' if ndcg is None else f'{ndcg:.2f}'}/{len(ranked)}")
                if show:
                    self.stdout.write(f"  {judged.q!r:45} " + "  ".join(line))
        self._table(scores, timings)
        if groups:
            self.stdout.write("\nNDCG@10 par groupe :")
            for group in dict.fromkeys(j.group for j in QUERIES):
                cells = "  ".join(
                    f"{name}={by_group[(name, group)].summary()['NDCG@10']:.3f}" for name in SYSTEMS
                )
                n = by_group[(next(iter(SYSTEMS)), group)].queries
                self.stdout.write(f"  {group:14} ({n:2})  {cells}")

    def _understanding_cost(self):
        names_reset()
        started = time.perf_counter()
        understand("")
        load = time.perf_counter() - started
        samples = []
        for _round in range(5):
            for judged in QUERIES:
                samples.append(understand(judged.q).seconds)
        self.stdout.write(
            f"Compréhension de la requête : chargement des noms {load * 1000:.0f} ms (une fois "
            f"par processus), puis p50 {percentile(samples, 50) * 1000:.3f} ms, "
            f"p95 {percentile(samples, 95) * 1000:.3f} ms, "
            f"max {max(samples) * 1000:.3f} ms par requête."
        )
        # the matching plan: synonyms, whole-word checks (cached per catalogue version) and,
        # for the any-word fallback, how common each word is (PostgreSQL's statistics)
        for judged in QUERIES:
            _plan_words(understand(judged.q).text)  # first sight: stems, checks stored
        plans = []
        for _round in range(5):
            for judged in QUERIES:
                text = understand(judged.q).text
                started = time.perf_counter()
                _plan_words(text)
                plans.append(time.perf_counter() - started)
        self.stdout.write(
            "Plan de recherche (synonymes, mots entiers, mots trop courants) : "
            f"p50 {percentile(plans, 50) * 1000:.3f} ms, "
            f"p95 {percentile(plans, 95) * 1000:.3f} ms, "
            f"max {max(plans) * 1000:.3f} ms par requête.\n"
        )

    def _table(self, scores, timings):
        header = ["P@10", "R@50", "NDCG@10", "zéro résultat", "1er = préfixe seul", "p50 ms"]
        self.stdout.write(f"{'':16}" + "".join(f"{h:>20}" for h in header))
        for name, score in scores.items():
            summary = score.summary()
            cells = [f"{summary['P@10']:.3f}", f"{summary['R@50']:.3f}"]
            cells += [f"{summary['NDCG@10']:.3f}", f"{summary['zéro résultat']:.1%}"]
            cells += [str(summary["1er = préfixe seul"])]
            cells += [f"{percentile(timings[name], 50) * 1000:.1f}"]
            self.stdout.write(f"{name:16}" + "".join(f"{c:>20}" for c in cells))
        self.stdout.write(
            "p50 ms : aujourd'hui = la recherche du catalogue entière (total, page, replis) ; "
            "avant = la requête triée seule ; Wagtail = son search(). Voir make bench-search."
        )
