"""Saved searches: saved from the catalogue's query string, edited in the member's space,
opened again even when facets have gone, and their alerts (one e-mail per member and period,
grouped by search, nothing when nothing is new, one-click unsubscribe, bounces retried)."""

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from members.tests.fixtures import make_member
from projects.lists import alerts, searches
from projects.lists.tasks import alerts_digest_task
from projects.models import AlertDelivery, Project, SavedSearch, Theme
from projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(db):
    return make_member("alice", "alice@exemple.org")


@pytest.fixture
def bob(db):
    return make_member("bob", "bob@exemple.org")


def _published(title, *, ago=timedelta(hours=1), themes=(), **extra):
    project = ProjectFactory(title=title, themes=list(themes), **extra)
    Project.objects.filter(pk=project.pk).update(first_published_at=timezone.now() - ago)
    return project


def _saved(user, querystring, *, name="", frequency="daily", since=timedelta(days=2)):
    saved = searches.saved_search_create(user, querystring, name=name, frequency=frequency)
    SavedSearch.objects.filter(pk=saved.pk).update(alert_since=timezone.now() - since)
    saved.refresh_from_db()
    return saved


def test_save_from_the_catalogue_querystring_normalised(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("lists:search_save"),
        {
            "querystring": "q=%C3%A9picerie++solidaire&theme=ALI&page=3&bogus=1",
            "name": "",
            "frequency": "weekly",
            "next": "/catalogue/",
        },
    )
    assert response.status_code == 302
    saved = SavedSearch.objects.get(owner=alice)
    assert saved.querystring == "q=%C3%A9picerie+solidaire&theme=ALI"
    assert saved.name.startswith("épicerie solidaire") and saved.frequency == "weekly"


def test_default_name_says_the_words_and_the_facets_quoted_once(client, alice):
    theme = Theme.objects.create(code="ZZALI", label="Alimentation durable")
    client.force_login(alice)
    response = client.post(
        reverse("lists:search_save"),
        {"querystring": f"q=epicerie&theme={theme.code}", "name": "", "frequency": "daily"},
        follow=True,
    )
    saved = SavedSearch.objects.get(owner=alice)
    assert saved.name == "epicerie · Alimentation durable"
    html = response.content.decode()
    assert "« epicerie · Alimentation durable » enregistrée" in html
    assert "« «" not in html


def test_searches_listed_edited_and_deleted_in_the_space(client, alice):
    saved = _saved(alice, "q=jardin", name="Jardins")
    client.force_login(alice)
    page = client.get(reverse("lists:searches")).content.decode()
    assert "Jardins" in page
    client.post(
        reverse("lists:search", args=[saved.pk]),
        {f"s{saved.pk}-name": "Jardins partagés", f"s{saved.pk}-frequency": "weekly"},
    )
    saved.refresh_from_db()
    assert (saved.name, saved.frequency) == ("Jardins partagés", "weekly")
    client.post(reverse("lists:search", args=[saved.pk]), {"action": "delete"})
    assert not SavedSearch.objects.exists()


def test_another_members_saved_search_is_404(client, alice, bob):
    saved = _saved(alice, "q=jardin", name="Jardins")
    client.force_login(bob)
    assert client.get(reverse("lists:search_open", args=[saved.pk])).status_code == 404
    response = client.post(reverse("lists:search", args=[saved.pk]), {"action": "delete"})
    assert response.status_code == 404
    assert SavedSearch.objects.filter(pk=saved.pk).exists()


def test_a_search_whose_facets_have_gone_still_opens_and_says_so(client, alice):
    saved = _saved(alice, "q=jardin&theme=ALI&theme=DISPARU&region=99&organisation=fermee")
    client.force_login(alice)
    response = client.get(reverse("lists:search_open", args=[saved.pk]), follow=False)
    assert response.status_code == 302
    assert response["Location"].endswith("?q=jardin&theme=ALI")
    page = client.get(reverse("lists:searches")).content.decode()
    assert "n&#x27;existent plus" in page or "n'existent plus" in page
    assert "DISPARU" in page and "99" in page


