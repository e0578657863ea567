"""Import or export harvest sources as JSON."""

import json
import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from harvesting.sources_io import sources_export, sources_import


class Command(BaseCommand):
    help = "Importe ou exporte les sources de moisson (JSON). Réimporter met à jour."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["import", "export"])
        parser.add_argument("file", nargs="?", help="Fichier JSON (export : sortie standard).")

    def handle(self, *args, action, file=None, **options):
        if action == "export":
            text = json.dumps(sources_export(), ensure_ascii=False, indent=2)
            if file:
                Path(file).write_text(text + "\n", encoding="utf-8")
            else:
                sys.stdout.write(text + "\n")
            return
        if not file:
            raise CommandError(
                "Indiquez le fichier à importer : harvest_sources import FICHIER.json"
            )
        try:
            data = json.loads(Path(file).read_text(encoding="utf-8"))
        except FileNotFoundError as error:
            raise CommandError(f"Fichier introuvable : {file}") from error
        except json.JSONDecodeError as error:
            raise CommandError(
                f"{file} n'est pas du JSON valide (ligne {error.lineno}, colonne {error.colno})."
            ) from error
        try:
            report = sources_import(data)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages) + " Rien n'a été importé.") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Organisations créées : {report.organisations_created} · sources créées : "
                f"{report.sources_created} · mises à jour : {report.sources_updated}"
            )
        )
