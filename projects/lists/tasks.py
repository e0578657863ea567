"""Django-Q2 tasks of the alerts (thin: the work is in ``projects.lists.alerts``).

The schedules (``alert_schedules_ensure``, made by ``seed_platform``) run
``alerts_digest_task`` daily and weekly; it queues one ``alert_send_task`` per member, so a
bouncing address delays only its own e-mail, which is queued again after
``ALERT_RETRY_SECONDS`` × attempts until ``ALERT_MAX_ATTEMPTS``.
"""

from __future__ import annotations

from django.utils import timezone
from django_q.models import Schedule
from django_q.tasks import async_task, schedule

from projects.lists.alerts import RETRY, alert_deliver, alert_retry_delay, alerts_plan

SEND_TASK = "projects.lists.tasks.alert_send_task"


def alerts_digest_task(frequency: str) -> int:
    ids = alerts_plan(frequency)
    for delivery_id in ids:
        async_task(SEND_TASK, delivery_id)
    return len(ids)


def alert_send_task(delivery_id: int) -> str:
    state = alert_deliver(delivery_id)
    if state == RETRY:
        delay = alert_retry_delay(delivery_id)
        if delay.total_seconds() <= 0:
            async_task(SEND_TASK, delivery_id)
        else:
            schedule(
                SEND_TASK,
                delivery_id,
                schedule_type=Schedule.ONCE,
                next_run=timezone.now() + delay,
                repeats=1,
            )
    return state
