"""Project holders, contact between members, and moderation by the owning organisation.

- ``ProjectClaim``: a member says "this is my project". Confirmed automatically when their
  verified e-mail is on the project's website domain or is its contact e-mail, otherwise by an
  editor of a partner that lists the project (admin "Revendications"). Confirmed claimants are
  the project's *holders*: they edit a few fields (``projects/holders/views.py``).
- ``Conversation`` / ``ContactMessage``: a member writes to a project's holders (or, once, to
  the contact e-mail of an unclaimed project). Stored, delivered by e-mail with reply-to set to
  the sender; no address is ever shown to the sender. Recipients can report a message.
- ``ContactBlock`` (block list managed by platform admins, snippet "Liste de blocage") and
  ``ContactOptOut`` (addresses that asked not to be contacted again).
- ``OrganisationModerationTask``: the Wagtail workflow task "the partners listing the project
  approve it"; ``ModerationRejection`` remembers a rejection so re-harvests do not re-propose
  unchanged content; ``ModerationDigest`` records when each organisation was last notified.
"""

from __future__ import annotations

import hashlib
import json

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Task, TaskState

from projects.models.scope import projects_for, user_can_edit_project


class ProjectClaim(models.Model):
    """A member's claim to hold a project."""

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente du partenaire")
        CONFIRMED = "confirmed", _("Confirmée")
        REJECTED = "rejected", _("Refusée")

    class Method(models.TextChoices):
        WEBSITE_DOMAIN = "website_domain", _("E-mail sur le domaine du site du projet")
        CONTACT_EMAIL = "contact_email", _("E-mail de contact du projet")
        PARTNER = "partner", _("Confirmée par un partenaire")

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("projet"),
        on_delete=models.CASCADE,
        related_name="claims",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("membre"),
        on_delete=models.CASCADE,
        related_name="project_claims",
    )
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    method = models.CharField(_("confirmation"), max_length=16, choices=Method.choices, blank=True)
    message = models.TextField(
        _("message au partenaire"),
        blank=True,
        max_length=2000,
        help_text=_("Ce qui montre que vous portez ce projet (votre rôle, un lien…)."),
    )
    created_at = models.DateTimeField(_("demandée le"), auto_now_add=True)
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("décidée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_note = models.CharField(_("motif"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("revendication de projet")
        verbose_name_plural = _("revendications de projets")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="unique_claim_per_member"),
        ]

    def __str__(self):
        return f"{self.user} → {self.project} ({self.get_status_display()})"


