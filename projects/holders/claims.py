"""Claims and holder edits.

Claim rules (``project_claim``): a member with a verified e-mail claims a published project;
the claim is confirmed at once when that e-mail is the project's contact e-mail or is on the
domain of the project's website (never a shared mail or hosting domain), otherwise it waits
for an editor of a partner that lists the project (``claim_decide``).

Holder edits (``project_holder_update``) change a few fields and record ``provenance`` =
"holder"; they leave ``Project.harvest_values`` alone, so the importer's three-way merge sees
a value that differs from what the harvest wrote and never overwrites it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.emails import email_send
from members.services import member_verified_email
from projects.consolidation.normalize import host_of
from projects.holders.errors import HolderError
from projects.holders.selectors import (
    project_is_held_by,
)
from projects.html import sanitize_html
from projects.models import (
    Project,
    ProjectClaim,
)
from projects.permissions import user_can_edit_project

#: Fields a holder may change.
HOLDER_FIELDS = ("description", "website", "contact_email", "image_url")

#: Domains shared by many people: an address there proves nothing about a website.
SHARED_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "yahoo.fr",
        "yahoo.com",
        "hotmail.fr",
        "hotmail.com",
        "outlook.fr",
        "outlook.com",
        "live.fr",
        "live.com",
        "msn.com",
        "icloud.com",
        "me.com",
        "orange.fr",
        "wanadoo.fr",
        "free.fr",
        "sfr.fr",
        "neuf.fr",
        "laposte.net",
        "bbox.fr",
        "aol.com",
        "gmx.fr",
        "gmx.com",
        "protonmail.com",
        "proton.me",
        "yandex.com",
        "wordpress.com",
        "wixsite.com",
        "blogspot.com",
        "over-blog.com",
        "github.io",
        "google.com",
        "sites.google.com",
        "facebook.com",
        "linktr.ee",
        "jimdo.com",
        "webnode.fr",
        "e-monsite.com",
        "helloasso.com",
        "canalblog.com",
        "hautetfort.com",
    }
)


# --- claims -------------------------------------------------------------------------------


def _same_domain(email_domain: str, host: str) -> bool:
    if not email_domain or not host or "." not in email_domain:
        return False
    if email_domain in SHARED_DOMAINS or host in SHARED_DOMAINS:
        return False
    if any(host.endswith("." + shared) for shared in SHARED_DOMAINS):
        return False
    return (
        email_domain == host
        or host.endswith("." + email_domain)
        or email_domain.endswith("." + host)
    )


def claim_auto_method(project: Project, email: str | None) -> str | None:
    """How a claim by the owner of ``email`` is confirmed without a partner, if it is."""
    if not email:
        return None
    email = email.strip().lower()
    if project.contact_email and project.contact_email.strip().lower() == email:
        return ProjectClaim.Method.CONTACT_EMAIL
    if _same_domain(email.rsplit("@", 1)[-1], host_of(project.website)):
        return ProjectClaim.Method.WEBSITE_DOMAIN
    return None


@transaction.atomic
def project_claim(project: Project, user, *, message: str = "") -> ProjectClaim:
    """Record ``user``'s claim on ``project``; confirmed at once when the rules allow."""
    if not project.live:
        raise HolderError(_("Ce projet n'est pas publié : il ne peut pas encore être revendiqué."))
    email = member_verified_email(user)
    if email is None:
        raise HolderError(
            _("Confirmez d'abord votre adresse e-mail (lien reçu à l'inscription), puis réessayez.")
        )
    existing = ProjectClaim.objects.select_for_update().filter(project=project, user=user).first()
    if existing is not None:
        if existing.status == ProjectClaim.Status.REJECTED:
            raise HolderError(
                _(
                    "Votre demande pour ce projet a été refusée. Écrivez au partenaire qui le "
                    "présente si c'est une erreur."
                )
            )
        return existing
    method = claim_auto_method(project, email)
    claim = ProjectClaim(project=project, user=user, message=message.strip()[:2000])
    if method:
        claim.status = ProjectClaim.Status.CONFIRMED
        claim.method = method
        claim.decided_at = timezone.now()
    claim.save()
    return claim


@transaction.atomic
def claim_decide(claim: ProjectClaim, user, *, approve: bool, note: str = "") -> ProjectClaim:
    """An editor of a listing partner confirms or refuses a pending claim."""
    if not user_can_edit_project(user, claim.project):
        raise PermissionDenied
    claim = ProjectClaim.objects.select_for_update().get(pk=claim.pk)
    if claim.status != ProjectClaim.Status.PENDING:
        return claim
    claim.status = ProjectClaim.Status.CONFIRMED if approve else ProjectClaim.Status.REJECTED
    claim.method = ProjectClaim.Method.PARTNER if approve else ""
    claim.decided_at = timezone.now()
    claim.decided_by = user
    claim.decision_note = note.strip()[:500]
    claim.save()
    to = member_verified_email(claim.user)
    if to:
        transaction.on_commit(
            lambda: email_send(
                "claim_decided",
                {
                    "claim": claim,
                    "project": claim.project,
                    "approved": approve,
                    "project_url": settings.SITE_URL + claim.project.get_absolute_url(),
                },
                [to],
            )
        )
    return claim


# --- holder edits -------------------------------------------------------------------------


@transaction.atomic
def project_holder_update(project: Project, user, values: dict) -> list[str]:
    """Apply a holder's changes to the published project; returns the changed fields.

    Provenance says "holder"; ``harvest_values`` is untouched, so later harvests keep these
    values (three-way merge in ``projects.services.importer``)."""
    if not project_is_held_by(project, user):
        raise PermissionDenied
    project = Project.objects.select_for_update().get(pk=project.pk)
    now = timezone.now().isoformat()
    changed = []
    for name in HOLDER_FIELDS:
        if name not in values:
            continue
        value = values[name] or ""
        if name == "description":
            value = sanitize_html(value)
        if value == (getattr(project, name) or ""):
            continue
        setattr(project, name, value)
        project.provenance[name] = {"origin": "holder", "user": user.pk, "at": now}
        changed.append(name)
    if changed:
        project.save()
        revision = project.save_revision(user=user, clean=False, log_action=True)
        if project.live:
            # Holders may publish these fields (the policy, not model permissions, decides).
            revision.publish(user=user, skip_permission_checks=True)
    return changed
