from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HarvestingConfig(AppConfig):
    name = "harvesting"
    verbose_name = _("Moissonnage")

    def ready(self):
        from harvesting import signals  # noqa: F401 - connects the schedule signals
