"""Issue 12.2: the territories the importer needs are in the database after ``migrate`` alone
(the degraded location is tested with the harvester, harvesting/tests/test_locations.py)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from projects.models import Commune, Department, Region
from projects.services.reference import territories_load

pytestmark = pytest.mark.django_db


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])


def test_migrate_alone_loads_the_gazetteer_idempotently_with_seed_platform():
    _migrate(("projects", "0012_search_understanding"))  # the migration before it
    Commune.objects.all().delete()
    Department.objects.all().delete()
    Region.objects.all().delete()
    _migrate(("projects", "0013_territories_from_gazetteer"))
    communes = Commune.objects.count()
    assert communes > 30000 and Department.objects.count() >= 100 and Region.objects.count() >= 13
    assert Commune.objects.get(pk="59350").department.region.name == "Hauts-de-France"
    assert territories_load() == 0, "seed_platform's loader finds everything already there"
    assert Commune.objects.count() == communes
