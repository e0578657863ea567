from django.urls import path

from projects import exports, territories_views, views
from projects.feeds import ProjectSearchFeed

app_name = "projects"

urlpatterns = [
    path("suggestions.json", views.typeahead_json, name="typeahead"),
    path("carte/", views.project_map, name="map"),
    path("carte/clusters.json", views.clusters_json, name="clusters"),
    path("flux.atom", ProjectSearchFeed(), name="feed"),
    path("export.<str:fmt>", exports.project_export, name="export"),
    path("leaflet/<path:path>", views.leaflet_static, name="leaflet"),
    path("tendances/", territories_views.trends_page, name="trends"),
    path("tendances.csv", territories_views.trends_csv, name="trends_csv"),
    path(
        "territoires/region/<slug:slug>/",
        territories_views.territory_page,
        {"kind": "region"},
        name="region",
    ),
    path(
        "territoires/departement/<slug:slug>/",
        territories_views.territory_page,
        {"kind": "department"},
        name="department",
    ),
    path(
        "territoires/<str:kind>/<slug:slug>/tendances.csv",
        territories_views.trends_csv,
        name="territory_trends_csv",
    ),
    path("<slug:slug>/", views.project_detail, name="detail"),
]

# Holders and contact between members (issue 6, projects/views_holders.py).
from projects import views_holders  # noqa: E402

urlpatterns += [
    path("porteurs/messages/", views_holders.conversation_list_view, name="conversations"),
    path(
        "porteurs/messages/<int:pk>/",
        views_holders.conversation_detail_view,
        name="conversation",
    ),
    path(
        "porteurs/messages/signaler/<int:pk>/",
        views_holders.message_report_view,
        name="message_report",
    ),
    path(
        "porteurs/desinscription/<str:token>/",
        views_holders.contact_opt_out_view,
        name="contact_opt_out",
    ),
    path("<slug:slug>/revendiquer/", views_holders.project_claim_view, name="claim"),
    path("<slug:slug>/modifier/", views_holders.project_holder_edit_view, name="holder_edit"),
    path("<slug:slug>/contacter/", views_holders.project_contact_view, name="contact"),
]
