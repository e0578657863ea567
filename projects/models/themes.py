"""The two-level thesaurus of the Carrefour des innovations sociales.

Seeded from ``projects/data/themes-cis.json`` by ``projects.services.reference``. Codes are
stable identifiers used by the API, exports and partner tag rules; labels may be edited in the
admin (snippet "Thèmes").
"""

from django.conf import settings
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
    keywords = models.TextField(
        _("mots-clés"),
        blank=True,
        help_text=_(
            "Un mot ou début de mot par ligne, sans souci des accents ni des majuscules "
            "(« agricult » trouve « agriculture »). Terminez par $ pour un mot entier. "
            "Sert à classer automatiquement les projets moissonnés."
        ),
    )

    class Meta:
        verbose_name = _("thème")
        verbose_name_plural = _("thèmes")
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.label

    @property
    def level(self) -> int:
        return 1 if self.parent_id is None else 2

    def keyword_list(self) -> list[str]:
        return [line.strip() for line in self.keywords.splitlines() if line.strip()]


class PartnerTagRule(models.Model):
    """A partner's own tag ("Insertion", "Circuits courts"…) mapped to thesaurus themes.

    Edited by platform admins and partner editors (snippet "Correspondances d'étiquettes");
    used by the classifier when a harvested page carries that tag. Tags are compared without
    accents or case, and every spelling of a UN goal ("ODD 10", "10- Réduction des
    inégalités") is one tag. A rule without partner applies to all partners (the 17 goals,
    seeded by migration 0011); a partner's own rule for the same tag replaces it.
    """

    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("partenaire"),
        on_delete=models.CASCADE,
        related_name="tag_rules",
        null=True,
        blank=True,
        help_text=_("Vide : la règle vaut pour tous les partenaires (par exemple les ODD)."),
    )
    tag = models.CharField(_("étiquette du partenaire"), max_length=200)
    themes = models.ManyToManyField(Theme, verbose_name=_("thèmes"), related_name="tag_rules")

    class Meta:
        verbose_name = _("correspondance d'étiquette")
        verbose_name_plural = _("correspondances d'étiquettes")
        ordering = ["organisation__name", "tag"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "tag"], name="unique_tag_rule"),
            models.UniqueConstraint(
                fields=["tag"],
                condition=models.Q(organisation__isnull=True),
                name="unique_shared_tag_rule",
            ),
        ]

    def __str__(self):
        return f"{self.organisation or _('Tous les partenaires')} : « {self.tag} »"


class ThemeFeedback(models.Model):
    """An editor's correction of the themes of a harvested project, kept as evidence.

    One row per project, theme and partner page's organisation: the theme was added to, or
    removed from, what the harvest gave, with the partner's tags on that page and (for a
    removal) the words that had given the theme. Written by
    ``projects.services.theme_learning.theme_feedback_record`` after each admin edit; counted
    in the "Étiquettes et apprentissage" screen, where a proposed rule is accepted by one
    click. Never applied by itself.
    """

    class Action(models.TextChoices):
        ADDED = "added", _("ajouté par un éditeur")
        REMOVED = "removed", _("retiré par un éditeur")

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="theme_feedback"
    )
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="feedback")
    organisation = models.ForeignKey(
        "members.Organisation", on_delete=models.CASCADE, related_name="theme_feedback"
    )
    action = models.CharField(max_length=10, choices=Action.choices)
    tags = models.JSONField(default=list, blank=True)
    words = models.JSONField(default=list, blank=True)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("correction de thème")
        verbose_name_plural = _("corrections de thèmes")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "theme", "organisation"], name="unique_theme_feedback"
            ),
        ]

    def __str__(self):
        return f"{self.project_id} {self.get_action_display()} {self.theme.code}"
