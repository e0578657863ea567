"""A holder's edit keeps the description's structure (issue 16, item 7)."""

import pytest
from django.urls import reverse

from members.tests.fixtures import make_member
from projects.holders.claims import project_claim
from projects.holders.forms import holder_html
from projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

STRUCTURED = (
    "<h2>Le projet</h2><p>Un garage <b>solidaire</b>.</p>"
    "<ul><li>Réparations</li><li>Prêts</li></ul><ol><li>Un</li></ol>"
)


def test_structure_is_kept_and_anything_else_removed():
    html = holder_html(
        STRUCTURED + '<script>alert(1)</script><p onclick="x()" style="color:red">Suite</p>'
        '<div>Ligne</div><a href="javascript:alert(1)">piège</a><h1>Grand</h1>'
    )
    assert "<h2>Le projet</h2>" in html and "<strong>solidaire</strong>" in html
    assert "<ul><li>Réparations</li><li>Prêts</li></ul><ol><li>Un</li></ol>" in html
    assert "<p>Suite</p>" in html and "<p>Ligne</p>" in html
    assert "script" not in html and "onclick" not in html and "javascript" not in html
    assert "<h1>" not in html and "Grand" in html


def test_plain_text_becomes_paragraphs():
    assert holder_html("Un.\n\nDeux\nlignes & plus") == "<p>Un.</p><p>Deux<br>lignes &amp; plus</p>"


def test_holder_edit_round_trip_keeps_headings_and_lists(client):
    project = ProjectFactory(
        website="https://garage.example.org", description="<p>Ancien texte.</p>"
    )
    holder = make_member("marie", "marie@garage.example.org")
    project_claim(project, holder)
    client.force_login(holder)
    url = reverse("projects:holder_edit", kwargs={"slug": project.slug})
    form = client.get(url).content.decode()
    assert "&lt;p&gt;Ancien texte.&lt;/p&gt;" in form  # the HTML, not flattened text
    assert "data-rich-text-editor" in form and 'role="toolbar"' in form
    response = client.post(
        url, {"description": STRUCTURED, "website": "", "contact_email": "", "image_url": ""}
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert "<h2>Le projet</h2>" in project.description
    assert "<ul><li>Réparations</li><li>Prêts</li></ul>" in project.description
    page = client.get(project.get_absolute_url()).content.decode()
    assert "<h2>Le projet</h2>" in page and "<li>Prêts</li>" in page
