"""Cross-app fixtures: a seeded site and a real Chromium driven by Playwright.

Chromium comes from Debian (`apt-get install chromium`, done by `.ci/run`); Playwright's own
browser download is not used. Without Chromium the browser tests are skipped, unless
``CARREFOUR_REQUIRE_BROWSER=1`` (CI) turns that into a failure.
"""

import os
from pathlib import Path

import pytest

from community.environment import env

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium():
    executable = env("CARREFOUR_CHROMIUM")
    if not Path(executable).exists():
        message = f"Chromium introuvable ({executable}) : installez le paquet Debian « chromium »."
        if env("CARREFOUR_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls that tests make
    # around it are synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def seeded_site(migration_data, settings, tmp_path):
    """The site as the first `make run` leaves it (without the demo catalogue)."""
    from community.services import site_seed

    settings.CARREFOUR_DATA_DIR = str(tmp_path)
    settings.CARREFOUR_ADMIN_PASSWORD = ""
    return site_seed(demo_projects=0)
