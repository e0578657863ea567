"""The catalogue version moves only when a statement changed rows the catalogue shows.

0006 advanced ``projects_catalogue_version`` after every statement on the catalogue's tables,
even one that changed no row: each unchanged partner page a harvest reads again updates its
source's ``last_seen``, and the link trigger then ran an ``UPDATE`` of projects matching none, so
a harvest of fifty partners made every cached catalogue answer stale hundreds of times. Now:

- every table: the version moves when the statement inserted, updated or deleted at least one
  row (transition tables, one trigger per event as PostgreSQL requires), or truncated it;
- sources: an update moves it only when a source changes project or partner, the only way a
  source reaches the catalogue (facet arrays, partner names); "seen again" or "no longer listed"
  leave every cached answer valid.
"""

from django.db import migrations

TABLES = (
    "projects_project",
    "projects_project_themes",
    "projects_projectsource",
    "projects_theme",
    "members_organisation",
    "projects_region",
    "projects_department",
    "wagtailcore_page",
)

FUNCTION = r"""
CREATE OR REPLACE FUNCTION projects_catalogue_version_bump_rows() RETURNS trigger AS $$
DECLARE changed boolean := TG_OP = 'TRUNCATE';
BEGIN
  -- one branch per event: PL/pgSQL resolves a transition table only where it is read
  IF TG_OP = 'INSERT' THEN
    changed := EXISTS (SELECT 1 FROM new_rows);
  ELSIF TG_OP = 'DELETE' THEN
    changed := EXISTS (SELECT 1 FROM old_rows);
  ELSIF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'projects_projectsource' THEN
    changed := EXISTS (
      SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE (n.project_id, n.organisation_id) IS DISTINCT FROM (o.project_id, o.organisation_id));
  ELSIF TG_OP = 'UPDATE' THEN
    changed := EXISTS (SELECT 1 FROM new_rows);
  END IF;
  IF changed THEN
    PERFORM nextval('projects_catalogue_version');
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql;
"""

ROW_TRIGGERS = r"""
DROP TRIGGER IF EXISTS {t}_version_trg ON {t};
CREATE TRIGGER {t}_version_ins_trg AFTER INSERT ON {t} REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION projects_catalogue_version_bump_rows();
CREATE TRIGGER {t}_version_upd_trg AFTER UPDATE ON {t}
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION projects_catalogue_version_bump_rows();
CREATE TRIGGER {t}_version_del_trg AFTER DELETE ON {t} REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION projects_catalogue_version_bump_rows();
CREATE TRIGGER {t}_version_trunc_trg AFTER TRUNCATE ON {t}
  FOR EACH STATEMENT EXECUTE FUNCTION projects_catalogue_version_bump_rows();
"""

STATEMENT_TRIGGER = r"""
DROP TRIGGER IF EXISTS {t}_version_ins_trg ON {t};
DROP TRIGGER IF EXISTS {t}_version_upd_trg ON {t};
DROP TRIGGER IF EXISTS {t}_version_del_trg ON {t};
DROP TRIGGER IF EXISTS {t}_version_trunc_trg ON {t};
CREATE TRIGGER {t}_version_trg AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {t}
  FOR EACH STATEMENT EXECUTE FUNCTION projects_catalogue_version_bump();
"""

FORWARD = FUNCTION + "".join(ROW_TRIGGERS.format(t=t) for t in TABLES)
BACKWARD = "".join(STATEMENT_TRIGGER.format(t=t) for t in TABLES) + (
    "DROP FUNCTION IF EXISTS projects_catalogue_version_bump_rows();"
)


class Migration(migrations.Migration):
    dependencies = [("projects", "0006_catalogue_facets")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
