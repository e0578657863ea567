"""Fetch project images through the safe client and hand the bytes to ``projects``.

``project_images_refresh`` is what the task calls: for each project whose ``image_url`` was
never tried (or failed a week ago), one GET through ``SafeClient`` (SSRF guard, robots.txt,
per-host spacing, byte cap, timeouts; image types only), then
``projects.services.images.project_image_store`` checks and stores the thumbnail. Every failure
is recorded with its reason; none raises, none removes a stored thumbnail.

Which saves queue a fetch: ``harvesting.signals`` watches ``Project`` saves (harvest, holder,
editor, merge). During a harvest run the project ids are gathered instead (``images_deferred``)
and one task fetches them all after the run, with one client, so a partner is not hit by many
workers at once.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging

from django.db import transaction
from django_q.tasks import async_task

from harvesting.client import FetchError, SafeClient
from projects.models import Project
from projects.services.images import (
    ACCEPTED_TYPES,
    image_needs_fetch,
    max_image_bytes,
    project_image_clear,
    project_image_fail,
    project_image_store,
    projects_awaiting_image,
)

logger = logging.getLogger(__name__)

TASK = "harvesting.tasks.project_images_task"
#: Seconds between two image requests to one host (a harvest already spaced its pages).
IMAGE_MIN_DELAY = 1.0
#: Longest one image fetch may take, and images per task: even all slow, a task ends well
#: within the worker's timeout (Q_CLUSTER timeout, 30 min).
IMAGE_TIMEOUT = 12.0
BATCH_LIMIT = 100

_deferred: contextvars.ContextVar[set[int] | None] = contextvars.ContextVar(
    "project_images_deferred", default=None
)


def image_client() -> SafeClient:
    return SafeClient(
        min_delay=IMAGE_MIN_DELAY, total_timeout=IMAGE_TIMEOUT, max_bytes=max_image_bytes()
    )


def project_image_refresh(project: Project, client: SafeClient) -> str:
    """Fetch and store the thumbnail of one project; returns "stored", the failure or "skipped"."""
    url = project.image_url
    if not url:
        project_image_clear(project)
        return "cleared"
    try:
        result = client.fetch(url, accept=ACCEPTED_TYPES, max_bytes=max_image_bytes())
    except FetchError as exc:
        project_image_fail(project, url, exc.message)
        return exc.code
    except Exception as exc:  # noqa: BLE001 - a bad answer never stops the others
        logger.exception("Image fetch of %s failed", url)
        project_image_fail(project, url, f"Erreur inattendue ({type(exc).__name__}).")
        return "error"
    record = project_image_store(project, url, result.content)
    return "failed" if record.failure else "stored"


def project_images_refresh(
    project_ids: list[int] | None = None,
    *,
    client: SafeClient | None = None,
    limit: int = BATCH_LIMIT,
) -> dict[str, int]:
    """Thumbnails for ``project_ids`` that need one (or, with None, for the projects awaiting
    one), at most ``limit``. Returns the count of each outcome."""
    if project_ids is None:
        projects = list(projects_awaiting_image(limit))
    else:  # past ``limit``, the hourly sweep takes the rest (they were never tried)
        found = Project.objects.filter(pk__in=project_ids).order_by("image_url")
        projects = [p for p in found if not p.image_url or image_needs_fetch(p)][:limit]
    client = client or image_client()
    outcomes: dict[str, int] = {}
    for project in projects:
        outcome = project_image_refresh(project, client)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes


def project_images_queue(project_ids) -> None:
    """Queue one fetch task for these projects once the current transaction commits (the
    worker must see the saved address)."""
    ids = sorted(set(project_ids))
    if ids:
        transaction.on_commit(lambda: async_task(TASK, ids))


def project_image_changed(project_id: int) -> None:
    """A project's image address changed: queue its fetch, or gather it during a harvest."""
    batch = _deferred.get()
    if batch is not None:
        batch.add(project_id)
    else:
        project_images_queue([project_id])


@contextlib.contextmanager
def images_deferred():
    """Gather the projects whose image changes inside the block; queue one task at its end."""
    batch: set[int] = set()
    token = _deferred.set(batch)
    try:
        yield batch
    finally:
        _deferred.reset(token)
        project_images_queue(batch)
