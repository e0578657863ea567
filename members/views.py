"""Public views of the members app (``/membres/``): join the collective, profile,
invitations, account deletion. Account pages themselves are django-allauth's (``/comptes/``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from members.emails import email_send
from members.forms import AccountDeleteForm, JoinRequestForm, ProfileForm
from members.models import Invitation
from members.services import InvitationError, invitation_accept, member_profile


def _posted(request):
    """The submitted data on POST (even empty), None otherwise (an unbound form)."""
    return request.POST if request.method == "POST" else None


def join_view(request):
    """The public "join the collective" form for organisations (reviewed by platform admins)."""
    form = JoinRequestForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        if not form.is_bot():
            join_request = form.save()
            email_send(
                "join_request_received", {"join_request": join_request}, [join_request.email]
            )
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
    form = AccountDeleteForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        user.delete()
        messages.success(request, _("Votre compte est supprimé."))
        return redirect("/")
    return render(request, "members/account_delete.html", {"form": form})
