"""The "similar projects" of a project, stored when computed instead of ranked at every view.

A row lives until its project changes (title, place, publication or themes: database triggers of
migration 0014 delete it, bulk updates included) or grows older than ``NEIGHBOURS_MAX_AGE_DAYS``
(new projects then get their chance to appear). ``projects_neighbours`` fills the table ahead of
visitors; a missing or stale row is computed at the next view.
"""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectNeighbours(models.Model):
    project = models.OneToOneField(
        "projects.Project",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="stored_neighbours",
    )
    neighbour_ids = ArrayField(models.IntegerField(), default=list)
    computed_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("projets similaires enregistrés")
        verbose_name_plural = _("projets similaires enregistrés")

    def __str__(self) -> str:
        return f"{self.project_id}: {self.neighbour_ids}"
