"""`make prod`: the production stack on this machine — gunicorn + one Django-Q2 cluster, with
the production settings, against DATABASE_URL or the embedded PostgreSQL of the checkout.

    SECRET_KEY=... ALLOWED_HOSTS=127.0.0.1,localhost SECURE_SSL_REDIRECT=false make prod

It generates no secret: without SECRET_KEY and ALLOWED_HOSTS it stops and says what to set.
It applies the migrations, collects the static files (WhiteNoise, compressed and hashed), then
serves on GUNICORN_BIND until Ctrl-C, which stops both children and, if this command started
it, the embedded database. ``python -m community.ops.prodstack --help`` for the options.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from community.environment import BASE_DIR, env

PRODUCTION = "community.settings.production"
LOCAL_HINT = (
    "  SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(64))') \\\n"
    "  ALLOWED_HOSTS=127.0.0.1,localhost SECURE_SSL_REDIRECT=false make prod"
)


class StackError(Exception):
    """The stack cannot start; the message says what to do."""


def production_environment(secret_key: str | None = None, **overrides: str) -> dict:
    """Environment for production processes. DATABASE_URL defaults to the embedded server,
    started (and registered to this process) if needed. ``secret_key``: the bench's
    throwaway key; ``make prod`` never passes one."""
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": PRODUCTION, **overrides}
    if secret_key:
        environment["SECRET_KEY"] = secret_key
    missing = [
        name
        for name, value in (
            ("SECRET_KEY", environment.get("SECRET_KEY") or env("SECRET_KEY")),
            ("ALLOWED_HOSTS", environment.get("ALLOWED_HOSTS") or env("ALLOWED_HOSTS")),
        )
        if not value
    ]
    if missing:
        raise StackError(
            "The production stack needs " + " and ".join(missing) + " (nothing secret is "
            "generated for you). Set them in the environment or in .env; to try it on this "
            "machine over plain HTTP:\n" + LOCAL_HINT
        )
    if not (environment.get("DATABASE_URL") or env("DATABASE_URL")):
        from community.embedded_db import ensure_running

        environment["DATABASE_URL"] = ensure_running("carrefour")
    return environment


def manage(environment: dict, *args: str, quiet: bool = False) -> None:
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=environment,
        stdout=subprocess.DEVNULL if quiet else None,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        message = result.stderr.strip().splitlines()
        last = message[-1] if message else f"exit status {result.returncode}"
        raise StackError(f"manage.py {' '.join(args)} failed: {last}")


def prepare(environment: dict, *, migrate: bool = True) -> None:
    """Migrations (optional) and static files, with the production settings."""
    if migrate:
        manage(environment, "migrate", "--noinput", quiet=True)
    manage(environment, "collectstatic", "--noinput", quiet=True)


def gunicorn_command(*options: str) -> list[str]:
    config = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"
    return [sys.executable, "-m", "gunicorn", "-c", str(config), *options]


def supervise(children: list[subprocess.Popen]) -> None:
    """Wait for Ctrl-C/SIGTERM or a child's death, then stop every child."""
    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    previous = signal.signal(signal.SIGINT, stop), signal.signal(signal.SIGTERM, stop)
    try:
        while not stopping and all(child.poll() is None for child in children):
            time.sleep(0.3)
    finally:
        signal.signal(signal.SIGINT, previous[0])
        signal.signal(signal.SIGTERM, previous[1])
        terminate(children)


def terminate(children: list[subprocess.Popen], timeout: float = 30) -> None:
    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    for child in children:
        try:
            child.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-worker", action="store_true", help="gunicorn only, no qcluster")
    parser.add_argument("--no-migrate", action="store_true", help="skip `migrate`")
    options = parser.parse_args(argv)
    from community.embedded_db import release

    try:
        environment = production_environment()
        if env("SECURE_SSL_REDIRECT") and env("GUNICORN_BIND").startswith(("127.", "localhost")):
            print(
                "Note: SECURE_SSL_REDIRECT is on, so plain-HTTP requests are redirected to "
                "https://. Set SECURE_SSL_REDIRECT=false to browse this local stack over HTTP.",
                file=sys.stderr,
            )
        prepare(environment, migrate=not options.no_migrate)
        children = [subprocess.Popen(gunicorn_command(), cwd=BASE_DIR, env=environment)]  # noqa: S603
        if not options.no_worker:
            children.append(
                subprocess.Popen(  # noqa: S603
                    [sys.executable, "manage.py", "qcluster"], cwd=BASE_DIR, env=environment
                )
            )
        print(
            f"Carrefour (production settings) on http://{env('GUNICORN_BIND').split(',')[0]}/ "
            f"— {'web only' if options.no_worker else 'web + task worker'}; Ctrl-C to stop.",
            flush=True,
        )
        supervise(children)
        print("Production stack stopped.")
        return 0
    except StackError as error:
        print(f"make prod: {error}", file=sys.stderr)
        return 2
    finally:
        release()  # stops the embedded server only if this process started it


if __name__ == "__main__":
    sys.exit(main())
