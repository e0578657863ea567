"""From one harvested partner page to one consolidated project.

The harvester hands a :class:`HarvestedItem` (plain data: ``projects`` never imports
``harvesting``) to :func:`project_upsert_from_record`, which

1. consolidates the raw fields (normalised title, summary, website, e-mail, start year,
   location from the gazetteer, themes with their reasons),
2. finds the project: the partner page already known (``ProjectSource``), else the same real
   project listed by another partner (:mod:`projects.services.matching`), else a new one,
3. merges field by field: a value that differs from what the harvest last wrote
   (``Project.harvest_values``) was changed by an editor or the holder and is never
   overwritten; among sources, a more precise location wins, then the most recent value,
   and an empty value never erases a filled one,
4. saves a revision, published if the source is trusted, a draft otherwise.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from members.models import Organisation
from projects.consolidation.classify import Classifier
from projects.consolidation.locate import locate
from projects.consolidation.normalize import (
    clean_title,
    description_without_emails,
    extract_emails,
    host_of,
    make_summary,
    normalize_whitespace,
    parse_start_year,
    pick_website,
    remove_emails,
    title_quality,
)
from projects.html import html_to_text, sanitize_html, strip_controls
from projects.models import Project, ProjectSource, Theme
from projects.models.project import POINT_FORMAT
from projects.moderation.services import project_moderation_submit
from projects.services.classification import classifier_for
from projects.services.matching import duplicates_suggest, project_match

logger = logging.getLogger(__name__)

#: Fields the harvest may write, in the order they are merged.
MERGED_FIELDS = (
    "title",
    "summary",
    "description",
    "website",
    "contact_email",
    "image_url",
    "start_year",
    "commune_id",
    "department_id",
    "region_id",
    "location",
    "location_precision",
    "themes",
)
LOCATION_FIELDS = {"commune_id", "department_id", "region_id", "location", "location_precision"}
PRECISION_RANK = {"none": 0, "region": 1, "department": 2, "commune": 3, "address": 4}


@dataclass
class HarvestedItem:
    """What the harvester read on one partner page (already fetched and extracted)."""

    organisation_id: int
    url: str
    title: str = ""  # as the page writes it
    #: affixes the source repeats around its titles ("Initiative : ", " | Fondation X")
    title_prefixes: list[str] = field(default_factory=list)
    title_suffixes: list[str] = field(default_factory=list)
    summary: str = ""
    description_html: str = ""
    text: str = ""
    image_url: str = ""
    #: the project holder's name when the page states it (evidence for themes)
    holder: str = ""
    tags: list[str] = field(default_factory=list)
    address: dict = field(default_factory=dict)
    address_text: str = ""
    website: str = ""
    email: str = ""
    published: str = ""
    site_name: str = ""
    region_hints: list[str] = field(default_factory=list)
    #: what extraction noticed on the page (a per-source selector that found nothing…)
    warnings: list[str] = field(default_factory=list)


@dataclass
class ImportContext:
    """Per-run state: the classifier with the partner's rules, built once."""

    organisation: Organisation
    classifier: Classifier
    themes_by_code: dict[str, Theme]

    @classmethod
    def for_organisation(cls, organisation: Organisation) -> ImportContext:
        return cls(
            organisation=organisation,
            classifier=classifier_for(organisation.pk),
            themes_by_code={t.code: t for t in Theme.objects.all()},
        )


@dataclass
class UpsertResult:
    project: Project
    outcome: str  # "created", "updated", "unchanged"
    source: ProjectSource
    changed_fields: list[str] = field(default_factory=list)
    kept_fields: list[str] = field(default_factory=list)


