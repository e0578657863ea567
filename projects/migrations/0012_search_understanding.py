"""Search understanding: editable synonyms, and partner names out of the search vector.

- ``Synonym`` (snippet "Synonymes"), seeded from ``projects/data/synonyms-fr.txt``.
- ``search_vector`` no longer holds the names of the partners listing a project: "Bretagne"
  found projects of the Ain whose partner is called "Bretagne Créative". Partners are a filter
  (facet "Partenaires"), not words of the project. Title A; summary and theme labels B;
  description C; holder and territory names D (unchanged).
"""

from pathlib import Path

from django.db import migrations, models

SYNONYMS = Path(__file__).resolve().parent.parent / "data" / "synonyms-fr.txt"

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
        (SELECT name FROM projects_region WHERE code = NEW.region_id)
        {partners}
    )), 'D');
  NEW.facet_theme_ids := ARRAY(
    SELECT DISTINCT theme_id::integer FROM projects_project_themes
    WHERE project_id = NEW.id ORDER BY 1);
  NEW.facet_organisation_ids := ARRAY(
    SELECT DISTINCT organisation_id::integer FROM projects_projectsource
    WHERE project_id = NEW.id ORDER BY 1);
  RETURN NEW;
END $$ LANGUAGE plpgsql;
"""
PARTNERS = r""",
        (SELECT string_agg(o.name, ' ') FROM projects_projectsource s
           JOIN members_organisation o ON o.id = s.organisation_id WHERE s.project_id = NEW.id)"""
RECOMPUTE = "UPDATE projects_project SET search_vector = NULL;"
FORWARD = VECTOR_FUNCTION.replace("{partners}", "") + RECOMPUTE
BACKWARD = VECTOR_FUNCTION.replace("{partners}", PARTNERS) + RECOMPUTE


def synonyms_seed(apps, schema_editor):
    Synonym = apps.get_model("projects", "Synonym")
    for line in SYNONYMS.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            parts = [" ".join(p.split()) for p in line.split("=") if p.strip()]
            if len(parts) > 1:
                Synonym.objects.get_or_create(expressions="\n".join(parts))


class Migration(migrations.Migration):
    dependencies = [("projects", "0011_theme_learning")]

    operations = [
        migrations.CreateModel(
            name="Synonym",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "expressions",
                    models.TextField(
                        help_text=(
                            "Une expression par ligne (ou séparées par « = ») : « ESS » et "
                            "« économie sociale et solidaire ». Une recherche contenant l'une "
                            "trouve aussi les projets qui emploient une autre. Accents et "
                            "majuscules sont ignorés."
                        ),
                        verbose_name="expressions équivalentes",
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="modifié le")),
            ],
            options={
                "verbose_name": "synonyme",
                "verbose_name_plural": "synonymes",
                "ordering": ["expressions"],
            },
        ),
        migrations.RunPython(synonyms_seed, migrations.RunPython.noop),
        migrations.RunSQL(FORWARD, BACKWARD),
    ]
