import factory

from members.models import Organisation


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Réseau solidaire {n}")
    website = factory.Sequence(lambda n: f"https://reseau-{n}.exemple.org")
    status = Organisation.Status.PUBLIC
    scale = Organisation.Scale.NATIONAL
