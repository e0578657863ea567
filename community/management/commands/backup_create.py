"""`make backup`: a consistent dump of the database and an archive of the media."""

from django.core.management.base import BaseCommand, CommandError

from community.ops.backups import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Sauvegarde la base (pg_dump, format custom, instantané cohérent) et les médias "
        "(tar.gz) dans un dossier horodaté de BACKUP_DIR."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", help="Dossier où créer la sauvegarde (défaut : BACKUP_DIR, ./backups)."
        )

    def handle(self, *args, output=None, **options):
        try:
            folder = backup_create(output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = (folder / "manifest.json").read_text()
        self.stdout.write(self.style.SUCCESS(f"Sauvegarde créée : {folder}"))
        self.stdout.write(manifest)
        self.stdout.write(f"Restaurer : python manage.py backup_restore {folder}")
