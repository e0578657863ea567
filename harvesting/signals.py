"""Keep Django-Q2 schedules in step with harvest sources."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django_q.models import Schedule

from harvesting.models import HarvestSource
from harvesting.scheduling import schedule_name, source_schedule_sync


@receiver(post_save, sender=HarvestSource)
def source_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        source_schedule_sync(instance)


@receiver(post_delete, sender=HarvestSource)
def source_deleted(sender, instance, **kwargs):
    Schedule.objects.filter(name=schedule_name(instance)).delete()
