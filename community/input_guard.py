"""Refuse unusable input before any view sees it: a control character in the path or the
query string (``?q=%00``) answers 400 with a French message, on every endpoint.

PostgreSQL cannot hold a NUL in a text parameter and XML cannot hold most control characters,
so such input made the catalogue, type-ahead, API, feeds and exports answer 500. No search,
filter or slug ever needs one; tab, line feed and carriage return are allowed.
"""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from projects.html import has_controls


def _unusable(request) -> bool:
    if has_controls(request.path):
        return True
    return any(
        has_controls(key) or any(has_controls(value) for value in values)
        for key, values in request.GET.lists()
    )


class UnusableInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _unusable(request):
            return self._refuse(request)
        return self.get_response(request)

    @staticmethod
    def _refuse(request):
        message = _(
            "Votre demande contient un caractère de contrôle inutilisable (par exemple %00) : "
            "retirez-le de l’adresse ou de la recherche, puis recommencez."
        )
        path = request.path
        if path.startswith("/api/") or path.endswith(".json"):
            return JsonResponse({"detail": message}, status=400)
        if path.endswith((".csv", ".atom", ".xml", ".txt")):
            return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
        html = render_to_string("community/unusable_input.html", {"message": message}, request)
        return HttpResponse(html, status=400)
