"""The Content-Security-Policy is met: public pages and the Wagtail admin in a real Chromium
report no violation (scripts only from our origin, no inline script, no eval)."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COLLECT_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(
    `${e.effectiveDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`);
});
"""


@pytest.fixture
def browser_page(chromium):
    context = chromium.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    context.add_init_script(COLLECT_VIOLATIONS)
    # Map tiles and Gravatar are outside: answer them locally, the test never leaves loopback.
    context.route(re.compile(r"^https?://(?!127\.0\.0\.1|localhost)"), lambda route: route.abort())
    page = context.new_page()
    page.set_default_timeout(20000)
    console = []
    page.on(
        "console",
        lambda msg: console.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    page.csp_console = console
    yield page
    context.close()


def violations(page):
    return page.evaluate("window.__csp") + page.csp_console


@pytest.fixture
def site(migration_data, settings, tmp_path):
    from django.contrib.auth import get_user_model

    from community.services import site_seed
    from projects.tests.factories import ProjectFactory

    settings.CARREFOUR_DATA_DIR = str(tmp_path)
    site_seed(demo_projects=0)
    project = ProjectFactory(title="Cantine solidaire du quartier")
    from allauth.account.models import EmailAddress

    ops = get_user_model().objects.create_superuser("ops", "ops@example.org", "csp-test-password")
    # Every login is allauth's, which lets in verified addresses only.
    EmailAddress.objects.create(user=ops, email=ops.email, verified=True, primary=True)
    return project


def visit(page, url):
    page.goto(url, wait_until="networkidle")
    assert violations(page) == [], url


def test_public_pages_and_admin_meet_the_policy(browser_page, live_server, site):
    page = browser_page
    response = page.goto(live_server.url + "/")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "object-src 'none'" in csp
    for path in ("/", "/projets-recherche/?q=cantine", f"/projets/{site.slug}/", "/partenaires/"):
        visit(page, live_server.url + path)

    # The admin's login is allauth's (one rate-limited login for every path).
    page.goto(live_server.url + "/admin/login/")
    page.locator("#id_login").fill("ops")
    page.locator("#id_password").fill("csp-test-password")
    page.locator("form[action*='login'] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/$"))
    assert violations(page) == []
    for path in (
        "/admin/",
        "/admin/pages/",
        "/admin/snippets/projects/project/",
        f"/admin/snippets/projects/project/edit/{site.pk}/",
        "/admin/snippets/projects/project/add/",
        "/admin/images/",
        "/admin/documents/",
        "/admin/users/",
    ):
        visit(page, live_server.url + path)
    # The page editor (Draftail rich text, StreamField) of an editorial page.
    from wagtail.models import Page

    about = Page.objects.get(slug="a-propos")
    visit(page, f"{live_server.url}/admin/pages/{about.pk}/edit/")
    # Editors see the userbar on public pages.
    visit(page, live_server.url + "/")
    assert page.locator("wagtail-userbar").count() == 1


def test_api_docs_render_under_the_policy(browser_page, live_server):
    """``/api/docs`` (django-ninja's Swagger UI) is served from our own static files: the page
    renders the API's operations and the policy reports nothing."""
    page = browser_page
    page.goto(live_server.url + "/api/docs", wait_until="networkidle")
    page.locator(".swagger-ui .opblock").first.wait_for()
    assert page.locator(".swagger-ui .opblock").count() >= 2
    assert violations(page) == []
