"""Accounts: sign-up with a profile, verification, profile page, deletion, pages' look."""

import pytest
from django.contrib.auth import get_user_model

from members.models import MemberProfile
from members.tests.fixtures import make_member

pytestmark = pytest.mark.django_db


def test_signup_creates_a_profile_and_requires_verification(client, mailoutbox):
    page = client.get("/comptes/signup/")
    assert page.status_code == 200
    assert 'class="site-header"' in page.text  # the site's look, not allauth's bare pages
    response = client.post(
        "/comptes/signup/",
        {
            "email": "lea@exemple.org",
            "username": "lea",
            "password1": "un-mot-de-passe-solide",
            "password2": "un-mot-de-passe-solide",
            "display_name": "Léa M.",
            "role": "financer",
        },
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(username="lea")
    assert MemberProfile.objects.get(user=user).role == "financer"
    assert "/comptes/confirm-email/" in mailoutbox[-1].body
    assert client.get("/membres/profil/").status_code == 302  # not signed in before verifying


def test_username_may_not_be_an_email_address(client):
    response = client.post(
        "/comptes/signup/",
        {
            "email": "a@exemple.org",
            "username": "a@exemple.org",
            "password1": "un-mot-de-passe-solide",
            "password2": "un-mot-de-passe-solide",
            "display_name": "A",
            "role": "other",
        },
    )
    assert response.status_code == 200
    assert not get_user_model().objects.filter(email="a@exemple.org").exists()


def test_profile_is_edited_and_account_deleted(client):
    user = make_member("paul")
    client.force_login(user)
    response = client.post(
        "/membres/profil/",
        {"display_name": "Paul", "role": "coach", "territory": "Rennes", "is_public": "on"},
    )
    assert response.status_code == 302
    assert MemberProfile.objects.get(user=user).is_public
    page = client.get("/membres/supprimer-mon-compte/")
    assert "Membre supprimé" in page.text
    client.post(
        "/membres/supprimer-mon-compte/", {"confirm": "on", "password": "motdepasse-solide-42"}
    )
    assert not get_user_model().objects.filter(username="paul").exists()


def test_login_failures_are_rate_limited(client):
    make_member("cible")
    statuses = [
        client.post("/comptes/login/", {"login": "cible", "password": "mauvais"}).status_code
        for _ in range(7)
    ]
    assert (
        statuses[-1] == 429
        or "trop"
        in client.post("/comptes/login/", {"login": "cible", "password": "mauvais"}).text.lower()
    )


@pytest.mark.parametrize(
    "name",
    [
        "Léa (porteuse du projet)",
        "Paul Martin (porteur du projet)",
        "Équipe Carrefour",
        "equipe de la plateforme",
        "Modérateur",
        "La modération",
        "Admin",
        "Compte OFFICIEL",
    ],
)
def test_a_display_name_may_not_impersonate_a_role(client, name):
    response = client.post(
        "/comptes/signup/",
        {
            "email": "imposteur@exemple.org",
            "username": "imposteur",
            "password1": "un-mot-de-passe-solide",
            "password2": "un-mot-de-passe-solide",
            "display_name": name,
            "role": "other",
        },
    )
    assert response.status_code == 200
    assert "ressemble à un rôle" in response.text
    assert not get_user_model().objects.filter(username="imposteur").exists()
    user = make_member("paul")
    client.force_login(user)
    response = client.post("/membres/profil/", {"display_name": name, "role": "coach"})
    assert response.status_code == 200 and "ressemble à un rôle" in response.text
    assert MemberProfile.objects.filter(user=user, display_name=name).count() == 0


@pytest.mark.parametrize("name", ["Léa M.", "Association Les Voisins", "Jean-Pierre Équipier"])
def test_ordinary_display_names_are_accepted(client, name):
    client.force_login(make_member("paul"))
    response = client.post("/membres/profil/", {"display_name": name, "role": "coach"})
    assert response.status_code == 302
    assert MemberProfile.objects.get(user__username="paul").display_name == name


def test_account_deletion_asks_for_the_password(client):
    user = make_member("paul")
    client.force_login(user)
    page = client.get("/membres/supprimer-mon-compte/")
    assert 'type="password"' in page.text
    for data in ({"confirm": "on"}, {"confirm": "on", "password": "mauvais-mot-de-passe"}):
        response = client.post("/membres/supprimer-mon-compte/", data)
        assert response.status_code == 200
        assert get_user_model().objects.filter(username="paul").exists()
    assert "n’est pas celui de votre compte" in response.text
    response = client.post(
        "/membres/supprimer-mon-compte/", {"confirm": "on", "password": "motdepasse-solide-42"}
    )
    assert response.status_code == 302
    assert not get_user_model().objects.filter(username="paul").exists()


def test_account_deletion_passwords_cannot_be_guessed_from_an_open_session(client):
    user = make_member("paul")
    client.force_login(user)
    statuses = [
        client.post(
            "/membres/supprimer-mon-compte/", {"confirm": "on", "password": f"essai-{n}"}
        ).status_code
        for n in range(6)
    ]
    assert statuses == [200] * 5 + [429]
    response = client.post(
        "/membres/supprimer-mon-compte/", {"confirm": "on", "password": "motdepasse-solide-42"}
    )
    assert response.status_code == 429 and "Trop d’essais" in response.text
    assert get_user_model().objects.filter(username="paul").exists()
