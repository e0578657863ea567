"""Reading a project (issue 16, item 3): summary said once, excerpts cut on a word, the
partner's page as one button, "previous / next" within the visitor's search."""

from datetime import timedelta

import pytest
from django.utils import timezone

from projects.catalogue.highlight import project_headlines
from projects.catalogue.reading import description_for_page, excerpt
from projects.models import Project
from projects.tests.factories import ProjectFactory, ProjectSourceFactory

SUMMARY = "Des habitants cuisinent ensemble les invendus du marché chaque semaine."


def test_first_paragraph_equal_to_the_summary_is_not_repeated():
    show, html = description_for_page(
        SUMMARY, f"<p>{SUMMARY.upper()[:-1]} </p><h2>Suite</h2><p>Autre chose.</p>"
    )
    assert show and html == "<h2>Suite</h2><p>Autre chose.</p>"


def test_a_cut_summary_gives_way_to_the_full_paragraph():
    paragraph = SUMMARY[:-1] + ", puis partagent un repas à prix libre."
    show, html = description_for_page(SUMMARY[:50] + "…", f"<p>{paragraph}</p>")
    assert not show and paragraph in html


def test_a_different_first_paragraph_is_kept_with_the_summary():
    show, html = description_for_page(SUMMARY, "<p>Né en 2019 à Rennes.</p>")
    assert show and html == "<p>Né en 2019 à Rennes.</p>"


def test_excerpt_ends_on_a_word_with_an_ellipsis():
    text = "anticonstitutionnellement " * 20
    cut = excerpt(text, 60)
    assert cut.endswith("anticonstitutionnellement…") and len(cut) <= 61
    assert excerpt("Court.", 60) == "Court."
    assert excerpt("Un texte, qui continue encore longtemps", 16) == "Un texte, qui…"


@pytest.mark.django_db
def test_highlighted_excerpt_says_where_it_was_cut():
    words = " ".join(f"mot{i}" for i in range(80))
    project = ProjectFactory(summary=f"{words} épicerie {words}")
    summary = str(project_headlines([project], "epicerie")[project.pk]["summary"])
    assert summary.startswith("… ") and summary.endswith("…")
    assert "<mark>épicerie</mark>" in summary
    assert "mot7…" not in summary.replace("…", "", 1)[:-1]  # whole words only


@pytest.fixture
def three(seeded_site):
    now = timezone.now()
    made = []
    for i, title in enumerate(["Épicerie A", "Épicerie B", "Épicerie C"]):
        project = ProjectFactory(title=title)
        Project.objects.filter(pk=project.pk).update(first_published_at=now - timedelta(days=i))
        made.append(project)
    ProjectFactory(title="Garage solidaire")
    return made


def test_project_page_links_previous_and_next_within_the_search(client, three, seeded_site):
    a, b, c = three
    response = client.get(f"{b.get_absolute_url()}?q=epicerie&sort=recent")
    html = response.content.decode()
    assert f'href="{a.get_absolute_url()}?q=epicerie&amp;sort=recent&amp;page=1"' in html or (
        f'href="{a.get_absolute_url()}?q=epicerie&amp;sort=recent"' in html
    )
    assert 'rel="prev"' in html and "Épicerie A" in html
    assert 'rel="next"' in html and "Épicerie C" in html
    assert "Garage solidaire" not in html.split('class="project-nav"')[1]
    assert 'href="/projets-recherche/?q=epicerie&amp;sort=recent"' in html  # back to it


def test_project_page_without_a_search_has_no_previous_next(client, three, seeded_site):
    html = client.get(three[1].get_absolute_url()).content.decode()
    assert 'class="project-nav"' not in html


def test_catalogue_cards_carry_the_search_and_the_partner_page_is_one_button(
    client, three, seeded_site
):
    a = three[0]
    ProjectSourceFactory(project=a, url="https://partenaire.example.org/a")
    html = client.get("/projets-recherche/?q=epicerie").content.decode()
    assert f'href="{a.get_absolute_url()}?q=epicerie"' in html or (
        f'href="{a.get_absolute_url()}?q=epicerie&amp;page=1"' in html
    )
    page = client.get(a.get_absolute_url()).content.decode()
    assert page.count('class="button-link" href="https://partenaire.example.org/a"') == 1


@pytest.mark.django_db
def test_partner_name_leads_to_its_page_on_the_carrefour(client, three, seeded_site):
    """Besides the one button to the partner's own site, the partner's name opens its page
    here (who they are, their projects, their sources' health)."""
    a = three[0]
    source = ProjectSourceFactory(project=a, url="https://partenaire.example.org/a")
    organisation = source.organisation
    page = client.get(a.get_absolute_url()).content.decode()
    partner_url = f"/partenaires/{organisation.slug}/"
    assert f'<a class="partner-name" href="{partner_url}">' in page
    assert client.get(partner_url).status_code == 200
    assert page.count('class="button-link" href="https://partenaire.example.org/a"') == 1
