"""Members' shortlists of projects and their saved catalogue searches with e-mail alerts.

A member keeps named lists of projects (``ProjectList``; the "Favoris" list is the one the star
fills), each entry with a short note, and may share a list read-only through a random link that
revoking forgets. ``SavedSearch`` keeps a catalogue query string and how often new matches are
e-mailed; ``AlertDelivery`` is one member's e-mail of one period (at most one per period), with
its attempts. Edited by members in their space (``projects/lists/views.py``); they live in
``projects`` because members knows nothing of projects (docs/architecture.md).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

FAVOURITES_NAME = "Favoris"


class ProjectList(models.Model):
    """A member's named shortlist ("Appel à projets 2027"); ``is_favourites`` marks the list the
    star on cards and project pages fills (one per member, created on the first star)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_lists"
    )
    name = models.CharField(_("nom"), max_length=120)
    is_favourites = models.BooleanField(default=False)
    # random, unguessable; cleared when the member revokes the link
    share_slug = models.CharField(max_length=64, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-is_favourites", "name"]
        verbose_name = _("liste de projets")
        verbose_name_plural = _("listes de projets")
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="project_list_owner_name"),
            models.UniqueConstraint(
                fields=["owner"],
                condition=models.Q(is_favourites=True),
                name="project_list_one_favourites",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def label(self) -> str:
        """The name shown: "Favoris" in the visitor's language for the star's list."""
        return str(_("Favoris")) if self.is_favourites else self.name


class ProjectListEntry(models.Model):
    """One project in a list, once, with the member's note."""

    project_list = models.ForeignKey(ProjectList, on_delete=models.CASCADE, related_name="entries")
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="list_entries"
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-added_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project_list", "project"], name="project_list_entry_once"
            )
        ]

    def __str__(self):
        return f"{self.project_list} · {self.project_id}"


class SavedSearch(models.Model):
    """A catalogue search (its normalised query string) a member keeps, and its alert."""

    class Frequency(models.TextChoices):
        NONE = "none", _("Pas d'alerte")
        DAILY = "daily", _("Chaque jour")
        WEEKLY = "weekly", _("Chaque semaine")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(_("nom"), max_length=120)
    querystring = models.CharField(max_length=2000, blank=True)
    frequency = models.CharField(
        _("alerte par e-mail"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    # projects first published after this instant are "new" for the next alert
    alert_since = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("recherche enregistrée")
        verbose_name_plural = _("recherches enregistrées")
        indexes = [models.Index(fields=["frequency", "owner"], name="saved_search_frequency")]

    def __str__(self):
        return self.name


class AlertDelivery(models.Model):
    """The alert e-mail of one member for one period ("daily 2026-12-03", "weekly 2026-W49"):
    unique, so a digest run twice never sends twice. Its attempts and last error are kept; the
    worker retries a failed send up to ``ALERT_MAX_ATTEMPTS`` times."""

    class State(models.TextChoices):
        PENDING = "pending", _("À envoyer")
        SENT = "sent", _("Envoyé")
        EMPTY = "empty", _("Rien de nouveau")
        FAILED = "failed", _("Échec")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_deliveries"
    )
    frequency = models.CharField(max_length=10)
    period = models.CharField(max_length=20)
    # projects published up to this instant are in this e-mail (the same on every attempt)
    cutoff = models.DateTimeField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    project_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "frequency", "period"], name="alert_delivery_once_per_period"
            )
        ]

    def __str__(self):
        return f"{self.owner_id} {self.frequency} {self.period} ({self.state})"
