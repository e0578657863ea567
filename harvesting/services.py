"""Harvest one source: discover → fetch → extract → hand each project page to ``projects``.

``source_harvest`` is what tasks, the CLI and the admin's "harvest now" call. It is safe to call
twice: a second concurrent call for the same source finds the database refusing a second
"running" run and returns ``None``. Per-page failures are recorded with their stage and never
stop the run; a run whose discovery was incomplete (site down, sitemap failing, page cap hit)
never marks anything as "no longer listed". Nothing is ever deleted.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction
from django.utils import timezone

from harvesting.cards import CARD_MIN_TEXT
from harvesting.client import FetchError, FetchResult, SafeClient
from harvesting.discovery import Discoverer, DiscoveryLimits
from harvesting.documents import PDF_TYPES, is_pdf, pdf_html
from harvesting.extraction import ExtractedPage, choose, extract_page
from harvesting.images import images_deferred
from harvesting.models import HarvestRecord, HarvestRun, HarvestSource
from harvesting.renderer import ChromiumRenderer, renderer_unavailable
from harvesting.sharing import site_key, source_hosts, sources_sharing_host
from harvesting.titles import TitleProfile
from projects.services.importer import (
    HarvestedItem,
    ImportContext,
    project_source_seen,
    project_source_unlist,
    project_upsert_from_record,
)

logger = logging.getLogger(__name__)

#: A run whose heartbeat is older than this is considered dead (worker killed, DB restart).
STALE_AFTER = timedelta(minutes=15)
#: Project pages read before the first import: enough pages to tell the site's boilerplate
#: (its name in every <h1>, "Site - " in every <title>) from the projects' titles.
TITLE_WARMUP = 12


class SourceBusy(Exception):
    """Another run of this source is in progress."""


def _client(source: HarvestSource, **overrides) -> SafeClient:
    options = {"min_delay": source.min_delay}
    options.update(overrides)
    return SafeClient(**options)


def _discoverer(source: HarvestSource, client: SafeClient) -> Discoverer:
    return Discoverer(
        client=client,
        include=source.patterns("include_patterns") or None,
        exclude=source.patterns("exclude_patterns") or None,
        limits=DiscoveryLimits(max_items=source.max_pages),
        card_pages=card_listings(source),
    )


def source_renderer(source: HarvestSource, client: SafeClient, discoverer: Discoverer):
    """Attach the JavaScript renderer a source asks for to ``discoverer``; returns the renderer
    (to close) or None. When it cannot run, says why in French (returned as the second value)
    and marks the pass incomplete: static discovery may miss pages, so nothing is unlisted."""
    if source.renderer != HarvestSource.Renderer.CHROMIUM:
        return None, ""
    problem = renderer_unavailable()
    if problem:
        discoverer.incomplete = True
        return None, problem
    renderer = ChromiumRenderer(client)
    discoverer.renderer = renderer
    return renderer, ""


def card_listings(source: HarvestSource) -> set[str]:
    """Listings whose cards this source harvested as projects (records ``<listing>#<card>``
    still listed): discovery reads them every run, and stops short of retiring anything
    when it no longer recognises their cards."""
    guids = (
        source.records.filter(guid__contains="#")
        .exclude(state=HarvestRecord.State.GONE)
        .values_list("guid", flat=True)
    )
    return {guid.split("#", 1)[0] for guid in guids}


def _start(source: HarvestSource) -> str:
    return source.urls if source.kind == HarvestSource.Kind.URLS and source.urls else source.url


def harvested_item(source: HarvestSource, page: ExtractedPage, url: str) -> HarvestedItem:
    """Plain data for the ``projects`` import service."""
    address = {}
    for place in page.places:
        if place.source in ("jsonld", "microdata", "selector"):
            address = {
                "streetAddress": place.street,
                "postalCode": place.postal_code,
                "addressLocality": place.locality,
                "addressRegion": place.region,
                "addressCountry": place.country,
            }
            break
    evidence = page.title_evidence or {}
    return HarvestedItem(
        organisation_id=source.organisation_id,
        url=url,
        title=page.title_raw or page.title,
        title_prefixes=list(evidence.get("prefixes", [])),
        title_suffixes=list(evidence.get("suffixes", [])),
        warnings=list(page.warnings),
        summary=page.summary,
        description_html=page.description_html,
        text=page.text,
        image_url=page.image_url,
        tags=list(page.tags),
        address=address,
        # places stated in fields ("Lieu : Die (26)", a "Territoire" field) count as address
        address_text="\n".join(filter(None, [page.address_text, page.place_text])),
        website=page.website,
        email=page.email,
        published=page.published.isoformat() if page.published else "",
        site_name=page.site_name,
    )


def _page_fields(page: ExtractedPage) -> dict:
    return {
        "title": page.title,
        "title_raw": page.title_raw,
        "title_candidates": [list(c) for c in page.title_candidates],
        "title_evidence": page.title_evidence,
        "warnings": list(page.warnings),
        "summary": page.summary,
        "website": page.website,
        "tags": page.tags,
        "page_kind": page.page_kind,
        "page_kind_reason": page.page_kind_reason,
        "address_text": page.address_text,
        "place_text": page.place_text,
        "image_url": page.image_url,
    }


def title_profile(source: HarvestSource) -> TitleProfile:
    """What recurs across the pages of ``source`` already read (their stored title candidates)."""
    profile = TitleProfile()
    stored = source.records.exclude(fields={}).values_list("guid", "fields")
    for guid, fields in stored.iterator():
        candidates = fields.get("title_candidates") if isinstance(fields, dict) else None
        if candidates:
            profile.add([tuple(c) for c in candidates], guid)
    return profile


def _begin(source: HarvestSource) -> HarvestRun | None:
    runs_end_stale(source)
    try:
        with transaction.atomic():
            return HarvestRun.objects.create(source=source)
    except IntegrityError:
        return None  # another run of this source holds the "running" slot


def runs_end_stale(
    source: HarvestSource | None = None, *, older_than: timedelta = STALE_AFTER
) -> list[int]:
    """Watchdog: runs without a heartbeat for ``older_than`` are marked interrupted.
    Returns the ids of their sources (to harvest again)."""
    stale = HarvestRun.objects.filter(
        state=HarvestRun.State.RUNNING, heartbeat_at__lt=timezone.now() - older_than
    )
    if source is not None:
        stale = stale.filter(source=source)
    source_ids = list(stale.values_list("source_id", flat=True))
    stale.update(
        state=HarvestRun.State.INTERRUPTED,
        finished_at=timezone.now(),
        message="Interrompue : plus de signe de vie (processus arrêté ?). "
        "Elle a été relancée automatiquement.",
    )
    return source_ids


def runs_prune(keep: int = 30) -> int:
    """Keep the last ``keep`` runs of each source (counters and errors): history must not grow
    without bound. Records and projects are untouched (raw pages are never stored)."""
    deleted = 0
    for source_id in HarvestSource.objects.values_list("pk", flat=True):
        old = HarvestRun.objects.filter(source_id=source_id).order_by("-started_at")[keep:]
        ids = list(old.values_list("pk", flat=True))
        if ids:
            deleted += HarvestRun.objects.filter(pk__in=ids).delete()[0]
    return deleted


def source_harvest(source_id: int, *, client: SafeClient | None = None) -> HarvestRun | None:
    """Harvest one source now. Returns the finished run, or None if one is already running."""
    source = HarvestSource.objects.select_related("organisation").get(pk=source_id)
    run = _begin(source)
    if run is None:
        logger.info("Source %s already being harvested: skipped", source)
        return None
    client = client or _client(source)
    discoverer = _discoverer(source, client)
    context = ImportContext.for_organisation(source.organisation)
    seen: set[str] = set()
    profile = title_profile(source)
    credit = CreditGuard.for_source(source)
    # images whose address changed are fetched after the run, by one task (harvesting.images)
    with images_deferred():
        _run(source, run, client, discoverer, context, seen, profile, credit)
    return run


def _run(source, run, client, discoverer, context, seen, profile, credit) -> None:
    pending: list = []  # project pages read during the warm-up, imported once it ends
    warmed = False
    renderer, problem = source_renderer(source, client, discoverer)
    if problem:
        run.add_error("renderer", problem)
    try:
        for discovered in discoverer.run(_start(source), source.kind):
            run.discovered += 1
            seen.add(discovered.url)  # seen even when not credited: nothing is retired
            if not credit.allows(discovered):
                run.skipped += 1
                credit.refused += 1
                continue
            read = _harvest_item(source, run, client, context, discovered, profile)
            if read is not None:
                pending.append(read)
            if pending and (warmed or len(pending) >= TITLE_WARMUP or len(seen) > TITLE_WARMUP * 2):
                _import_pending(source, run, context, pending, profile)
                warmed = True
            run.heartbeat_at = timezone.now()
            if run.discovered % 5 == 0:
                run.save()
        _import_pending(source, run, context, pending, profile)
        if credit.refused:
            run.add_error("shared", credit.message())
        _finish(source, run, discoverer, seen)
    except Exception as exc:  # noqa: BLE001 - the run must end in a visible state
        logger.exception("Harvest of %s failed", source)
        run.add_error("run", f"{type(exc).__name__}: {exc}")
        run.state = HarvestRun.State.FAILED
        run.message = (
            "La moisson s'est arrêtée sur une erreur inattendue : rien n'a été retiré. "
            "Voir les erreurs ci-dessous."
        )
        run.finished_at = timezone.now()
        run.save()
    finally:
        if renderer is not None:
            renderer.close()


@dataclass
class CreditGuard:
    """Two partners on one site: a partner is credited only for pages its own source lists.

    On a host another organisation's source also harvests, a page reached only through the
    site-wide sitemap is credited to this source when its own selection covers it (its
    listing, feed or address list found it, an include pattern matches it, or it lies under
    the source's start path), when the organisation's own website is that host, or when no
    other partner harvests that page. Otherwise it is skipped: the other partner's page."""

    others: list = field(default_factory=list)
    claimed: set[str] = field(default_factory=set)
    owner: bool = False
    start_path: str = "/"
    has_patterns: bool = False
    refused: int = 0

    @classmethod
    def for_source(cls, source: HarvestSource) -> CreditGuard:
        others = sources_sharing_host(source.organisation_id, source.url, source.urls)
        if not others:
            return cls()
        claimed = set(
            HarvestRecord.objects.filter(source__in=others)
            .exclude(state=HarvestRecord.State.GONE)
            .values_list("guid", flat=True)
        )
        website = source.organisation.website or ""
        return cls(
            others=others,
            claimed=claimed,
            owner=bool(website) and site_key(website) in source_hosts(source),
            start_path=urlsplit(source.url).path or "/",
            has_patterns=bool(source.patterns("include_patterns")),
        )

    def allows(self, discovered) -> bool:
        if not self.others or self.owner or self.has_patterns:
            return True
        if not discovered.source.startswith("sitemap:"):
            return True  # the source's own listing, feed or address list names the page
        if self.start_path.rstrip("/") and urlsplit(discovered.url).path.startswith(
            self.start_path.rstrip("/") + "/"
        ):
            return True
        return discovered.url not in self.claimed

    def message(self) -> str:
        names = ", ".join(sorted({s.organisation.name for s in self.others}))
        return (
            f"{self.refused} pages du plan du site déjà moissonnées par {names} n'ont pas été "
            "attribuées à ce partenaire : ajoutez un motif à inclure pour choisir vos fiches."
        )


def _import_pending(source, run, context, pending: list, profile: TitleProfile) -> None:
    """Import the project pages read so far, their titles chosen with everything the run has
    learnt of the source's boilerplate."""
    while pending:
        record, result, page = pending.pop(0)
        choose(page, profile)
        record.fields = _page_fields(page)
        _import_page(source, run, context, record, result, page)


def _harvest_item(source, run, client, context, discovered, profile: TitleProfile):
    """Fetch and extract one page; returns ``(record, result, page)`` for a project page still
    to import, None when the page is done with (unchanged, failed, not a project)."""
    record = HarvestRecord.objects.filter(source=source, guid=discovered.url).first()
    record = record or HarvestRecord(source=source, guid=discovered.url, url=discovered.url)
    record.url = discovered.fetch_url or discovered.url
    record.last_seen_at = timezone.now()
    record.last_seen_run = run
    record.missing_runs = 0
    if discovered.card_html:
        return _harvest_card(source, run, record, discovered)
    try:
        result = client.fetch(
            record.url,
            accept=page_accept(source),
            etag=record.etag or None,
            last_modified=record.last_modified or None,
        )
    except FetchError as exc:
        run.failed += 1
        run.add_error(exc.code, exc.message, record.url)
        record.error = exc.message
        if record.pk is None:
            record.state = HarvestRecord.State.FAILED
        record.save()
        return
    run.fetched += 1
    if result.not_modified or (record.content_hash and result.content_hash == record.content_hash):
        if result.not_modified:
            run.not_modified += 1
        else:
            run.unchanged += 1
        record.error = ""
        record.save()
        if record.project_id:
            project_source_seen(source.organisation_id, record.guid)
        return
    record.etag = result.etag or ""
    record.last_modified = result.last_modified or ""
    try:
        page = extract_fetched(result, source)
    except Exception as exc:  # noqa: BLE001 - extraction must never stop a run
        run.failed += 1
        run.add_error("extract", f"{type(exc).__name__}: {exc}", record.url)
        record.error = str(exc)
        record.save()
        return
    profile.add(page.title_candidates, record.guid)
    record.page_kind = page.page_kind
    record.fields = _page_fields(page)
    if page.page_kind != "project":
        run.skipped += 1
        record.state = HarvestRecord.State.NOT_PROJECT
        record.content_hash = result.content_hash
        record.error = ""
        record.save()
        return None
    return record, result, page


def extract_fetched(result: FetchResult, source: HarvestSource) -> ExtractedPage:
    """The page a fetch returned, a PDF project sheet read as a small page of its text."""
    text = result.text
    if is_pdf(result.content_type, result.content):
        text = pdf_html(result.content)
    return extract_page(text, result.final_url, source.selectors or None)


def extract_card(card_html: str, url: str, source: HarvestSource) -> ExtractedPage:
    """A card of a listing without detail pages (``harvesting.cards``): a project when it has
    a title and some text, whatever its length (a card is short by nature)."""
    page = extract_page(card_html, url, source.selectors or None)
    if page.title and len(page.text) >= CARD_MIN_TEXT:
        page.page_kind = "project"
        page.page_kind_reason = "carte d'une liste sans fiche détaillée"
    return page


def _harvest_card(source, run, record, discovered):
    """A card of a listing without detail pages: a project read from the card's HTML."""
    data = discovered.card_html.encode("utf-8")
    result = FetchResult(url=record.url, final_url=record.url, status=200, headers={},
                         content=data, text=discovered.card_html,
                         content_hash=hashlib.sha256(data).hexdigest())  # fmt: skip
    run.fetched += 1
    if record.content_hash and result.content_hash == record.content_hash:
        run.unchanged += 1
        record.error = ""
        record.save()
        if record.project_id:
            project_source_seen(source.organisation_id, record.guid)
        return None
    try:
        page = extract_card(result.text, record.url, source)
    except Exception as exc:  # noqa: BLE001 - extraction must never stop a run
        run.failed += 1
        run.add_error("extract", f"{type(exc).__name__}: {exc}", record.url)
        record.error = str(exc)
        record.save()
        return None
    record.page_kind = page.page_kind
    record.fields = _page_fields(page)
    if page.page_kind != "project":
        run.skipped += 1
        record.state = HarvestRecord.State.NOT_PROJECT
        record.content_hash = result.content_hash
        record.save()
        return None
    return record, result, page


def page_accept(source: HarvestSource) -> tuple[str, ...]:
    """Web pages; PDF too when the partner's include patterns chose the pages (project
    sheets published as PDF), never for a whole site's sitemap (reports, flyers, forms)."""
    if source.patterns("include_patterns"):
        return ("html", *sorted(PDF_TYPES))
    return ("html",)


def _import_page(source, run, context, record, result, page) -> None:
    try:
        upsert = project_upsert_from_record(
            harvested_item(source, page, record.guid),
            auto_publish=source.auto_publish,
            context=context,
        )
    except Exception as exc:  # noqa: BLE001 - one bad page must not stop the run
        logger.exception("Import of %s failed", record.url)
        run.failed += 1
        run.add_error("import", f"{type(exc).__name__}: {exc}", record.url)
        record.error = str(exc)
        record.save()
        return
    setattr(run, upsert.outcome, getattr(run, upsert.outcome) + 1)
    record.project = upsert.project
    record.state = HarvestRecord.State.ACTIVE
    record.content_hash = result.content_hash  # only once imported: a failure retries next time
    record.error = ""
    record.save()


def _finish(source, run, discoverer, seen: set[str]) -> None:
    run.errors.extend({"stage": "discover", "url": "", "message": w} for w in discoverer.warnings)
    complete = not discoverer.incomplete and run.discovered > 0
    all_failed = run.discovered > 0 and run.failed >= run.discovered
    if complete and not all_failed and run.failed <= max(2, run.discovered // 10):
        run.state = HarvestRun.State.SUCCEEDED
        run.unlisted = _unlist_missing(source, seen)
    elif run.discovered == 0 or all_failed:
        run.state = HarvestRun.State.FAILED
    else:
        run.state = HarvestRun.State.PARTIAL
    run.message = _summary(source, run)
    run.finished_at = timezone.now()
    run.save()


def _unlist_missing(source: HarvestSource, seen: set[str]) -> int:
    """After a complete run: pages not seen count one more miss; past the threshold, their
    project is marked "no longer listed at source" (never deleted)."""
    missing = source.records.exclude(guid__in=seen).exclude(state=HarvestRecord.State.GONE)
    unlisted = 0
    for record in missing:
        record.missing_runs += 1
        if record.missing_runs >= source.missing_runs_to_unlist:
            record.state = HarvestRecord.State.GONE
            if record.project_id:
                unlisted += project_source_unlist(source.organisation_id, record.guid)
        record.save(update_fields=["missing_runs", "state"])
    return unlisted


#: What to do next, per failing stage, when every page of a run failed.
FAILURE_ADVICE = {
    "robots": "le robots.txt du site les interdit : demandez au partenaire d'autoriser le robot",
    "blocked_address": "le site mène à une adresse interne refusée par sécurité",
    "connection": "le site ne répond pas : vérifiez l'adresse de départ",
    "timeout": "le site répond trop lentement : réessayez plus tard",
    "http": "le site renvoie une erreur : vérifiez l'adresse de départ",
    "too_large": "les pages dépassent la taille permise",
    "content_type": "le site ne renvoie pas de pages web : vérifiez le type de source",
    "truncated": "les réponses du site arrivent tronquées : réessayez plus tard",
    "import": "l'enregistrement des fiches échoue : signalez-le à l'équipe technique",
    "extract": "la lecture des fiches échoue : vérifiez les sélecteurs de la source",
}


def _all_failed_summary(run: HarvestRun, host: str) -> str:
    """One sentence saying why every page failed: the most frequent stage, with an example."""
    stages: dict[str, int] = {}
    example = ""
    for error in run.errors:
        stage = error.get("stage", "")
        if stage == "discover" or not error.get("url"):
            continue
        stages[stage] = stages.get(stage, 0) + 1
    stage = max(stages, key=stages.get) if stages else ""
    for error in run.errors:
        if error.get("stage") == stage:
            example = error.get("message", "")
            break
    advice = FAILURE_ADVICE.get(stage, "voir les erreurs de la moisson")
    detail = f" (« {example[:160]} »)" if example else ""
    return (
        f"Les {run.discovered} pages de {host} ont toutes échoué : {advice}{detail}. "
        "Aucun projet n'a été retiré."
    )


def _summary(source: HarvestSource, run: HarvestRun) -> str:
    text = _summary_text(source, run)
    renderer = next((e["message"] for e in run.errors if e.get("stage") == "renderer"), "")
    return f"{text} {renderer}" if renderer else text


def _summary_text(source: HarvestSource, run: HarvestRun) -> str:
    host = urlsplit(source.url).hostname or source.url
    if run.state == HarvestRun.State.FAILED and run.discovered and run.failed >= run.discovered:
        return _all_failed_summary(run, host)
    if run.state == HarvestRun.State.FAILED:
        return (
            f"Aucune page trouvée sur {host} : le site est peut-être hors ligne ou sa structure a "
            "changé. Vérifiez l'adresse de départ et le type de source (bouton « Tester cette "
            "source »). Aucun projet n'a été retiré."
        )
    if run.created + run.updated + run.unchanged + run.not_modified == 0:
        return (
            f"{run.discovered} pages lues sur {host}, mais aucune n'a été reconnue comme un "
            "projet. Ajoutez des motifs à inclure ou des sélecteurs, puis testez la source."
        )
    text = (
        f"{run.discovered} pages découvertes, {run.created} projets créés, {run.updated} mis à "
        f"jour, {run.unchanged + run.not_modified} inchangés, {run.failed} en erreur."
    )
    if run.state == HarvestRun.State.PARTIAL:
        text += " Passe incomplète : aucun projet n'a été marqué comme retiré."
    return text
