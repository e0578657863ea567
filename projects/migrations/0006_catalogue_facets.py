"""Faster catalogue: facet arrays on the project, set-based link triggers, a catalogue version.

- ``facet_theme_ids`` / ``facet_organisation_ids``: the project's theme and partner links,
  recomputed by the same BEFORE trigger as ``search_vector`` on every write (whatever the
  application sends is overwritten), so facets and filters read the matching rows only.
- The link tables now touch each changed project once per statement (transition tables)
  instead of once per link row: saving a project with five themes rewrites it once, not five
  times, which keeps the table compact (a 100k bulk load used to leave it six times its size).
- ``projects_catalogue_version``: a sequence advanced by every statement that changes what
  the public catalogue shows (projects, links, themes, organisations, territories, and the
  page tree where the catalogue page and its introduction live). Cached catalogue answers
  are keyed by it (``projects.catalogue.cache``), so a write makes them stale at once. A
  sequence, not a counter row: concurrent writers never wait on each other for it.
- ``project_title_search``: the title's own text-search vector, for the type-ahead (a prefix
  common in descriptions no longer costs a recheck of thousands of rows).
"""

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models

# 0002's function, with ``{facets}`` where the facet arrays are now computed
VECTOR_FUNCTION = r"""
CREATE OR REPLACE FUNCTION projects_project_search_vector() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('french_unaccent', coalesce(NEW.title, '')), 'A') ||
    setweight(to_tsvector('french_unaccent', coalesce(NEW.summary, '') || ' ' || coalesce((
        SELECT string_agg(t.label, ' ') FROM projects_theme t
        JOIN projects_project_themes pt ON pt.theme_id = t.id WHERE pt.project_id = NEW.id
    ), '')), 'B') ||
    setweight(to_tsvector('french_unaccent',
        regexp_replace(coalesce(NEW.description, ''), '<[^>]*>', ' ', 'g')), 'C') ||
    setweight(to_tsvector('french_unaccent', concat_ws(' ',
        NEW.holder_name,
        (SELECT name FROM projects_commune WHERE insee_code = NEW.commune_id),
        (SELECT name FROM projects_department WHERE code = NEW.department_id),
        (SELECT name FROM projects_region WHERE code = NEW.region_id),
        (SELECT string_agg(o.name, ' ') FROM projects_projectsource s
           JOIN members_organisation o ON o.id = s.organisation_id WHERE s.project_id = NEW.id)
    )), 'D');
{facets}  RETURN NEW;
END $$ LANGUAGE plpgsql;
"""
FACETS = r"""  NEW.facet_theme_ids := ARRAY(
    SELECT DISTINCT theme_id::integer FROM projects_project_themes
    WHERE project_id = NEW.id ORDER BY 1);
  NEW.facet_organisation_ids := ARRAY(
    SELECT DISTINCT organisation_id::integer FROM projects_projectsource
    WHERE project_id = NEW.id ORDER BY 1);
"""

