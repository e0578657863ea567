"""Backups: a dump/restore round trip gives back every project, revision, account and file."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Revision

from community.ops.backups import backup_create, backup_read, backups_list
from projects.models import Project
from projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media_on_disk(settings, tmp_path):
    """Media on the filesystem (the test settings keep them in memory)."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return tmp_path / "media"


def snapshot():
    return {
        "projects": sorted(Project.objects.values_list("pk", "slug", "title", "live", "summary")),
        "revisions": sorted(
            Revision.objects.values_list("pk", "object_id", "content_type_id", "content")
        ),
        "accounts": sorted(
            get_user_model().objects.values_list("pk", "username", "email", "password")
        ),
    }


def test_round_trip_preserves_projects_revisions_accounts_and_media(media_on_disk, tmp_path):
    from django.core.files.storage import default_storage

    user = get_user_model().objects.create_user("editrice", "editrice@example.org", "s3cret-pass")
    for number in range(5):
        project = ProjectFactory(title=f"Jardin partagé {number}", live=number % 2 == 0)
        project.summary = f"Révisé {number}"
        project.save_revision(user=user)
        project.save_revision(user=user)
    default_storage.save("images/logo.png", ContentFile(b"\x89PNG fake image"))
    before = snapshot()
    assert len(before["projects"]) == 5 and len(before["revisions"]) >= 10

    call_command("backup_create", output=str(tmp_path / "backups"))
    (folder,) = backups_list(tmp_path / "backups")
    manifest = backup_read(folder)
    assert manifest["counts"]["projects"] == 5
    assert manifest["media_files"] == 1

    # Lose everything: rows, and the media folder replaced by something else.
    Project.objects.all().delete()
    Revision.objects.all().delete()
    get_user_model().objects.all().delete()
    ProjectFactory(title="Arrivé après la sauvegarde")
    default_storage.delete("images/logo.png")
    default_storage.save("stray.txt", ContentFile(b"after the backup"))

    call_command("backup_restore", str(folder), yes=True)

    assert snapshot() == before
    assert (media_on_disk / "images" / "logo.png").read_bytes() == b"\x89PNG fake image"
    assert not (media_on_disk / "stray.txt").exists()
    (previous,) = tmp_path.glob("media.before-restore-*")
    assert (previous / "stray.txt").exists()  # the replaced files are kept aside, not deleted
    # The restored database works: search vectors, sequences and extensions came back.
    assert ProjectFactory(title="Après la restauration").pk > max(p[0] for p in before["projects"])


def test_restore_refuses_a_damaged_backup_and_changes_nothing(media_on_disk, tmp_path):
    ProjectFactory(title="Toujours là")
    folder = backup_create(tmp_path / "backups")
    manifest = json.loads((folder / "manifest.json").read_text())
    (folder / "database.dump").write_bytes(b"not a dump")
    with pytest.raises(CommandError, match="damaged"):
        call_command("backup_restore", str(folder), yes=True)
    assert Project.objects.filter(title="Toujours là").exists()
    assert manifest["counts"]["projects"] == 1


def test_restore_without_yes_and_without_a_terminal_refuses(media_on_disk, tmp_path, monkeypatch):
    folder = backup_create(tmp_path / "backups")
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    with pytest.raises(CommandError, match="--yes"):
        call_command("backup_restore", str(folder))


def test_restore_without_a_folder_lists_the_backups(settings, tmp_path):
    settings.BACKUP_DIR = str(tmp_path)
    with pytest.raises(CommandError, match="Say which backup"):
        call_command("backup_restore")
