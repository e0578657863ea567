"""The catalogue page as anonymous visitors share it: one rendering per URL and language,
until the catalogue version changes (which also follows the page tree: migration 0006).

``CataloguePage.serve`` stores what it renders for a visitor who is not signed in and has no
pending message; ``SharedCataloguePageMiddleware`` (last in ``MIDDLEWARE``, so security headers,
CSP and language negotiation still apply) answers the next such visitor before Wagtail routes
the request: one query (the version) and a cache read instead of seven queries and a template.
Without a session cookie nobody is signed in, and without the messages cookie nothing is
pending: the middleware serves only those requests, so a member always gets their own page.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponse

from projects.catalogue.cache import answer_key, catalogue_version, enabled

MESSAGES_COOKIE = "messages"
# paths this process has rendered a shared catalogue page for (the page's URL: one, or two
# for a while after an editor moves it); other paths never cost the middleware a query
_shared_paths: set[str] = set()


def page_parts(request) -> tuple:
    return (request.get_full_path(),)  # the language is in every answer key


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


class SharedCataloguePageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.path in _shared_paths
            and request.method == "GET"
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
