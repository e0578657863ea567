"""Pages anonymous visitors share: one rendering per host, URL and language, until the
catalogue version changes (which also follows the page tree: migration 0006). The catalogue page
and every project page are shared this way (``shared_view`` for a plain Django view).

``CataloguePage.serve`` stores what it renders for a visitor who is not signed in and has no
pending message; ``SharedCataloguePageMiddleware`` (last in ``MIDDLEWARE``, so security headers,
CSP and language negotiation still apply) answers the next such visitor before Wagtail routes
the request: one query (the version) and a cache read instead of seven queries and a template.
Without a session cookie nobody is signed in, and without the messages cookie nothing is
pending: the middleware serves only those requests, so a member always gets their own page.

The host is part of the key: a site reached under two allowed names must not hand one name's
canonical links to the visitors of the other.
"""

from __future__ import annotations

import re
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponse

from projects.catalogue.cache import answer_key, catalogue_version, enabled

MESSAGES_COOKIE = "messages"
# paths this process has rendered a shared catalogue page for (the page's URL: one, or two
# for a while after an editor moves it); other paths never cost the middleware a query
_shared_paths: set[str] = set()
# URL names of shared views taking one ``slug`` (a project page), and their paths' patterns
_shared_url_names: list[str] = []
_shared_patterns: list[re.Pattern] = []
SLUG = "__slug__"


def page_parts(request) -> tuple:
    # the language is in every answer key; the host names the canonical links in the page
    return (request.get_host(), request.get_full_path())


def _patterns() -> list[re.Pattern]:
    """The paths of the shared views, from the URL configuration (built once, on first use)."""
    if len(_shared_patterns) < len(_shared_url_names):
        from django.urls import reverse

        _shared_patterns[:] = [
            re.compile(re.escape(reverse(name, kwargs={"slug": SLUG})).replace(SLUG, r"[-\w]+"))
            for name in _shared_url_names
        ]
    return _shared_patterns


def _is_shared_path(path: str) -> bool:
    return path in _shared_paths or any(p.fullmatch(path) for p in _patterns())


def shareable(request) -> bool:
    """May this visitor's rendering be given to other visitors (and theirs to this one)?"""
    return (
        request.method == "GET"
        and not request.user.is_authenticated
        and not len(messages.get_messages(request))
        and not getattr(request, "is_preview", False)
    )


def shared_page(request, render) -> HttpResponse:
    """The page for ``request`` from the cache, else ``render()``'s (status, content, type),
    stored for the next visitors unless it holds a CSRF token (a form posting back: a token is
    tied to its visitor's cookie, so that rendering is this visitor's alone)."""
    _shared_paths.add(request.path)
    if not enabled():
        status, content, content_type = render()
        return HttpResponse(content, status=status, content_type=content_type)
    key = answer_key("html", page_parts(request), catalogue_version())
    answer = cache.get(key)
    if answer is None:
        answer = render()
        if not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            cache.set(key, answer, settings.CATALOGUE_CACHE_SECONDS)
    status, content, content_type = answer
    return HttpResponse(content, status=status, content_type=content_type)


def shared_view(url_name: str):
    """Decorator: anonymous visitors share the rendering of this view (see ``shared_page``).
    ``url_name`` is the view's URL name (its one argument a ``slug``), so that the middleware
    knows its paths and answers them before the URL resolver and the view run. An exception
    (``Http404``) is raised as usual and never stored."""
    _shared_url_names.append(url_name)

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not shareable(request):
                return view(request, *args, **kwargs)

            def render():
                response = view(request, *args, **kwargs)
                if hasattr(response, "render"):
                    response.render()
                return response.status_code, response.content, response["Content-Type"]

            return shared_page(request, render)

        return wrapper

    return decorator


class SharedCataloguePageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method == "GET"
            and _is_shared_path(request.path)
            and enabled()
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and MESSAGES_COOKIE not in request.COOKIES
        ):
            key = answer_key("html", page_parts(request), catalogue_version())
            hit = cache.get(key)
            if hit is not None:
                status, content, content_type = hit
                return HttpResponse(content, status=status, content_type=content_type)
        return self.get_response(request)