class Conversation(models.Model):
    """Messages between a member and the holders of one project (or its contact address)."""

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("projet"),
        on_delete=models.CASCADE,
        related_name="conversations",
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("commencée par"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="started_conversations",
    )
    to_contact_email = models.BooleanField(
        _("adressée à l'e-mail de contact"),
        default=False,
        help_text=_("Projet sans porteur inscrit : un seul message, avec lien de désinscription."),
    )
    created_at = models.DateTimeField(_("commencée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("dernier message le"), auto_now=True)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-updated_at"]

    def __str__(self):
        return f"{self.project} — {self.started_by or _('membre supprimé')}"


class ContactMessage(models.Model):
    """One message of a conversation; the sender is counted for rate limits."""

    conversation = models.ForeignKey(
        Conversation,
        verbose_name=_("conversation"),
        on_delete=models.CASCADE,
        related_name="messages",
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("expéditeur"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="sent_contact_messages",
    )
    body = models.TextField(_("message"), max_length=5000)
    # a reply of the project's contact address (an unclaimed project), through its reply link
    from_contact_email = models.BooleanField(_("réponse de l'adresse de contact"), default=False)
    created_at = models.DateTimeField(_("envoyé le"), auto_now_add=True, db_index=True)
    delivered_to = models.PositiveSmallIntegerField(_("destinataires"), default=0)
    reported_at = models.DateTimeField(_("signalé le"), null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signalé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    report_reason = models.CharField(_("motif du signalement"), max_length=500, blank=True)

    panels = [FieldPanel("body", read_only=True), FieldPanel("report_reason")]

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at"]
        indexes = [models.Index(fields=["sender", "created_at"], name="contact_sender_created")]

    def __str__(self):
        return f"{self.author_label()} — {self.created_at:%d/%m/%Y %H:%M}"

    def author_label(self) -> str:
        if self.from_contact_email:
            return str(_("le contact du projet"))
        return str(self.sender or _("membre supprimé"))


class ContactBlock(models.Model):
    """An account or an address that may not send or receive messages (platform admins)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    email = models.EmailField(_("adresse e-mail"), blank=True)
    reason = models.CharField(_("raison"), max_length=500)
    created_at = models.DateTimeField(_("ajouté le"), auto_now_add=True)

    panels = [FieldPanel("user"), FieldPanel("email"), FieldPanel("reason")]

    class Meta:
        verbose_name = _("blocage")
        verbose_name_plural = _("liste de blocage")
        ordering = ["-created_at"]

    def __str__(self):
        return str(self.user or self.email)

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)


class ContactOptOut(models.Model):
    """An address (contact e-mail of an unclaimed project) that asked not to be written to."""

    email = models.EmailField(_("adresse e-mail"), unique=True)
    created_at = models.DateTimeField(_("le"), auto_now_add=True)

    class Meta:
        verbose_name = _("désinscription")
        verbose_name_plural = _("désinscriptions")

    def __str__(self):
        return self.email


class RejectionForm(forms.Form):
    """The modal of "Refuser": the reason is required, and said to be one."""

    comment = forms.CharField(
        label=_("Motif du refus (obligatoire)"),
        help_text=_(
            "Dites pourquoi ce projet n'est pas publié : le motif est gardé avec le refus et le "
            "projet n'est plus proposé tant que la page du partenaire ne change pas."
        ),
        widget=forms.Textarea({"rows": 3}),
        max_length=2000,
    )

    def clean_comment(self):
        comment = self.cleaned_data["comment"].strip()
        if not comment:
            raise forms.ValidationError(_("Écrivez le motif du refus avant de refuser."))
        return comment


class ApprovalCommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Commentaire (facultatif)"), required=False, widget=forms.Textarea({"rows": 2})
    )


class OrganisationModerationTask(Task):
    """Workflow task: an editor of one of the partners that list the project approves it
    (publishes) or rejects it with a reason. Nobody else sees it in their queue."""

    admin_form_fields = Task.admin_form_fields

    def _can_moderate(self, obj, user) -> bool:
        return user_can_edit_project(user, obj)

    def user_can_access_editor(self, obj, user):
        return self._can_moderate(obj, user)

    def locked_for_user(self, obj, user):
        return not self._can_moderate(obj, user)

    def user_can_lock(self, obj, user):
        return self._can_moderate(obj, user)

    def user_can_unlock(self, obj, user):
        return self._can_moderate(obj, user)

    def get_actions(self, obj, user):
        if not self._can_moderate(obj, user):
            return []
        # At the last task Wagtail appends its own "and Publish" (French "et Publier") to
        # approvals: the menu reads "Accepter et Publier", never "Publier et Publier".
        return [
            ("reject", _("Refuser (motif obligatoire)"), True),
            ("approve", _("Accepter"), False),
            ("approve", _("Accepter avec un commentaire"), True),
        ]

    def get_form_for_action(self, action):
        return RejectionForm if action == "reject" else ApprovalCommentForm

    def on_action(self, task_state, user, action_name, **kwargs):
        """Approve or reject; a rejection is remembered with its reason (not re-proposed)."""
        if not self._can_moderate(task_state.workflow_state.content_object, user):
            raise PermissionDenied
        super().on_action(task_state, user, action_name, **kwargs)
        if action_name == "reject":
            project = task_state.workflow_state.content_object
            ModerationRejection.record(project, user, kwargs.get("comment", ""))

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if not user.is_authenticated:
            return states.none()
        ids = [str(pk) for pk in projects_for(user).values_list("pk", flat=True)]
        return states.filter(workflow_state__object_id__in=ids)

    @classmethod
    def get_description(cls):
        return _(
            "Les éditeurs des partenaires qui présentent le projet le publient ou le refusent."
        )

    class Meta:
        verbose_name = _("modération par le partenaire")
        verbose_name_plural = _("modérations par le partenaire")


class ModerationRejection(models.Model):
    """A project content a partner rejected: not proposed again unless the content changes."""

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("projet"),
        on_delete=models.CASCADE,
        related_name="rejections",
    )
    reason = models.TextField(_("motif"), blank=True)
    content_hash = models.CharField(_("empreinte du contenu refusé"), max_length=64)
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("refusé par"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("refusé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("refus de modération")
        verbose_name_plural = _("refus de modération")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.project} — {self.created_at:%d/%m/%Y}"

    @classmethod
    def record(cls, project, user, reason: str) -> ModerationRejection:
        """Remember that ``user`` rejected what the sources of ``project`` say today."""
        return cls.objects.create(
            project=project,
            rejected_by=user,
            reason=reason or "",
            content_hash=project_content_hash(project),
        )


def project_content_hash(project) -> str:
    """A fingerprint of what the partners' pages said about ``project``."""
    values = sorted(
        (source.organisation_id, source.url, json.dumps(source.harvested_values, sort_keys=True))
        for source in project.sources.all()
    )
    return hashlib.sha256(json.dumps(values).encode()).hexdigest()


class ModerationDigest(models.Model):
    """When an organisation's members were last sent the moderation digest (batched e-mail)."""

    organisation = models.OneToOneField(
        "members.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("dernier envoi"))
    item_count = models.PositiveIntegerField(_("éléments signalés"), default=0)

    class Meta:
        verbose_name = _("résumé de modération envoyé")
        verbose_name_plural = _("résumés de modération envoyés")

    def __str__(self):
        return f"{self.organisation} — {self.sent_at:%d/%m/%Y %H:%M}"
