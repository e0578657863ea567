"""Faults cost a delay, never data: a worker killed mid-harvest, PostgreSQL restarting
mid-harvest, two task clusters sharing a Redis queue. Real processes, real servers."""

import os
import signal
import socket
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from harvesting.models import HarvestRecord, HarvestRun
from harvesting.services import runs_end_stale, source_harvest
from harvesting.tests.factories import HarvestSourceFactory
from harvesting.tests.sites import PartnerSite, slow
from harvesting.tests.test_harvest import project_page
from members.models import Organisation
from projects.models import Project

ROOT = Path(__file__).resolve().parents[1]
PAGES = 12

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]


def _database_url() -> str:
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    if s["HOST"].startswith("/"):  # a Unix socket folder (the embedded server)
        return f"postgres://{s['USER']}@/{s['NAME']}?host={quote(s['HOST'])}"
    port = f":{s['PORT']}" if s["PORT"] else ""
    return f"postgres://{s['USER']}{password}@{s['HOST']}{port}/{s['NAME']}"


def _env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(
        DJANGO_SETTINGS_MODULE="community.settings.dev",
        DATABASE_URL=_database_url(),
        HARVEST_ALLOWED_NETWORKS="127.0.0.0/8",
        LOG_LEVEL="WARNING",
        **extra,
    )
    return env


def _slow_site(delay=0.35, key="a") -> PartnerSite:
    site = PartnerSite().start()
    paths = [f"/projets/initiative-{n}" for n in range(PAGES)]
    for n, path in enumerate(paths):
        data = {
            "title": f"Initiative solidaire {key}{n} du bocage",
            "body": f"À Laval (53), l'initiative {key}{n} accompagne les habitants vers "
            "l'emploi et la formation, avec les associations du quartier.",
            "website": f"https://initiative-{key}{n}.exemple.org/",
            "postal": "53000",
            "locality": "Laval",
        }
        site.routes[path] = slow(delay, project_page(path, data))
    urls = "".join(f"<url><loc>{site.url(p)}</loc></url>" for p in paths)
    site.add(
        "/sitemap.xml",
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>',
        content_type="application/xml",
    )
    return site


@pytest.fixture
def slow_source(reference_data):
    site = _slow_site()
    organisation = Organisation.objects.create(name="Réseau Lent", status="public")
    source = HarvestSourceFactory(
        organisation=organisation,
        name="Lent",
        url=site.url("/sitemap.xml"),
        kind="sitemap",
        auto_publish=True,
    )
    yield source
    site.stop()


def _harvest_in_subprocess(source) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "harvest", "--source", str(source.pk), "--sync"],
        cwd=ROOT,
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def _wait_for_records(source, count, process, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the harvest process ended early: {process.stderr.read()}")
        if HarvestRecord.objects.filter(source=source).count() >= count:
            return
        time.sleep(0.2)
    raise AssertionError(f"the harvest did not reach {count} records in {timeout} s")


def _assert_complete_without_duplicates(source):
    titles = list(Project.objects.values_list("title", flat=True))
    assert len(titles) == PAGES, titles
    assert len(set(titles)) == PAGES, "no duplicate project"
    assert HarvestRecord.objects.filter(source=source, project__isnull=False).count() == PAGES
    assert Project.objects.public().count() == PAGES


def _retry_after_watchdog(source):
    assert runs_end_stale(older_than=timedelta(0)) == [source.pk]
    assert HarvestRun.objects.get(source=source).state == HarvestRun.State.INTERRUPTED
    from harvesting.client import SafeClient

    run = source_harvest(
        source.pk, client=SafeClient(allowed_networks=["127.0.0.0/8"], min_delay=0)
    )
    assert run.state == HarvestRun.State.SUCCEEDED, run.errors
    return run


def test_worker_killed_mid_harvest_is_retried_without_duplicates(slow_source):
    process = _harvest_in_subprocess(slow_source)
    _wait_for_records(slow_source, 4, process)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    assert HarvestRun.objects.get(source=slow_source).state == HarvestRun.State.RUNNING
    done_before = Project.objects.count()
    assert 0 < done_before < PAGES
    run = _retry_after_watchdog(slow_source)
    assert run.created == PAGES - done_before
    _assert_complete_without_duplicates(slow_source)


@pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")), reason="restarts the embedded server only"
)
def test_postgresql_restart_mid_harvest_loses_nothing(slow_source):
    from community import embedded_db

    process = _harvest_in_subprocess(slow_source)
    _wait_for_records(slow_source, 4, process)
    connection.close()
    embedded_db.stop()
    time.sleep(1)
    embedded_db.ensure_running("carrefour")
    process.wait(timeout=60)
    assert process.returncode != 0, "the harvest stopped on the lost connection"
    connection.close()
    assert HarvestRun.objects.get(source=slow_source).state == HarvestRun.State.RUNNING
    for project in Project.objects.all():
        assert project.revisions.exists(), "every project written whole, with its revision"
    _retry_after_watchdog(slow_source)
    _assert_complete_without_duplicates(slow_source)


