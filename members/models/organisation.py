"""Partner organisations of the collective.

An ``Organisation`` is a member of the Carrefour collective (foundation, network, public body,
association) that showcases projects on its own website. Platform admins edit them in the
Wagtail admin (snippet "Partenaires", wired in ``members/wagtail_hooks.py``); the partner
directory page lists the public ones. This app knows nothing of projects.
"""

from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index


class OrganisationQuerySet(models.QuerySet):
    def public(self):
        return self.filter(status=Organisation.Status.PUBLIC)


class Organisation(index.Indexed, models.Model):
    """A partner of the collective; every partner has the same standing."""

    class Scale(models.TextChoices):
        LOCAL = "local", _("Locale")
        DEPARTMENTAL = "departmental", _("Départementale")
        REGIONAL = "regional", _("Régionale")
        NATIONAL = "national", _("Nationale")
        EUROPEAN = "european", _("Européenne ou internationale")

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente de validation")
        PUBLIC = "public", _("Publique")

    name = models.CharField(_("nom"), max_length=200, unique=True)
    slug = models.SlugField(_("identifiant d'URL"), max_length=200, unique=True, blank=True)
    website = models.URLField(_("site web"), max_length=500, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    presentation = models.TextField(_("présentation courte"), blank=True)
    scale = models.CharField(
        _("échelle d'action"), max_length=20, choices=Scale.choices, default=Scale.NATIONAL
    )
    activities = models.TextField(
        _("activités"), blank=True, help_text=_("Ce que fait l'organisation, en quelques mots.")
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("slug"), FieldPanel("website"), FieldPanel("logo")],
            heading=_("Identité"),
        ),
        FieldPanel("presentation"),
        FieldPanel("scale"),
        FieldPanel("activities"),
        FieldPanel("status"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("presentation"),
        index.FilterField("status"),
    ]

    class Meta:
        verbose_name = _("organisation partenaire")
        verbose_name_plural = _("organisations partenaires")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:200] or "organisation"
        super().save(*args, **kwargs)

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLIC
