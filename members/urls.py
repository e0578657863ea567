from django.urls import path

from members import views

app_name = "members"

urlpatterns = [
    path("rejoindre/", views.join_view, name="join"),
    path("rejoindre/merci/", views.join_done_view, name="join_done"),
    path("profil/", views.profile_view, name="profile"),
    path("invitation/<str:token>/", views.invitation_view, name="invitation"),
    path("supprimer-mon-compte/", views.account_delete_view, name="account_delete"),
]
