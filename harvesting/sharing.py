"""Two partners on one site: which other organisations' sources already harvest a host.

A host is compared without ``www.`` and with its port when it is not the scheme's default
(two sites on one machine are two sites). Used by the source form (warn before saving) and by
the dry run (warn again).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.db.models import Q

from harvesting.models import HarvestSource
from projects.consolidation.normalize import host_of

DEFAULT_PORTS = {"http": 80, "https": 443}


def site_key(url: str) -> str:
    """``host`` or ``host:port`` of ``url`` ('' when it has none)."""
    host = host_of(url)
    if not host:
        return ""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return host
    if port is None or port == DEFAULT_PORTS.get(parts.scheme.lower()):
        return host
    return f"{host}:{port}"


def source_hosts(source: HarvestSource) -> set[str]:
    """Hosts a source reads: its start address, and each address of a URL-list source."""
    urls = [source.url]
    if source.kind == HarvestSource.Kind.URLS:
        urls += [line for line in source.urls.splitlines() if line.strip()]
    return {key for key in map(site_key, urls) if key}


def sources_sharing_host(
    organisation_id: int | None, url: str, urls: str = "", *, exclude_pk: int | None = None
) -> list[HarvestSource]:
    """Sources of *other* organisations that read one of the hosts of ``url`` / ``urls``."""
    wanted = {site_key(u) for u in [url, *urls.splitlines()] if u.strip()} - {""}
    if not wanted:
        return []
    others = HarvestSource.objects.select_related("organisation")
    if organisation_id is not None:
        others = others.exclude(organisation_id=organisation_id)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    # Narrow in SQL by the bare host name, then compare exactly (port, www.) in Python.
    names = {key.split(":", 1)[0] for key in wanted}
    query = None
    for name in names:
        clause = Q(url__icontains=name) | Q(urls__icontains=name)
        query = clause if query is None else query | clause
    return [s for s in others.filter(query) if source_hosts(s) & wanted]


def sharing_warning(sources: list[HarvestSource]) -> str:
    """One French sentence naming the organisations already harvesting the host."""
    names = sorted({s.organisation.name for s in sources})
    return (
        f"Ce site est déjà moissonné par {', '.join(names)} : chaque partenaire ne sera crédité "
        "que des pages que sa propre source liste. Restreignez cette source avec des motifs à "
        "inclure pour ne pas reprendre les fiches de l'autre partenaire."
    )
