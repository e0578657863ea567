"""Keep Django-Q2 schedules in step with harvest sources; queue the fetch of a project's image
when its address changes."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django_q.models import Schedule

from harvesting.images import project_image_changed
from harvesting.models import HarvestSource
from harvesting.scheduling import schedule_name, source_schedule_sync
from projects.models import Project, ProjectImage
from projects.services.images import image_needs_fetch, project_image_clear


@receiver(post_save, sender=HarvestSource)
def source_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        source_schedule_sync(instance)


@receiver(post_delete, sender=HarvestSource)
def source_deleted(sender, instance, **kwargs):
    Schedule.objects.filter(name=schedule_name(instance)).delete()


@receiver(post_save, sender=Project)
def project_saved(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    """A project's image address changed (harvest, holder, editor, merge): fetch its copy."""
    if raw or (update_fields is not None and "image_url" not in update_fields):
        return
    if not instance.image_url:
        if not created and ProjectImage.objects.filter(project_id=instance.pk).exists():
            project_image_clear(instance)
        return
    if image_needs_fetch(instance):
        project_image_changed(instance.pk)
