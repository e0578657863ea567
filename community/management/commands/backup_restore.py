"""`make restore BACKUP=...`: replace the database and the media by those of a backup."""

import sys

from django.core.management.base import BaseCommand, CommandError

from community.ops.backups import (
    BackupError,
    backup_read,
    backup_restore,
    backups_list,
    database_target,
)


class Command(BaseCommand):
    help = (
        "Restaure une sauvegarde de backup_create : REMPLACE toute la base (schéma public) et "
        "le dossier des médias. Arrêtez d'abord le serveur web et les travailleurs."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", nargs="?", help="Dossier de la sauvegarde à restaurer.")
        parser.add_argument("--yes", action="store_true", help="Ne pas demander de confirmation.")
        parser.add_argument("--list", action="store_true", help="Lister les sauvegardes.")

    def handle(self, *args, backup=None, yes=False, list=False, **options):  # noqa: A002
        if list or not backup:
            found = backups_list()
            for folder in found:
                self.stdout.write(str(folder))
            if not found:
                self.stdout.write("Aucune sauvegarde dans BACKUP_DIR.")
            if not backup and not list:
                raise CommandError(
                    "Say which backup to restore: manage.py backup_restore <folder> "
                    "(or make restore BACKUP=<folder>); the folders above are available."
                )
            return
        try:
            manifest = backup_read(backup)
            target = database_target()
        except BackupError as error:
            raise CommandError(str(error)) from error
        counts = manifest["counts"]
        self.stdout.write(
            self.style.WARNING(
                f"ATTENTION : la base {target.label} et le dossier des médias vont être "
                f"REMPLACÉS par la sauvegarde du {manifest['created_at']} "
                f"({counts['projects']} projets, {counts['revisions']} révisions, "
                f"{counts['accounts']} comptes, {manifest['media_files']} fichiers médias). "
                "Les données actuelles seront perdues (les anciens médias sont mis de côté). "
                "Arrêtez d'abord le serveur web et les travailleurs de tâches."
            )
        )
        if not yes:
            if not sys.stdin.isatty():
                raise CommandError(
                    "No terminal to confirm on: run again with --yes to restore without asking."
                )
            answer = input("Tapez « oui » pour continuer : ").strip().lower()
            if answer not in {"oui", "yes"}:
                raise CommandError("Restore cancelled: nothing was changed.")
        try:
            result = backup_restore(backup)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Restauré : {result.counts}"))
        if result.previous_media:
            self.stdout.write(
                f"Les médias présents avant la restauration sont dans {result.previous_media} "
                "(supprimez ce dossier quand vous n'en avez plus besoin)."
            )
        mismatched = {k: v for k, v in manifest["counts"].items() if result.counts.get(k) < v}
        if mismatched:
            raise CommandError(f"Fewer rows than the backup counted: {mismatched}.")
