"""The catalogue page shared between anonymous visitors: same HTML for the same URL until the
catalogue changes; members and visitors with a pending message get their own rendering."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from projects.catalogue.presenters import catalogue_url
from projects.models import Project
from projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def rendered_queries(client, url) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in queries.captured_queries]


@override_settings(CATALOGUE_CACHE_SECONDS=300)
def test_anonymous_visitors_share_the_page_until_the_catalogue_changes(
    seeded_site, client, django_user_model
):
    url = catalogue_url() + "?q=epicerie"
    port = ProjectFactory(title="Épicerie solidaire du port")
    first, _ = rendered_queries(client, url)
    assert port.get_absolute_url() in first and "Se connecter" in first
    again, queries = rendered_queries(client, url)
    assert again == first
    # answered before Wagtail routes the request: the catalogue version is the only query
    assert len(queries) == 1 and "projects_catalogue_version" in queries[0], queries
    response = client.get(url)
    assert "Content-Security-Policy" in response.headers  # headers still set per response

    # a publication, then an unpublication, show at the next request
    late = ProjectFactory(title="Épicerie ambulante")
    assert late.get_absolute_url() in rendered_queries(client, url)[0]
    Project.objects.filter(pk=late.pk).update(live=False)
    assert late.get_absolute_url() not in rendered_queries(client, url)[0]

    # a member gets a page rendered for them, never the anonymous one (nor theirs shared)
    client.force_login(django_user_model.objects.create_user("membre", "m@example.org", "x"))
    member_page = rendered_queries(client, url)[0]
    assert "Se déconnecter" in member_page and "Se connecter<" not in member_page
    client.logout()
    assert "Se déconnecter" not in rendered_queries(client, url)[0]


@override_settings(CATALOGUE_CACHE_SECONDS=300)
def test_an_edited_catalogue_introduction_shows_at_once(seeded_site, client):
    from projects.models import CataloguePage

    page = CataloguePage.objects.live().get()
    before, _ = rendered_queries(client, page.url)
    assert "Nouvelle introduction du catalogue" not in before
    page.intro = "<p>Nouvelle introduction du catalogue</p>"
    page.save_revision().publish()
    assert "Nouvelle introduction du catalogue" in rendered_queries(client, page.url)[0]


@override_settings(CATALOGUE_CACHE_SECONDS=300)
def test_a_rendering_holding_a_csrf_token_is_never_shared(rf):
    from django.contrib.auth.models import AnonymousUser
    from django.middleware.csrf import get_token

    from projects.catalogue.shared_page import shared_page

    renders = []

    def render_with_form(request):
        def render():
            renders.append(get_token(request))
            return 200, f"<form>{renders[-1]}</form>".encode(), "text/html"

        return render

    def render_plain():
        renders.append("plain")
        return 200, b"<p>catalogue</p>", "text/html"

    for _ in range(2):
        request = rf.get("/catalogue-csrf/")
        request.user = AnonymousUser()
        shared_page(request, render_with_form(request))
    assert len(renders) == 2  # each visitor rendered their own form
    for _ in range(2):
        request = rf.get("/catalogue-plain/")
        request.user = AnonymousUser()
        assert shared_page(request, render_plain).content == b"<p>catalogue</p>"
    assert renders[2:] == ["plain"]  # the second visitor got the first rendering


@override_settings(CATALOGUE_CACHE_SECONDS=300)
def test_anonymous_visitors_share_a_project_page_until_the_catalogue_changes(
    seeded_site, client, django_user_model
):
    project = ProjectFactory(title="Recyclerie du quartier Nord")
    url = project.get_absolute_url()
    first, _ = rendered_queries(client, url)
    assert "Recyclerie du quartier Nord" in first
    again, queries = rendered_queries(client, url)
    assert again == first
    # answered before the URL resolver: the catalogue version is the only query
    assert len(queries) == 1 and "projects_catalogue_version" in queries[0], queries

    Project.objects.filter(pk=project.pk).update(title="Recyclerie du quartier Sud")
    assert "Recyclerie du quartier Sud" in rendered_queries(client, url)[0]
    Project.objects.filter(pk=project.pk).update(live=False)
    assert client.get(url).status_code == 404  # an unpublished project is never served stale

    # a member gets their own rendering
    Project.objects.filter(pk=project.pk).update(live=True)
    client.force_login(django_user_model.objects.create_user("membre", "m@example.org", "x"))
    member_page, queries = rendered_queries(client, url)
    assert "Se déconnecter" in member_page and len(queries) > 1


@override_settings(CATALOGUE_CACHE_SECONDS=300, ALLOWED_HOSTS=["carrefour.test", "autre.test"])
def test_a_shared_page_is_keyed_by_host(seeded_site, client):
    """Another allowed host name never ends up in the canonical links other visitors get."""
    url = catalogue_url() + "?q=jardin"
    ProjectFactory(title="Jardin partagé")
    first = client.get(url, HTTP_HOST="autre.test").content.decode()
    assert "autre.test" in first
    other = client.get(url, HTTP_HOST="carrefour.test").content.decode()
    assert "carrefour.test" in other and "autre.test" not in other
