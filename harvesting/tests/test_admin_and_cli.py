"""Back-office and command line of the harvester."""

import json
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from harvesting.models import HarvestRun, HarvestSource
from harvesting.scheduling import schedule_name
from harvesting.tests.factories import HarvestSourceFactory
from harvesting.tests.test_harvest import publish_site
from members.models import Organisation
from projects.models import Project

pytestmark = pytest.mark.django_db

SOURCES = [
    {
        "organisation": {"name": "Réseau Exemple", "website": "https://reseau.exemple.org"},
        "sources": [
            {
                "name": "Projets",
                "url": "https://reseau.exemple.org/",
                "kind": "sitemap",
                "include": ["/projets/"],
                "exclude": ["\\?print="],
                "selectors": {"title": "css:h1"},
                "schedule": "weekly",
                "auto_publish": True,
            }
        ],
    }
]


def test_import_twice_updates_never_duplicates(tmp_path):
    path = tmp_path / "sources.json"
    path.write_text(json.dumps(SOURCES), encoding="utf-8")
    call_command("harvest_sources", "import", str(path))
    SOURCES[0]["sources"][0]["schedule"] = "daily"
    path.write_text(json.dumps(SOURCES), encoding="utf-8")
    call_command("harvest_sources", "import", str(path))
    source = HarvestSource.objects.get()
    assert source.schedule == "daily" and source.kind == "sitemap" and source.auto_publish
    assert source.patterns("include_patterns") == ["/projets/"]
    assert Organisation.objects.filter(name="Réseau Exemple").count() == 1
    from django_q.models import Schedule

    assert Schedule.objects.get(name=schedule_name(source)).schedule_type == Schedule.DAILY
    out = tmp_path / "export.json"
    call_command("harvest_sources", "export", str(out))
    exported = json.loads(out.read_text())
    assert exported[0]["sources"][0]["selectors"] == {"title": "css:h1"}
    assert exported[0]["sources"][0]["exclude"] == ["\\?print="]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"url": "pas-une-adresse"}, "adresse invalide"),
        ({"kind": "magic"}, "type « magic » inconnu"),
        ({"include": ["(unclosed"]}, "« (unclosed » n'est pas une expression régulière valide"),
    ],
)
def test_bad_source_file_is_refused_whole_with_a_clear_message(tmp_path, change, message):
    bad = json.loads(json.dumps(SOURCES))
    bad[0]["sources"][0].update(change)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("harvest_sources", "import", str(path))
    assert not HarvestSource.objects.exists()


def test_harvest_sync_and_export_projects(partner_site, reference_data, tmp_path, capsys):
    publish_site(partner_site)
    organisation = Organisation.objects.create(name="Réseau Test", status="public")
    HarvestSourceFactory(
        organisation=organisation,
        name="Test",
        url=partner_site.url("/"),
        auto_publish=True,
    )
    call_command("harvest", "--all", "--sync")
    output = capsys.readouterr().out
    assert "Réussie" in output and "created" in output
    assert Project.objects.public().count() == 3
    call_command("export_projects", "--format", "jsonl")
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line]
    assert len(lines) == 3
    assert {"id", "themes", "commune_insee", "sources", "lat", "lon"} <= set(lines[0])
    assert all("contact_email" not in line for line in lines)
    assert lines[0]["sources"][0]["organisation"] == "Réseau Test"


def test_admin_lists_sources_previews_and_harvests_now(admin_client, partner_site, reference_data):
    publish_site(partner_site)
    organisation = Organisation.objects.create(name="Réseau Admin", status="public")
    source = HarvestSourceFactory(
        organisation=organisation,
        name="Projets admin",
        url=partner_site.url("/"),
    )
    listing = admin_client.get("/admin/harvesting/harvestsource/")
    assert listing.status_code == 200
    assert "Projets admin" in listing.text and "jamais moissonnée" in listing.text

    preview = admin_client.get(f"/admin/moissonnage/{source.pk}/tester/")
    assert preview.status_code == 200
    assert "Garage solidaire des Hauts" not in preview.text, "a GET never runs the dry run"
    started = admin_client.post(f"/admin/moissonnage/{source.pk}/tester/")
    assert started.status_code == 302  # test settings run the task synchronously
    page = admin_client.get(started.url)
    assert "Garage solidaire des Hauts" in page.text
    assert Project.objects.count() == 0, "a dry run saves nothing"

    response = admin_client.post(f"/admin/moissonnage/{source.pk}/moissonner/")
    assert response.status_code == 302
    run = HarvestRun.objects.get(source=source)  # test settings run tasks synchronously
    assert run.state == HarvestRun.State.SUCCEEDED and run.created == 3
    listing = admin_client.get("/admin/harvesting/harvestsource/")
    assert "Réussie" in listing.text
    runs = admin_client.get("/admin/harvesting/harvestrun/")
    assert runs.status_code == 200 and "Réussie" in runs.text


def test_schedules_follow_sources_and_never_fire_a_new_source_at_once():
    from django.utils import timezone
    from django_q.models import Schedule

    organisation = Organisation.objects.create(name="Réseau Horaire")
    source = HarvestSourceFactory(
        organisation=organisation, name="x", url="https://x.exemple.org/", schedule="hourly"
    )
    schedule = Schedule.objects.get(name=schedule_name(source))
    assert schedule.schedule_type == Schedule.HOURLY
    assert schedule.next_run > timezone.now() + timezone.timedelta(minutes=50)
    source.active = False
    source.save()
    assert not Schedule.objects.filter(name=schedule_name(source)).exists()
    source.active = True
    source.save()
    source.delete()
    assert not Schedule.objects.filter(name=schedule_name(source)).exists()


def test_watchdog_requeues_dead_runs_and_prunes_history(monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    from harvesting import tasks
    from harvesting.services import runs_prune

    organisation = Organisation.objects.create(name="Réseau Veille")
    source = HarvestSourceFactory(organisation=organisation, name="v", url="https://v.exemple.org/")
    for day in range(5):
        HarvestRun.objects.create(
            source=source, state="succeeded", started_at=timezone.now() - timedelta(days=day + 1)
        )
    dead = HarvestRun.objects.create(
        source=source, heartbeat_at=timezone.now() - timedelta(hours=1)
    )
    queued = []
    monkeypatch.setattr(tasks, "async_task", lambda *args: queued.append(args))
    assert tasks.watchdog_task() == 1
    dead.refresh_from_db()
    assert dead.state == HarvestRun.State.INTERRUPTED
    assert queued == [("harvesting.tasks.harvest_source_task", source.pk)]
    assert runs_prune(keep=3) == 3
    assert HarvestRun.objects.filter(source=source).count() == 3
    assert HarvestRun.objects.filter(pk=dead.pk).exists(), "the newest runs are kept"
