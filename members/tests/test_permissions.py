"""The per-organisation policy and the partner admins' member management."""

import pytest
from django.contrib.auth.models import Group, Permission

from members.models import Invitation, Membership
from members.permissions import (
    is_platform_admin,
    organisations_administered_by,
    organisations_for,
    user_can_act_for,
    user_can_administer,
)
from members.tests.fixtures import make_member

pytestmark = pytest.mark.django_db


def test_editor_acts_for_own_organisation_only(editor_a, org_a, org_b):
    assert list(organisations_for(editor_a)) == [org_a]
    assert user_can_act_for(editor_a, org_a) and user_can_act_for(editor_a, org_a.pk)
    assert not user_can_act_for(editor_a, org_b)
    assert not user_can_administer(editor_a, org_a)
    assert list(organisations_administered_by(editor_a)) == []


def test_partner_admin_administers_own_organisation_only(admin_a, org_a, org_b):
    assert user_can_administer(admin_a, org_a)
    assert not user_can_administer(admin_a, org_b)
    assert not user_can_act_for(admin_a, org_b)


def test_anonymous_and_plain_members_act_for_nobody(org_a, client):
    from django.contrib.auth.models import AnonymousUser

    member = make_member("simple")
    for user in (AnonymousUser(), member, None):
        assert not organisations_for(user).exists()
        assert not user_can_act_for(user, org_a)


def test_inactive_partner_loses_everything(editor_a, org_a):
    editor_a.is_active = False
    editor_a.save()
    assert not user_can_act_for(editor_a, org_a)


def test_platform_admins_act_for_all(platform_admin, org_a, org_b):
    assert is_platform_admin(platform_admin)
    assert user_can_act_for(platform_admin, org_b)
    group = Group.objects.create(name="Administrateurs de la plateforme")
    group.permissions.add(Permission.objects.get(codename="act_for_all_organisations"))
    staff = make_member("equipe")
    staff.groups.add(group)
    assert is_platform_admin(staff) and user_can_administer(staff, org_a)


def test_partner_members_reach_the_admin_but_plain_members_do_not(client, editor_a):
    client.force_login(editor_a)
    assert client.get("/admin/").status_code == 200
    client.force_login(make_member("curieux"))
    assert client.get("/admin/").status_code == 302


# --- members admin: each role x each action x own / other organisation -------------------


@pytest.mark.parametrize("who", ["editor_a", "admin_a"])
def test_other_organisation_members_page_is_refused(request, client, who, org_b, editor_b):
    client.force_login(request.getfixturevalue(who))
    page = client.get(f"/admin/organisations/{org_b.pk}/")
    assert page.status_code == 404
    response = client.post(
        f"/admin/organisations/{org_b.pk}/", {"email": "x@exemple.org", "role": "partner_editor"}
    )
    assert response.status_code == 404
    membership = Membership.objects.get(user=editor_b)
    assert client.post(f"/admin/organisations/membres/{membership.pk}/retirer/").status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert not Invitation.objects.exists()
    listing = client.get("/admin/organisations/")
    assert "Organisation B" not in listing.text and "editeur_b" not in listing.text


def test_editor_sees_own_members_but_cannot_invite_or_remove(client, editor_a, admin_a, org_a):
    client.force_login(editor_a)
    page = client.get(f"/admin/organisations/{org_a.pk}/")
    assert page.status_code == 200 and "admin_a" in page.text
    response = client.post(
        f"/admin/organisations/{org_a.pk}/", {"email": "x@exemple.org", "role": "partner_editor"}
    )
    assert response.status_code == 403
    membership = Membership.objects.get(user=admin_a)
    assert client.post(f"/admin/organisations/membres/{membership.pk}/retirer/").status_code == 403


def test_partner_admin_invites_an_editor_who_accepts(client, admin_a, org_a, mailoutbox):
    client.force_login(admin_a)
    response = client.post(
        f"/admin/organisations/{org_a.pk}/",
        {"email": "Nouvelle@Exemple.org", "role": "partner_editor"},
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "nouvelle@exemple.org"
    assert invitation.token in mailoutbox[-1].body

    stranger = make_member("autre", "autre@exemple.org")
    client.force_login(stranger)
    page = client.post(f"/membres/invitation/{invitation.token}/")
    assert "autre adresse" in page.text
    assert not Membership.objects.filter(user=stranger).exists()

    invitee = make_member("nouvelle", "nouvelle@exemple.org")
    client.force_login(invitee)
    assert client.post(f"/membres/invitation/{invitation.token}/").status_code == 302
    assert Membership.objects.get(user=invitee).role == "partner_editor"
    assert client.post(f"/membres/invitation/{invitation.token}/").status_code == 200  # used


def test_join_request_is_stored_then_accepted_by_a_platform_admin(
    client, platform_admin, mailoutbox
):
    from members.models import JoinRequest, Organisation

    data = {
        "organisation_name": "Tiers-lieux du Bocage",
        "website": "https://tierslieux-bocage.fr",
        "contact_name": "Camille",
        "email": "camille@tierslieux-bocage.fr",
        "message": "Nous présentons 40 projets de tiers-lieux ruraux.",
    }
    assert client.post("/membres/rejoindre/", {**data, "website_url": "spam"}).status_code == 302
    assert not JoinRequest.objects.exists()  # honeypot
    assert client.post("/membres/rejoindre/", data).status_code == 302
    join_request = JoinRequest.objects.get()
    client.force_login(make_member("curieux"))
    assert client.post(
        f"/admin/organisations/adhesions/{join_request.pk}/accepter/"
    ).status_code in (
        302,
        403,
    )
    assert not Organisation.objects.filter(name="Tiers-lieux du Bocage").exists()
    client.force_login(platform_admin)
    client.post(f"/admin/organisations/adhesions/{join_request.pk}/accepter/")
    organisation = Organisation.objects.get(name="Tiers-lieux du Bocage")
    assert organisation.status == Organisation.Status.PENDING
    invitation = Invitation.objects.get(organisation=organisation)
    assert invitation.role == "partner_admin" and invitation.email == data["email"]
