"""Is a newly harvested page a project we already know from another partner?

Strong keys first: the same project website (host and path, or host alone when the places
agree) or the same contact e-mail (not the partner's own). Then fuzzy titles (pg_trgm) inside
the same territory: similar names in different places never merge; doubtful pairs become
``DuplicateCandidate`` rows for an editor (a pair marked distinct is not suggested again). An
editor's merge or split pins the partner page to its project (``ProjectSource.match_locked``),
and the harvest finds it there first, so the decision holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import F, Func

from members.models import Organisation
from projects.consolidation.normalize import host_of, title_key
from projects.consolidation.text import fold
from projects.models import DuplicateCandidate, Project

AUTO_MERGE_SIMILARITY = 0.72
CANDIDATE_SIMILARITY = 0.45
#: Hosts shared by many unrelated projects: their domain alone proves nothing.
SHARED_HOSTS = {"helloasso.com", "facebook.com", "wordpress.com", "wixsite.com", "blogspot.com"}


@dataclass
class Match:
    project: Project | None
    reason: str = ""


def _host_path(url: str) -> tuple[str, str]:
    return host_of(url), urlsplit(url or "").path.rstrip("/")


def _places_agree(project: Project, values: dict) -> bool:
    if project.commune_id and values["commune_id"]:
        return project.commune_id == values["commune_id"]
    if project.department_id and values["department_id"]:
        return project.department_id == values["department_id"]
    return True  # one of them is not located: no contradiction


def _candidates(organisation: Organisation):
    """Projects listed by other partners (a partner listing one project twice is rare and an
    editor's job to merge)."""
    return Project.objects.exclude(sources__organisation=organisation)


def project_match(values: dict, organisation: Organisation) -> Match:
    candidates = _candidates(organisation)
    host, path = _host_path(values.get("website", ""))
    if host:
        same_site = candidates.filter(website__icontains=host)
        for project in same_site[:20]:
            other_host, other_path = _host_path(project.website)
            if other_host != host:
                continue
            if other_path == path and (host not in SHARED_HOSTS or path):
                return Match(project, f"même site web ({host}{path})")
            if host not in SHARED_HOSTS and _places_agree(project, values):
                return Match(project, f"même domaine de site web ({host})")
    email = (values.get("contact_email") or "").lower()
    if email:
        for project in candidates.filter(contact_email__iexact=email)[:5]:
            if _places_agree(project, values):
                return Match(project, f"même e-mail de contact ({email})")
    return _match_title(values, candidates)


def _similarity(title: str) -> TrigramSimilarity:
    """Trigram similarity of titles without their accents (pg_trgm already ignores case)."""
    return TrigramSimilarity(Func(F("title"), function="unaccent"), fold(title))


def _match_title(values: dict, candidates) -> Match:
    title = values.get("title") or ""
    department = values.get("department_id")
    if len(title) < 8 or not department:
        return Match(None)
    similar = (
        candidates.filter(department_id=department)
        .annotate(similarity=_similarity(title))
        .filter(similarity__gte=CANDIDATE_SIMILARITY)
        .order_by("-similarity")[:10]
    )
    key = title_key(title)
    host, _ = _host_path(values.get("website", ""))
    email = (values.get("contact_email") or "").lower()
    for project in similar:
        other_host, _ = _host_path(project.website)
        if host and other_host and host != other_host:
            continue  # two different websites: two projects, however alike their names
        if email and project.contact_email and email != project.contact_email.lower():
            continue
        same_commune = values["commune_id"] and project.commune_id == values["commune_id"]
        communes_differ = values["commune_id"] and project.commune_id and not same_commune
        if communes_differ:
            continue
        if len(key) >= 6 and title_key(project.title) == key:
            return Match(
                project, "même nom (aux accents, majuscules ou « Projet » près) au même endroit"
            )
        if project.similarity >= AUTO_MERGE_SIMILARITY:
            return Match(
                project, f"titre très proche ({project.similarity:.0%}) dans le même territoire"
            )
    return Match(None, "")


def duplicates_suggest(project: Project) -> list[DuplicateCandidate]:
    """Record doubtful look-alikes of ``project`` in its department for an editor to review."""
    if not project.department_id or len(project.title) < 8:
        return []
    similar = (
        Project.objects.filter(department_id=project.department_id)
        .exclude(pk=project.pk)
        .annotate(similarity=_similarity(project.title))
        .filter(similarity__gte=CANDIDATE_SIMILARITY)
        .order_by("-similarity")[:5]
    )
    created = []
    for other in similar:
        first, second = sorted([project, other], key=lambda p: p.pk)
        candidate, was_created = DuplicateCandidate.objects.get_or_create(
            project=first,
            other=second,
            defaults={
                "score": other.similarity,
                "reason": f"titres proches ({other.similarity:.0%}) dans le même département",
            },
        )
        if was_created:
            created.append(candidate)
    return created
