from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projets")

    def ready(self):
        # The catalogue page's model answers with the catalogue, which sits above the models.
        from projects.catalogue import page
        from projects.models import CataloguePage

        CataloguePage.answers = page
