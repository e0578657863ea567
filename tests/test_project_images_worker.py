"""Project images through a real Django-Q2 worker: the hourly sweep schedule fires, the worker
fetches the partner's image on loopback through the safe client and writes the thumbnail to
MEDIA_ROOT; a failing address is recorded and stops nothing."""

import io
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.utils import timezone
from django_q.models import Schedule
from PIL import Image

from harvesting.scheduling import IMAGES, images_schedule_ensure
from harvesting.tests.sites import PartnerSite
from projects.models import Project, ProjectImage
from projects.tests.factories import ProjectFactory
from tests.test_faults import ROOT, _env

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (1280, 720), (20, 90, 160)).save(out, format="PNG")
    return out.getvalue()


def test_the_hourly_sweep_run_by_the_worker_stores_thumbnails(tmp_path):
    site = PartnerSite().start()
    site.add("/robots.txt", "User-agent: *\nAllow: /\n", content_type="text/plain")
    site.add("/photo.png", _png(), content_type="image/png")
    site.add("/cassee.png", "<h1>Erreur</h1>", status=500)
    good, broken = ProjectFactory(), ProjectFactory()
    # addresses written without a save signal: only the worker's sweep may fetch them
    Project.objects.filter(pk=good.pk).update(image_url=site.url("/photo.png"))
    Project.objects.filter(pk=broken.pk).update(image_url=site.url("/cassee.png"))
    images_schedule_ensure()
    Schedule.objects.filter(name=IMAGES).update(next_run=timezone.now() - timedelta(minutes=1))
    env = _env(
        MEDIA_ROOT=str(tmp_path),
        Q_CLUSTER_NAME=f"carrefour-images-{os.getpid()}",
        Q_WORKERS="1",
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
        deadline = time.monotonic() + 150
        while time.monotonic() < deadline and ProjectImage.objects.count() < 2:
            time.sleep(0.5)
    finally:
        os.killpg(cluster.pid, signal.SIGTERM)
        try:
            cluster.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(cluster.pid, signal.SIGKILL)
        site.stop()
    # columns only: the test process's storage is in memory, the worker wrote to MEDIA_ROOT
    rows = ProjectImage.objects.values("file", "width", "height", "failure")
    stored, failed = rows.get(project=good), rows.get(project=broken)
    assert stored["failure"] == "" and (stored["width"], stored["height"]) == (640, 360)
    assert (tmp_path / stored["file"]).is_file()
    assert "erreur 500" in failed["failure"] and not failed["file"]
