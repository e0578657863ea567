"""The public join form is no mail relay (issue 17, item 6): only the platform's team is told,
never the typed address, and requests are limited per client address and per e-mail."""

import pytest

from members.models import JoinRequest
from members.tests.fixtures import make_member

pytestmark = pytest.mark.django_db


def data(n=0, email=None):
    return {
        "organisation_name": f"Réseau des tiers-lieux {n}",
        "website": f"https://tierslieux-{n}.fr",
        "contact_name": "Camille",
        "email": email or f"victime{n}@exemple-cible.fr",
        "message": "Cliquez ici : https://hameçonnage.example/ pour gagner un prix !",
    }


def test_a_join_request_tells_the_team_and_never_the_typed_address(
    client, platform_admin, mailoutbox
):
    make_member("ancien_admin", "ancien@carrefour.fr", is_superuser=True, is_active=False)
    response = client.post("/membres/rejoindre/", data(1))
    assert response.status_code == 302
    assert JoinRequest.objects.count() == 1
    assert [m.to for m in mailoutbox] == [[platform_admin.email]]
    message = mailoutbox[0]
    assert "Réseau des tiers-lieux 1" in message.subject
    assert "/admin/organisations/" in message.body
    assert "hameçonnage" not in message.body  # the visitor's text is not relayed
    assert all("victime1@exemple-cible.fr" not in m.to for m in mailoutbox)


def test_join_requests_are_limited_per_client_address(client, platform_admin, settings):
    settings.JOIN_REQUESTS_PER_IP_PER_HOUR = 3
    statuses = [client.post("/membres/rejoindre/", data(n)).status_code for n in range(6)]
    assert statuses == [302, 302, 302, 429, 429, 429]
    assert JoinRequest.objects.count() == 3
    refused = client.post("/membres/rejoindre/", data(9))
    assert "Trop de demandes" in refused.text and "Réessayez" in refused.text
    # another visitor is not affected
    other = client.post("/membres/rejoindre/", data(7), REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 302


def test_join_requests_are_limited_per_email_address(client, platform_admin, settings):
    settings.JOIN_REQUESTS_PER_EMAIL_PER_DAY = 2
    codes = [
        client.post(
            "/membres/rejoindre/",
            data(n, email="Cible@Exemple-cible.fr"),
            REMOTE_ADDR=f"203.0.113.{n + 1}",
        ).status_code
        for n in range(4)
    ]
    assert codes == [302, 302, 429, 429]
    assert JoinRequest.objects.count() == 2


def test_thirty_requests_in_a_row_send_at_most_a_handful_of_mails(
    client, platform_admin, mailoutbox
):
    for n in range(30):
        client.post("/membres/rejoindre/", data(n))
    assert len(mailoutbox) <= 5
    assert {addr for m in mailoutbox for addr in m.to} == {platform_admin.email}
