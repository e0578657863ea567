"""Indexes of the public catalogue (no schema change).

- ``catalogue_unaccent(text)``: an IMMUTABLE wrapper of ``unaccent`` so it can be indexed.
- A trigram index on the unaccented, lower-cased title: "did you mean" finds "épicerie" from
  "epicirie" (word similarity with the accents removed on both sides).
- Published projects by publication date: the catalogue's default "most recent" order and the
  Atom feeds read the first rows of this index instead of sorting the whole catalogue.
"""

from django.db import migrations

FORWARD = r"""
-- Schema-qualified: index builds run with a restricted search_path (PostgreSQL 17+).
DO $do$
DECLARE s text := (SELECT extnamespace::regnamespace::text FROM pg_extension
                   WHERE extname = 'unaccent');
BEGIN
  EXECUTE format(
    'CREATE OR REPLACE FUNCTION catalogue_unaccent(text) RETURNS text '
    'LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT '
    'AS $f$ SELECT %1$s.unaccent(%2$L::regdictionary, $1) $f$',
    s, s || '.unaccent');
END
$do$;
CREATE INDEX IF NOT EXISTS project_title_unaccent_trgm ON projects_project
  USING gin (catalogue_unaccent(lower(title)) gin_trgm_ops);
CREATE INDEX IF NOT EXISTS project_live_published ON projects_project
  (first_published_at DESC NULLS LAST, id DESC) WHERE live;
"""

BACKWARD = r"""
DROP INDEX IF EXISTS project_live_published;
DROP INDEX IF EXISTS project_title_unaccent_trgm;
DROP FUNCTION IF EXISTS catalogue_unaccent(text);
"""


class Migration(migrations.Migration):
    dependencies = [("projects", "0004_holders")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
