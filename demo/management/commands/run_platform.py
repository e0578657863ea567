"""`make run`: migrate, seed, then serve the web site and one Django-Q2 worker together.

Both children are stopped on Ctrl-C (or when one of them dies), then the embedded PostgreSQL
is stopped if this command started it.
"""

import contextlib
import io
import os
import signal
import socket
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django_q.tasks import async_task

from community.embedded_db import release
from demo.handover import demo_sources_hand_over
from demo.web import demo_sources, start_demo_web, stop_demo_web
from harvesting.models import HarvestSource
from harvesting.sources_io import sources_import


class Command(BaseCommand):
    help = "Lance la plateforme : serveur web et travailleur de tâches (Ctrl-C pour arrêter)."

    def add_arguments(self, parser):
        parser.add_argument("--port", default=str(settings.PORT))
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, *args, port, host, **options):
        # The web server and the worker read their settings afresh: with PORT in their
        # environment, SITE_URL (links in the API, exports and e-mails) follows the port.
        os.environ["PORT"] = str(port)
        try:
            call_command("migrate", interactive=False, verbosity=0)
            seeded = io.StringIO()
            call_command("seed_platform", stdout=seeded)
            figures, *admin = seeded.getvalue().strip().splitlines() or [""]
            self.stdout.write(figures)
            if settings.CARREFOUR_DEMO_WEB:
                self._demo_web()
            self._serve(host, port, last_words=admin)
        finally:
            stop_demo_web()
            release()  # no-op with DATABASE_URL or a server someone else started

    def _demo_web(self):
        """Serve the demo partner sites on loopback and, the first time, import their harvest
        sources and queue a harvest of each: the worker fills the catalogue while you look."""
        base_urls = start_demo_web(first_port=settings.CARREFOUR_DEMO_WEB_PORT)
        report = sources_import(demo_sources(base_urls))
        demo_sources_hand_over(demo_sources(base_urls))  # a database of an earlier make run
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

    def _serve(self, host, port, last_words=()):
        manage = [sys.executable, "manage.py"]
        # Each child leads its own process group, so that stopping it also stops what it
        # started (runserver's autoreloader child, qcluster's workers).
        children = [
            subprocess.Popen([*manage, "runserver", f"{host}:{port}"], start_new_session=True),
            subprocess.Popen([*manage, "qcluster"], start_new_session=True),
        ]
        # Printed once the web server answers, after its own start-up lines: the address,
        # where the e-mails go, and the admin login last, where it is easy to find.
        _wait_for_port(host, int(port), children[0])
        self.stdout.write(
            self.style.SUCCESS(f"Carrefour : http://{host}:{port}/  (Ctrl-C pour arrêter)")
        )
        if getattr(settings, "EMAIL_FILE_PATH", None):
            self.stdout.write(
                f"E-mails envoyés : un fichier chacun dans {settings.EMAIL_FILE_PATH}"
            )
        for line in last_words:
            self.stdout.write(self.style.SUCCESS(line))
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


def _wait_for_port(host: str, port: int, child: subprocess.Popen, timeout: float = 30) -> None:
    """Wait until ``host:port`` accepts connections (or ``child`` died, or ``timeout``)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and child.poll() is None:
        with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=1):
            time.sleep(0.5)  # let runserver finish printing its banner
            return
        time.sleep(0.2)


def _signal_group(child: subprocess.Popen, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.pid, signum)
