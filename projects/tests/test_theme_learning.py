"""UN goals as shared tag rules, unknown partner tags, and learning from editors' corrections."""

import json

import pytest
from django.core.management import CommandError, call_command

from members.tests.factories import OrganisationFactory
from projects.curation.learning import record_theme_corrections
from projects.models import PartnerTagRule, Project, Theme, ThemeFeedback
from projects.services.classification import classifier_for
from projects.services.importer import HarvestedItem, project_upsert_from_record
from projects.services.theme_learning import (
    keyword_evidence,
    tag_proposal_accept,
    tag_proposals,
    tags_unmapped,
    theme_feedback_record,
)

pytestmark = pytest.mark.django_db

BODY = (
    "L'association organise chaque semaine des ateliers de réparation de vélos et des sorties "
    "à vélo pour les habitants du quartier."
)


def harvest(org, url, tags, text=BODY, title="Atelier vélo du quartier"):
    item = HarvestedItem(organisation_id=org.pk, url=url, title=title, text=text, tags=tags)
    return project_upsert_from_record(item)


def codes(project):
    return set(Project.objects.get(pk=project.pk).themes.values_list("code", flat=True))


def test_the_17_goals_are_seeded_as_editable_rules_for_all_partners(reference_data):
    shared = PartnerTagRule.objects.filter(organisation__isnull=True)
    assert shared.count() == 17
    rule = shared.get(tag="ODD 4")
    assert list(rule.themes.values_list("code", flat=True)) == ["EDU"]
    # any spelling of goal 4 is read through that rule
    silent = "Un projet né en 2015 et porté par une petite équipe."
    for tag in ["4- Éducation de qualité", "SDG 4", "Objectif 4"]:
        assert {m.code for m in classifier_for(None).classify(silent, [tag])} == {"EDU"}
    # edited in the admin, the rule changes what the classifier does
    rule.themes.set([Theme.objects.get(code="NUM")])
    assert {m.code for m in classifier_for(None).classify(silent, ["ODD 4"])} == {"NUM"}


def test_harvest_records_tags_and_no_theme_reason(reference_data):
    org = OrganisationFactory()
    result = harvest(org, "https://a.exemple.org/1", ["Mobilité durable"])
    assert result.source.harvested_values["tags"] == ["Mobilité durable"]
    empty = harvest(org, "https://a.exemple.org/vide", [], text="", title="")
    assert codes(empty.project) == set()
    assert empty.project.theme_reasons == {"none": ["aucun texte à classer"]}


def test_unknown_partner_tags_are_listed_most_frequent_first(reference_data):
    org, other = OrganisationFactory(name="Réseau A"), OrganisationFactory(name="Réseau B")
    harvest(org, "https://a.exemple.org/1", ["Vivre ensemble", "ODD 11", "Lien social"])
    harvest(org, "https://a.exemple.org/2", ["Vivre ensemble", "Coup de cœur"], title="Autre")
    harvest(other, "https://b.exemple.org/1", ["Coup de cœur"], title="Troisième atelier")
    listed = [(name, tag, n) for _, name, tag, n in tags_unmapped()]
    # the goal and the theme label are known; the partner's own tags are counted per partner
    assert listed[0] == ("Réseau A", "Vivre ensemble", 2)
    assert set(listed[1:]) == {("Réseau A", "Coup de cœur", 1), ("Réseau B", "Coup de cœur", 1)}
    rule = PartnerTagRule.objects.create(organisation=org, tag="vivre-ensemble")
    rule.themes.set([Theme.objects.get(code="LIE")])
    assert ("Réseau A", "Vivre ensemble", 2) not in [(n, t, c) for _, n, t, c in tags_unmapped()]
    assert [t for _, _, t, _ in tags_unmapped([other.pk])] == ["Coup de cœur"]


