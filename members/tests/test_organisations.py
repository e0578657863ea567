import pytest

from members.models import Organisation
from members.services import PARTNERS_CSV, organisations_load
from members.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_slug_is_derived_from_the_name():
    assert OrganisationFactory(name="Fondation Cognacq-Jay (Solidarum)").slug == (
        "fondation-cognacq-jay-solidarum"
    )


def test_public_queryset_hides_pending_partners():
    OrganisationFactory(name="Publique")
    OrganisationFactory(name="En attente", status=Organisation.Status.PENDING)
    assert [
        o.name for o in Organisation.objects.public().filter(name__in=["Publique", "En attente"])
    ] == ["Publique"]


def test_loading_partners_is_idempotent_and_keeps_edits():
    Organisation.objects.all().delete()
    rows = len(PARTNERS_CSV.read_text(encoding="utf-8").strip().splitlines()) - 1
    assert organisations_load() == rows
    avise = Organisation.objects.get(name="Avise")
    assert avise.website == "https://www.avise.org" and avise.is_public
    avise.presentation = "Agence d'ingénierie pour l'ESS."
    avise.save()
    assert organisations_load() == 0
    assert Organisation.objects.count() == rows
    assert Organisation.objects.get(name="Avise").presentation == "Agence d'ingénierie pour l'ESS."
