"""Template filters for reading projects (``projects.catalogue.reading``)."""

from django import template

from projects.catalogue.reading import excerpt as _excerpt

register = template.Library()


@register.filter
def excerpt(text, limit=220):
    """A card's excerpt: cut on a word, ending with "…" (``{{ project.summary|excerpt }}``)."""
    return _excerpt(str(text or ""), int(limit))