def consolidate(item: HarvestedItem, context: ImportContext) -> dict:
    """Clean values for the project fields from a harvested page, plus the evidence."""
    partner_domains = [d for d in {host_of(context.organisation.website), host_of(item.url)} if d]
    title = clean_title(
        item.title,
        site_name=item.site_name or None,
        prefixes=item.title_prefixes,
        suffixes=item.title_suffixes,
    ) or normalize_whitespace(item.title)
    description = sanitize_html(item.description_html)
    body_text = strip_controls(item.text) or html_to_text(description)
    website = pick_website([item.website], partner_domains=partner_domains) or ""
    emails = [e for e in extract_emails(item.email) if host_of("//" + e.split("@")[-1])]
    emails = emails or extract_emails(body_text)
    partner_emails = [e for e in emails if e.split("@")[-1].lower() in partner_domains]
    email = next((e for e in emails if e not in partner_emails), "")
    # The contact is captured (private ``contact_email``): no address stays in what the public
    # reads; the project page offers the platform's contact form instead.
    description = description_without_emails(description)
    summary = make_summary(
        remove_emails(body_text), description=remove_emails(strip_controls(item.summary)) or None
    )
    # one block per line: a title ending with a town must not run into the summary's words
    place_text = "\n".join(filter(None, [title, item.summary, item.address_text, body_text]))
    location = locate(place_text, address=item.address or None, hints=item.region_hints)
    matches, no_theme = context.classifier.explain(
        body_text, item.tags, title=title, holder=item.holder
    )
    themes = sorted(m.code for m in matches if m.code in context.themes_by_code)
    values = {
        "title": title[:255],
        "summary": summary[:600],
        "description": description,
        "website": website[:500],
        "contact_email": email,
        "image_url": item.image_url[:1000] if item.image_url.startswith("http") else "",
        "start_year": parse_start_year(body_text),
        "commune_id": location.commune_insee,
        "department_id": location.department_code,
        "region_id": location.region_code,
        "location": (
            POINT_FORMAT.format(lon=location.lon, lat=location.lat)
            if location.lat is not None
            else ""
        ),
        "location_precision": location.precision,
        "themes": themes,
    }
    evidence = {
        "title_quality": title_quality(item.title),
        "warnings": [str(w)[:300] for w in item.warnings[:10]],
        "location_evidence": location.evidence[:300],
        # why a page got no theme is recorded too (key "none"), never an exception
        "theme_reasons": {m.code: m.reasons for m in matches} or {"none": [no_theme]},
    }
    degraded = storable_location(values)
    if degraded:
        evidence["warnings"].append(degraded)
    return {"values": values, "evidence": evidence}


def storable_location(values: dict) -> str:
    """Keep only the territories the database holds: a commune, department or region missing
    from the reference tables (gazetteer not loaded, a code newer than it) is dropped and the
    location degrades to the next level that exists (department, region, none) instead of
    failing the page. Returns a French warning when something was dropped, else ''."""
    from projects.models import Commune, Department, Region

    dropped = []
    for name, model in (("commune_id", Commune), ("department_id", Department),
                        ("region_id", Region)):  # fmt: skip
        code = values.get(name)
        if code and not model.objects.filter(pk=code).exists():
            dropped.append(code)
            values[name] = None
    if not dropped:
        return ""
    if values.get("commune_id"):
        precision = values["location_precision"]
    elif values.get("department_id"):
        precision = "department"
    elif values.get("region_id"):
        precision = "region"
    else:
        precision = "none"
    if PRECISION_RANK.get(precision, 0) < PRECISION_RANK.get(values["location_precision"], 0):
        values["location_precision"] = precision
    if values["location_precision"] == "none":
        values["location"] = ""
    return (
        f"Lieu enregistré au niveau « {values['location_precision']} » : territoire(s) "
        f"{', '.join(dropped)} absent(s) du référentiel (lancez « manage.py migrate » ou "
        "« seed_platform » pour charger le gazetier)."
    )


def _current(project: Project, name: str):
    if name == "themes":
        if not project.pk:
            return []
        return sorted(project.themes.values_list("code", flat=True))
    return getattr(project, name)


def _empty(value) -> bool:
    return value in (None, "", [], "none")


def _edited(project: Project, name: str) -> bool:
    """True when the current value is not the one the harvest wrote last (three-way merge)."""
    if not project.pk:
        return False
    current = _current(project, name)
    if name in project.harvest_values:
        return current != project.harvest_values[name]
    return not _empty(current)  # filled by someone before any harvest wrote it


def _wins(name: str, new, current, project: Project, values: dict) -> bool:
    """Does a source's value replace the current harvested one? (most specific, then recent)"""
    if _empty(new):
        return False
    if name in LOCATION_FIELDS:
        return PRECISION_RANK.get(values["location_precision"], 0) >= PRECISION_RANK.get(
            project.location_precision or "none", 0
        )
    return new != current


def _title_yields(project: Project, source: ProjectSource, quality: int) -> bool:
    """Does the current title stay? Among partners, the best spelling of a name wins (accents,
    not in capitals, no "Projet" in front: ``title_quality``), not the last page read; the
    partner page that gave the current title may always update it."""
    if not project.pk or not project.title:
        return False
    provenance = project.provenance.get("title", {})
    if provenance.get("url") == source.url:
        return False
    current = provenance.get("quality")
    if current is None:
        current = title_quality(project.title)
    return quality < current


