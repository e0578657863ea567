"""The demo catalogue never puts generated projects under real organisations' names."""

import pytest

from demo.catalogue import DEMO_ORGANISATIONS
from demo.seeding import projects_generate
from members.models import Organisation
from projects.models import ProjectSource

pytestmark = pytest.mark.django_db


def test_generated_projects_are_listed_by_fictitious_partners_only(reference_data):
    real = set(Organisation.objects.values_list("pk", flat=True))
    assert real  # the shipped partner list is loaded
    assert projects_generate(30, seed=7) == 30
    sources = ProjectSource.objects.select_related("organisation")
    assert sources.count() >= 30
    assert not sources.filter(organisation__in=real).exists()
    demo_names = {name for name, _host in DEMO_ORGANISATIONS}
    for source in sources:
        assert source.organisation.name in demo_names and "(démo)" in source.organisation.name
        assert ".exemple.org/" in source.url
        assert "fictive" in source.organisation.presentation
    assert projects_generate(5, seed=8) == 5  # again: the same fictitious partners, no duplicate
    assert Organisation.objects.filter(name__in=demo_names).count() == len(DEMO_ORGANISATIONS)
