from django.urls import path

from projects.lists import views

app_name = "lists"

urlpatterns = [
    path("mon-espace/listes/", views.lists_index, name="index"),
    path("mon-espace/listes/<int:pk>/", views.list_detail, name="list"),
    path("mon-espace/listes/<int:pk>/export.csv", views.list_export, name="export"),
    path("mon-espace/listes/<int:pk>/partage/", views.list_share, name="share"),
    path("mon-espace/listes/<int:pk>/supprimer/", views.list_delete, name="delete"),
    path(
        "mon-espace/listes/<int:pk>/projets/<int:entry_pk>/",
        views.entry_update,
        name="entry",
    ),
    path("mon-espace/favoris/<int:project_pk>/", views.project_star, name="star"),
    path("mon-espace/listes/ajouter/<int:project_pk>/", views.project_add, name="add"),
    path("mon-espace/recherches/", views.searches_index, name="searches"),
    path("mon-espace/recherches/enregistrer/", views.search_save, name="search_save"),
    path("mon-espace/recherches/<int:pk>/", views.search_update, name="search"),
    path("mon-espace/recherches/<int:pk>/ouvrir/", views.search_open, name="search_open"),
    path("listes/partagee/<str:slug>/", views.shared_list, name="shared"),
    path(
        "alertes/desinscription/<str:token>/",
        views.alert_unsubscribe,
        name="alert_unsubscribe",
    ),
]
