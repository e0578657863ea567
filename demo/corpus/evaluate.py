"""Harvest the generated corpus through the real pipeline and score it against its truth.

``corpus_harvest`` imports one source per site (as a partner admin would set it up: start URL,
kind ``auto``, the include pattern the site's project URLs suggest) and runs ``source_harvest``
on each; ``corpus_score`` compares records and projects with the ground truth and returns one
:class:`SiteScore` per site plus the cross-partner merge figures. Needs the database (the
thesaurus and territories loaded); the ``harvest_corpus`` command runs it in a transaction it
rolls back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

from demo.corpus.server import CorpusServer
from demo.corpus.sites import CorpusSite
from harvesting.canonical import canonicalize_url
from harvesting.client import SafeClient
from harvesting.models import HarvestRecord, HarvestRun, HarvestSource
from harvesting.services import source_harvest
from harvesting.sources_io import sources_import
from projects.consolidation.classify import load_themes
from projects.consolidation.text import simple_key
from projects.models import Project, ProjectSource

USER_AGENT = "CarrefourBot/0.1 (+http://127.0.0.1/a-propos/) corpus"


@dataclass
class SiteScore:
    key: str
    archetype: str
    projects: int = 0  # project pages in the truth
    found: int = 0  # of those, pages that became a project
    non_projects: int = 0  # other pages in the truth
    false_projects: int = 0  # non-project (or unknown) pages that became a project
    titles: int = 0  # of found, title right
    summaries: int = 0
    places: int = 0  # department right (of found with a department)
    places_total: int = 0
    communes: int = 0
    themes: int = 0
    run_state: str = ""
    misses: list[str] = field(default_factory=list)


@dataclass
class CorpusScore:
    sites: list[SiteScore]
    merge_expected: int = 0
    merge_made: int = 0
    merge_right: int = 0
    best_titles: int = 0
    best_titles_total: int = 0
    merge_misses: list[str] = field(default_factory=list)

    def total(self, name: str) -> int:
        return sum(getattr(s, name) for s in self.sites)

    @property
    def merge_recall(self) -> float:
        return _ratio(self.merge_right, self.merge_expected)

    @property
    def merge_precision(self) -> float:
        return _ratio(self.merge_right, self.merge_made)


def _ratio(good: int, total: int) -> float:
    return good / total if total else 1.0


def corpus_sources(sites: list[CorpusSite], servers: list[CorpusServer]) -> list[dict]:
    """The ``harvest_sources import`` structure for the served corpus."""
    data = []
    for site, server in zip(sites, servers, strict=True):
        source = site.source
        data.append({
            "organisation": {"name": site.organisation,
                             "website": f"https://www.{site.key}.exemple.fr"},
            "sources": [{
                "name": f"Corpus {site.key}", "url": source["url"].replace("{{BASE}}",
                                                                            server.base_url),
                "kind": source["kind"], "include": source["include"], "exclude": [],
                "selectors": {}, "schedule": "manual", "auto_publish": True,
                "renderer": source.get("renderer", "none"),
            }],
        })  # fmt: skip
    return data


def corpus_harvest(sites: list[CorpusSite], servers: list[CorpusServer]) -> dict[str, HarvestRun]:
    sources_import(corpus_sources(sites, servers))
    runs = {}
    for site, _server in zip(sites, servers, strict=True):
        source = HarvestSource.objects.get(organisation__name=site.organisation)
        source.min_delay = 0
        source.save(update_fields=["min_delay"])
        client = SafeClient(allowed_networks=["127.0.0.0/8"], user_agent=USER_AGENT, min_delay=0,
                            total_timeout=10.0)  # fmt: skip
        runs[site.key] = source_harvest(source.pk, client=client)
    return runs


def _content_words(text: str) -> set[str]:
    return {w for w in simple_key(text).split() if len(w) > 3}


def summary_right(summary: str, truth_text: str, tagline: str) -> bool:
    """A summary is right when it is about the project: at least 40 characters, most of its
    words from the project's own text, and not the site's tagline."""
    words = _content_words(summary)
    if len(summary) < 40 or not words or simple_key(tagline) in simple_key(summary):
        return False
    return len(words & _content_words(truth_text)) / len(words) >= 0.6


def title_right(found: str, truth: dict) -> bool:
    expected = truth["title"]
    if truth.get("title_loose"):
        return simple_key(found) in (simple_key(expected), simple_key(truth.get("best_title", "")))
    return " ".join(found.replace("’", "'").split()) == " ".join(expected.replace("’", "'").split())


def corpus_score(sites: list[CorpusSite], servers: list[CorpusServer],
                 runs: dict[str, HarvestRun]) -> CorpusScore:  # fmt: skip
    level1 = load_themes()
    scores = []
    page_project: dict[tuple[str, str], int] = {}
    same_as: dict[tuple[str, str], str] = {}
    best_title: dict[tuple[str, str], str] = {}
    for site, server in zip(sites, servers, strict=True):
        score = SiteScore(site.key, site.archetype)
        run = runs.get(site.key)
        score.run_state = run.state if run else "busy"
        source = HarvestSource.objects.get(organisation__name=site.organisation)
        records = {r.guid: r for r in HarvestRecord.objects.filter(source=source)}
        sources = {s.url: s for s in ProjectSource.objects.filter(organisation=source.organisation)}
        by_title = {simple_key(s.harvested_values.get("title", "")): s for s in sources.values()}
        known = set()
        card_projects = set()  # projects of no-page truths (cards), matched by their title
        for path, truth in site.truth.items():
            url = canonicalize_url(server.base_url + path.split("#")[0])
            known.add(url)
            if not truth["is_project"]:
                score.non_projects += 1
                record = records.get(url)
                if record and record.project_id:
                    score.false_projects += 1
                    score.misses.append(f"faux projet {path} ({record.fields.get('title')!r})")
                continue
            if truth.get("optional"):
                continue
            score.projects += 1
            if truth.get("no_page"):
                psource = by_title.get(simple_key(truth["title"]))
                if psource is not None:
                    card_projects.add(psource.project_id)
            else:
                record = records.get(url)
                psource = sources.get(url) if record and record.project_id else None
            if psource is None:
                reason = records[url].fields.get("page_kind_reason") if url in records else ""
                score.misses.append(f"non trouvé {path} {reason or '(non découvert)'}")
                continue
            score.found += 1
            values = psource.harvested_values
            page_project[(site.key, path)] = psource.project_id
            same_as[(site.key, path)] = truth.get("same_as", "")
            if truth.get("best_title"):
                best_title[(site.key, path)] = truth["best_title"]
            if title_right(values.get("title", ""), truth):
                score.titles += 1
            else:
                score.misses.append(f"titre {path}: {values.get('title')!r} ≠ {truth['title']!r}")
            if summary_right(values.get("summary", ""), truth["text"], site.layout.tagline):
                score.summaries += 1
            else:
                score.misses.append(f"résumé {path}: {values.get('summary', '')[:70]!r}")
            if truth.get("department"):
                score.places_total += 1
                if values.get("department_id") == truth["department"]:
                    score.places += 1
                else:
                    score.misses.append(
                        f"lieu {path}: {values.get('department_id')} ≠ {truth['department']}"
                    )
                if values.get("commune_id") == truth.get("commune"):
                    score.communes += 1
            found = {level1.get(c) or c for c in values.get("themes", [])}
            expected = set(truth["themes"])
            if expected and len(found & expected) / len(found | expected) >= 0.5:
                score.themes += 1
        for url, record in records.items():
            if record.project_id and url not in known and record.project_id not in card_projects:
                score.false_projects += 1
                score.non_projects += 1
                score.misses.append(f"faux projet (hors vérité) {url}")
        scores.append(score)
    result = CorpusScore(scores)
    for first, second in combinations(sorted(page_project), 2):
        expected = bool(same_as[first]) and same_as[first] == same_as[second]
        merged = page_project[first] == page_project[second]
        result.merge_expected += expected
        result.merge_made += merged
        result.merge_right += expected and merged
        if merged != expected:
            result.merge_misses.append(
                f"{'fusionnés à tort' if merged else 'non fusionnés'} : {first} / {second}"
            )
    for page, best in best_title.items():
        partner = next((p for p in page_project if p != page and same_as[p] == same_as[page]),
                       None)  # fmt: skip
        if partner and page_project[partner] == page_project[page]:
            result.best_titles_total += 1
            title = Project.objects.get(pk=page_project[page]).title
            if title == best:
                result.best_titles += 1
            else:
                result.merge_misses.append(f"orthographe : {title!r} au lieu de {best!r}")
    return result


def format_score(score: CorpusScore, *, verbose: bool = False) -> str:
    """The per-site table and the totals, as the command prints them."""
    header = (f"{'site':24} {'état':9} {'trouvés':>9} {'faux':>7} {'titres':>8} {'résumés':>8} "
              f"{'lieux':>8} {'thèmes':>8}")  # fmt: skip
    lines = [header, "-" * len(header)]
    for s in score.sites:
        lines.append(
            f"{s.key:24} {s.run_state:9} {s.found:>4}/{s.projects:<4} {s.false_projects:>3}/"
            f"{s.non_projects:<3} {s.titles:>3}/{s.found:<4} {s.summaries:>3}/{s.found:<4} "
            f"{s.places:>3}/{s.places_total:<4} {s.themes:>3}/{s.found:<4}"
        )
        if verbose:
            lines += [f"    - {m}" for m in s.misses]
    t = score.total
    found = t("found")
    lines.append("-" * len(header))
    lines.append(
        f"{'TOTAL':34} {found:>4}/{t('projects'):<4} {t('false_projects'):>3}/"
        f"{t('non_projects'):<3} {t('titles'):>3}/{found:<4} {t('summaries'):>3}/{found:<4} "
        f"{t('places'):>3}/{t('places_total'):<4} {t('themes'):>3}/{found:<4}"
    )
    lines.append("")
    lines.append(f"pages de projet trouvées  {_ratio(found, t('projects')):6.1%}")
    lines.append(f"faux projets              {_ratio(t('false_projects'), t('non_projects')):6.1%}"
                 "  (des pages qui ne sont pas des projets)")  # fmt: skip
    lines.append(f"titres justes             {_ratio(t('titles'), found):6.1%}  (des trouvés)")
    lines.append(f"résumés justes            {_ratio(t('summaries'), found):6.1%}")
    lines.append(f"départements justes       {_ratio(t('places'), t('places_total')):6.1%}")
    lines.append(f"communes justes           {_ratio(t('communes'), t('places_total')):6.1%}")
    lines.append(f"thèmes justes             {_ratio(t('themes'), found):6.1%}")
    lines.append(f"fusions : rappel {score.merge_recall:.1%} ({score.merge_right}/"
                 f"{score.merge_expected} paires), précision {score.merge_precision:.1%} "
                 f"({score.merge_right}/{score.merge_made})")  # fmt: skip
    lines.append(f"orthographe du projet fusionné {score.best_titles}/{score.best_titles_total}")
    if verbose:
        lines += [f"    - {m}" for m in score.merge_misses]
    return "\n".join(lines)
