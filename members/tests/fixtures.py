"""Members fixtures: accounts with a verified e-mail, two partner organisations and their
people. A plugin of the root ``conftest.py`` (``pytest_plugins``), so every app's tests ask for
``org_a``, ``editor_a``... by name; ``make_member`` (a function) is imported by name."""

import pytest

from members.models import Membership
from members.tests.factories import OrganisationFactory


def make_member(username, email=None, *, verified=True, **extra):
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    email = email or f"{username}@exemple.org"
    user = get_user_model().objects.create_user(
        username=username, email=email, password="motdepasse-solide-42", **extra
    )
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


@pytest.fixture
def org_a(db):
    return OrganisationFactory(name="Organisation A")


@pytest.fixture
def org_b(db):
    return OrganisationFactory(name="Organisation B")


@pytest.fixture
def editor_a(org_a):
    user = make_member("editrice_a")
    Membership.objects.create(user=user, organisation=org_a, role=Membership.Role.PARTNER_EDITOR)
    return user


@pytest.fixture
def admin_a(org_a):
    user = make_member("admin_a")
    Membership.objects.create(user=user, organisation=org_a, role=Membership.Role.PARTNER_ADMIN)
    return user


@pytest.fixture
def editor_b(org_b):
    user = make_member("editeur_b")
    Membership.objects.create(user=user, organisation=org_b, role=Membership.Role.PARTNER_EDITOR)
    return user


@pytest.fixture
def platform_admin(db):
    return make_member("plateforme", is_superuser=True, is_staff=True)
