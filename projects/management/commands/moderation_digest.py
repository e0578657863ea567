"""Send each partner's members one e-mail summarising what waits for moderation (batched).

Run it from a Django-Q2 schedule (e.g. hourly: it sends at most once per
MODERATION_DIGEST_INTERVAL_HOURS per organisation, only when something new arrived)."""

from django.core.management.base import BaseCommand

from projects.moderation.services import moderation_digest_send


class Command(BaseCommand):
    help = "Envoie le résumé de modération aux membres des partenaires (au plus un par jour)."

    def handle(self, *args, **options):
        sent = moderation_digest_send()
        self.stdout.write(f"{sent} e-mail(s) envoyé(s).")
