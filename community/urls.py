from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from community import views
from members import login_routes
from projects.catalogue.api import api
from projects.catalogue.sitemaps import SITEMAPS

urlpatterns = [
    # One throttled login and reset for the whole site (allauth's): these come before the
    # admin includes so that the admins' own login and reset views are never reached.
    path("admin/login/", login_routes.wagtail_admin_login),
    re_path(r"^admin/password_reset/", login_routes.password_reset),
    path("django-admin/login/", login_routes.django_admin_login),
    path("django-admin/password_reset/", login_routes.password_reset),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("comptes/", include("allauth.urls")),
    path("membres/", include("members.urls")),
    path("projets/", include("projects.urls")),
    path("", include("projects.lists.urls")),  # member's lists and searches, shared lists
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("manifest.webmanifest", views.web_manifest, name="web_manifest"),
    path("langue/", views.switch_language, name="switch_language"),
    path("api/", api.urls),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
