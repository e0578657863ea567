"""schema.org JSON-LD of a project page (search engines, link previews)."""

from __future__ import annotations

import json

from django.utils.html import strip_tags
from django.utils.safestring import mark_safe


def project_json_ld(project, request, *, themes, sources) -> str:
    url = request.build_absolute_uri(project.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "Project",
        "name": project.title,
        "url": url,
        "description": project.summary or strip_tags(project.description)[:500],
        "keywords": ", ".join(t.label for t in themes),
    }
    if project.holder_name:
        data["founder"] = {"@type": "Organization", "name": project.holder_name}
    if project.website:
        data["sameAs"] = [project.website]
    if project.start_year:
        data["foundingDate"] = str(project.start_year)
    if project.commune or project.department or project.region:
        address = {"@type": "PostalAddress", "addressCountry": "FR"}
        if project.commune:
            address["addressLocality"] = project.commune.name
        if project.region:
            address["addressRegion"] = project.region.name
        place = {"@type": "Place", "address": address}
        if project.latitude is not None:
            place["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": project.latitude,
                "longitude": project.longitude,
            }
        data["location"] = place
    if sources:
        data["subjectOf"] = [
            {"@type": "WebPage", "url": s.url, "publisher": s.organisation.name} for s in sources
        ]
    text = json.dumps(data, ensure_ascii=False)
    # never let text close the <script> element
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)  # noqa: S308 - JSON with <, > and & escaped
