"""Issue 12.2: a location the database cannot store (territory missing from the reference
data) degrades to department, region or none with a recorded warning, never a failed page."""

import pytest

from harvesting.services import source_harvest
from harvesting.tests.factories import HarvestSourceFactory
from harvesting.tests.test_harvest import PROJECTS, project_page
from projects.models import Commune, Project, ProjectSource

pytestmark = pytest.mark.django_db


def test_a_place_missing_from_the_reference_data_degrades_with_a_warning(
    partner_site, reference_data
):
    path = "/projets/garage-solidaire-lille"
    partner_site.add(path, project_page(path, PROJECTS[path]))
    Commune.objects.filter(department_id="59").delete()  # an incomplete gazetteer
    source = HarvestSourceFactory(
        url=partner_site.url("/"), kind="urls", urls=partner_site.url(path)
    )
    run = source_harvest(source.pk)
    assert run.failed == 0 and run.created == 1, run.errors
    project = Project.objects.get()
    assert project.commune_id is None and project.department_id == "59"
    assert project.location_precision == "department"
    warnings = ProjectSource.objects.get(project=project).harvested_values["warnings"]
    assert any("absent(s) du référentiel" in w for w in warnings)