def test_editor_corrections_become_evidence_proposed_for_that_partner_only(
    reference_data, django_user_model
):
    org, other = OrganisationFactory(name="Réseau A"), OrganisationFactory(name="Réseau B")
    editor = django_user_model.objects.create_user("editrice", password="x")
    projects = [
        harvest(org, f"https://a.exemple.org/{i}", ["Coup de pouce"], title=f"Atelier {i}").project
        for i in range(2)
    ]
    for project in projects:
        harvested = codes(project)
        assert "MOB" in harvested and "SPO" not in harvested
        project.themes.set([Theme.objects.get(code="SPO")])  # MOB removed, SPO added
        project.save()
        record_theme_corrections(type("R", (), {"user": editor})(), project)
    rows = ThemeFeedback.objects.filter(project=projects[0])
    assert {(r.theme.code, r.action) for r in rows} >= {("SPO", "added"), ("MOB", "removed")}
    assert rows.get(theme__code="MOB").words  # the words that had given the removed theme
    assert any(code == "MOB" and n == 2 for code, _, n in keyword_evidence())
    proposals = {(p.organisation, p.tag, p.theme, p.action): p.count for p in tag_proposals()}
    assert proposals[("Réseau A", "Coup de pouce", "SPO", "added")] == 2

    # nothing is applied silently: another page of the same partner is not changed yet
    before = harvest(org, "https://a.exemple.org/new", ["Coup de pouce"], title="Nouvel atelier")
    assert "SPO" not in codes(before.project)

    tag_proposal_accept(org.pk, "Coup de pouce", "SPO", "added")
    assert ("Réseau A", "Coup de pouce", "SPO", "added") not in {
        (p.organisation, p.tag, p.theme, p.action) for p in tag_proposals()
    }
    again = harvest(org, "https://a.exemple.org/new", ["Coup de pouce"], title="Nouvel atelier")
    assert "SPO" in codes(again.project)
    elsewhere = harvest(other, "https://b.exemple.org/1", ["Coup de pouce"], title="Atelier B")
    assert "SPO" not in codes(elsewhere.project), "never applied across partners"


def test_reverting_a_correction_removes_its_evidence(reference_data):
    org = OrganisationFactory()
    project = harvest(org, "https://a.exemple.org/1", ["Coup de pouce"]).project
    original = list(project.themes.all())
    project.themes.set([Theme.objects.get(code="SPO")])
    project.save()
    assert theme_feedback_record(project) > 0
    project.themes.set(original)
    project.save()
    assert theme_feedback_record(project) == 0
    assert not ThemeFeedback.objects.filter(project=project).exists()


def test_removing_a_goal_theme_proposes_a_partner_rule_without_it(reference_data):
    org = OrganisationFactory(name="Réseau A")
    text = "Des cours de soutien scolaire pour les élèves du collège."
    project = harvest(org, "https://a.exemple.org/1", ["ODD 4"], text=text).project
    assert "EDU" in codes(project)
    project.themes.set(Theme.objects.filter(code="SOL"))
    project.save()
    theme_feedback_record(project)
    removal = [p for p in tag_proposals() if p.action == "removed" and p.theme == "EDU"]
    assert [(p.tag, p.count) for p in removal] == [("ODD 4", 1)]
    rule = tag_proposal_accept(org.pk, "ODD 4", "EDU", "removed")
    assert rule.organisation == org and not rule.themes.filter(code="EDU").exists()
    shared = PartnerTagRule.objects.get(organisation__isnull=True, tag="ODD 4")
    assert shared.themes.filter(code="EDU").exists(), "the shared rule is untouched"


