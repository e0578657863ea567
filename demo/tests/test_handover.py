"""A database of an earlier `make run` stops crediting the demo web to real partners."""

import pytest

from demo.handover import demo_sources_hand_over
from demo.web import demo_sources
from harvesting.models import HarvestSource
from harvesting.sources_io import sources_import
from members.models import Organisation
from projects.models import ProjectSource
from projects.tests.factories import ProjectFactory, ProjectSourceFactory

pytestmark = pytest.mark.django_db

BASE = "http://127.0.0.1:8101"


def test_stale_demo_sources_and_pages_move_to_the_fictitious_organisation(reference_data):
    real = Organisation.objects.get(name="Avise")  # the real partner directory is loaded
    old = HarvestSource.objects.create(
        organisation=real, name="Carte (démo)", url=f"{BASE}/sitemap_index.xml", kind="sitemap"
    )
    listed = ProjectSourceFactory(organisation=real, url=f"{BASE}/innovations/mamans-pro")
    own = ProjectSourceFactory(organisation=real, url="https://www.avise.org/portraits/x")
    entries = demo_sources({"avise": BASE})
    sources_import(entries)  # what make run does first: a new, never run, duplicate source
    assert demo_sources_hand_over(entries) == 1
    fictitious = Organisation.objects.get(name=entries[0]["organisation"]["name"])
    assert "(démo)" in fictitious.name and "fictive" in fictitious.presentation
    (source,) = HarvestSource.objects.filter(url=f"{BASE}/sitemap_index.xml")
    assert source.pk == old.pk and source.organisation == fictitious  # history kept
    listed.refresh_from_db()
    assert listed.organisation == fictitious
    own.refresh_from_db()
    assert own.organisation == real  # the partner's own pages are not touched
    assert demo_sources_hand_over(entries) == 0  # nothing left to move


def test_a_page_already_listed_by_the_fictitious_organisation_is_not_duplicated(reference_data):
    real = Organisation.objects.get(name="Avise")
    entries = demo_sources({"avise": BASE})
    sources_import(entries)
    fictitious = Organisation.objects.get(name=entries[0]["organisation"]["name"])
    HarvestSource.objects.create(organisation=real, name="x", url=f"{BASE}/sitemap_index.xml")
    url = f"{BASE}/innovations/repair-mobile"
    project = ProjectFactory()
    ProjectSourceFactory(project=project, organisation=real, url=url)
    ProjectSourceFactory(project=project, organisation=fictitious, url=url)
    demo_sources_hand_over(entries)
    assert list(ProjectSource.objects.filter(url=url).values_list("organisation", flat=True)) == [
        fictitious.pk
    ]
