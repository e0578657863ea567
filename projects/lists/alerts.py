"""Alerts of saved searches: once a day or a week, one e-mail per member listing, search by
search, the projects first published since the previous alert; nothing when nothing is new.

``alerts_plan`` records the period's deliveries (one per member: a digest run twice sends
nothing twice); ``alert_deliver`` sends one of them, so a member whose address bounces never
holds back the others: the worker tries it again, up to ``ALERT_MAX_ATTEMPTS`` times.
"""

from __future__ import annotations

import smtplib
from dataclasses import replace
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_q.models import Schedule

from members.emails import email_send
from members.services import member_verified_email
from projects.catalogue.query import HEAVY_FIELDS, project_ordered
from projects.catalogue.records import absolute
from projects.lists.searches import (
    saved_search_url,
    search_known_facets,
    search_params,
    unsubscribe_token,
)
from projects.models import AlertDelivery, SavedSearch

MAX_PER_SEARCH = 20
SCHEDULE_NAMES = {"daily": "lists-alerts-daily", "weekly": "lists-alerts-weekly"}
SEND_HOUR = 7  # local time: alerts arrive in the morning
RETRY = "retry"


def alert_period(frequency: str, now: datetime) -> str:
    """The period ``now`` falls in: its day, or its ISO week."""
    local = timezone.localtime(now)
    if frequency == SavedSearch.Frequency.DAILY:
        return local.date().isoformat()
    year, week, _day = local.isocalendar()
    return f"{year}-W{week:02d}"


def alerts_plan(frequency: str, *, now: datetime | None = None) -> list[int]:
    """Record this period's delivery of every member with an alert of ``frequency``; returns
    the ids of those never tried yet (a delivery being retried has its own task)."""
    if frequency not in SCHEDULE_NAMES:
        raise ValueError(f"Fréquence d'alerte inconnue : {frequency!r} (daily ou weekly).")
    now = now or timezone.now()
    period = alert_period(frequency, now)
    owners = (
        SavedSearch.objects.filter(frequency=frequency, owner__is_active=True)
        .values_list("owner_id", flat=True)
        .distinct()
    )
    for owner_id in owners:
        AlertDelivery.objects.get_or_create(
            owner_id=owner_id, frequency=frequency, period=period, defaults={"cutoff": now}
        )
    return list(
        AlertDelivery.objects.filter(
            frequency=frequency, period=period, state=AlertDelivery.State.PENDING, attempts=0
        ).values_list("pk", flat=True)
    )


def _search_group(saved: SavedSearch, cutoff: datetime) -> dict | None:
    params, dropped = search_known_facets(search_params(saved.querystring))
    found = project_ordered(replace(params, sort="recent")).filter(
        first_published_at__gt=saved.alert_since, first_published_at__lte=cutoff
    )
    projects = list(
        found.select_related("commune", "department").defer(*HEAVY_FIELDS)[: MAX_PER_SEARCH + 1]
    )
    if not projects:
        return None
    count = len(projects) if len(projects) <= MAX_PER_SEARCH else found.count()
    url, _dropped = saved_search_url(saved)
    return {
        "search": saved,
        "count": count,
        "more": max(0, count - MAX_PER_SEARCH),
        "dropped": dropped,
        "projects": [
            {
                "title": p.title,
                "url": absolute(p.get_absolute_url()),
                "place": ", ".join(x.name for x in (p.commune, p.department) if x is not None),
                "summary": p.summary,
            }
            for p in projects[:MAX_PER_SEARCH]
        ],
        "url": absolute(url),
        "unsubscribe_url": absolute(
            reverse("lists:alert_unsubscribe", kwargs={"token": unsubscribe_token(saved)})
        ),
    }


def alert_deliver(delivery_id: int) -> str:
    """Send the delivery ``delivery_id`` (safe to call twice: a delivery leaves "pending"
    once). Returns its state, or ``RETRY`` when the send failed and may be tried again."""
    with transaction.atomic():
        delivery = (
            AlertDelivery.objects.select_for_update()
            .select_related("owner")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.state != AlertDelivery.State.PENDING:
            return delivery.state if delivery else "missing"
        searches = list(
            SavedSearch.objects.filter(owner=delivery.owner, frequency=delivery.frequency)
        )
        groups = [g for g in (_search_group(s, delivery.cutoff) for s in searches) if g]
        to = member_verified_email(delivery.owner) if delivery.owner.is_active else None
        if not groups or not to:
            delivery.state = AlertDelivery.State.EMPTY
            if groups:  # something new, nowhere to send it
                delivery.state = AlertDelivery.State.FAILED
                delivery.last_error = "Aucune adresse e-mail vérifiée pour ce membre."
            delivery.save(update_fields=["state", "last_error"])
            _advance(searches, delivery.cutoff)
            return delivery.state
        delivery.attempts += 1
        context = {
            "member": delivery.owner,
            "groups": groups,
            "frequency": delivery.frequency,
            "project_count": sum(g["count"] for g in groups),
            "space_url": absolute(reverse("lists:searches")),
        }
        first = groups[0]["unsubscribe_url"] if len(groups) == 1 else None
        headers = None
        if first:  # RFC 8058: mail clients' own one-click button
            headers = {
                "List-Unsubscribe": f"<{first}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            }
        try:
            email_send("search_alert", context, [to], headers=headers)
        except (smtplib.SMTPException, OSError) as exc:
            delivery.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            retry = delivery.attempts < settings.ALERT_MAX_ATTEMPTS
            delivery.state = AlertDelivery.State.PENDING if retry else AlertDelivery.State.FAILED
            delivery.save(update_fields=["attempts", "last_error", "state"])
            return RETRY if retry else delivery.state
        delivery.state = AlertDelivery.State.SENT
        delivery.sent_at = timezone.now()
        delivery.project_count = context["project_count"]
        delivery.last_error = ""
        delivery.save(update_fields=["attempts", "state", "sent_at", "project_count", "last_error"])
        _advance(searches, delivery.cutoff)
        return delivery.state


def _advance(searches, cutoff) -> None:
    SavedSearch.objects.filter(pk__in=[s.pk for s in searches], alert_since__lt=cutoff).update(
        alert_since=cutoff
    )


def alert_retry_delay(delivery_id: int) -> timedelta:
    attempts = AlertDelivery.objects.filter(pk=delivery_id).values_list("attempts", flat=True)
    return timedelta(seconds=settings.ALERT_RETRY_SECONDS * max(1, attempts.first() or 1))


def _next_local(hour: int, *, weekday: int | None = None) -> datetime:
    now = timezone.localtime()
    run = now.replace(hour=hour, minute=0, second=0, microsecond=0)
    if weekday is not None:
        run += timedelta(days=(weekday - run.weekday()) % 7)
    if run <= now:
        run += timedelta(days=7 if weekday is not None else 1)
    return run


def alert_schedules_ensure() -> list[Schedule]:
    """The daily and weekly digest schedules (every morning; weekly on Mondays)."""
    schedules = []
    for frequency, schedule_type, weekday in (
        ("daily", Schedule.DAILY, None),
        ("weekly", Schedule.WEEKLY, 0),
    ):
        schedule, _created = Schedule.objects.get_or_create(
            name=SCHEDULE_NAMES[frequency],
            defaults={
                "func": "projects.lists.tasks.alerts_digest_task",
                "args": repr(frequency),
                "schedule_type": schedule_type,
                "repeats": -1,
                "next_run": _next_local(SEND_HOUR, weekday=weekday),
            },
        )
        schedules.append(schedule)
    return schedules
