"""Dry run of a source ("Tester"): what a harvest would find and read, saving no project.

Run by a Django-Q2 worker (``harvesting.tasks.dry_run_task``), never inside a web request, and
stopped after ``HARVEST_DRY_RUN_SECONDS``. It records, for every address discovery found and
dropped, why (include/exclude pattern, robots.txt, trap guard, per-run cap, not a project
page); it reads the first pages as a harvest would; it proposes include patterns from the
groups of addresses found; and it warns when another partner already harvests the site.
Progress is saved as it goes so the admin page can poll it.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from harvesting.client import FetchError, RobotsDisallowed, SafeClient
from harvesting.discovery import Discoverer, DiscoveryLimits
from harvesting.extraction import choose
from harvesting.models import HarvestDryRun, HarvestSource
from harvesting.proposals import propose_patterns, sample_for_classification
from harvesting.renderer import ChromiumRenderer, RenderLimits, renderer_unavailable
from harvesting.services import (
    _start,
    extract_card,
    extract_fetched,
    harvested_item,
    page_accept,
    source_renderer,
    title_profile,
)
from harvesting.sharing import sharing_warning, sources_sharing_host
from projects.services.importer import ImportContext, consolidate

logger = logging.getLogger(__name__)

#: Pages read and shown in full (title, place, themes).
READ_LIMIT = 10
#: Extra pages read, a few per address group, to tell which group holds the projects.
SAMPLE_LIMIT = 10
#: Share of the time budget given to discovery; the rest reads pages.
DISCOVERY_SHARE = 0.6
#: Static sources of these kinds have their listing rendered too, to tell whether JavaScript
#: hides project links (then "activer le rendu JavaScript" is proposed); until this share of
#: the budget, on at most ``COMPARE_LISTING_PAGES`` listing pages.
RENDERABLE_KINDS = ("auto", "listing")
COMPARE_SHARE = 0.8
COMPARE_LISTING_PAGES = 3
#: ... when static discovery kept fewer pages than this, or the start page shows "Voir plus".
COMPARE_BELOW = 20
LOAD_MORE_RE = re.compile(
    r"(voir|charger|afficher) plus|load[ -]?more|data-load-more|infinite[-_ ]?scroll", re.I
)
#: Extra links (found only once rendered) read to check they are project pages.
COMPARE_READ = 3

REASONS = {
    "include": _("aucun motif à inclure ne correspond"),
    "exclude": _("un motif à exclure correspond"),
    "trap": _(
        "garde contre les pièges à robots (variantes d'adresse, chemin répétitif ou trop profond)"
    ),
    "cap": _("limite de pages par moisson atteinte"),
    "robots": _("interdite par le robots.txt du site"),
    "not_project": _("pas une fiche projet"),
}


def dry_run_seconds() -> int:
    return max(5, int(getattr(settings, "HARVEST_DRY_RUN_SECONDS", 60) or 60))


def dry_run_start(source: HarvestSource, user=None) -> HarvestDryRun:
    """Queue a dry run of ``source`` for the workers."""
    from django_q.tasks import async_task

    dry_run = HarvestDryRun.objects.create(
        source=source, requested_by=user if getattr(user, "pk", None) else None
    )
    async_task("harvesting.tasks.dry_run_task", dry_run.pk)
    return dry_run


def _save_progress(dry_run: HarvestDryRun, **values) -> None:
    dry_run.progress.update(values)
    HarvestDryRun.objects.filter(pk=dry_run.pk).update(progress=dry_run.progress)


def dry_run_execute(dry_run_id: int, *, client: SafeClient | None = None) -> HarvestDryRun:
    """Run one queued dry run to its end (done, or failed with a message)."""
    dry_run = HarvestDryRun.objects.select_related("source__organisation").get(pk=dry_run_id)
    budget = dry_run_seconds()
    started = time.monotonic()
    deadline = started + budget
    dry_run.state = HarvestDryRun.State.RUNNING
    dry_run.started_at = timezone.now()
    dry_run.progress = {"discovered": 0, "read": 0, "seconds": budget}
    dry_run.save()
    try:
        result, timed_out = _explore(dry_run, client, started, deadline)
        dry_run.result = result
        dry_run.timed_out = timed_out
        dry_run.state = HarvestDryRun.State.DONE
        dry_run.message = _summary(result, timed_out, budget)
    except Exception as exc:  # noqa: BLE001 - the page must show an end state
        logger.exception("Dry run %s failed", dry_run.pk)
        dry_run.state = HarvestDryRun.State.FAILED
        dry_run.message = (
            f"L'essai s'est arrêté sur une erreur inattendue ({type(exc).__name__}) : "
            "vérifiez l'adresse de départ et relancez-le."
        )
    dry_run.finished_at = timezone.now()
    dry_run.save()
    return dry_run


def _explore(dry_run: HarvestDryRun, client, started: float, deadline: float):

    source = dry_run.source
    budget = deadline - started
    client = client or SafeClient(
        min_delay=min(source.min_delay, 0.5), total_timeout=max(3.0, min(20.0, budget / 3))
    )
    discoverer = Discoverer(
        client=client,
        include=source.patterns("include_patterns") or None,
        exclude=source.patterns("exclude_patterns") or None,
        limits=DiscoveryLimits(max_items=source.max_pages),
        explain=True,
    )
    discoverer.deadline = started + budget * DISCOVERY_SHARE
    renderer, renderer_problem = source_renderer(source, client, discoverer)
    discovered = []
    try:
        for item in discoverer.run(_start(source), source.kind):
            discovered.append(item)
            if len(discovered) % 25 == 0:
                _save_progress(dry_run, discovered=len(discovered))
    finally:
        if renderer is not None:
            renderer.close()
    _save_progress(dry_run, discovered=len(discovered))
    rendering = None
    if (
        renderer is None
        and not renderer_problem
        and source.kind in RENDERABLE_KINDS
        and (len(discovered) < COMPARE_BELOW or _shows_load_more(discoverer, source))
    ):
        rendering = _compare_rendered(source, client, discoverer, started + budget * COMPARE_SHARE)

    dropped = [{"url": url, "reason": reason} for url, reason in discoverer.dropped]
    profile = title_profile(source)
    context = ImportContext.for_organisation(source.organisation)
    read, kept, projects, not_read = [], [], set(), 0
    timed_out = discoverer.timed_out
    for item in discovered:
        address = item.fetch_url or item.url
        if not _allowed(client, address):
            dropped.append({"url": item.published or address, "reason": "robots"})
            continue
        if len(read) >= READ_LIMIT or time.monotonic() > deadline:
            timed_out = timed_out or time.monotonic() > deadline
            not_read += 1
            kept.append(item)
            continue
        if item.card_html:  # a card of a listing without detail pages: nothing to fetch
            page, error = extract_card(item.card_html, address, source), ""
        else:
            page, error = _read(client, address, source)
        read.append((item, page, error))
        if page is not None:
            profile.add(page.title_candidates, item.url)
        _save_progress(dry_run, read=len(read))

    # When the source's patterns kept few pages, read a few addresses of each group found to
    # tell which one holds the project pages (it ranks the proposals).
    sampled = 0
    if len(read) < READ_LIMIT:
        seen = {item.url for item, _, _ in read}
        for url in sample_for_classification(discoverer.candidates):
            if sampled >= SAMPLE_LIMIT or time.monotonic() > deadline:
                break
            if url in seen or not _allowed(client, url):
                continue
            page, _error = _read(client, discoverer.candidates[url], source)
            sampled += 1
            if page is not None and page.page_kind == "project":
                projects.add(url)

    items = []
    for item, page, error in read:
        entry = {"url": item.published or item.fetch_url or item.url, "error": error}
        if page is not None:
            choose(page, profile)
            entry.update(page_kind=page.page_kind, reason=page.page_kind_reason, title=page.title)
            if page.page_kind == "project":
                projects.add(item.url)
                values = consolidate(harvested_item(source, page, item.url), context)
                entry["title"] = values.get("values", {}).get("title") or page.title
                entry["place"] = str(values.get("evidence", {}).get("location_evidence") or "")
                entry["themes"] = list(values.get("values", {}).get("themes") or [])
            else:
                dropped.append(
                    {
                        "url": entry["url"],
                        "reason": "not_project",
                        "detail": page.page_kind_reason,
                    }
                )
        items.append(entry)

    warnings = list(discoverer.warnings)
    if renderer_problem:
        warnings.insert(0, renderer_problem)
    proposal = None
    if rendering is not None:
        warnings += rendering.warnings
        proposal = _rendering_proposal(rendering, client, source, deadline)
    sharing = sources_sharing_host(source.organisation_id, source.url, source.urls)
    if sharing:
        warnings.insert(0, sharing_warning(sharing))
    proposals = propose_patterns(discoverer.candidates, projects)
    current = set(source.patterns("include_patterns"))
    return (
        {
            "items": items,
            "dropped": dropped,
            "dropped_counts": _counts(dropped),
            "warnings": warnings,
            "shared_with": sorted({s.organisation.name for s in sharing}),
            "proposals": [p.as_dict() for p in proposals if p.pattern not in current],
            "found": len(discoverer.candidates),
            "kept": len(discovered),
            "not_read": not_read,
            "renderer_proposal": proposal,
        },
        timed_out,
    )


def _shows_load_more(discoverer: Discoverer, source) -> bool:
    from harvesting.services import _start

    page = discoverer._pages.get(_start(source).strip())
    return bool(page is not None and LOAD_MORE_RE.search(page.text or ""))


@dataclass
class RenderedComparison:
    """Links the rendered listing keeps that the static pass did not find at all."""

    extra: list = field(default_factory=list)  # DiscoveredItem
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0


def _compare_rendered(source, client, static: Discoverer, until: float):
    """Render the source's listing (a few pages) and keep the links static discovery lacks.
    None when rendering cannot run here or there is no time left."""
    from harvesting.services import _start

    remaining = until - time.monotonic()
    if remaining < 5 or renderer_unavailable():
        return None
    began = time.monotonic()
    limits = RenderLimits(page_seconds=min(30.0, remaining / 2))
    comparison = RenderedComparison()
    with ChromiumRenderer(client, limits=limits) as renderer:
        rendered = Discoverer(
            client=client,
            include=source.patterns("include_patterns") or None,
            exclude=source.patterns("exclude_patterns") or None,
            limits=DiscoveryLimits(
                max_items=source.max_pages, max_listing_pages=COMPARE_LISTING_PAGES
            ),
            explain=True,
            renderer=renderer,
        )
        rendered.deadline = until
        try:
            items = list(rendered.run(_start(source), "listing"))
        except Exception:  # noqa: BLE001 - the comparison is a hint, never the dry run's end
            logger.exception("Rendered comparison of %s failed", source)
            return None
    comparison.extra = [item for item in items if item.url not in static.candidates]
    comparison.warnings = [w for w in rendered.warnings if w.startswith("Rendu JavaScript")]
    comparison.seconds = time.monotonic() - began
    return comparison


def _rendering_proposal(comparison: RenderedComparison, client, source, deadline: float):
    """Propose the renderer when rendered pages link project pages static HTML lacks: some
    of the extra links read as project pages (or match the source's include patterns)."""
    if not comparison.extra:
        return None
    projects = 0
    for item in comparison.extra[:COMPARE_READ]:
        if time.monotonic() > deadline:
            break
        page, _error = _read(client, item.fetch_url or item.url, source)
        if page is not None and page.page_kind == "project":
            projects += 1
    if not projects and not source.patterns("include_patterns"):
        return None
    return {
        "extra": len(comparison.extra),
        "projects": projects,
        "examples": [i.published or i.url for i in comparison.extra[:5]],
        "seconds": round(comparison.seconds, 1),
    }


def _allowed(client: SafeClient, url: str) -> bool:
    try:
        return client.is_allowed(url)
    except FetchError:
        return True  # the fetch itself will say what is wrong


def _read(client: SafeClient, url: str, source: HarvestSource):
    try:
        result = client.fetch(url, accept=page_accept(source))
        return extract_fetched(result, source), ""
    except RobotsDisallowed as exc:
        return None, exc.message
    except FetchError as exc:
        return None, exc.message
    except Exception as exc:  # noqa: BLE001 - one page must not end the dry run
        return None, f"{type(exc).__name__}: {exc}"


def _counts(dropped: list[dict]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for entry in dropped:
        counts[entry["reason"]] = counts.get(entry["reason"], 0) + 1
    return counts


def _summary(result: dict, timed_out: bool, budget: int) -> str:
    projects = sum(1 for i in result["items"] if i.get("page_kind") == "project")
    text = (
        f"{result['found']} adresses trouvées, {result['kept']} retenues, "
        f"{len(result['items'])} lues dont {projects} fiches projet, "
        f"{len(result['dropped'])} écartées."
    )
    proposal = result.get("renderer_proposal")
    if proposal:
        text += (
            f" Rendue dans un navigateur, la liste montre {proposal['extra']} adresses de plus : "
            "activez le rendu JavaScript (proposition ci-dessous)."
        )
    if timed_out:
        text += f" Essai arrêté après {budget} s : le résultat est partiel."
    return text
