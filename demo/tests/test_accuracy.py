"""Accuracy of the whole pipeline on the five demo partner sites, measured against truth.json.

Every demo source is imported as a partner would be (``sources_import``) and harvested for real
(``source_harvest``: discover → fetch → extract → consolidate → match → save). The resulting
records and projects are compared with ``demo/sites/truth.json`` and each product
target is asserted; ``pytest -s`` prints the figures.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from itertools import combinations
from pathlib import Path

import pytest

from demo.tests.test_web import USER_AGENT, executable_parts
from demo.web import (
    demo_sources,
    load_truth,
    running_demo_web,
    start_demo_web,
    stop_demo_web,
)
from harvesting.canonical import canonicalize_url
from harvesting.client import SafeClient
from harvesting.models import HarvestRecord, HarvestSource
from harvesting.services import source_harvest
from harvesting.sources_io import sources_import
from members.models import Organisation
from projects.consolidation.classify import load_themes
from projects.models import Project, ProjectSource

TRUTH = load_truth()["sites"]
PARTNERS_CSV = Path(__file__).resolve().parents[2] / "members/data/partners-cis.csv"
LEVEL1 = load_themes()

TARGETS = {
    "project_recall": 0.95,  # project pages that became projects
    "non_project_rate": 0.03,  # non-project pages that became projects (at most)
    "titles": 0.95,
    "departments": 0.90,
    "communes": 0.85,
    "themes": 0.80,
    "merge_precision": 0.95,
    "merge_recall": 0.85,
}


def _level1(codes) -> set[str]:
    return {LEVEL1.get(code) or code for code in codes}


def _themes_agree(found: set[str], expected: set[str]) -> bool:
    """Level-1 themes agree when they overlap by half at least (Jaccard ≥ 0.5)."""
    if not expected:
        return not found
    return len(found & expected) / len(found | expected) >= 0.5


def _ratio(good: int, total: int) -> float:
    return good / total if total else 1.0


@pytest.fixture
def demo_harvest(reference_data):
    """All five demo sources harvested through the real pipeline."""
    started_here = running_demo_web() is None
    base_urls = start_demo_web()
    web = running_demo_web()
    web.reset()
    sources_import(demo_sources(base_urls))
    runs = {}
    for key, base in base_urls.items():
        source = HarvestSource.objects.get(url__startswith=base)
        source.min_delay = 0
        source.save(update_fields=["min_delay"])
        client = SafeClient(
            allowed_networks=["127.0.0.0/8"],
            user_agent=USER_AGENT,
            min_delay=0,
            total_timeout=10.0,
        )
        runs[key] = (source, source_harvest(source.pk, client=client))
    requested = {key: web[key].requested_paths() for key in base_urls}
    yield base_urls, runs, requested
    if started_here:
        stop_demo_web()


@pytest.mark.django_db
def test_demo_sites_harvest_meets_the_accuracy_targets(demo_harvest):
    base_urls, runs, requested = demo_harvest
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # metric → [good, total]
    misses: dict[str, list] = defaultdict(list)
    page_project: dict[tuple[str, str], int] = {}  # (site, path) → project id

    for key, (source, run) in runs.items():
        assert run is not None and run.state in ("succeeded", "partial"), (key, run.errors)
        records = {r.guid: r for r in HarvestRecord.objects.filter(source=source)}
        sources = {s.url: s for s in ProjectSource.objects.filter(organisation=source.organisation)}
        for path, truth in TRUTH[key]["pages"].items():
            url = canonicalize_url(base_urls[key].rstrip("/") + path)
            record = records.get(url)
            unreachable = truth.get("forbidden") or truth.get("oversize") or truth.get("status")
            became_project = bool(record and record.project_id)
            if not truth["is_project"]:
                counts["non_project_rate"][1] += 1
                if became_project:
                    counts["non_project_rate"][0] += 1
                    misses["non_project_rate"].append((key, path, record.fields))
                continue
            if unreachable:
                continue
            counts["project_recall"][1] += 1
            if not became_project:
                kind = record.fields.get("page_kind_reason") if record else "not discovered"
                misses["project_recall"].append((key, path, kind))
                continue
            counts["project_recall"][0] += 1
            page_project[(key, path)] = record.project_id
            values = sources[url].harvested_values

            counts["titles"][1] += 1
            if values["title"] == truth["title"]:
                counts["titles"][0] += 1
            else:
                misses["titles"].append((key, path, truth["title"], values["title"]))
            if truth["department"]:
                counts["departments"][1] += 1
                if values["department_id"] == truth["department"]:
                    counts["departments"][0] += 1
                else:
                    misses["departments"].append(
                        (key, path, truth["department"], values["department_id"])
                    )
            if truth["commune"]:
                counts["communes"][1] += 1
                if values["commune_id"] == truth["commune"]:
                    counts["communes"][0] += 1
                else:
                    misses["communes"].append((key, path, truth["commune"], values["commune_id"]))
            counts["themes"][1] += 1
            found = _level1(values["themes"])
            if _themes_agree(found, set(truth["themes"])):
                counts["themes"][0] += 1
            else:
                misses["themes"].append((key, path, sorted(truth["themes"]), sorted(found)))

    # Cross-partner duplicates: pairs of harvested project pages on the same project.
    same_as = {page: TRUTH[page[0]]["pages"][page[1]].get("same_as") for page in page_project}
    merged_pairs = expected_pairs = true_merges = 0
    for first, second in combinations(sorted(page_project), 2):
        expected = bool(same_as[first]) and same_as[first] == same_as[second]
        merged = page_project[first] == page_project[second]
        expected_pairs += expected
        merged_pairs += merged
        true_merges += expected and merged
        if merged != expected:
            misses["merges"].append((first, second, "merged" if merged else "not merged"))
    merge_precision = _ratio(true_merges, merged_pairs)
    merge_recall = _ratio(true_merges, expected_pairs)

    rates = {name: _ratio(*counts[name]) for name in counts}
    print("\nDemo harvest accuracy (good / total):")
    for name, (good, total) in counts.items():
        print(f"  {name:18} {good:3} / {total:3} = {rates[name]:.1%}  (target {TARGETS[name]})")
    print(f"  merge_precision    {true_merges:3} / {merged_pairs:3} = {merge_precision:.1%}")
    print(f"  merge_recall       {true_merges:3} / {expected_pairs:3} = {merge_recall:.1%}")
    for name, items in misses.items():
        for item in items:
            print(f"  miss {name}: {item}")

    failures = []
    for name in ("project_recall", "titles", "departments", "communes", "themes"):
        if rates[name] < TARGETS[name]:
            failures.append(f"{name} {rates[name]:.1%} < {TARGETS[name]:.0%}")
    if rates["non_project_rate"] >= TARGETS["non_project_rate"]:
        failures.append(f"non-project pages imported: {rates['non_project_rate']:.1%}")
    if merge_precision < TARGETS["merge_precision"]:
        failures.append(f"merge precision {merge_precision:.1%}")
    if merge_recall < TARGETS["merge_recall"]:
        failures.append(f"merge recall {merge_recall:.1%}")
    assert not failures, failures

    # Similar names in different places are never merged (no same_as: different projects).
    for first, second in combinations(sorted(page_project), 2):
        if page_project[first] == page_project[second]:
            assert same_as[first] and same_as[first] == same_as[second], (first, second)

    # Nothing forbidden by robots.txt was requested, the calendar trap was not followed.
    for key, paths in requested.items():
        assert not [p for p in paths if p.startswith("/prive")], key
        assert not [p for p in paths if p.startswith("/agenda")], key
    # The oversize page is skipped and reported.
    sengage = runs["france-sengage"][1]
    assert any("la-fabrique-a-projets-roubaix" in e.get("url", "") for e in sengage.errors)

    # No executable HTML in what the catalogue shows.
    projects = Project.objects.all()
    assert projects.exists()
    for project in projects:
        assert not executable_parts(project.description), project.title

    # The invented projects are credited to the sites' fictitious organisations only, never to
    # a real partner of the directory (loaded by reference_data).
    credited = Organisation.objects.filter(project_sources__isnull=False).distinct()
    assert {o.name for o in credited} == {TRUTH[key]["organisation"] for key in runs}
    real = {row["name"] for row in csv.DictReader(PARTNERS_CSV.open(encoding="utf-8"))}
    for organisation in credited:
        assert organisation.name not in real and organisation.name.endswith(" (démo)")
        assert "fictive" in organisation.presentation and organisation.is_public
        assert "javascript:" not in (project.website or "").lower(), project.title
        assert not project.website or project.website.startswith(("http://", "https://"))
