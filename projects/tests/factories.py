import factory

from members.tests.factories import OrganisationFactory
from projects.models import Project, ProjectSource, Theme


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"T{n:03d}")
    label = factory.Sequence(lambda n: f"Thème {n}")


class ProjectFactory(factory.django.DjangoModelFactory):
    """A published project (``live=False`` for a draft)."""

    class Meta:
        model = Project
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Projet solidaire numéro {n}")
    summary = "Un projet qui crée du lien entre les habitants."
    description = "<p>Des habitants se retrouvent chaque semaine.</p>"
    holder_name = "Association Les Voisins"
    live = True

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)
            self.save()


class ProjectSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectSource

    project = factory.SubFactory(ProjectFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    url = factory.Sequence(lambda n: f"https://partenaire.exemple.org/projets/{n}")
