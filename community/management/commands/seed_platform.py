"""Seed a fresh platform (reference data, pages, admin, demo catalogue); safe to re-run."""

from django.conf import settings
from django.core.management.base import BaseCommand

from community.services import site_seed


class Command(BaseCommand):
    help = (
        "Crée au premier lancement le thésaurus, les territoires, les partenaires, les pages, "
        "un compte administrateur et un catalogue de démonstration. Relancé, ne change rien."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo-projects",
            type=int,
            default=None,
            help="Nombre de projets de démonstration (défaut : CARREFOUR_DEMO_PROJECTS).",
        )

    def handle(self, *args, demo_projects=None, **options):
        report = site_seed(demo_projects=demo_projects)
        w = self.stdout.write
        w(
            f"Thèmes créés : {report.themes} · communes : {report.communes} · "
            f"partenaires : {report.organisations} · pages : {len(report.pages)} · "
            f"projets de démonstration : {report.projects}"
        )
        status = "créé" if report.admin_created else "existant"
        w(
            self.style.SUCCESS(
                f"Administration : {settings.SITE_URL}/admin/  "
                f"identifiant « {report.admin_username} » ({status})"
                + (
                    f"  mot de passe « {report.admin_password} »"
                    if report.admin_password
                    else "  (mot de passe inchangé : voir CARREFOUR_ADMIN_PASSWORD)"
                )
            )
        )
