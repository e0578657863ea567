"""The permission matrix of the Project admin: role x action x own / other organisation.

Every admin URL of the Project viewset that names an object is tried with another
organisation's draft: each answers 404 (no 500, no title leaked); the same URLs work on the
user's own organisation's project. Platform admins reach everything.
"""

import pytest
from django.urls import URLPattern, reverse

from members.tests.fixtures import make_member
from projects.models import Project
from projects.permissions import projects_for, user_can_edit_project
from projects.tests.factories import ProjectFactory, ProjectSourceFactory

pytestmark = pytest.mark.django_db

# URL names whose view needs more than a pk (a revision id...) get one below.
SKIP = {"revisions_compare", "revisions_revert", "revisions_view", "revisions_unschedule"}


def _draft(organisation, title):
    project = ProjectFactory(title=title, live=False)
    ProjectSourceFactory(project=project, organisation=organisation)
    project.save_revision()
    return project


@pytest.fixture
def projects(org_a, org_b):
    return _draft(org_a, "Brouillon de A"), _draft(org_b, "Brouillon secret de B")


def _object_urls(project):
    viewset = Project.snippet_viewset
    urls = []
    for namespace, patterns in (
        (viewset.get_admin_url_namespace(), viewset.get_urlpatterns()),
        (viewset.chooser_viewset.name, viewset.chooser_viewset.get_urlpatterns()),
    ):
        for pattern in patterns:
            if not isinstance(pattern, URLPattern) or "pk" not in pattern.pattern.converters:
                continue
            if pattern.name in SKIP:
                continue
            kwargs = {"pk": project.pk}
            for name in pattern.pattern.converters:
                if name == "revision_id":
                    kwargs[name] = project.latest_revision.pk
                elif name == "action_name":
                    kwargs[name] = "approve"
                elif name in ("task_state_id", "task_id", "workflow_state_id"):
                    kwargs[name] = 1
                elif name != "pk":
                    kwargs[name] = "x"
            urls.append(reverse(f"{namespace}:{pattern.name}", kwargs=kwargs))
    revision = project.latest_revision.pk
    base = reverse(f"{viewset.get_admin_url_namespace()}:history", kwargs={"pk": project.pk})
    urls += [
        base.replace("history", "revisions") + f"{revision}/view/",
        base.replace("history", "revisions") + f"compare/{revision}...{revision}/",
        base.replace("history", "revisions") + f"{revision}/revert/",
    ]
    return urls


@pytest.mark.parametrize("role", ["editor_a", "admin_a"])
def test_every_object_view_refuses_another_organisations_draft(request, client, role, projects):
    _, theirs = projects
    client.force_login(request.getfixturevalue(role))
    urls = _object_urls(theirs)
    assert len(urls) >= 15
    for url in urls:
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code in (403, 404), (url, method, response.status_code)
            assert "Brouillon secret de B" not in response.content.decode(errors="ignore")


def test_the_same_views_work_on_the_own_organisations_project(client, editor_a, projects):
    ours, _ = projects
    client.force_login(editor_a)
    viewset = Project.snippet_viewset
    for name in ("edit", "history", "usage", "workflow_history"):
        url = reverse(f"{viewset.get_admin_url_namespace()}:{name}", kwargs={"pk": ours.pk})
        assert client.get(url).status_code == 200, url


def test_editor_edits_and_publishes_own_project_but_not_others(client, editor_a, projects):
    ours, theirs = projects
    client.force_login(editor_a)
    namespace = Project.snippet_viewset.get_admin_url_namespace()
    data = {
        "title": "Titre corrigé",
        "slug": ours.slug,
        "summary": "",
        "description": '{"blocks": [], "entityMap": {}}',
        "location_precision": "none",
        "status": "unknown",
        "action-publish": "1",
    }
    response = client.post(reverse(f"{namespace}:edit", kwargs={"pk": ours.pk}), data)
    assert response.status_code == 302
    ours.refresh_from_db()
    assert ours.title == "Titre corrigé" and ours.live
    response = client.post(reverse(f"{namespace}:edit", kwargs={"pk": theirs.pk}), data)
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.title == "Brouillon secret de B" and not theirs.live


def test_listing_chooser_and_search_show_own_projects_only(client, editor_a, projects):
    client.force_login(editor_a)
    namespace = Project.snippet_viewset.get_admin_url_namespace()
    for url in (
        reverse(f"{namespace}:list"),
        reverse(f"{namespace}:list") + "?q=Brouillon",
        reverse(f"{Project.snippet_viewset.chooser_viewset.name}:choose"),
        reverse(f"{Project.snippet_viewset.chooser_viewset.name}:choose_results") + "?q=Brouillon",
    ):
        text = client.get(url).content.decode()
        assert "Brouillon de A" in text, url
        assert "Brouillon secret de B" not in text, url


@pytest.mark.parametrize("role", ["editor_a", "admin_a"])
def test_add_delete_and_site_wide_reports_are_platform_only(request, client, role, projects):
    ours, _ = projects
    client.force_login(request.getfixturevalue(role))
    namespace = Project.snippet_viewset.get_admin_url_namespace()
    assert client.get(reverse(f"{namespace}:add")).status_code == 403
    assert client.post(reverse(f"{namespace}:delete", kwargs={"pk": ours.pk})).status_code == 403
    assert Project.objects.filter(pk=ours.pk).exists()
    for name in ("site_history", "workflow", "workflow_tasks", "locked_pages"):
        assert client.get(reverse(f"wagtailadmin_reports:{name}")).status_code == 403, name


def test_plain_members_and_anonymous_get_no_project_admin(client, projects):
    ours, _ = projects
    namespace = Project.snippet_viewset.get_admin_url_namespace()
    url = reverse(f"{namespace}:edit", kwargs={"pk": ours.pk})
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(make_member("curieux"))
    response = client.get(url)
    assert response.status_code in (302, 403, 404)
    assert "Brouillon de A" not in response.content.decode()


def test_platform_admin_reaches_every_project(client, platform_admin, projects):
    ours, theirs = projects
    assert set(projects_for(platform_admin)) >= {ours, theirs}
    client.force_login(platform_admin)
    namespace = Project.snippet_viewset.get_admin_url_namespace()
    for project in projects:
        assert (
            client.get(reverse(f"{namespace}:edit", kwargs={"pk": project.pk})).status_code == 200
        )


def test_policy_functions(editor_a, editor_b, projects):
    ours, theirs = projects
    assert list(projects_for(editor_a)) == [ours]
    assert user_can_edit_project(editor_a, ours) and not user_can_edit_project(editor_a, theirs)
    assert user_can_edit_project(editor_b, theirs)
