"""Hand the demo partner web's harvest over to its fictitious organisations.

Until the demo sites were made fictitious, ``make run`` credited them to real partners of the
directory. A database filled then still holds those sources (loopback URLs of the demo web) and
their project sources under the real names; ``demo_sources_hand_over`` moves them to the
fictitious organisation each site now names, keeping their runs and records, so the real
partners are no longer shown as listing invented projects.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.db import transaction

from harvesting.models import HarvestSource
from members.models import Organisation
from projects.models import ProjectSource


def _base(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/"


@transaction.atomic
def demo_sources_hand_over(entries: list[dict]) -> int:
    """Credit every source at a demo URL to the entry's organisation; returns how many moved.

    ``entries`` is ``demo_sources(base_urls)``, already imported (``sources_import``): the
    fictitious organisations exist. A duplicate source the import has just created for the
    same URL, never run, gives way to the old one (which keeps its history).
    """
    moved = 0
    for entry in entries:
        organisation = Organisation.objects.get(name=entry["organisation"]["name"])
        for item in entry["sources"]:
            stale = HarvestSource.objects.filter(url=item["url"]).exclude(organisation=organisation)
            for source in stale.select_related("organisation"):
                HarvestSource.objects.filter(
                    organisation=organisation, url=item["url"], runs__isnull=True
                ).delete()
                pages = ProjectSource.objects.filter(
                    organisation=source.organisation, url__startswith=_base(item["url"])
                )
                taken = ProjectSource.objects.filter(organisation=organisation).values("url")
                pages.exclude(url__in=taken).update(organisation=organisation)
                pages.delete()  # already listed under the fictitious organisation
                source.organisation = organisation
                source.save(update_fields=["organisation"])
                moved += 1
    return moved
