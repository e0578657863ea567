"""Seed the catalogue to N realistic synthetic projects (demo catalogue, volume benchmarks).

Resumable: interrupted, run it again with the same ``--count`` and it carries on where it
stopped (see ``demo.seeding``)."""

from django.core.management.base import BaseCommand, CommandError

from demo.seeding import SeedPrinter, catalogue_tables_analyse, projects_seed_to


class Command(BaseCommand):
    help = (
        "Complète le catalogue jusqu'à N projets publiés synthétiques réalistes (textes "
        "français, vraies communes, thèmes) ; interrompu, reprend où il s'est arrêté."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=1000, help="Projets publiés visés.")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--batch-size", type=int, default=5000)
        parser.add_argument(
            "--workers", type=int, default=1, help="Connexions écrivant des lots en même temps."
        )

    def handle(self, *args, count, seed, batch_size, workers, **options):
        progress = SeedPrinter(self.stdout)
        try:
            created = projects_seed_to(
                count, seed=seed, batch_size=batch_size, workers=workers, progress=progress
            )
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        if created:
            catalogue_tables_analyse()
        self.stdout.write(progress.summary(created))
