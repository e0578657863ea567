"""The saved-search alerts through a real Django-Q2 worker and a real SMTP server: the daily
schedule fires, one e-mail per member goes out, a refused address is tried again by the worker
until ALERT_MAX_ATTEMPTS and never holds back the others, a temporary refusal ends sent."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.utils import timezone
from django_q.models import Schedule

from members.tests.fixtures import make_member
from projects.lists.alerts import SCHEDULE_NAMES, alert_schedules_ensure
from projects.lists.searches import saved_search_create
from projects.models import AlertDelivery, Project, SavedSearch
from projects.tests.factories import ProjectFactory
from tests.smtp import SMTPServer
from tests.test_faults import ROOT, _env

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]


def _wait(condition, timeout=150):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return False


def test_daily_alerts_run_by_the_worker_bounce_retried_others_sent(reference_data):
    smtp = SMTPServer(refuse={"rebond@exemple.org"}, refuse_first={"lent@exemple.org": 1}).start()
    project = ProjectFactory(title="Épicerie solidaire de Rennes")
    Project.objects.filter(pk=project.pk).update(
        first_published_at=timezone.now() - timedelta(hours=2)
    )
    members = [make_member(n, f"{n}@exemple.org") for n in ("rebond", "alice", "lent", "bob")]
    for member in members:
        saved = saved_search_create(member, "q=epicerie", name="Épiceries", frequency="daily")
        SavedSearch.objects.filter(pk=saved.pk).update(
            alert_since=timezone.now() - timedelta(days=1)
        )
    quiet = make_member("calme", "calme@exemple.org")  # nothing new for this search
    saved_search_create(quiet, "q=velo", frequency="daily")
    alert_schedules_ensure()
    Schedule.objects.filter(name=SCHEDULE_NAMES["daily"]).update(
        next_run=timezone.now() - timedelta(minutes=1)
    )
    env = _env(
        EMAIL_URL=smtp.url,
        SITE_URL="http://carrefour.test",
        ALERT_MAX_ATTEMPTS="3",
        ALERT_RETRY_SECONDS="0",
        Q_CLUSTER_NAME=f"carrefour-alerts-{os.getpid()}",
        Q_WORKERS="2",
    )
    cluster = subprocess.Popen(
        [sys.executable, "manage.py", "qcluster"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        settled = _wait(
            lambda: (
                AlertDelivery.objects.count() == 5
                and not AlertDelivery.objects.filter(state="pending").exists()
            )
        )
    finally:
        os.killpg(cluster.pid, signal.SIGTERM)
        try:
            cluster.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(cluster.pid, signal.SIGKILL)
        smtp.stop()
    deliveries = {d.owner.username: d for d in AlertDelivery.objects.select_related("owner")}
    assert settled, {k: (d.state, d.attempts) for k, d in deliveries.items()}
    assert deliveries["rebond"].state == "failed" and deliveries["rebond"].attempts == 3
    assert "SMTPRecipientsRefused" in deliveries["rebond"].last_error
    assert deliveries["lent"].state == "sent" and deliveries["lent"].attempts == 2
    assert deliveries["alice"].state == deliveries["bob"].state == "sent"
    assert deliveries["calme"].state == "empty"
    assert sorted(smtp.delivered_to()) == [
        "alice@exemple.org",
        "bob@exemple.org",
        "lent@exemple.org",
    ], "one e-mail per member, none for the quiet one, none twice"
    assert smtp.tries["rebond@exemple.org"] == 3
    _sender, _to, message = smtp.messages[0]
    text = message.get_body(("plain",)).get_content()
    assert "Épicerie solidaire de Rennes" in text
    assert "http://carrefour.test/alertes/desinscription/" in text
    assert str(message["List-Unsubscribe"]).strip().startswith("<http://carrefour.test/alertes/")
