"""The platform's own copy of a project's image: a small thumbnail served from our origin.

Partner images are never hot-linked (visitors' privacy, the CSP, hostile content): the
harvester fetches ``Project.image_url`` through its safe client and hands the bytes to
``projects.services.images``, which checks them with Pillow and stores a re-encoded thumbnail
here. One row per project; nobody edits it by hand. A failed fetch records its reason and keeps
the previous thumbnail. Kept out of ``Project`` so revisions and drafts never carry it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectImage(models.Model):
    project = models.OneToOneField(
        "projects.Project",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="thumbnail",
        verbose_name=_("projet"),
    )
    file = models.ImageField(
        _("vignette"),
        upload_to="projets/vignettes/",
        blank=True,
    )  # its size is written by the service (no width_field: loading a row never opens the file)
    width = models.PositiveIntegerField(_("largeur"), null=True, blank=True)
    height = models.PositiveIntegerField(_("hauteur"), null=True, blank=True)
    source_url = models.URLField(
        _("image d'origine"),
        max_length=1000,
        blank=True,
        help_text=_("L'adresse de l'image dont la vignette actuelle est la copie."),
    )
    fetched_at = models.DateTimeField(_("copiée le"), null=True, blank=True)
    attempted_url = models.URLField(
        _("dernière adresse essayée"),
        max_length=1000,
        blank=True,
        help_text=_("Une adresse déjà essayée n'est pas relue à chaque moisson."),
    )
    attempted_at = models.DateTimeField(_("dernier essai le"), null=True, blank=True)
    failure = models.CharField(
        _("raison de l'échec"),
        max_length=500,
        blank=True,
        help_text=_("Vide quand le dernier essai a réussi."),
    )

    class Meta:
        verbose_name = _("vignette d'un projet")
        verbose_name_plural = _("vignettes des projets")

    def __str__(self) -> str:
        return f"{self.project_id}: {self.source_url or self.attempted_url}"
