"""Root pytest configuration: reference data in the test database, embedded server shutdown.

The test database (``test_carrefour``) lives on the same embedded PostgreSQL as ``make run``, or
on the server of ``DATABASE_URL``. The thesaurus, territories and partners are loaded once per
session; tests that flush the database (``transaction=True``, live server) reload them through
the ``reference_data`` fixture.
"""

import pytest

# Shared fixtures, by module: the members' organisations and people (``org_a``, ``editor_a``...)
# and the one Chromium of the suite.
pytest_plugins = ["members.tests.fixtures", "tests.browser"]


def _load_reference_data():
    from members.services import organisations_load
    from projects.services.reference import territories_load, themes_load

    themes_load()
    territories_load()
    organisations_load()


_migration_rows: list[str] = []


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from django.db import connection

    with django_db_blocker.unblock():
        # What migrations created (Wagtail's root page and collection, locale, groups,
        # workflow), saved before the reference data; see ``migration_data``.
        _migration_rows.append(connection.creation.serialize_db_to_string())
        _load_reference_data()


@pytest.fixture
def migration_data(transactional_db):
    """Give back the rows migrations created when a previous live-server test flushed them.

    Django's ``serialized_rollback`` does not survive Playwright's sync API here, and the flush
    re-creates content types with new ids, so they are replaced by the saved ones first."""
    from django.contrib.contenttypes.models import ContentType
    from django.core import serializers
    from django.db import connection, transaction
    from wagtail.models import Page

    if Page.objects.exists():
        return
    objects = list(serializers.deserialize("json", _migration_rows[0]))
    objects.sort(key=lambda o: not isinstance(o.object, ContentType))
    with transaction.atomic(), connection.constraint_checks_disabled():
        ContentType.objects.all().delete()
        ContentType.objects.clear_cache()
        for obj in objects:
            obj.save()
    connection.check_constraints()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: a rolled-back test's writes leave the catalogue
    version where it was (sequences are not transactional), so what it cached would otherwise
    look current to the next test."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def reference_data(db):
    """Thesaurus, territories and partners present (reloaded if a flush removed them)."""
    _load_reference_data()


def pytest_unconfigure(config):
    from community.embedded_db import release

    release()
