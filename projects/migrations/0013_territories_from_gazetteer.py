"""Territories the importer needs, present after ``migrate`` alone (issue 12.2).

Loads regions, departments and communes from the shipped gazetteer
(``projects/data/communes-fr.csv.gz``) with batched ``bulk_create`` that skips rows already
present: idempotent with ``seed_platform``'s loader, which uses the same function. Reversing
leaves the rows (projects point at them).
"""

from django.db import migrations


def load_territories(apps, schema_editor):
    from projects.services.reference import territories_into

    territories_into(
        apps.get_model("projects", "Region"),
        apps.get_model("projects", "Department"),
        apps.get_model("projects", "Commune"),
    )


class Migration(migrations.Migration):
    dependencies = [("projects", "0012_search_understanding")]

    operations = [migrations.RunPython(load_territories, migrations.RunPython.noop)]
