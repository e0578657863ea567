"""Site navigation built from the page tree (pages marked "show in menus")."""

from django import template
from wagtail.models import Site

register = template.Library()


@register.simple_tag(takes_context=True)
def menu_pages(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    return site.root_page.get_children().live().in_menu().specific()


@register.simple_tag(takes_context=True)
def partner_page_url(context, organisation):
    """The partner's own page on the Carrefour (``/partenaires/<slug>/``), or "" when no
    directory page is published. Looked up once per request, whatever the number of partners."""
    from community.models import PartnerDirectoryPage

    request = context.get("request")
    if not getattr(organisation, "slug", "") or organisation.status != organisation.Status.PUBLIC:
        return ""
    if request is not None and hasattr(request, "_partner_directory"):
        directory = request._partner_directory
    else:
        directory = PartnerDirectoryPage.objects.live().first()
        if request is not None:
            request._partner_directory = directory
    if directory is None:
        return ""
    return directory.url + directory.reverse_subpage("partner", args=[organisation.slug])
