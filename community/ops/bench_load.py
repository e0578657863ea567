"""`make bench-load`: load-test the catalogue, a project page and the API on loopback.

Starts gunicorn with the production settings on 127.0.0.1 (BENCH_PORT, default 8100) against the
seeded database (DATABASE_URL, else the embedded one), then drives each scenario with CLIENTS
concurrent keep-alive connections for DURATION seconds, and prints throughput, latency
percentiles (p50/p95/p99) and errors. The load generator is Debian's ``wrk`` when installed
(``apt-get install wrk``: C, cheap), else a Python asyncio one (raw HTTP/1.1 keep-alive); its
own CPU time is measured and printed, since it shares the machine with the server.

No SECRET_KEY is needed: without one, a throwaway key is made for this process only (the bench
serves nobody but itself). Seed first, e.g. 100k synthetic projects (about 5 minutes):

    python manage.py seed_platform --demo-projects 0
    python manage.py seed_projects --count 100000

Traffic goes only to 127.0.0.1 and every scenario stops after DURATION seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import resource
import runpy
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from http.client import HTTPConnection

from community.environment import BASE_DIR, env
from community.ops.prodstack import (
    StackError,
    gunicorn_command,
    prepare,
    production_environment,
    terminate,
)

HOST = "127.0.0.1"
QUERIES = [
    "",
    "jardin",
    "education numerique",
    "alimentation",
    "insertion",
    "solidaire",
    "habitat",
    "mobilite",
    "culture",
    "sante",
    "emploi jeunes",
    "recyclage",
    "tiers-lieu",
    "agriculture",
    "handicap",
    "seniors isolement",
]


@dataclass
class Result:
    scenario: str
    requests: int = 0
    errors: int = 0
    elapsed: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    percentiles: dict = field(default_factory=dict)
    generator_cpu: float = 0.0
    error_kinds: dict = field(default_factory=dict)
    note: str = ""

    def percentile(self, p: float) -> float:
        if self.percentiles:
            return self.percentiles[p]
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


# --- wrk -------------------------------------------------------------------------------------

WRK_SCRIPT = """
local paths = %s
local i = 0
local offset = 0
setup = function(thread) thread:set("start", offset); offset = offset + 7 end
init = function(args) i = start %% #paths end
request = function()
  i = (i %% #paths) + 1
  return wrk.format("GET", paths[i], {["Accept-Encoding"] = "gzip"})
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %%d, "duration_us": %%d, "connect": %%d, "read": %%d, "write": %%d, ' ..
    '"status": %%d, "timeout": %%d, "p50": %%f, "p95": %%f, "p99": %%f, "max": %%f}\\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
"""


def run_wrk(scenario, port, paths, clients, duration) -> Result:
    lua_paths = "{" + ",".join(json.dumps(p) for p in paths) + "}"
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % lua_paths)
    threads = max(1, min(clients, os.cpu_count() or 1))
    command = [
        shutil.which("wrk"),
        f"-t{threads}",
        f"-c{clients}",
        f"-d{duration}s",
        "--timeout",
        "10s",
        "-s",
        script.name,
        f"http://{HOST}:{port}",
    ]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # noqa: S603
    out, err = process.communicate(timeout=duration + 60)
    # CPU of wrk (user + system) from the kernel's accounting of waited-for children.
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    os.unlink(script.name)
    line = next((x for x in out.decode().splitlines() if x.startswith("{")), None)
    if line is None:
        raise StackError(f"wrk failed: {err.decode().strip() or out.decode().strip()}")
    data = json.loads(line)
    kinds = {k: data[k] for k in ("connect", "read", "write", "status", "timeout") if data[k]}
    return Result(
        scenario=scenario,
        requests=data["requests"],
        errors=sum(kinds.values()),
        elapsed=data["duration_us"] / 1e6,
        percentiles={50: data["p50"], 95: data["p95"], 99: data["p99"], 100: data["max"]},
        generator_cpu=(after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
        error_kinds=kinds,
    )


# --- Python asyncio generator -----------------------------------------------------------------


async def _read_response(reader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            key, value = line.split(":", 1)
            headers[key.strip().lower()] = value.strip()
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    return status if headers.get("connection", "").lower() != "close" else -status


async def _client(port, next_path, result: Result, timeout: float = 10):
    """One keep-alive connection requesting ``next_path()`` until it returns None."""
    reader = writer = None
    while (path := next_path()) is not None:
        started = time.perf_counter()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(HOST, port)
            # the Host wrk sends, port included: the shared pages are keyed by it
            head = f"GET {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\nAccept-Encoding: gzip\r\n\r\n"
            writer.write(head.encode())
            status = await asyncio.wait_for(_read_response(reader), timeout=timeout)
        except (TimeoutError, OSError, asyncio.IncompleteReadError) as error:
            kind = type(error).__name__
            result.error_kinds[kind] = result.error_kinds.get(kind, 0) + 1
            result.errors += 1
            if writer is not None:
                writer.close()
            reader = writer = None
            continue
        result.latencies_ms.append((time.perf_counter() - started) * 1000)
        result.requests += 1
        if abs(status) >= 400:
            result.errors += 1
            result.error_kinds[str(abs(status))] = result.error_kinds.get(str(abs(status)), 0) + 1
        if status < 0:  # the server closed the connection
            writer.close()
            reader = writer = None
    if writer is not None:
        writer.close()


def first_views(scenario, port, paths, clients) -> Result:
    """Every path requested once by ``clients`` concurrent connections: the pages rendered for
    their first visitor (nothing shared yet), which also fills a shared cache (``REDIS_URL``)
    for the steady-state run that follows."""
    result = Result(scenario=scenario)
    before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.monotonic()

    pending = list(reversed(paths))

    async def main():
        def next_path():
            return pending.pop() if pending else None

        await asyncio.gather(*(_client(port, next_path, result, 30) for _ in range(clients)))

    asyncio.run(main())
    after = resource.getrusage(resource.RUSAGE_SELF)
    result.elapsed = time.monotonic() - started
    result.generator_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return result


def run_python(scenario, port, paths, clients, duration) -> Result:
    result = Result(scenario=scenario)
    before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.monotonic()

    async def main():
        deadline = time.monotonic() + duration

        def next_path():
            # load pattern, not security
            return random.choice(paths) if time.monotonic() < deadline else None  # noqa: S311

        await asyncio.gather(*(_client(port, next_path, result) for _ in range(clients)))

    asyncio.run(main())
    after = resource.getrusage(resource.RUSAGE_SELF)
    result.elapsed = time.monotonic() - started
    result.generator_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return result


# --- the bench --------------------------------------------------------------------------------


def targets(environment, sample: int):
    """Catalogue and project URLs from the database (with the production settings)."""
    os.environ.update(environment)
    import django

    django.setup()
    from projects.models import CataloguePage, Project

    catalogue = CataloguePage.objects.live().first()
    live = Project.objects.filter(live=True)
    count = live.count()
    if catalogue is None or count == 0:
        raise StackError(
            "The database has no catalogue page or no published project: seed it first, e.g.\n"
            "  python manage.py seed_platform --demo-projects 0 && "
            "python manage.py seed_projects --count 100000"
        )
    slugs = list(live.order_by("?").values_list("slug", flat=True)[:sample])
    base = catalogue.url if catalogue.url.startswith("/") else "/" + catalogue.url.split("/", 3)[-1]
    catalogue_paths = [f"{base}?q={q.replace(' ', '+')}" if q else base for q in QUERIES]
    catalogue_paths += [f"{base}?q={q.replace(' ', '+')}&page=2" for q in QUERIES[1:5]]
    return count, {
        "catalogue": catalogue_paths,
        "project": [f"/projets/{slug}/" for slug in slugs],
        "api": [f"/api/projects?q={q.replace(' ', '+')}" for q in QUERIES],
    }


def wait_ready(port, process, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise StackError("gunicorn stopped during start-up: see its messages above.")
        try:
            connection = HTTPConnection(HOST, port, timeout=5)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise StackError(f"gunicorn did not answer /healthz on {HOST}:{port} within {timeout} s.")


def drain(port, timeout=180):
    """Wait until requests left behind by the generator (timed-out clients) are served, so
    that one scenario's backlog does not slow the next one down."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        started = time.monotonic()
        with contextlib.suppress(OSError):
            status_of(port, "/healthz")
        if time.monotonic() - started < 0.2:
            return
        time.sleep(0.5)


def status_of(port, path) -> int:
    connection = HTTPConnection(HOST, port, timeout=30)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    return response.status


def report(results, projects, generator, clients, duration, workers, threads, cache="?"):
    print()
    print(
        f"bench-load: {projects} published projects · {clients} clients · {duration} s per "
        f"scenario · gunicorn {workers} workers × {threads} threads (production settings) · "
        f"generator {generator} · page cache {cache}"
    )
    header = f"{'scenario':<12} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} "
    header += f"{'p99 ms':>8} {'max ms':>8} {'errors':>7}  generator CPU"
    print(header)
    print("-" * len(header))
    for r in results:
        if r.note:
            print(f"{r.scenario:<12} {r.note}")
            continue
        rate = r.requests / r.elapsed if r.elapsed else 0
        cpu = f"{r.generator_cpu:.1f} s ({100 * r.generator_cpu / max(r.elapsed, 1e-9):.0f}% core)"
        print(
            f"{r.scenario:<12} {r.requests:>9} {rate:>8.1f} {r.percentile(50):>8.1f} "
            f"{r.percentile(95):>8.1f} {r.percentile(99):>8.1f} {r.percentile(100):>8.1f} "
            f"{r.errors:>7}  {cpu}"
        )
        if r.error_kinds:
            print(f"{'':<12} errors by kind: {r.error_kinds}")
    catalogue = next((r for r in results if r.scenario == "catalogue" and not r.note), None)
    if catalogue:
        verdict = "NO"
        if catalogue.requests and catalogue.errors == 0 and catalogue.percentile(95) < 300:
            verdict = "yes"
        print(f"\ncatalogue: zero errors and p95 < 300 ms → {verdict}")
    project = next((r for r in results if r.scenario == "project" and not r.note), None)
    if project and project.elapsed:
        rate = project.requests / project.elapsed
        verdict = "yes" if rate >= 400 and project.percentile(95) <= 250 else "NO"
        print(f"project page: ≥ 400 req/s and p95 ≤ 250 ms → {verdict}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--duration", type=int, default=60, help="seconds per scenario")
    parser.add_argument("--warmup", type=int, default=5, help="seconds, not counted")
    parser.add_argument("--port", type=int, default=8100)
    parser.add_argument("--pages", type=int, default=2000, help="project pages, drawn at random")
    parser.add_argument(
        "--no-first-views",
        dest="first_views",
        action="store_false",
        help="skip the pass that requests every project page once before the timed run",
    )
    parser.add_argument("--scenarios", default="catalogue,project,api")
    parser.add_argument(
        "--generator", choices=["auto", "wrk", "python"], default="auto", help="load generator"
    )
    options = parser.parse_args(argv)
    from community.embedded_db import release

    generator = options.generator
    if generator == "auto":
        generator = "wrk" if shutil.which("wrk") else "python"
    if generator == "wrk" and not shutil.which("wrk"):
        print("bench-load: wrk is not installed (apt-get install wrk).", file=sys.stderr)
        return 2
    run = run_wrk if generator == "wrk" else run_python
    process = None
    try:
        environment = production_environment(
            secret_key=None if env("SECRET_KEY") else secrets.token_urlsafe(64),
            ALLOWED_HOSTS=HOST,
            SECURE_SSL_REDIRECT="false",
            GUNICORN_BIND=f"{HOST}:{options.port}",
            GUNICORN_ACCESS_LOG="false",
            LOG_LEVEL="WARNING",
        )
        print("bench-load: migrate + collectstatic (production settings)…", flush=True)
        prepare(environment)
        projects, paths = targets(environment, sample=options.pages)
        process = subprocess.Popen(gunicorn_command(), cwd=BASE_DIR, env=environment)  # noqa: S603
        wait_ready(options.port, process)
        # What gunicorn runs with (its config reads the same environment).
        config = runpy.run_path(str(BASE_DIR / "community" / "gunicorn.conf.py"))
        results = []
        for scenario in [s.strip() for s in options.scenarios.split(",") if s.strip()]:
            scenario_paths = paths[scenario]
            status = status_of(options.port, scenario_paths[0])
            if status != 200:
                what = "does not exist yet" if scenario == "api" else "does not answer 200"
                results.append(
                    Result(scenario, note=f"skipped: {scenario_paths[0]} {what} ({status})")
                )
                continue
            if scenario == "project" and options.first_views:
                print(f"bench-load: {len(scenario_paths)} project pages, first views…", flush=True)
                results.append(
                    first_views("project, 1st", options.port, scenario_paths, options.clients)
                )
                drain(options.port)
            if options.warmup:
                run(scenario, options.port, scenario_paths, options.clients, options.warmup)
                drain(options.port)
            print(f"bench-load: {scenario} for {options.duration} s…", flush=True)
            results.append(
                run(scenario, options.port, scenario_paths, options.clients, options.duration)
            )
            drain(options.port)
        report(
            results,
            projects,
            generator,
            options.clients,
            options.duration,
            config["workers"],
            config["threads"],
            "shared (REDIS_URL)" if environment.get("REDIS_URL") else "per process (no REDIS_URL)",
        )
        return 1 if any(r.errors for r in results) else 0
    except StackError as error:
        print(f"bench-load: {error}", file=sys.stderr)
        return 2
    finally:
        if process is not None:
            terminate([process])
        release()


if __name__ == "__main__":
    sys.exit(main())
