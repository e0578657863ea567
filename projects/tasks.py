"""Django-Q2 tasks of the catalogue (thin: the work is in ``projects.catalogue``)."""

from django_q.models import Schedule

from projects.catalogue.similar import refresh_neighbours

NEIGHBOURS_SCHEDULE = "projects-neighbours"
NEIGHBOURS_PER_RUN = 5000  # about a minute of work per hourly run at 100k projects


def refresh_neighbours_task() -> int:
    return refresh_neighbours(limit=NEIGHBOURS_PER_RUN)


def neighbours_schedule_ensure() -> Schedule:
    """Hourly: stored neighbours for projects that have none (new) or stale ones."""
    schedule, _ = Schedule.objects.get_or_create(
        name=NEIGHBOURS_SCHEDULE,
        defaults={
            "func": "projects.tasks.refresh_neighbours_task",
            "schedule_type": Schedule.HOURLY,
            "repeats": -1,
        },
    )
    return schedule
