"""Public views of the members app (``/membres/``): join the collective, profile,
invitations, account deletion. Account pages themselves are django-allauth's (``/comptes/``)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from members.forms import AccountDeleteForm, JoinRequestForm, ProfileForm
from members.models import Invitation
from members.services import (
    InvitationError,
    invitation_accept,
    join_request_notify_team,
    member_profile,
)
from members.throttle import client_ip, throttle_hit


def _posted(request):
    """The submitted data on POST (even empty), None otherwise (an unbound form)."""
    return request.POST if request.method == "POST" else None


def join_view(request):
    """The public "join the collective" form for organisations (reviewed by platform admins).

    Only the platform's team is notified (never the address typed in the form), and requests
    are limited per client address and per e-mail address (``JOIN_REQUESTS_PER_IP_PER_HOUR``,
    ``JOIN_REQUESTS_PER_EMAIL_PER_DAY``): the form was an open mail relay."""
    form = JoinRequestForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        allowed = throttle_hit(
            "join-ip",
            client_ip(request),
            limit=settings.JOIN_REQUESTS_PER_IP_PER_HOUR,
            seconds=3600,
        ) and throttle_hit(
            "join-email",
            form.cleaned_data["email"],
            limit=settings.JOIN_REQUESTS_PER_EMAIL_PER_DAY,
            seconds=86400,
        )
        if not allowed:
            form.add_error(
                None,
                _(
                    "Trop de demandes d’adhésion ont été envoyées depuis votre connexion ou "
                    "pour cette adresse : votre demande précédente est bien enregistrée. "
                    "Réessayez dans une heure, ou écrivez-nous si c’est urgent."
                ),
            )
            return render(request, "members/join.html", {"form": form}, status=429)
        if not form.is_bot():
            join_request_notify_team(form.save())
        return redirect("members:join_done")
    return render(request, "members/join.html", {"form": form})


def join_done_view(request):
    return render(request, "members/join_done.html")


@login_required
def profile_view(request):
    profile = member_profile(request.user)
    form = ProfileForm(_posted(request), instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Votre profil est enregistré."))
        return redirect("members:profile")
    return render(
        request,
        "members/profile.html",
        {"form": form, "memberships": request.user.memberships.select_related("organisation")},
    )


@login_required
def invitation_view(request, token):
    invitation = get_object_or_404(Invitation.objects.select_related("organisation"), token=token)
    error = None
    if request.method == "POST":
        try:
            invitation_accept(invitation, request.user)
        except InvitationError as exc:
            error = str(exc)
        else:
            messages.success(
                request,
                _("Vous agissez maintenant pour %(organisation)s.")
                % {"organisation": invitation.organisation},
            )
            return redirect("wagtailadmin_home")
    return render(request, "members/invitation.html", {"invitation": invitation, "error": error})


@login_required
def account_delete_view(request):
    form = AccountDeleteForm(_posted(request), user=request.user)
    # the password asked for must not be guessable from an open session
    if request.method == "POST" and not throttle_hit(
        "account-delete", str(request.user.pk), limit=5, seconds=3600
    ):
        form.is_valid()
        form.add_error(
            None,
            _(
                "Trop d’essais : attendez une heure avant de recommencer, ou réinitialisez "
                "votre mot de passe depuis la page de connexion."
            ),
        )
        return render(request, "members/account_delete.html", {"form": form}, status=429)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        user.delete()
        messages.success(request, _("Votre compte est supprimé."))
        return redirect("/")
    return render(request, "members/account_delete.html", {"form": form})
