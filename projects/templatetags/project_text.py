"""Template filters for reading projects (``projects.catalogue.reading``)."""

from django import template
from django.core.exceptions import ObjectDoesNotExist
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from projects.catalogue.reading import excerpt as _excerpt

register = template.Library()


@register.filter
def excerpt(text, limit=220):
    """A card's excerpt: cut on a word, ending with "…" (``{{ project.summary|excerpt }}``)."""
    return _excerpt(str(text or ""), int(limit))


# A neutral illustration per level-1 theme for cards that have no image of their own: the
# theme's colour and a simple motif, drawn inline (no request, nothing to load).
_THEME_COLOURS = ["#1b6f5c", "#8a4f9e", "#b5651d", "#2a6db0", "#a23b3b", "#4f7a28", "#6b5b95"]


@register.simple_tag
def theme_illustration(project):
    """An SVG banner in the colour of the project's first level-1 theme (decorative)."""
    themes = [t for t in project.themes.all() if t.parent_id is None]
    theme = min(themes, key=lambda t: (t.sort_order, t.code)) if themes else None
    index = (sum(map(ord, theme.code)) if theme else 0) % len(_THEME_COLOURS)
    colour = _THEME_COLOURS[index]
    motif = index % 3
    shapes = (
        '<circle cx="70" cy="40" r="22" fill="#fff" fill-opacity=".35"/>'
        '<circle cx="120" cy="55" r="14" fill="#fff" fill-opacity=".25"/>',
        '<path d="M0 60 Q50 20 100 50 T200 40 V80 H0Z" fill="#fff" fill-opacity=".3"/>',
        '<rect x="40" y="18" width="44" height="44" rx="6" fill="#fff" fill-opacity=".3"/>'
        '<rect x="100" y="30" width="30" height="30" rx="4" fill="#fff" fill-opacity=".2"/>',
    )[motif]
    return format_html(
        '<svg class="card-illustration" viewBox="0 0 200 80" '
        'aria-hidden="true" focusable="false" data-theme="{}"><rect width="200" height="80" '
        'fill="{}"/>{}</svg>',
        theme.code if theme else "",
        colour,
        mark_safe(shapes),  # noqa: S308 - constant markup above
    )


def project_thumbnail(project):
    """The stored thumbnail (``projects.models.ProjectImage``) with a file, or None."""
    try:
        record = project.thumbnail
    except ObjectDoesNotExist:
        return None
    return record if record.file and record.width and record.height else None


@register.simple_tag
def card_picture(project, illustration=False):
    """A card's picture: the project's thumbnail, served from our own origin, else the theme
    illustration when ``illustration`` (the home page). Its ``alt`` is empty: the card's title,
    right below, already names the project, and nothing tells what the partner's image shows."""
    record = project_thumbnail(project)
    if record is None:
        return theme_illustration(project) if illustration else ""
    return format_html(
        '<img class="card-picture" src="{}" width="{}" height="{}" alt="" loading="lazy" '
        'decoding="async">',
        record.file.url,
        record.width,
        record.height,
    )


@register.simple_tag
def project_figure(project):
    """The project page's picture (its thumbnail), or nothing: the page has no illustration.
    Empty ``alt``: the image comes from the partner without a description of what it shows."""
    record = project_thumbnail(project)
    if record is None:
        return ""
    return format_html(
        '<figure class="project-picture"><img src="{}" width="{}" height="{}" alt="" '
        'loading="lazy" decoding="async"></figure>',
        record.file.url,
        record.width,
        record.height,
    )


@register.simple_tag(takes_context=True)
def project_share_image(context, project):
    """Absolute address of the thumbnail for ``og:image`` (our copy, never the partner's)."""
    record = project_thumbnail(project)
    request = context.get("request")
    if record is None or request is None:
        return ""
    return request.build_absolute_uri(record.file.url)
