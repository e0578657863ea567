"""Cross-app fixtures: a seeded site (the browser is ``tests/browser.py``'s ``chromium``)."""

import pytest


@pytest.fixture
def seeded_site(migration_data, settings, tmp_path):
    """The site as the first `make run` leaves it (without the demo catalogue)."""
    from community.services import site_seed

    settings.CARREFOUR_DATA_DIR = str(tmp_path)
    settings.CARREFOUR_ADMIN_PASSWORD = ""
    return site_seed(demo_projects=0)