def _redis_available() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_available(), reason="needs Redis on 127.0.0.1:6379")
def test_two_clusters_on_redis_never_run_a_source_twice_at_once(reference_data):
    # Ten partners; each lists its own twelve projects, and also one project of its neighbour
    # (same website): harvested concurrently, that shared project must still be one.
    sites = [_slow_site(delay=0.05, key=chr(ord("a") + i)) for i in range(10)]
    for i, site in enumerate(sites):
        neighbour = chr(ord("a") + (i + 1) % 10)
        shared = {
            "title": f"Initiative solidaire {neighbour}0 du bocage",
            "body": f"À Laval (53), l'initiative {neighbour}0 accompagne les habitants.",
            "website": f"https://initiative-{neighbour}0.exemple.org/",
            "postal": "53000",
            "locality": "Laval",
        }
        site.add("/projets/partage", project_page("/projets/partage", shared))
        urls = "".join(
            f"<url><loc>{site.url(p)}</loc></url>"
            for p in [*(f"/projets/initiative-{n}" for n in range(PAGES)), "/projets/partage"]
        )
        site.add(
            "/sitemap.xml",
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>',
            content_type="application/xml",
        )
    sources = []
    for index, site in enumerate(sites):
        organisation = Organisation.objects.create(name=f"Partenaire {index}", status="public")
        sources.append(
            HarvestSourceFactory(
                organisation=organisation,
                name=f"S{index}",
                url=site.url("/sitemap.xml"),
                kind="sitemap",
                auto_publish=True,
            )
        )
    name = f"carrefour-test-{os.getpid()}"
    env = _env(REDIS_URL="redis://127.0.0.1:6379/15", Q_CLUSTER_NAME=name, Q_WORKERS="2")
    clusters = [
        subprocess.Popen(
            [sys.executable, "manage.py", "qcluster"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        for _ in range(2)
    ]
    try:
        enqueue = (
            "from django_q.tasks import async_task\n"
            f"for pk in {[s.pk for s in sources]!r} * 2:\n"
            "    async_task('harvesting.tasks.harvest_source_task', pk)\n"
        )
        subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", enqueue],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=120,
        )
        from django_q.models import Task

        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:  # all 20 tasks done (results stored by Django-Q2)
            if Task.objects.filter(func="harvesting.tasks.harvest_source_task").count() >= 20:
                break
            time.sleep(1)
    finally:
        for cluster in clusters:
            os.killpg(cluster.pid, signal.SIGTERM)
        for cluster in clusters:
            try:
                cluster.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(cluster.pid, signal.SIGKILL)
        for site in sites:
            site.stop()
    errors = [e for run in HarvestRun.objects.all() for e in run.errors]
    for source in sources:
        runs = list(HarvestRun.objects.filter(source=source).order_by("started_at"))
        assert runs, f"{source} never harvested"
        assert all(run.state != HarvestRun.State.RUNNING for run in runs)
        for earlier, later in zip(runs, runs[1:], strict=False):
            assert later.started_at >= earlier.finished_at, "never two runs of a source at once"
    websites = list(Project.objects.values_list("website", flat=True))
    assert len(websites) == len(set(websites)) == 10 * PAGES, errors[:5]
    assert HarvestRecord.objects.filter(project__isnull=False).count() == 10 * (PAGES + 1)
    shared = Project.objects.get(website="https://initiative-b0.exemple.org")
    assert shared.sources.count() == 2, "listed by two partners, one project"