def test_learning_screen_lists_and_creates_rules(admin_client, reference_data):
    org = OrganisationFactory(name="Réseau A")
    harvest(org, "https://a.exemple.org/1", ["Coup de cœur"])
    page = admin_client.get("/admin/etiquettes-apprentissage/")
    assert page.status_code == 200
    assert "Coup de cœur" in page.content.decode()
    listing = admin_client.get("/admin/snippets/projects/partnertagrule/").content.decode()
    assert "/admin/etiquettes-apprentissage/" in listing and "Tous les partenaires" in listing
    response = admin_client.post(
        "/admin/etiquettes-apprentissage/regle/",
        {"organisation": org.pk, "tag": "Coup de cœur", "theme": "LIE"},
    )
    assert response.status_code == 302
    rule = PartnerTagRule.objects.get(organisation=org)
    assert list(rule.themes.values_list("code", flat=True)) == ["LIE"]
    missing = admin_client.post(
        "/admin/etiquettes-apprentissage/regle/",
        {"organisation": org.pk, "tag": "Autre", "theme": ""},
        follow=True,
    )
    assert "Choisissez un thème" in missing.content.decode()
    assert not PartnerTagRule.objects.filter(tag="Autre").exists()


def test_themes_evaluate_prints_both_classifiers(tmp_path, capsys, reference_data):
    labelled = tmp_path / "set.json"
    labelled.write_text(
        json.dumps(
            {
                "projects": [
                    {
                        "title": "Un club de rugby",
                        "holder": "",
                        "description": "Des entraînements de rugby et de football pour tous.",
                        "partner_tags": [],
                        "themes_l1": ["SPO"],
                    },
                    {
                        "title": "Soutien",
                        "holder": "",
                        "description": "Un projet né en 2015.",
                        "partner_tags": ["ODD 4"],
                        "themes_l1": ["EDU"],
                    },
                ]
            }
        ),
        encoding="utf-8",
    )
    call_command("themes_evaluate", "--file", str(labelled))
    out = capsys.readouterr().out
    assert "mots-clés (avant)" in out and "actuel" in out
    main = next(line for line in out.splitlines() if line.startswith("thème principal"))
    assert main.split()[-4:] == ["50.0", "%", "100.0", "%"]  # the goal tag is understood now
    assert "CPU ms / projet" in out
    # the same figures with the rules stored in the database (seeded goals, edited lists)
    call_command("themes_evaluate", "--file", str(labelled), "--rules", "database")
    out = capsys.readouterr().out
    assert "règles : database" in out
    main = next(line for line in out.splitlines() if line.startswith("thème principal"))
    assert main.split()[-2:] == ["100.0", "%"]
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(CommandError, match="--file"):
        call_command("themes_evaluate", "--file", str(bad))


def test_migration_upgrades_unedited_keyword_lists_and_seeds_the_goals(reference_data):
    import importlib

    from django.apps import apps

    from projects.consolidation import classify, classify_baseline

    migration = importlib.import_module("projects.migrations.0011_theme_learning")
    PartnerTagRule.objects.filter(organisation__isnull=True).delete()
    old = "\n".join(classify_baseline.DEFAULT_KEYWORDS["EFH"])
    Theme.objects.filter(code="EFH").update(keywords=old)
    Theme.objects.filter(code="SPO").update(keywords="pétanque")  # edited by an admin
    migration.seed_goals_and_keywords(apps, None)
    assert Theme.objects.get(code="EFH").keywords == "\n".join(classify.DEFAULT_KEYWORDS["EFH"])
    assert Theme.objects.get(code="SPO").keywords == "pétanque"
    assert PartnerTagRule.objects.filter(organisation__isnull=True).count() == 17


def test_migration_drops_generic_words_from_unedited_keyword_lists(reference_data):
    import importlib

    from django.apps import apps

    from projects.consolidation import classify

    migration = importlib.import_module(
        "projects.migrations.0016_theme_keywords_without_generic_words"
    )
    Theme.objects.filter(code="HAN").update(keywords="\n".join(migration.OLD["HAN"]))
    Theme.objects.filter(code="SPO").update(keywords="club$\npétanque")  # edited by an admin
    migration.upgrade_unedited_lists(apps, None)
    assert Theme.objects.get(code="HAN").keywords == "\n".join(classify.DEFAULT_KEYWORDS["HAN"])
    assert Theme.objects.get(code="SPO").keywords == "club$\npétanque"
    assert {c: classify.DEFAULT_KEYWORDS[c] for c in migration.NEW} == migration.NEW