def _merge(project: Project, source: ProjectSource, values: dict, now_iso: str,
           title_quality_: int = 0):  # fmt: skip
    changed, kept = [], []
    other_sources = (
        ProjectSource.objects.filter(project=project).exclude(pk=source.pk)
        if project.pk
        else ProjectSource.objects.none()
    )
    for name in MERGED_FIELDS:
        new = values[name]
        if name == "themes":
            for other in other_sources:
                new = sorted(set(new) | set(other.harvested_values.get("themes", [])))
        if _edited(project, name):
            kept.append(name)
            origin = project.provenance.get(name, {}).get("origin")
            if origin not in ("editor", "holder"):
                project.provenance[name] = {"origin": "editor", "at": now_iso}
            continue
        current = _current(project, name)
        if name != "themes" and not _wins(name, new, current, project, values):
            continue
        if name == "title" and _title_yields(project, source, title_quality_):
            continue
        if new == current:
            continue
        if name == "themes":
            project._pending_themes = new
        else:
            setattr(project, name, new)
        project.harvest_values[name] = new
        project.provenance[name] = {
            "origin": "source",
            "organisation": source.organisation.name,
            "url": source.url,
            "at": now_iso,
        }
        if name == "title":
            project.provenance[name]["quality"] = title_quality_
        changed.append(name)
    return changed, kept


@transaction.atomic
def project_upsert_from_record(
    item: HarvestedItem, *, auto_publish: bool = False, context: ImportContext | None = None
) -> UpsertResult:
    """Create or update the project behind one harvested partner page (idempotent)."""
    organisation = (
        context.organisation if context else Organisation.objects.get(pk=item.organisation_id)
    )
    context = context or ImportContext.for_organisation(organisation)
    consolidated = consolidate(item, context)
    values, evidence = consolidated["values"], consolidated["evidence"]
    now = timezone.now()

    _lock_match_keys(values)
    source = (
        ProjectSource.objects.select_for_update()
        .select_related("project", "organisation")
        .filter(organisation=organisation, url=item.url)
        .first()
    )
    created = False
    if source is not None:
        project = source.project
    else:
        match = project_match(values, organisation)
        if match.project is not None:
            project = match.project
        else:
            project = Project(live=False)
            created = True
        source = ProjectSource(
            project=project if not created else None,
            organisation=organisation,
            url=item.url,
            match_reason=match.reason,
        )

    changed, kept = _merge(
        project, source, values, now.isoformat(), evidence.get("title_quality", 0)
    )
    project.location_evidence = evidence["location_evidence"] or project.location_evidence
    project.theme_reasons = {**project.theme_reasons, **evidence["theme_reasons"]}
    if "none" not in evidence["theme_reasons"]:
        project.theme_reasons.pop("none", None)
    if not project.title:
        project.title = item.url[:255]

    if created or changed:
        project.save()
        pending = getattr(project, "_pending_themes", None)
        if pending is not None:
            project.themes.set([context.themes_by_code[c] for c in pending])
            project.save()  # ParentalManyToManyField writes the links on save
        revision = project.save_revision(clean=False, log_action=True)
        if project.live or (created and auto_publish):
            revision.publish()
        elif not auto_publish:
            # A moderated source: the draft waits in the listing partners' queue (a rejected,
            # unchanged project stays out of it).
            project_moderation_submit(project)
        if created:
            duplicates_suggest(project)
    source.project = project
    # what the page's reading noticed (a source's selector that found nothing…) is shown to
    # editors with the partner page
    # the partner's own tags as read: the tag-rules screen counts the ones no rule maps, and
    # editors' theme corrections become evidence per tag (projects.services.theme_learning)
    tags = [t.strip()[:200] for t in item.tags[:30] if t.strip()]
    source.harvested_values = {**values, "tags": tags}
    if evidence["warnings"]:
        source.harvested_values["warnings"] = evidence["warnings"]
    source.last_seen = now
    source.is_listed = True
    source.save()
    outcome = "created" if created else ("updated" if changed else "unchanged")
    return UpsertResult(project, outcome, source, changed, kept)


def _lock_match_keys(values: dict) -> None:
    """Serialise imports that could match the same real project (same website, e-mail or
    department), so two workers reading two partners at once cannot both create it. Advisory
    locks, held until the transaction ends, taken in a fixed order (no deadlock)."""
    keys = {f"dept:{values.get('department_id') or '-'}"}
    host = host_of(values.get("website") or "")
    if host:
        keys.add(f"site:{host}")
    if values.get("contact_email"):
        keys.add(f"mail:{values['contact_email'].lower()}")
    with connection.cursor() as cursor:
        for key in sorted(keys):
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [key])


def project_source_seen(organisation_id: int, url: str) -> None:
    """An unchanged page was seen again: only its "last seen" moves."""
    ProjectSource.objects.filter(organisation_id=organisation_id, url=url).update(
        last_seen=timezone.now(), is_listed=True
    )


def project_source_unlist(organisation_id: int, url: str) -> int:
    """The partner no longer lists this page: mark it, never delete anything."""
    return ProjectSource.objects.filter(
        organisation_id=organisation_id, url=url, is_listed=True
    ).update(is_listed=False)
