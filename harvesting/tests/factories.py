import factory

from harvesting.models import HarvestSource
from members.tests.factories import OrganisationFactory


class HarvestSourceFactory(factory.django.DjangoModelFactory):
    """A partner's harvest source as tests need it: harvested by hand (no schedule runs it) and
    with no delay between pages (the sites are on loopback)."""

    class Meta:
        model = HarvestSource

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Source {n}")
    url = factory.Sequence(lambda n: f"https://partenaire-{n}.exemple.org/")
    kind = HarvestSource.Kind.AUTO
    min_delay = 0
    schedule = HarvestSource.Schedule.MANUAL
