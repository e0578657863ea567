from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Development only (dev and test settings): demo content, the demo partner web, benchmarks.
    Production settings do not install it and nothing of the platform imports it."""

    name = "demo"
    verbose_name = _("Démonstration")

    def ready(self):
        from community.signals import demo_catalogue_requested
        from demo.seeding import demo_catalogue_seed

        demo_catalogue_requested.connect(demo_catalogue_seed, dispatch_uid="demo-catalogue")
