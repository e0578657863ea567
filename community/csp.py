"""Content-Security-Policy middleware (django-csp) with the one exception the admin needs.

Public pages get the strict policy of settings.CONTENT_SECURITY_POLICY: scripts only from our
own origin, none inline. The Wagtail admin (and Django's) still writes a few inline scripts
(inline panels, date pickers: ``wagtailadmin/panels/inline_panel.html``...), so under their
URL prefixes the policy adds ``'unsafe-inline'`` to ``script-src``. wagtailgeowidget's Leaflet
editor loads Leaflet 1.9.4 from unpkg.com (hard-coded in its widget media): that one path is
allowed in the admin too, until the widget is pointed at a local copy. ``/api/docs`` needs no
exception: with ``ninja`` installed, django-ninja serves Swagger UI from our static files (its
settings in a JSON block, no inline script). Checked in a real browser by
community/tests/test_production_csp.py.
"""

from csp.middleware import CSPMiddleware, PolicyParts

ADMIN_PREFIXES = ("/admin/", "/django-admin/")
GEOWIDGET_LEAFLET = "https://unpkg.com/leaflet@1.9.4/dist/"
ADMIN_SCRIPT_SRC = {
    "script-src": ["'unsafe-inline'", GEOWIDGET_LEAFLET],
    "style-src": [GEOWIDGET_LEAFLET],
    "img-src": [GEOWIDGET_LEAFLET],
}


class CarrefourCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(ADMIN_PREFIXES):
            parts.update = {**ADMIN_SCRIPT_SRC, **(parts.update or {})}
        return parts
