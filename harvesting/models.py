"""Harvest sources, runs and records (Source → Run → Record, as in ckanext-harvest).

- ``HarvestSource``: where and how to read one partner's projects (admin: "Moissonnage",
  wired in ``harvesting/wagtail_hooks.py``; CLI ``harvest_sources import/export``).
- ``HarvestRun``: one pass over a source, with its counters and stage-tagged errors. At most
  one run of a source is "running" at a time, enforced by the database.
- ``HarvestRecord``: one item at the source, identified by its canonical URL (``guid``), with
  what the last fetch returned (ETag, Last-Modified, content hash, extracted fields) and the
  project it feeds.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class HarvestSource(models.Model):
    class Kind(models.TextChoices):
        AUTO = "auto", _("Automatique (depuis la page d'accueil)")
        SITEMAP = "sitemap", _("Plan du site (sitemap)")
        FEED = "feed", _("Flux RSS ou Atom")
        LISTING = "listing", _("Pages de liste paginées")
        URLS = "urls", _("Liste d'adresses")

    class Renderer(models.TextChoices):
        NONE = "none", _("Aucun (HTML statique)")
        CHROMIUM = "chromium", _("Chromium (pages construites en JavaScript)")

    class Schedule(models.TextChoices):
        MANUAL = "manual", _("À la demande")
        HOURLY = "hourly", _("Toutes les heures")
        DAILY = "daily", _("Chaque jour")
        WEEKLY = "weekly", _("Chaque semaine")

    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("partenaire"),
        on_delete=models.CASCADE,
        related_name="harvest_sources",
    )
    name = models.CharField(_("nom"), max_length=200)
    url = models.URLField(_("adresse de départ"), max_length=1000)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.AUTO)
    urls = models.TextField(
        _("adresses"), blank=True, help_text=_("Pour le type « liste d'adresses » : une par ligne.")
    )
    include_patterns = models.TextField(
        _("motifs à inclure"),
        blank=True,
        help_text=_("Expressions régulières, une par ligne : seules ces adresses sont lues."),
    )
    exclude_patterns = models.TextField(
        _("motifs à exclure"), blank=True, help_text=_("Expressions régulières, une par ligne.")
    )
    selectors = models.JSONField(
        _("sélecteurs"),
        default=dict,
        blank=True,
        help_text=_(
            'Facultatif : {"title": "css:h1.projet", "description": "xpath://div[@id=\'x\']"}'
        ),
    )
    renderer = models.CharField(
        _("rendu JavaScript"),
        max_length=10,
        choices=Renderer.choices,
        default=Renderer.NONE,
        help_text=_(
            "Pour les sites dont la liste des projets est construite en JavaScript (bouton "
            "« Voir plus », défilement infini) : les pages de liste sont ouvertes dans un "
            "navigateur sans écran, sous les mêmes protections que les autres lectures."
        ),
    )
    schedule = models.CharField(
        _("fréquence"), max_length=10, choices=Schedule.choices, default=Schedule.DAILY
    )
    max_pages = models.PositiveIntegerField(_("pages au plus par moisson"), default=1000)
    min_delay = models.FloatField(_("délai minimal entre deux pages (s)"), default=1.0)
    missing_runs_to_unlist = models.PositiveSmallIntegerField(
        _("moissons réussies sans la page avant de la dire retirée"), default=2
    )
    auto_publish = models.BooleanField(
        _("publier sans modération"),
        default=False,
        help_text=_("Sinon, les nouveaux projets attendent la validation du partenaire."),
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("source de moisson")
        verbose_name_plural = _("sources de moisson")
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "url"], name="unique_source_url"),
        ]

    def __str__(self):
        return f"{self.organisation} — {self.name}"

    def patterns(self, field: str) -> list[str]:
        return [line.strip() for line in getattr(self, field).splitlines() if line.strip()]

    @property
    def last_run(self):
        return self.runs.order_by("-started_at").first()


class HarvestRun(models.Model):
    class State(models.TextChoices):
        RUNNING = "running", _("En cours")
        SUCCEEDED = "succeeded", _("Réussie")
        PARTIAL = "partial", _("Partielle")
        FAILED = "failed", _("Échouée")
        INTERRUPTED = "interrupted", _("Interrompue")

    COUNTERS = (
        "discovered",
        "fetched",
        "not_modified",
        "created",
        "updated",
        "unchanged",
        "failed",
        "skipped",
        "unlisted",
    )

    source = models.ForeignKey(
        HarvestSource, verbose_name=_("source"), on_delete=models.CASCADE, related_name="runs"
    )
    state = models.CharField(
        _("état"), max_length=12, choices=State.choices, default=State.RUNNING, db_index=True
    )
    started_at = models.DateTimeField(_("début"), default=timezone.now)
    finished_at = models.DateTimeField(_("fin"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("dernier signe de vie"), default=timezone.now)
    discovered = models.PositiveIntegerField(_("découvertes"), default=0)
    fetched = models.PositiveIntegerField(_("lues"), default=0)
    not_modified = models.PositiveIntegerField(_("non modifiées (304)"), default=0)
    created = models.PositiveIntegerField(_("créées"), default=0)
    updated = models.PositiveIntegerField(_("mises à jour"), default=0)
    unchanged = models.PositiveIntegerField(_("inchangées"), default=0)
    failed = models.PositiveIntegerField(_("en erreur"), default=0)
    skipped = models.PositiveIntegerField(_("ignorées"), default=0)
    unlisted = models.PositiveIntegerField(_("plus listées"), default=0)
    errors = models.JSONField(_("erreurs"), default=list, blank=True)
    message = models.TextField(_("bilan"), blank=True)

    class Meta:
        verbose_name = _("moisson")
        verbose_name_plural = _("moissons")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["source"],
                condition=Q(state="running"),
                name="one_running_run_per_source",
            ),
        ]

    def __str__(self):
        return f"{self.source} — {self.started_at:%Y-%m-%d %H:%M}"

    def add_error(self, stage: str, message: str, url: str = "") -> None:
        self.errors.append({"stage": stage, "url": url, "message": message[:500]})

    @property
    def duration(self) -> timedelta | None:
        return (self.finished_at - self.started_at) if self.finished_at else None

    def counters(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in self.COUNTERS}


class HarvestRecord(models.Model):
    class State(models.TextChoices):
        ACTIVE = "active", _("Projet")
        NOT_PROJECT = "not_project", _("Pas un projet")
        FAILED = "failed", _("En erreur")
        GONE = "gone", _("Plus listé")

    source = models.ForeignKey(
        HarvestSource, verbose_name=_("source"), on_delete=models.CASCADE, related_name="records"
    )
    guid = models.URLField(_("adresse canonique"), max_length=2000)
    url = models.URLField(_("adresse lue"), max_length=2000)
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    content_hash = models.CharField(_("empreinte du contenu"), max_length=64, blank=True)
    fields = models.JSONField(_("champs extraits"), default=dict, blank=True)
    page_kind = models.CharField(_("type de page"), max_length=20, blank=True)
    state = models.CharField(
        _("état"), max_length=12, choices=State.choices, default=State.ACTIVE, db_index=True
    )
    error = models.TextField(_("dernière erreur"), blank=True)
    first_seen_at = models.DateTimeField(_("vue la première fois"), default=timezone.now)
    last_seen_at = models.DateTimeField(_("vue la dernière fois"), default=timezone.now)
    last_seen_run = models.ForeignKey(
        HarvestRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    missing_runs = models.PositiveSmallIntegerField(_("moissons sans elle"), default=0)
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("projet"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="harvest_records",
    )

    class Meta:
        verbose_name = _("fiche moissonnée")
        verbose_name_plural = _("fiches moissonnées")
        constraints = [
            models.UniqueConstraint(fields=["source", "guid"], name="unique_record_guid"),
        ]

    def __str__(self):
        return self.guid


class HarvestDryRun(models.Model):
    """One "Tester" of a source, run by a worker (never inside a web request) and capped in
    time; the admin page polls its state. ``result`` holds what the dry run found: pages read,
    every dropped address with its reason, proposed include patterns and warnings."""

    class State(models.TextChoices):
        QUEUED = "queued", _("En attente")
        RUNNING = "running", _("En cours")
        DONE = "done", _("Terminé")
        FAILED = "failed", _("Échoué")

    source = models.ForeignKey(
        HarvestSource, verbose_name=_("source"), on_delete=models.CASCADE, related_name="dry_runs"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("demandé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    state = models.CharField(
        _("état"), max_length=10, choices=State.choices, default=State.QUEUED, db_index=True
    )
    created_at = models.DateTimeField(_("demandé le"), default=timezone.now)
    started_at = models.DateTimeField(_("début"), null=True, blank=True)
    finished_at = models.DateTimeField(_("fin"), null=True, blank=True)
    timed_out = models.BooleanField(_("arrêté par la limite de durée"), default=False)
    progress = models.JSONField(_("avancement"), default=dict, blank=True)
    result = models.JSONField(_("résultat"), default=dict, blank=True)
    message = models.TextField(_("bilan"), blank=True)

    class Meta:
        verbose_name = _("essai de source")
        verbose_name_plural = _("essais de source")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.source} — {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)
