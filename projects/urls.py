from django.urls import path

from projects.catalogue import exports, territories, views
from projects.catalogue.feeds import ProjectSearchFeed
from projects.holders import views as holders_views

app_name = "projects"

urlpatterns = [
    path("suggestions.json", views.typeahead_json, name="typeahead"),
    path("carte/", views.project_map, name="map"),
    path("carte/clusters.json", views.clusters_json, name="clusters"),
    path("flux.atom", ProjectSearchFeed(), name="feed"),
    path("export.<str:fmt>", exports.project_export, name="export"),
    path("leaflet/<path:path>", views.leaflet_static, name="leaflet"),
    path("tendances/", territories.trends_page, name="trends"),
    path("tendances.csv", territories.trends_csv, name="trends_csv"),
    path(
        "territoires/region/<slug:slug>/",
        territories.territory_page,
        {"kind": "region"},
        name="region",
    ),
    path(
        "territoires/departement/<slug:slug>/",
        territories.territory_page,
        {"kind": "department"},
        name="department",
    ),
    path(
        "territoires/<str:kind>/<slug:slug>/tendances.csv",
        territories.trends_csv,
        name="territory_trends_csv",
    ),
    path("<slug:slug>/", views.project_detail, name="detail"),
]

urlpatterns += [  # holders and contact between members (projects/holders/views.py)
    path("porteurs/messages/", holders_views.conversation_list_view, name="conversations"),
    path(
        "porteurs/messages/<int:pk>/",
        holders_views.conversation_detail_view,
        name="conversation",
    ),
    path(
        "porteurs/messages/signaler/<int:pk>/",
        holders_views.message_report_view,
        name="message_report",
    ),
    path(
        "porteurs/repondre/<str:token>/",
        holders_views.contact_reply_view,
        name="contact_reply",
    ),
    path(
        "porteurs/desinscription/<str:token>/",
        holders_views.contact_opt_out_view,
        name="contact_opt_out",
    ),
    path("<slug:slug>/revendiquer/", holders_views.project_claim_view, name="claim"),
    path("<slug:slug>/modifier/", holders_views.project_holder_edit_view, name="holder_edit"),
    path("<slug:slug>/contacter/", holders_views.project_contact_view, name="contact"),
]
