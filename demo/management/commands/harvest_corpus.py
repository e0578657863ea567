"""``manage.py harvest_corpus``: harvest the generated partner web and print its accuracy.

Builds the corpus (``demo.corpus``), serves it on loopback, harvests every site through
the real pipeline and prints, per site, the project pages found, false projects, titles,
summaries, places and themes right, then the totals and the cross-partner merge figures.
Everything it writes to the database is rolled back at the end (``--keep`` keeps it).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo.corpus.evaluate import corpus_harvest, corpus_score, format_score
from demo.corpus.server import serve_corpus
from demo.corpus.sites import build_corpus


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Moissonne le corpus de sites générés et affiche la justesse par site."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026, help="graine du corpus")
        parser.add_argument("--sites", type=int, default=22, help="nombre de sites (≥ 2)")
        parser.add_argument(
            "--port",
            type=int,
            default=0,
            help="un port pour tous les sites (127.0.1.N), sinon ports libres",
        )
        parser.add_argument(
            "--keep", action="store_true", help="garder en base ce que la moisson a créé"
        )
        parser.add_argument("--verbose", "-V", action="store_true", help="détail des erreurs")

    def handle(self, *args, **options):
        from projects.models import Theme
        from projects.models.territories import Department

        if not Theme.objects.exists() or not Department.objects.exists():
            raise CommandError(
                "Le thésaurus ou les territoires manquent : lancez « manage.py migrate » puis "
                "« manage.py seed_platform » avant de mesurer le corpus."
            )
        sites = build_corpus(options["seed"], sites=max(options["sites"], 2))
        servers = serve_corpus(sites, options["port"])
        try:
            with transaction.atomic():
                runs = corpus_harvest(sites, servers)
                score = corpus_score(sites, servers, runs)
                self.stdout.write(format_score(score, verbose=options["verbose"]))
                if not options["keep"]:
                    raise _Rollback
        except _Rollback:
            self.stdout.write("(base remise en l'état : rien n'a été gardé)")
        finally:
            for server in servers:
                server.stop()
