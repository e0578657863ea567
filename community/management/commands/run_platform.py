"""`make run`: migrate, seed, then serve the web site and one Django-Q2 worker together.

Both children are stopped on Ctrl-C (or when one of them dies), then the embedded PostgreSQL
is stopped if this command started it.
"""

import signal
import subprocess
import sys
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

from community.embedded_db import release


class Command(BaseCommand):
    help = "Lance la plateforme : serveur web et travailleur de tâches (Ctrl-C pour arrêter)."

    def add_arguments(self, parser):
        parser.add_argument("--port", default="8000")
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, *args, port, host, **options):
        try:
            call_command("migrate", interactive=False, verbosity=0)
            call_command("seed_platform")
            self._serve(host, port)
        finally:
            release()  # no-op with DATABASE_URL or a server someone else started

    def _serve(self, host, port):
        manage = [sys.executable, "manage.py"]
        children = [
            subprocess.Popen([*manage, "runserver", f"{host}:{port}"]),
            subprocess.Popen([*manage, "qcluster"]),
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
            if child.poll() is None:
                child.send_signal(signal.SIGINT)
        for child in children:
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()
        self.stdout.write("Plateforme arrêtée.")
