"""Django-Q2 tasks: thin wrappers that take an id, reload, and call a service."""

from __future__ import annotations

import logging

from django_q.tasks import async_task

from harvesting.images import project_images_refresh
from harvesting.models import HarvestSource
from harvesting.services import runs_end_stale, runs_prune, source_harvest

logger = logging.getLogger(__name__)


def harvest_source_task(source_id: int) -> str:
    """Harvest one source; idempotent (a second concurrent call does nothing)."""
    if not HarvestSource.objects.filter(pk=source_id, active=True).exists():
        return "source inactive or deleted"
    run = source_harvest(source_id)
    return "already running" if run is None else f"{run.state}: {run.message}"


def dry_run_task(dry_run_id: int) -> str:
    """Run one queued dry run ("Tester") of a source, capped by HARVEST_DRY_RUN_SECONDS."""
    from harvesting.dry_run import dry_run_execute

    dry_run = dry_run_execute(dry_run_id)
    return f"{dry_run.state}: {dry_run.message}"


def watchdog_task() -> int:
    """End runs whose worker died (no heartbeat): they become "interrupted" and their source
    is queued again. Records already imported are found by their guid: nothing is duplicated."""
    source_ids = runs_end_stale()
    for source_id in source_ids:
        async_task("harvesting.tasks.harvest_source_task", source_id)
    runs_prune()
    return len(source_ids)


def project_images_task(project_ids: list[int] | None = None) -> str:
    """Fetch the thumbnails of these projects (None: of the projects awaiting one, the hourly
    sweep); an address already tried is skipped, so running it twice fetches nothing more."""
    outcomes = project_images_refresh(project_ids)
    return ", ".join(f"{name}: {count}" for name, count in sorted(outcomes.items())) or "nothing"
