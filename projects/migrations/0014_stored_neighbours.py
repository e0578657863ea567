"""Stored "similar projects" (``ProjectNeighbours``), forgotten by the database when a project
changes what its neighbours are computed from: title, place, publication, themes. Triggers, not
Django signals, so that bulk updates of the importer and the moderation forget them too."""

import django.contrib.postgres.fields
import django.db.models.deletion
from django.db import migrations, models

FORWARD = r"""
CREATE OR REPLACE FUNCTION projects_neighbours_forget() RETURNS trigger AS $$
BEGIN
  IF TG_TABLE_NAME = 'projects_project' THEN
    DELETE FROM projects_projectneighbours nb USING new_rows n JOIN old_rows o ON o.id = n.id
    WHERE nb.project_id = n.id
      AND (n.title, n.department_id, n.region_id, n.commune_id, n.live)
          IS DISTINCT FROM (o.title, o.department_id, o.region_id, o.commune_id, o.live);
  ELSIF TG_OP = 'INSERT' THEN
    DELETE FROM projects_projectneighbours nb USING new_rows n WHERE nb.project_id = n.project_id;
  ELSE
    DELETE FROM projects_projectneighbours nb USING old_rows o WHERE nb.project_id = o.project_id;
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER projects_project_neighbours_upd_trg AFTER UPDATE ON projects_project
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION projects_neighbours_forget();
CREATE TRIGGER projects_project_themes_neighbours_ins_trg AFTER INSERT ON projects_project_themes
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION projects_neighbours_forget();
CREATE TRIGGER projects_project_themes_neighbours_del_trg AFTER DELETE ON projects_project_themes
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION projects_neighbours_forget();
"""

BACKWARD = r"""
DROP TRIGGER IF EXISTS projects_project_neighbours_upd_trg ON projects_project;
DROP TRIGGER IF EXISTS projects_project_themes_neighbours_ins_trg ON projects_project_themes;
DROP TRIGGER IF EXISTS projects_project_themes_neighbours_del_trg ON projects_project_themes;
DROP FUNCTION IF EXISTS projects_neighbours_forget();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0013_territories_from_gazetteer"),
    ]

    operations = [
        migrations.CreateModel(
            name="ProjectNeighbours",
            fields=[
                (
                    "project",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="stored_neighbours",
                        serialize=False,
                        to="projects.project",
                    ),
                ),
                (
                    "neighbour_ids",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.IntegerField(), default=list, size=None
                    ),
                ),
                ("computed_at", models.DateTimeField(db_index=True)),
            ],
            options={
                "verbose_name": "projets similaires enregistrés",
                "verbose_name_plural": "projets similaires enregistrés",
            },
        ),
        migrations.RunSQL(FORWARD, BACKWARD),
    ]
