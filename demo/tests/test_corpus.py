"""The generated development corpus: varied, reproducible, served on loopback, scored.

The harvest test runs the real pipeline (discovery, safe client over loopback HTTP, extraction,
consolidation, matching) on a few generated sites and checks that the report adds up; the full
figures come from ``manage.py harvest_corpus``.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from demo.corpus.evaluate import corpus_harvest, corpus_score, format_score, title_right
from demo.corpus.server import serve_corpus
from demo.corpus.sites import ARCHETYPES, build_corpus
from harvesting.extraction import choose, extract_page
from harvesting.titles import TitleProfile


def test_corpus_has_the_variety_of_the_real_web_and_is_reproducible():
    sites = build_corpus(7)
    again = build_corpus(7)
    assert [s.routes for s in sites] == [s.routes for s in again]
    assert build_corpus(8)[0].routes != sites[0].routes
    assert len(sites) >= 20
    assert {s.archetype for s in sites} == set(ARCHETYPES)
    assert len({s.organisation for s in sites}) == len(sites)
    by_type = {s.archetype: s for s in sites}
    legacy = by_type["legacy_iso"]
    page = next(body for path, (ctype, body) in legacy.routes.items() if "fiche.php" in path)
    assert "charset=iso-8859-1" in page.decode("latin-1") and b"\xe9" in page  # é in Latin-1
    pdf = by_type["pdf_sheets"]
    assert any(ctype == "application/pdf" and body.startswith(b"%PDF-1.4")
               for ctype, body in pdf.routes.values())  # fmt: skip
    assert any("?p=" in path for path in by_type["wp_plain"].truth)
    assert any(path.startswith("/node/") for path in by_type["drupal_node"].truth)
    assert any(path.startswith("/en/") for path in by_type["multilingual"].truth)
    assert all(t.get("no_page") for t in by_type["cards_only"].project_truth().values())
    copies = [t for t in by_type["aggregator"].truth.values() if t.get("best_title")]
    assert copies and all(t["same_as"] for t in copies)
    # every project page says where and what, and every site has non-project pages
    for site in sites:
        assert any(not t["is_project"] for t in site.truth.values()), site.key
        for truth in site.project_truth().values():
            assert truth["title"] and truth["department"] and truth["themes"]


@pytest.mark.django_db
def test_corpus_harvest_over_loopback_is_scored_per_site(reference_data):
    sites = [
        s
        for s in build_corpus(11)
        if s.archetype in ("wp_classic", "legacy_iso", "drupal_node", "aggregator")
    ]
    servers = serve_corpus(sites)
    try:
        runs = corpus_harvest(sites, servers)
        score = corpus_score(sites, servers, runs)
    finally:
        for server in servers:
            server.stop()
    assert all(run is not None for run in runs.values())
    assert all(server.requested for server in servers)  # real HTTP reached every site
    assert [s.key for s in score.sites] == [s.key for s in sites]
    for site, site_score in zip(sites, score.sites, strict=True):
        assert site_score.projects == len(site.project_truth())
        assert site_score.found <= site_score.projects
        assert site_score.titles <= site_score.found
    text = format_score(score, verbose=True)
    assert "TOTAL" in text and "fusions" in text
    print("\n" + text)


@pytest.mark.django_db
def test_harvest_corpus_command_prints_the_table_and_keeps_nothing(reference_data):
    from projects.models import Project

    before = Project.objects.count()
    out = StringIO()
    call_command("harvest_corpus", "--sites", "2", "--seed", "3", stdout=out)
    assert "TOTAL" in out.getvalue() and "titres justes" in out.getvalue()
    assert Project.objects.count() == before


def test_title_rules_hold_on_a_corpus_they_were_not_written_for():
    """Another seed: other layouts, other names, other affixes; the pages' own title
    (evidence from the whole site) is right for at least 95 % of project pages."""
    good = total = 0
    misses = []
    for site in build_corpus(404):
        profile, pages = TitleProfile(), {}
        for path, (content_type, body) in site.routes.items():
            if content_type.startswith("text/html"):
                html = body.decode(site.encoding).replace("{{BASE}}", "http://127.0.0.1:9")
                pages[path] = extract_page(html, "http://127.0.0.1:9" + path)
                profile.add(pages[path].title_candidates, path)
        for path, truth in site.project_truth().items():
            if path not in pages:
                continue  # cards, PDF sheets: no HTML page of their own
            choose(pages[path], profile)
            total += 1
            if title_right(pages[path].title, truth):
                good += 1
            else:
                misses.append((site.key, pages[path].title, truth["title"]))
    assert total > 100
    assert good / total >= 0.95, misses
