"""First-start seeding: page tree, partners, workflow, admin; a second run changes nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, Revision, Site, WorkflowContentType

from community.models import HomePage, PartnerDirectoryPage, StandardPage
from community.services import site_seed
from demo.catalogue import DEMO_ORGANISATIONS
from members.models import Organisation
from members.services import PARTNERS_CSV
from projects.models import CataloguePage, Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(reference_data, settings, tmp_path):
    settings.CARREFOUR_DATA_DIR = str(tmp_path)
    settings.CARREFOUR_ADMIN_PASSWORD = ""
    return site_seed(demo_projects=25)


def snapshot():
    return {
        "pages": sorted(Page.objects.values_list("url_path", "latest_revision_id")),
        "revisions": Revision.objects.count(),
        "projects": Project.objects.count(),
        "organisations": sorted(Organisation.objects.values_list("name", "updated_at")),
        "users": sorted(get_user_model().objects.values_list("username", "password")),
    }


def test_seed_builds_the_site_tree(seeded):
    home = HomePage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page.specific == home
    children = {p.slug: p.specific_class for p in home.get_children().live()}
    assert children["partenaires"] is PartnerDirectoryPage
    assert children["projets-recherche"] is CataloguePage
    for slug in ("a-propos", "charte", "innovation-sociale", "rejoindre"):
        assert children[slug] is StandardPage
    charter = StandardPage.objects.get(slug="charte")
    assert "même place" in str(charter.body.render_as_block())
    assert not Page.objects.filter(slug="home", depth=2).exists(), "Wagtail's placeholder stays"


def test_seed_creates_partners_admin_workflow_and_demo_catalogue(seeded, tmp_path):
    rows = len(PARTNERS_CSV.read_text(encoding="utf-8").strip().splitlines()) - 1
    # the shipped partners, and the demo catalogue's fictitious ones (it is seeded here)
    assert Organisation.objects.public().count() == rows + len(DEMO_ORGANISATIONS)
    demo = Organisation.objects.filter(name__in=[name for name, _host in DEMO_ORGANISATIONS])
    assert Project.objects.filter(sources__organisation__in=demo).distinct().count() == 25
    admin = get_user_model().objects.get(username=seeded.admin_username)
    assert admin.is_superuser and admin.check_password(seeded.admin_password)
    assert (tmp_path / "admin-password.txt").read_text().strip() == seeded.admin_password
    assert oct((tmp_path / "admin-password.txt").stat().st_mode)[-3:] == "600"
    assert WorkflowContentType.objects.filter(
        content_type=ContentType.objects.get_for_model(Project)
    ).exists()
    assert Project.objects.public().count() == seeded.projects == 25


def test_second_seed_changes_nothing(seeded):
    before = snapshot()
    report = site_seed(demo_projects=25)
    assert snapshot() == before
    assert report.pages == [] and report.projects == 0 and not report.admin_created
    assert report.admin_password == seeded.admin_password, "credentials are printed again"
