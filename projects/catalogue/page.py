"""How the catalogue page answers: its search context, and the rendering anonymous visitors share.

``CataloguePage`` (``projects/models/pages.py``) is a model, below the catalogue: it calls
these through ``CataloguePage.answers``, which ``ProjectsConfig.ready`` points here, so that
the models import nothing above them.
"""

from __future__ import annotations

from projects.catalogue.params import SearchParams
from projects.catalogue.presenters import catalogue_context
from projects.catalogue.shared_page import shareable, shared_page

__all__ = ["page_context", "shareable", "shared_page"]


def page_context(page, request) -> dict:
    """The search the query string asks for, as the page's template context."""
    params = SearchParams.from_querydict(request.GET)
    return catalogue_context(params, page_size=page.page_size, base_url=request.path)
