"""A partner editor's back-office (issue 17, item 11): the harvesting lists the README promises,
and "Qualité du catalogue" as a Wagtail admin page of their own projects, not Django's login."""

import pytest
from django.urls import reverse

from harvesting.models import HarvestRun
from harvesting.tests.factories import HarvestSourceFactory
from members.tests.fixtures import make_member
from projects.tests.factories import ProjectFactory, ProjectSourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sources(org_a, org_b):
    ours = HarvestSourceFactory(organisation=org_a, name="Source du réseau A")
    theirs = HarvestSourceFactory(organisation=org_b, name="Source du réseau B")
    for source in (ours, theirs):
        HarvestRun.objects.create(source=source, state="succeeded", message=f"Bilan {source.name}")
    return ours, theirs


def test_partner_editor_opens_their_harvesting_lists_only(client, editor_a, sources):
    client.force_login(editor_a)
    menu = client.get(reverse("wagtailadmin_home")).text
    assert reverse("harvesting_harvestsource_modeladmin_index") in menu
    for name in ("harvestsource", "harvestrun"):
        response = client.get(reverse(f"harvesting_{name}_modeladmin_index"))
        assert response.status_code == 200, name
        assert "Source du réseau A" in response.text
        assert "Source du réseau B" not in response.text
    # Viewing is theirs; adding or changing a source stays with the platform team.
    ours, _ = sources
    assert client.get(reverse("harvesting_harvestsource_modeladmin_create")).status_code in (
        302,
        403,
    )
    edit = reverse("harvesting_harvestsource_modeladmin_edit", args=[ours.pk])
    assert client.get(edit).status_code in (302, 403)


def test_quality_report_is_a_wagtail_page_of_the_partners_own_projects(client, editor_a, org_a):
    for n in range(3):
        ProjectSourceFactory(project=ProjectFactory(title=f"Projet A {n}"), organisation=org_a)
    ProjectFactory.create_batch(4)  # other organisations' or unlisted projects
    client.force_login(editor_a)
    menu = client.get(reverse("wagtailadmin_home")).text
    assert reverse("projects_quality") in menu
    response = client.get(reverse("projects_quality"))
    assert response.status_code == 200  # no longer Django's admin login
    assert "Projets présentés par vos organisations." in response.text
    assert "3 projets, dont 3 publiés." in response.text


def test_platform_admin_sees_the_whole_catalogue_quality(client, platform_admin):
    ProjectFactory.create_batch(2)
    client.force_login(platform_admin)
    response = client.get(reverse("projects_quality"))
    assert response.status_code == 200
    assert "2 projets, dont 2 publiés." in response.text
    assert reverse("wagtailsnippets_projects_duplicatecandidate:list") in response.text


def test_quality_report_closed_to_members_without_an_organisation(client):
    client.force_login(make_member("curieux"))
    response = client.get(reverse("projects_quality"))
    assert response.status_code in (302, 403)
    assert "projets, dont" not in response.text
