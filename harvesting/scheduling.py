"""One Django-Q2 schedule per active source, plus the watchdog and the hourly sweep of project
images (addresses never tried, failures a week old); kept in step with sources."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_q.models import Schedule

from harvesting.models import HarvestSource

SCHEDULE_TYPES = {
    HarvestSource.Schedule.HOURLY: Schedule.HOURLY,
    HarvestSource.Schedule.DAILY: Schedule.DAILY,
    HarvestSource.Schedule.WEEKLY: Schedule.WEEKLY,
}
FIRST_RUN_DELAY = {
    HarvestSource.Schedule.HOURLY: timedelta(hours=1),
    HarvestSource.Schedule.DAILY: timedelta(days=1),
    HarvestSource.Schedule.WEEKLY: timedelta(weeks=1),
}
WATCHDOG = "harvesting-watchdog"
IMAGES = "harvesting-project-images"


def schedule_name(source: HarvestSource) -> str:
    return f"harvest-source-{source.pk}"


def source_schedule_sync(source: HarvestSource) -> Schedule | None:
    """Create, update or remove the schedule of ``source`` to match its settings."""
    schedule_type = SCHEDULE_TYPES.get(source.schedule)
    if not source.active or schedule_type is None:
        Schedule.objects.filter(name=schedule_name(source)).delete()
        return None
    schedule, created = Schedule.objects.update_or_create(
        name=schedule_name(source),
        defaults={
            "func": "harvesting.tasks.harvest_source_task",
            "args": repr(source.pk),
            "schedule_type": schedule_type,
            "repeats": -1,
        },
    )
    if created:
        # First scheduled pass one period from now: a new source is harvested explicitly
        # ("harvest now", first start) and must not be run twice in a row.
        schedule.next_run = timezone.now() + FIRST_RUN_DELAY[source.schedule]
        schedule.save(update_fields=["next_run"])
    return schedule


def watchdog_schedule_ensure() -> Schedule:
    schedule, _ = Schedule.objects.get_or_create(
        name=WATCHDOG,
        defaults={
            "func": "harvesting.tasks.watchdog_task",
            "schedule_type": Schedule.MINUTES,
            "minutes": 5,
            "repeats": -1,
        },
    )
    return schedule


def images_schedule_ensure() -> Schedule:
    schedule, _ = Schedule.objects.get_or_create(
        name=IMAGES,
        defaults={
            "func": "harvesting.tasks.project_images_task",
            "schedule_type": Schedule.HOURLY,
            "repeats": -1,
        },
    )
    return schedule
