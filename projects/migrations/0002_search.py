"""French full-text search that ignores accents, kept current by triggers on every write.

- ``french_unaccent``: the French configuration with ``unaccent`` before stemming, so
  "education" finds "éducation".
- ``search_vector`` weights: title A; summary and theme labels B; description (HTML stripped) C;
  holder, commune, department, region and listing partners D.
- Triggers recompute a project's vector on insert/update, and when its themes or sources change
  or a theme/organisation is renamed, so bulk imports and raw SQL stay consistent too.
"""

from django.db import migrations

FORWARD = r"""
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
    CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
    ALTER TEXT SEARCH CONFIGURATION french_unaccent
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
  END IF;
END $$;

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
  RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER projects_project_search_vector_trg
  BEFORE INSERT OR UPDATE ON projects_project
  FOR EACH ROW EXECUTE FUNCTION projects_project_search_vector();

-- A change in a related row re-runs the project's BEFORE UPDATE trigger.
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

CREATE OR REPLACE FUNCTION projects_theme_renamed() RETURNS trigger AS $$
BEGIN
  UPDATE projects_project SET search_vector = NULL WHERE id IN (
    SELECT project_id FROM projects_project_themes WHERE theme_id = NEW.id);
  RETURN NULL;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER projects_theme_renamed_trg
  AFTER UPDATE OF label ON projects_theme
  FOR EACH ROW WHEN (OLD.label IS DISTINCT FROM NEW.label)
  EXECUTE FUNCTION projects_theme_renamed();

CREATE OR REPLACE FUNCTION projects_organisation_renamed() RETURNS trigger AS $$
BEGIN
  UPDATE projects_project SET search_vector = NULL WHERE id IN (
    SELECT project_id FROM projects_projectsource WHERE organisation_id = NEW.id);
  RETURN NULL;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER projects_organisation_renamed_trg
  AFTER UPDATE OF name ON members_organisation
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
  EXECUTE FUNCTION projects_organisation_renamed();
"""

BACKWARD = r"""
DROP TRIGGER IF EXISTS projects_organisation_renamed_trg ON members_organisation;
DROP FUNCTION IF EXISTS projects_organisation_renamed();
DROP TRIGGER IF EXISTS projects_theme_renamed_trg ON projects_theme;
DROP FUNCTION IF EXISTS projects_theme_renamed();
DROP TRIGGER IF EXISTS projects_projectsource_touch_trg ON projects_projectsource;
DROP TRIGGER IF EXISTS projects_project_themes_touch_trg ON projects_project_themes;
DROP FUNCTION IF EXISTS projects_project_touch();
DROP TRIGGER IF EXISTS projects_project_search_vector_trg ON projects_project;
DROP FUNCTION IF EXISTS projects_project_search_vector();
DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0001_initial"),
        ("members", "0001_initial"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
