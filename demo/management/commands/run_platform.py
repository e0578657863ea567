"""`make run`: migrate, seed, then serve the web site and one Django-Q2 worker together.

Both children are stopped on Ctrl-C (or when one of them dies), then the embedded PostgreSQL
is stopped if this command started it.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django_q.tasks import async_task

from community.embedded_db import release
from demo.web import demo_sources, start_demo_web, stop_demo_web
from harvesting.models import HarvestSource
from harvesting.sources_io import sources_import


class Command(BaseCommand):
    help = "Lance la plateforme : serveur web et travailleur de tâches (Ctrl-C pour arrêter)."

    def add_arguments(self, parser):
        parser.add_argument("--port", default="8000")
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, *args, port, host, **options):
        try:
            call_command("migrate", interactive=False, verbosity=0)
            call_command("seed_platform")
            if settings.CARREFOUR_DEMO_WEB:
                self._demo_web()
            self._serve(host, port)
        finally:
            stop_demo_web()
            release()  # no-op with DATABASE_URL or a server someone else started

    def _demo_web(self):
        """Serve the demo partner sites on loopback and, the first time, import their harvest
        sources and queue a harvest of each: the worker fills the catalogue while you look."""
        base_urls = start_demo_web(first_port=settings.CARREFOUR_DEMO_WEB_PORT)
        report = sources_import(demo_sources(base_urls))
        new_sources = HarvestSource.objects.filter(
            url__in=[s["url"] for entry in demo_sources(base_urls) for s in entry["sources"]],
            runs__isnull=True,
        )
        for source in new_sources:
            async_task("harvesting.tasks.harvest_source_task", source.pk)
        self.stdout.write(
            f"Sites partenaires de démonstration : {', '.join(base_urls.values())} "
            f"({report.sources_created} sources créées, {new_sources.count()} moissons lancées)"
        )

    def _serve(self, host, port):
        manage = [sys.executable, "manage.py"]
        # Each child leads its own process group, so that stopping it also stops what it
        # started (runserver's autoreloader child, qcluster's workers).
        children = [
            subprocess.Popen([*manage, "runserver", f"{host}:{port}"], start_new_session=True),
            subprocess.Popen([*manage, "qcluster"], start_new_session=True),
        ]
        self.stdout.write(
            self.style.SUCCESS(f"Carrefour : http://{host}:{port}/  (Ctrl-C pour arrêter)")
        )
        stopping = False

        def stop(*_):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        while not stopping and all(child.poll() is None for child in children):
            time.sleep(0.3)
        for child in children:
            _signal_group(child, signal.SIGINT)
        for child in children:
            try:
                child.wait(timeout=20)
            except subprocess.TimeoutExpired:
                _signal_group(child, signal.SIGKILL)
                child.wait()
            _signal_group(child, signal.SIGKILL)  # anything of its group still lingering
        self.stdout.write("Plateforme arrêtée.")


def _signal_group(child: subprocess.Popen, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.pid, signum)