def test_digest_one_email_per_member_grouped_by_search_nothing_when_nothing_new(alice, bob):
    ali = Theme.objects.get(code="ALI")
    _published("Épicerie solidaire de Rennes", themes=[ali])
    _published("Jardin partagé des Lilas")
    _published("Ancien jardin", ago=timedelta(days=5))  # before the alerts' window
    _saved(alice, "q=epicerie", name="Épiceries")
    _saved(alice, "q=jardin", name="Jardins")
    _saved(alice, "q=jardin", name="Hebdo", frequency="weekly")
    _saved(bob, "q=velo", name="Vélos")  # nothing new for Bob
    assert alerts_digest_task("daily") == 2
    assert len(mail.outbox) == 1, "one e-mail for Alice, none for Bob"
    message = mail.outbox[0]
    assert message.to == ["alice@exemple.org"]
    body = message.body
    assert "Épiceries" in body and "Jardins" in body and "Hebdo" not in body
    assert "Épicerie solidaire de Rennes" in body and "Jardin partagé des Lilas" in body
    assert "Ancien jardin" not in body
    groups = {g.split(" (")[0]: g for g in body.split("\n== ")[1:]}
    assert set(groups) == {"Épiceries", "Jardins"}, "grouped by search"
    assert "Épicerie solidaire de Rennes" in groups["Épiceries"]
    assert "Jardin partagé des Lilas" in groups["Jardins"]
    assert "Jardin" not in groups["Épiceries"] and "Épicerie" not in groups["Jardins"]
    assert "2 nouveaux projets" in message.subject
    states = dict(AlertDelivery.objects.values_list("owner__username", "state"))
    assert states == {"alice": "sent", "bob": "empty"}
    # the same period again: nothing twice; the next period: nothing new, nothing sent
    assert alerts_digest_task("daily") == 0
    tomorrow = timezone.now() + timedelta(days=1)
    for pk in alerts.alerts_plan("daily", now=tomorrow):
        alerts.alert_deliver(pk)
    assert len(mail.outbox) == 1
    # a project published after that is in the following alert
    _published("Épicerie du Blosne", ago=-timedelta(days=1, hours=1))
    for pk in alerts.alerts_plan("daily", now=tomorrow + timedelta(days=1)):
        alerts.alert_deliver(pk)
    assert len(mail.outbox) == 2 and "Épicerie du Blosne" in mail.outbox[1].body
    assert "Jardin partagé" not in mail.outbox[1].body


def test_one_click_unsubscribe_without_login(client, alice):
    _published("Épicerie solidaire de Rennes")
    saved = _saved(alice, "q=epicerie", name="Épiceries")
    alerts_digest_task("daily")
    link = next(w for w in mail.outbox[0].body.split() if "/alertes/desinscription/" in w)
    assert mail.outbox[0].extra_headers["List-Unsubscribe"] == f"<{link}>"
    path = link[link.index("/alertes/") :]
    response = client.get(path)
    assert response.status_code == 200 and b"data-alert-stopped" in response.content
    saved.refresh_from_db()
    assert saved.frequency == "none"
    assert client.get(path[:-5] + "xxxx/").status_code == 404
    client.post(path, {"action": "resume"})
    saved.refresh_from_db()
    assert saved.frequency == "weekly"


def test_a_bounce_is_retried_and_never_blocks_the_others(alice, bob, settings, monkeypatch):
    settings.ALERT_MAX_ATTEMPTS = 3
    settings.ALERT_RETRY_SECONDS = 0
    _published("Épicerie solidaire de Rennes")
    _saved(alice, "q=epicerie")
    _saved(bob, "q=epicerie")
    real_send = mail.EmailMessage.send

    def send(message, *args, **kwargs):
        if message.to == ["alice@exemple.org"]:
            raise smtplib.SMTPRecipientsRefused({"alice@exemple.org": (550, b"mailbox full")})
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(mail.EmailMessage, "send", send)
    alerts_digest_task("daily")  # test settings run tasks synchronously
    deliveries = {d.owner.username: d for d in AlertDelivery.objects.select_related("owner")}
    assert deliveries["bob"].state == "sent" and deliveries["bob"].attempts == 1
    assert deliveries["alice"].state == "failed" and deliveries["alice"].attempts == 3
    assert "mailbox full" in deliveries["alice"].last_error
    assert [m.to for m in mail.outbox] == [["bob@exemple.org"]]


def test_the_member_sees_that_the_last_alert_bounced(client, alice):
    saved = _saved(alice, "q=epicerie", name="Épiceries")
    AlertDelivery.objects.create(
        owner=alice,
        frequency=saved.frequency,
        period="2026-12-01",
        cutoff=timezone.now(),
        state="failed",
        attempts=4,
        last_error="SMTPRecipientsRefused",
    )
    client.force_login(alice)
    page = client.get(reverse("lists:searches")).content.decode()
    assert 'data-last-alert="failed"' in page and "Adresses e-mail" in page


def test_seed_makes_the_daily_and_weekly_schedules_once(db):
    from django_q.models import Schedule

    first = alerts.alert_schedules_ensure()
    again = alerts.alert_schedules_ensure()
    assert [s.pk for s in first] == [s.pk for s in again]
    daily, weekly = (
        Schedule.objects.get(name=alerts.SCHEDULE_NAMES[f]) for f in alerts.SCHEDULE_NAMES
    )
    assert (daily.func, daily.args, daily.schedule_type) == (
        "projects.lists.tasks.alerts_digest_task",
        "'daily'",
        Schedule.DAILY,
    )
    assert weekly.schedule_type == Schedule.WEEKLY and weekly.args == "'weekly'"
    assert timezone.localtime(weekly.next_run).weekday() == 0
    assert timezone.localtime(daily.next_run).hour == alerts.SEND_HOUR
    assert daily.next_run > timezone.now()


def test_period_keys_make_one_delivery_per_member_and_period(alice):
    _saved(alice, "q=jardin", frequency="weekly")
    monday = timezone.make_aware(timezone.datetime(2026, 11, 30, 8))
    sunday = timezone.make_aware(timezone.datetime(2026, 12, 6, 20))
    alerts.alerts_plan("weekly", now=monday)
    alerts.alerts_plan("weekly", now=sunday)
    assert list(AlertDelivery.objects.values_list("period", flat=True)) == ["2026-W49"]
    with pytest.raises(ValueError):
        alerts.alerts_plan("hourly")
