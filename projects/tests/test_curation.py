"""Editors' merge and split decisions, and the quality report."""

import pytest
from django.core.management import call_command

from members.tests.factories import OrganisationFactory
from projects.curation.services import project_split, projects_merge
from projects.models import DuplicateCandidate, Project, ProjectSource
from projects.services.importer import HarvestedItem, project_upsert_from_record
from projects.services.matching import duplicates_suggest
from projects.tests.factories import ProjectFactory, ProjectSourceFactory

pytestmark = pytest.mark.django_db

BODY = (
    "Implantée à Nantes (44), la ressourcerie collecte, répare et revend des objets du "
    "quotidien et emploie des salariés en insertion."
)


def item(org, url, title, **extra):
    return HarvestedItem(organisation_id=org.pk, url=url, title=title, text=BODY, **extra)


def test_similar_titles_in_other_towns_stay_apart_and_same_town_merges(reference_data):
    a, b, c = (OrganisationFactory() for _ in range(3))
    first = project_upsert_from_record(
        item(a, "https://a.exemple.org/1", "Ressourcerie de l'Ouest")
    )
    other_town = HarvestedItem(
        organisation_id=b.pk,
        url="https://b.exemple.org/1",
        title="Ressourcerie de l'Ouest",
        text=BODY.replace("Nantes (44)", "Brest (29)"),
    )
    second = project_upsert_from_record(other_town)
    assert second.project.pk != first.project.pk, "same name, different department: two projects"
    third = project_upsert_from_record(
        item(c, "https://c.exemple.org/x", "La Ressourcerie de l'Ouest")
    )
    assert third.project.pk == first.project.pk
    assert "titre très proche" in third.source.match_reason


def test_alike_titles_with_different_websites_stay_apart(reference_data):
    a, b = OrganisationFactory(), OrganisationFactory()
    one = project_upsert_from_record(
        item(a, "https://a.exemple.org/1", "Ressourcerie A1", website="https://a1.exemple.org")
    )
    two = project_upsert_from_record(
        item(b, "https://b.exemple.org/1", "Ressourcerie A2", website="https://a2.exemple.org")
    )
    assert one.project.pk != two.project.pk


def test_editor_split_is_remembered_by_later_harvests(reference_data):
    a, b = OrganisationFactory(), OrganisationFactory()
    first = project_upsert_from_record(item(a, "https://a.exemple.org/r", "Ressourcerie Nantaise"))
    second = project_upsert_from_record(item(b, "https://b.exemple.org/r", "Ressourcerie Nantaise"))
    assert first.project.pk == second.project.pk
    separate = project_split(second.source)
    again = project_upsert_from_record(item(b, "https://b.exemple.org/r", "Ressourcerie Nantaise"))
    assert again.project.pk == separate.pk != first.project.pk
    assert ProjectSource.objects.get(pk=second.source.pk).match_locked


def test_editor_merge_moves_sources_and_is_remembered(reference_data):
    target = ProjectFactory(title="Atelier vélo du Marais")
    other = ProjectFactory(title="Vélo Marais atelier participatif")
    source = ProjectSourceFactory(project=other)
    projects_merge(target, other)
    assert not Project.objects.filter(pk=other.pk).exists()
    assert ProjectSource.objects.get(pk=source.pk).project_id == target.pk


def test_doubtful_lookalikes_are_suggested_once_and_distinct_is_kept(reference_data):
    from projects.models import Commune

    nantes = Commune.objects.get(pk="44109")
    one = ProjectFactory(title="Jardin partagé des Dervallières", commune=nantes)
    two = ProjectFactory(title="Jardin partagé Dervallières Nord", commune=nantes)
    created = duplicates_suggest(two)
    assert len(created) == 1 and {created[0].project_id, created[0].other_id} == {one.pk, two.pk}
    created[0].status = DuplicateCandidate.Status.DISTINCT
    created[0].save()
    assert duplicates_suggest(two) == [], "a decided pair is not proposed again"


def test_quality_report_command(reference_data, capsys):
    from projects.models import Commune

    ProjectFactory(commune=Commune.objects.get(pk="44109"), website="https://x.exemple.org")
    ProjectFactory()
    call_command("projects_quality")
    out = capsys.readouterr().out
    assert "Projets : 2" in out
    assert "Avec un site web : 1 (50.0 %)" in out


def test_admin_screens_for_duplicates_sources_tag_rules_and_quality(admin_client, reference_data):
    from projects.models import Commune

    nantes = Commune.objects.get(pk="44109")
    one = ProjectFactory(title="Jardin partagé des Dervallières", commune=nantes)
    two = ProjectFactory(title="Jardin partagé Dervallières Nord", commune=nantes)
    ProjectSourceFactory(project=two)
    (candidate,) = duplicates_suggest(two)
    for url in (
        "/admin/snippets/projects/duplicatecandidate/",
        "/admin/snippets/projects/projectsource/",
        "/admin/snippets/projects/partnertagrule/",
        "/admin/qualite/",
    ):
        assert admin_client.get(url).status_code == 200, url
    response = admin_client.post(f"/admin/doublons/{candidate.pk}/decider/", {"decision": "merge"})
    assert response.status_code == 302
    survivors = Project.objects.filter(pk__in=[one.pk, two.pk])
    assert survivors.count() == 1
    assert survivors.get().sources.count() == 1