FORWARD = VECTOR_FUNCTION.replace("{facets}", FACETS) + r"""

DROP TRIGGER IF EXISTS projects_project_themes_touch_trg ON projects_project_themes;
DROP TRIGGER IF EXISTS projects_projectsource_touch_trg ON projects_projectsource;
DROP FUNCTION IF EXISTS projects_project_touch();

-- Once per statement: every project among the new/old link rows is rewritten once.
CREATE OR REPLACE FUNCTION projects_links_touch() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE projects_project SET search_vector = NULL
    WHERE id IN (SELECT project_id FROM new_links);
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE projects_project SET search_vector = NULL
    WHERE id IN (SELECT project_id FROM old_links);
  ELSIF TG_TABLE_NAME = 'projects_projectsource' THEN
    -- a source row changes at every harvest (last seen): touch only when its links moved
    UPDATE projects_project SET search_vector = NULL WHERE id IN (
      SELECT p.id FROM new_links n JOIN old_links o ON o.id = n.id,
           LATERAL (VALUES (n.project_id), (o.project_id)) AS p(id)
      WHERE n.organisation_id IS DISTINCT FROM o.organisation_id
         OR n.project_id IS DISTINCT FROM o.project_id);
  ELSE
    UPDATE projects_project SET search_vector = NULL WHERE id IN (
      SELECT project_id FROM new_links UNION SELECT project_id FROM old_links);
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER projects_project_themes_ins_trg AFTER INSERT ON projects_project_themes
  REFERENCING NEW TABLE AS new_links
  FOR EACH STATEMENT EXECUTE FUNCTION projects_links_touch();
CREATE TRIGGER projects_project_themes_upd_trg AFTER UPDATE ON projects_project_themes
  REFERENCING NEW TABLE AS new_links OLD TABLE AS old_links
  FOR EACH STATEMENT EXECUTE FUNCTION projects_links_touch();
CREATE TRIGGER projects_project_themes_del_trg AFTER DELETE ON projects_project_themes
  REFERENCING OLD TABLE AS old_links
  FOR EACH STATEMENT EXECUTE FUNCTION projects_links_touch();
CREATE TRIGGER projects_projectsource_ins_trg AFTER INSERT ON projects_projectsource
  REFERENCING NEW TABLE AS new_links
  FOR EACH STATEMENT EXECUTE FUNCTION projects_links_touch();
CREATE TRIGGER projects_projectsource_upd_trg AFTER UPDATE ON projects_projectsource
  REFERENCING NEW TABLE AS new_links OLD TABLE AS old_links
  FOR EACH STATEMENT EXECUTE FUNCTION projects_links_touch();
CREATE TRIGGER projects_projectsource_del_trg AFTER DELETE ON projects_projectsource
  REFERENCING OLD TABLE AS old_links
  FOR EACH STATEMENT EXECUTE FUNCTION projects_links_touch();

CREATE SEQUENCE IF NOT EXISTS projects_catalogue_version;
CREATE OR REPLACE FUNCTION projects_catalogue_version_bump() RETURNS trigger AS $$
BEGIN
  PERFORM nextval('projects_catalogue_version');
  RETURN NULL;
END $$ LANGUAGE plpgsql;
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['projects_project', 'projects_project_themes',
      'projects_projectsource', 'projects_theme', 'members_organisation',
      'projects_region', 'projects_department', 'wagtailcore_page'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I '
                   'FOR EACH STATEMENT EXECUTE FUNCTION projects_catalogue_version_bump()',
                   t || '_version_trg', t);
  END LOOP;
END $$;

-- fill the new columns for existing projects (the BEFORE trigger computes them)
UPDATE projects_project SET search_vector = NULL;
"""

BACKWARD = VECTOR_FUNCTION.replace("{facets}", "") + r"""
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['projects_project', 'projects_project_themes',
      'projects_projectsource', 'projects_theme', 'members_organisation',
      'projects_region', 'projects_department', 'wagtailcore_page'] LOOP
    EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', t || '_version_trg', t);
  END LOOP;
END $$;
DROP FUNCTION IF EXISTS projects_catalogue_version_bump();
DROP SEQUENCE IF EXISTS projects_catalogue_version;
DROP TRIGGER IF EXISTS projects_project_themes_ins_trg ON projects_project_themes;
DROP TRIGGER IF EXISTS projects_project_themes_upd_trg ON projects_project_themes;
DROP TRIGGER IF EXISTS projects_project_themes_del_trg ON projects_project_themes;
DROP TRIGGER IF EXISTS projects_projectsource_ins_trg ON projects_projectsource;
DROP TRIGGER IF EXISTS projects_projectsource_upd_trg ON projects_projectsource;
DROP TRIGGER IF EXISTS projects_projectsource_del_trg ON projects_projectsource;
DROP FUNCTION IF EXISTS projects_links_touch();
CREATE OR REPLACE FUNCTION projects_project_touch() RETURNS trigger AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    UPDATE projects_project SET search_vector = NULL WHERE id = NEW.project_id;
  END IF;
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    UPDATE projects_project SET search_vector = NULL WHERE id = OLD.project_id;
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER projects_project_themes_touch_trg
  AFTER INSERT OR UPDATE OR DELETE ON projects_project_themes
  FOR EACH ROW EXECUTE FUNCTION projects_project_touch();
CREATE TRIGGER projects_projectsource_touch_trg
  AFTER INSERT OR UPDATE OF organisation_id, project_id OR DELETE ON projects_projectsource
  FOR EACH ROW EXECUTE FUNCTION projects_project_touch();
"""


class Migration(migrations.Migration):
    dependencies = [("projects", "0005_catalogue_indexes")]

    operations = [
        migrations.AddField(
            model_name="project",
            name="facet_organisation_ids",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.IntegerField(), default=list, editable=False, size=None
            ),
        ),
        migrations.AddField(
            model_name="project",
            name="facet_theme_ids",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.IntegerField(), default=list, editable=False, size=None
            ),
        ),
        migrations.RunSQL(FORWARD, BACKWARD),
        migrations.AddIndex(
            model_name="project",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["facet_theme_ids"], name="project_facet_themes_gin"
            ),
        ),
        migrations.AddIndex(
            model_name="project",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["facet_organisation_ids"], name="project_facet_orgs_gin"
            ),
        ),
        migrations.AddIndex(
            model_name="project",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.search.SearchVector("title", config="french_unaccent"),
                condition=models.Q(("live", True)),
                name="project_title_search",
            ),
        ),
    ]
