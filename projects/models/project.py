"""Projects of the catalogue and the partner pages they were found on.

``Project`` is a Wagtail snippet (admin menu "Projets", wired in ``projects/wagtail_hooks.py``)
with drafts, revisions, locking and the moderation workflow: partner editors and holders
correct it, moderators publish it. Only live projects are public. ``ProjectSource`` records
which partner lists a project, where, and the values last harvested from there: comparing them
with the project's current values tells which fields an editor changed (never overwritten).

The weighted full-text vector ``search_vector`` is maintained by PostgreSQL triggers (migration
``0002_search``) so that every write path — admin, harvester, bulk import — keeps it current.
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    PreviewableMixin,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index
from wagtailgeowidget.panels import LeafletPanel

from projects.html import sanitize_html, strip_controls
from projects.panels import ProvenancePanel

POINT_FORMAT = "SRID=4326;POINT({lon} {lat})"


class ProjectQuerySet(models.QuerySet):
    def public(self):
        """Projects visitors may see: published (live)."""
        return self.filter(live=True)


class Project(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    index.Indexed,
    ClusterableModel,
):
    """A social innovation project, small or big, shown the same way."""

    class Status(models.TextChoices):
        UNKNOWN = "unknown", _("Non précisé")
        IDEA = "idea", _("En émergence")
        ACTIVE = "active", _("En cours")
        ENDED = "ended", _("Terminé")

    class Precision(models.TextChoices):
        ADDRESS = "address", _("Adresse")
        COMMUNE = "commune", _("Commune")
        DEPARTMENT = "department", _("Département")
        REGION = "region", _("Région")
        NONE = "none", _("Aucune")

    title = models.CharField(_("titre"), max_length=255)
    slug = models.SlugField(_("identifiant d'URL"), max_length=255, unique=True, blank=True)
    summary = models.TextField(_("résumé"), blank=True, max_length=600)
    description = RichTextField(
        _("description"),
        blank=True,
        features=["h2", "h3", "bold", "italic", "ol", "ul", "link", "hr"],
    )
    themes = ParentalManyToManyField(
        "projects.Theme", verbose_name=_("thèmes"), blank=True, related_name="projects"
    )
    commune = models.ForeignKey(
        "projects.Commune",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
    )
    department = models.ForeignKey(
        "projects.Department",
        verbose_name=_("département"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
    )
    region = models.ForeignKey(
        "projects.Region",
        verbose_name=_("région"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
    )
    location = models.CharField(
        _("position"),
        max_length=100,
        blank=True,
        help_text=_("Point sur la carte (cliquez ou déplacez le marqueur)."),
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True, editable=False)
    longitude = models.FloatField(_("longitude"), null=True, blank=True, editable=False)
    location_precision = models.CharField(
        _("précision de la localisation"),
        max_length=12,
        choices=Precision.choices,
        default=Precision.NONE,
    )
    website = models.URLField(_("site web du projet"), max_length=500, blank=True)
    holder_name = models.CharField(_("structure porteuse"), max_length=255, blank=True)
    contact_email = models.EmailField(
        _("e-mail de contact"),
        blank=True,
        help_text=_("Jamais affiché publiquement : sert aux mises en relation entre membres."),
    )
    image_url = models.URLField(_("image (URL)"), max_length=1000, blank=True)
    start_year = models.PositiveSmallIntegerField(_("année de démarrage"), null=True, blank=True)
    status = models.CharField(
        _("état du projet"), max_length=10, choices=Status.choices, default=Status.UNKNOWN
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    location_evidence = models.CharField(
        _("indice de localisation"), max_length=300, blank=True, editable=False
    )
    theme_reasons = models.JSONField(
        _("raisons des thèmes"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_("Pour chaque code de thème attribué automatiquement : les mots ou étiquettes."),
    )
    harvest_values = models.JSONField(
        _("valeurs écrites par la moisson"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_(
            "Les valeurs que la moisson a écrites en dernier. Un champ dont la valeur actuelle "
            "en diffère a été corrigé par un éditeur ou le porteur : la moisson n'y touche plus."
        ),
    )
    provenance = models.JSONField(
        _("provenance des champs"), default=dict, blank=True, editable=False
    )
    search_vector = SearchVectorField(null=True, editable=False)
    # Copies of the theme and partner links kept by the same trigger as ``search_vector``
    # (migration ``0006_catalogue_facets``): the catalogue filters and counts its facets from
    # the rows it already reads instead of joining two link tables of hundreds of thousands.
    facet_theme_ids = ArrayField(models.IntegerField(), default=list, editable=False)
    facet_organisation_ids = ArrayField(models.IntegerField(), default=list, editable=False)

    objects = ProjectQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("themes"),
        MultiFieldPanel(
            [
                FieldPanel("commune"),
                FieldRowPanel([FieldPanel("department"), FieldPanel("region")]),
                FieldPanel("location_precision"),
                LeafletPanel("location"),
            ],
            heading=_("Territoire"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("holder_name"),
                FieldPanel("website"),
                FieldPanel("contact_email"),
                FieldPanel("image_url"),
                FieldRowPanel([FieldPanel("start_year"), FieldPanel("status")]),
            ],
            heading=_("Porteur et informations pratiques"),
        ),
        ProvenancePanel(),
    ]
    search_fields = [
        index.SearchField("title", boost=3),
        index.AutocompleteField("title"),
        index.SearchField("summary"),
        index.SearchField("holder_name"),
        index.FilterField("live"),
    ]

    class Meta:
        verbose_name = _("projet")
        verbose_name_plural = _("projets")
        ordering = ["-created_at"]
        indexes = [
            GinIndex(fields=["search_vector"], name="project_search_vector_gin"),
            # type-ahead: words of the title alone, so a prefix common in descriptions
            # ("educ…") costs no recheck of thousands of rows
            GinIndex(
                SearchVector("title", config="french_unaccent"),
                condition=models.Q(live=True),
                name="project_title_search",
            ),
            GinIndex(fields=["facet_theme_ids"], name="project_facet_themes_gin"),
            GinIndex(fields=["facet_organisation_ids"], name="project_facet_orgs_gin"),
            GinIndex(fields=["title"], name="project_title_trgm", opclasses=["gin_trgm_ops"]),
            models.Index(fields=["live", "-created_at"], name="project_live_created"),
            # map clusters: an index-only scan of the published positions (no heap visit: the
            # whole of France at 100k projects, 92 -> 29 ms)
            models.Index(
                fields=["latitude", "longitude"],
                name="project_live_position",
                include=["id"],
                condition=models.Q(live=True),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("projects:detail", kwargs={"slug": self.slug})

    def get_preview_template(self, request, mode_name):
        return "projects/project_detail.html"

    def get_preview_context(self, request, mode_name):
        return {"project": self, "sources": []}

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self._unique_slug()
        self.description = sanitize_html(self.description)
        # a control character (pasted or harvested) breaks XML feeds and exports
        self.title, self.summary = strip_controls(self.title), strip_controls(self.summary)
        self._sync_coordinates()
        super().save(*args, **kwargs)

    def _unique_slug(self) -> str:
        base = slugify(self.title)[:240] or "projet"
        slug, n = base, 2
        while Project.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug

    def _sync_coordinates(self) -> None:
        """Keep numeric latitude/longitude (used by the map and filters) in step with the point
        edited through wagtailgeowidget, or fill the point from the commune."""
        from wagtailgeowidget.helpers import geosgeometry_str_to_struct

        point = geosgeometry_str_to_struct(self.location) if self.location else None
        if point:
            self.latitude, self.longitude = float(point["y"]), float(point["x"])
        elif self.commune_id:
            commune = self.commune
            self.latitude, self.longitude = commune.latitude, commune.longitude
            self.location = POINT_FORMAT.format(lon=commune.longitude, lat=commune.latitude)
        else:
            self.latitude = self.longitude = None
        if self.commune_id:
            commune = self.commune
            self.department_id = self.department_id or commune.department_id
        if self.department_id and not self.region_id:
            self.region_id = self.department.region_id

    def set_point(self, lat: float, lon: float) -> None:
        self.location = POINT_FORMAT.format(lon=lon, lat=lat)


class ProjectSource(models.Model):
    """One partner page that lists a project: who, where, when, and what it said last time."""

    project = models.ForeignKey(
        Project, verbose_name=_("projet"), on_delete=models.CASCADE, related_name="sources"
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("partenaire"),
        on_delete=models.CASCADE,
        related_name="project_sources",
    )
    url = models.URLField(_("page du partenaire"), max_length=2000)
    first_seen = models.DateTimeField(_("vu pour la première fois"), auto_now_add=True)
    last_seen = models.DateTimeField(_("vu pour la dernière fois"), auto_now_add=True)
    is_listed = models.BooleanField(
        _("toujours listé"),
        default=True,
        help_text=_("Faux quand le partenaire ne présente plus ce projet sur son site."),
    )
    harvested_values = models.JSONField(
        _("valeurs moissonnées"),
        default=dict,
        blank=True,
        help_text=_("Les valeurs lues sur cette page lors de la dernière moisson."),
    )
    match_locked = models.BooleanField(
        _("rattachement fixé à la main"),
        default=False,
        help_text=_("Un éditeur a rattaché cette page à ce projet : les moissons le respectent."),
    )
    match_reason = models.CharField(_("raison du rattachement"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("source d'un projet")
        verbose_name_plural = _("sources des projets")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "url"], name="unique_source_per_url"),
        ]

    def __str__(self):
        return f"{self.organisation} — {self.url}"


class DuplicateCandidate(models.Model):
    """Two projects that may be the same real project, awaiting an editor's decision.

    Created by the matching service when the evidence is not strong enough to merge on its own;
    reviewed in the admin ("Doublons possibles"): merge, or mark as distinct (remembered).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("À examiner")
        MERGED = "merged", _("Fusionnés")
        DISTINCT = "distinct", _("Projets distincts")

    project = models.ForeignKey(
        Project, verbose_name=_("projet"), on_delete=models.CASCADE, related_name="+"
    )
    other = models.ForeignKey(
        Project, verbose_name=_("autre projet"), on_delete=models.CASCADE, related_name="+"
    )
    score = models.FloatField(_("similarité"), default=0)
    reason = models.CharField(_("raison"), max_length=300, blank=True)
    status = models.CharField(
        _("décision"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("doublon possible")
        verbose_name_plural = _("doublons possibles")
        constraints = [
            models.UniqueConstraint(fields=["project", "other"], name="unique_duplicate_pair"),
        ]

    def __str__(self):
        return f"{self.project} ≟ {self.other}"
