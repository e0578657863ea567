"""One throttle for every login and password-reset path (issue 17, item 5).

An attack run guessed 40 passwords at Wagtail's ``/admin/login/`` after allauth had locked the
account, then logged in; ``/admin/password_reset/`` sent 15 mails in a row. Every path now
leads to allauth's rate-limited forms (``ACCOUNT_RATE_LIMITS``), ``next`` kept.
"""

import pytest
from django.core.cache import cache
from django.urls import reverse

from members.tests.fixtures import make_member

pytestmark = pytest.mark.django_db

PASSWORD = "motdepasse-solide-42"
LOGIN_PATHS = ("/comptes/login/", "/admin/login/", "/django-admin/login/")
RESET_PATHS = (
    "/admin/password_reset/",
    "/django-admin/password_reset/",
    "/comptes/password/reset/",
)


def _post_login(client, path, password):
    """What each login form posts (allauth's ``login``, the admins' ``username``)."""
    data = {"login": "cible", "username": "cible", "password": password}
    return client.post(path, data, follow=True)


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("path", LOGIN_PATHS)
def test_forty_wrong_passwords_then_the_right_one_does_not_log_in(client, path):
    make_member("cible", is_staff=True, is_superuser=True)
    for _ in range(40):
        _post_login(client, path, "mauvais-mot-de-passe")
        assert not _logged_in(client)
    _post_login(client, path, PASSWORD)
    assert not _logged_in(client), path


@pytest.mark.parametrize("path", LOGIN_PATHS[1:])
def test_a_lock_by_allauth_holds_on_the_admin_login_paths(client, path):
    make_member("cible", is_staff=True, is_superuser=True)
    for _ in range(10):
        _post_login(client, "/comptes/login/", "mauvais-mot-de-passe")
    _post_login(client, path, PASSWORD)
    assert not _logged_in(client), path
    response = client.post("/comptes/login/", {"login": "cible", "password": PASSWORD})
    assert not _logged_in(client)
    assert response.status_code == 429 or "trop" in response.text.lower()


@pytest.mark.parametrize(
    ("path", "next_url"),
    [("/admin/login/", "/admin/pages/"), ("/django-admin/login/", "/django-admin/auth/user/")],
)
def test_admin_logins_lead_to_allauth_with_next(client, path, next_url):
    response = client.get(path, {"next": next_url})
    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={next_url.replace('/', '%2F')}"
    hostile = client.get(path, {"next": "https://attaquant.example/"})
    assert "attaquant" not in hostile.url


def test_signed_out_admin_visit_goes_to_allauth_and_back(client):
    make_member("cible", is_staff=True, is_superuser=True)
    response = client.get("/admin/pages/")
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    response = client.post(response.url, {"login": "cible", "password": PASSWORD})
    assert _logged_in(client)
    assert response.status_code == 302 and response.url == "/admin/pages/"


def test_signed_in_member_without_admin_access_gets_403_not_a_loop(client):
    client.force_login(make_member("curieux"))
    assert client.get("/admin/login/").status_code == 403
    assert client.get("/django-admin/login/").status_code == 403


def test_repeated_reset_requests_stop_sending_mail(client, mailoutbox):
    make_member("cible")
    for path in RESET_PATHS:
        for _ in range(15):
            client.post(path, {"email": "cible@exemple.org"}, follow=True)
    assert 1 <= len(mailoutbox) <= 5, len(mailoutbox)
    cache.clear()
    client.post("/admin/password_reset/", {"email": "cible@exemple.org"}, follow=True)
    assert len(mailoutbox) <= 5  # the admin path itself sends nothing: allauth's form does


def test_seeded_admin_logs_in_through_allauth(client, seeded_admin):
    username, password = seeded_admin
    response = client.post(
        reverse("account_login") + "?next=/admin/", {"login": username, "password": password}
    )
    assert _logged_in(client)
    assert response.status_code == 302 and response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


@pytest.fixture
def seeded_admin(settings, tmp_path):
    from community.services import admin_seed

    settings.CARREFOUR_DATA_DIR = str(tmp_path)
    settings.CARREFOUR_ADMIN_PASSWORD = ""
    username, password, created = admin_seed()
    assert created
    return username, password
