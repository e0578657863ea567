"""The two-level thesaurus of the Carrefour des innovations sociales.

Seeded from ``projects/data/themes-cis.json`` by ``projects.services.reference``. Codes are
stable identifiers used by the API, exports and partner tag rules; labels may be edited in the
admin (snippet "Thèmes").
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Theme(models.Model):
    """A theme (level 1, "thématique") or sub-theme (level 2, "sous-thématique")."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    label = models.CharField(_("libellé"), max_length=200)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("thème parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    sort_order = models.PositiveIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("thème")
        verbose_name_plural = _("thèmes")
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.label

    @property
    def level(self) -> int:
        return 1 if self.parent_id is None else 2
