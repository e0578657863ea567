"""How a partner's sources are doing, as the public partner page shows it (no internal detail:
no error text, no URLs beyond the site's host)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from harvesting.models import HarvestRun, HarvestSource


@dataclass(frozen=True)
class SourceHealth:
    name: str
    host: str
    active: bool
    state: str  # HarvestRun.State value of the last finished run, "" if none yet
    state_label: str
    finished_at: datetime | None
    projects: int  # projects this source currently lists


def sources_health(organisation) -> list[SourceHealth]:
    """One line per source of ``organisation``: its last finished run and what it lists."""
    sources = HarvestSource.objects.filter(organisation=organisation).order_by("name")
    labels = dict(HarvestRun.State.choices)
    health = []
    for source in sources:
        run = (
            source.runs.exclude(state=HarvestRun.State.RUNNING)
            .order_by("-finished_at", "-pk")
            .only("state", "finished_at")
            .first()
        )
        listed = source.records.filter(project__live=True).values("project").distinct().count()
        health.append(
            SourceHealth(
                name=source.name,
                host=urlsplit(source.url).hostname or "",
                active=source.active,
                state=run.state if run else "",
                state_label=str(labels.get(run.state, "")) if run else "",
                finished_at=run.finished_at if run else None,
                projects=listed,
            )
        )
    return health
