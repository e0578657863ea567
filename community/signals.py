"""Signals of the platform's seeding, for development-only apps to plug into."""

from django.dispatch import Signal

#: Sent by ``site_seed`` with ``count`` when a demo catalogue is asked for and there is no project
#: yet; a receiver (the ``demo`` app, installed by the dev and test settings) returns how many
#: projects it created. Without one (production), no demo project is made.
demo_catalogue_requested = Signal()
