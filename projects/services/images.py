"""Thumbnails of project images: check the bytes with Pillow, re-encode, store, or say why not.

Network-free: the harvester (``harvesting.images``) fetches ``Project.image_url`` through its
safe client and calls :func:`project_image_store` with the bytes, or :func:`project_image_fail`
with the fetch error. Only real JPEG, PNG, WebP and GIF (first frame) images are accepted;
their declared size is checked before any pixel is decoded (decompression bombs), then they are
re-encoded to a small WebP without any metadata (EXIF, ICC, comments). A refusal or a failure
is recorded and never removes the thumbnail already stored.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from PIL import Image, ImageOps, UnidentifiedImageError

from projects.models import Project, ProjectImage

#: Formats Pillow may read (anything else, SVG included, is refused).
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
#: MIME types the fetch asks for.
ACCEPTED_TYPES = ("image/jpeg", "image/png", "image/webp", "image/gif")
#: Pixels an image may declare (about 40 megapixels): decoding more is a decompression bomb.
MAX_PIXELS = 40_000_000
#: The thumbnail's box: cards show it at most about 320 px wide, twice that for dense screens.
THUMBNAIL_BOX = (640, 640)
THUMBNAIL_QUALITY = 78
#: A failed fetch of the same address is tried again after this long.
RETRY_AFTER = timedelta(days=7)


class ImageRefused(Exception):
    """The bytes are not an image the platform accepts; the message says why, in French."""


@dataclass(frozen=True)
class Thumbnail:
    content: bytes
    width: int
    height: int
    extension: str = "webp"


def max_image_bytes() -> int:
    """Largest image answer read (``PROJECT_IMAGE_MAX_BYTES``)."""
    return int(getattr(settings, "PROJECT_IMAGE_MAX_BYTES", 3 * 1024 * 1024))


def thumbnail_make(data: bytes) -> Thumbnail:
    """A clean thumbnail of ``data``, or ``ImageRefused`` saying why it is not accepted."""
    if not data:
        raise ImageRefused("La réponse est vide : ce n'est pas une image.")
    if len(data) > max_image_bytes():
        raise ImageRefused("L'image dépasse la taille maximale autorisée.")
    head = data[:512].lstrip().lower()
    if head.startswith((b"<?xml", b"<svg", b"<!doctype", b"<html")) or b"<svg" in head:
        raise ImageRefused(
            "Le fichier est un document SVG ou HTML, pas une image JPEG, PNG, WebP ou GIF."
        )
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise ImageRefused(_too_many_pixels_message()) from exc
        except UnidentifiedImageError as exc:
            raise ImageRefused(
                "Le fichier n'est pas une image JPEG, PNG, WebP ou GIF lisible."
            ) from exc
        except (OSError, ValueError, SyntaxError) as exc:
            raise ImageRefused(f"L'image est illisible ({type(exc).__name__}).") from exc
        width, height = image.size
        if width < 1 or height < 1 or width * height > MAX_PIXELS:
            raise ImageRefused(_too_many_pixels_message(f" ({width} × {height})"))
        try:
            image.seek(0)  # an animated GIF or WebP: its first frame
            image.load()
            image = ImageOps.exif_transpose(image)
            image = image.convert("RGBA" if _has_alpha(image) else "RGB")
            image.thumbnail(THUMBNAIL_BOX, Image.Resampling.LANCZOS)
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombWarning) as exc:
            reason = f"L'image est illisible ou tronquée ({type(exc).__name__})."
            raise ImageRefused(reason) from exc
    # A new image from the pixels alone: no EXIF, ICC profile, XMP or comment survives.
    clean = Image.frombytes(image.mode, image.size, image.tobytes())
    out = io.BytesIO()
    clean.save(out, format="WEBP", quality=THUMBNAIL_QUALITY, method=4)
    return Thumbnail(out.getvalue(), clean.width, clean.height)


def _too_many_pixels_message(size: str = "") -> str:
    return (
        f"L'image annonce plus de pixels que les {MAX_PIXELS // 1_000_000} millions permis"
        f"{size} : elle n'est pas décodée (risque de saturer la mémoire)."
    )


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )


def project_image_store(project: Project, source_url: str, data: bytes) -> ProjectImage:
    """Check ``data`` (fetched from ``source_url``) and store its thumbnail for ``project``.

    A refused image is recorded as a failure (see :func:`project_image_fail`); the previous
    thumbnail stays."""
    try:
        thumbnail = thumbnail_make(data)
    except ImageRefused as exc:
        return project_image_fail(project, source_url, str(exc))
    digest = hashlib.sha256(thumbnail.content).hexdigest()[:16]
    name = f"{project.pk}-{digest}.{thumbnail.extension}"
    now = timezone.now()
    with transaction.atomic():
        record = _record_locked(project)
        previous = record.file.name if record.file else ""
        if previous.rsplit("/", 1)[-1] != name:
            record.file.save(name, ContentFile(thumbnail.content), save=False)
        record.width, record.height = thumbnail.width, thumbnail.height
        record.source_url = record.attempted_url = source_url
        record.fetched_at = record.attempted_at = now
        record.failure = ""
        record.save()
    if previous and previous != record.file.name:
        record.file.storage.delete(previous)
    return record


def project_image_fail(project: Project, url: str, reason: str) -> ProjectImage:
    """Record that ``url`` gave no thumbnail, and why; the thumbnail already stored stays."""
    with transaction.atomic():
        record = _record_locked(project)
        record.attempted_url = url
        record.attempted_at = timezone.now()
        record.failure = reason[:500]
        record.save(update_fields=["attempted_url", "attempted_at", "failure"])
    return record


def project_image_clear(project: Project) -> None:
    """The project has no image any more: its thumbnail goes too."""
    record = ProjectImage.objects.filter(project=project).first()
    if record is None:
        return
    if record.file:
        record.file.delete(save=False)
    record.delete()


def _record_locked(project: Project) -> ProjectImage:
    ProjectImage.objects.get_or_create(project_id=project.pk)
    return ProjectImage.objects.select_for_update().get(project_id=project.pk)


def image_needs_fetch(project: Project) -> bool:
    """Whether ``project.image_url`` was never tried (an address already tried, successful or
    not, is not fetched again at every harvest: a failure is retried after RETRY_AFTER)."""
    if not project.image_url:
        return False
    record = ProjectImage.objects.filter(project_id=project.pk).first()
    if record is None or record.attempted_url != project.image_url:
        return True
    return bool(record.failure) and record.attempted_at < timezone.now() - RETRY_AFTER


def projects_awaiting_image(limit: int = 100):
    """Projects whose image address was never tried, or failed long enough ago, by host order
    (one client then spaces the requests to each partner)."""
    stale = timezone.now() - RETRY_AFTER
    return (
        Project.objects.exclude(image_url="")
        .filter(
            Q(thumbnail__isnull=True)
            | ~Q(thumbnail__attempted_url=F("image_url"))
            | (~Q(thumbnail__failure="") & Q(thumbnail__attempted_at__lt=stale))
        )
        .order_by("image_url")[:limit]
    )
