"""Admin views for partner admins: their organisations' members and invitations.

``/admin/organisations/`` lists the organisations the user acts for; one organisation's page
lists its members (any member of it may see them) and lets its partner admins invite editors
and remove members. Another organisation answers 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.forms import InvitationForm
from members.models import JoinRequest, Membership
from members.permissions import (
    is_platform_admin,
    organisations_for,
    user_can_administer,
)
from members.services import invitation_send, join_request_accept


def _posted(request):
    """The submitted data on POST (even empty), None otherwise (an unbound form)."""
    return request.POST if request.method == "POST" else None


def _forbidden():
    return HttpResponseForbidden(
        _("Seuls les administrateurs de cette organisation peuvent faire cela.")
    )


def organisation_list(request):
    return TemplateResponse(
        request,
        "members/admin/organisation_list.html",
        {
            "organisations": organisations_for(request.user).order_by("name"),
            "join_requests": (
                JoinRequest.objects.filter(status=JoinRequest.Status.PENDING)
                if is_platform_admin(request.user)
                else JoinRequest.objects.none()
            ),
        },
    )


def organisation_detail(request, pk):
    organisation = get_object_or_404(organisations_for(request.user), pk=pk)
    can_admin = user_can_administer(request.user, organisation)
    form = InvitationForm(
        _posted(request), allow_admin_role=is_platform_admin(request.user) or can_admin
    )
    if request.method == "POST":
        if not can_admin:
            return _forbidden()
        if form.is_valid():
            invitation_send(
                organisation, form.cleaned_data["email"], form.cleaned_data["role"], request.user
            )
            messages.success(request, _("Invitation envoyée."))
            return redirect("members_admin:organisation", pk=organisation.pk)
    return TemplateResponse(
        request,
        "members/admin/organisation_detail.html",
        {
            "organisation": organisation,
            "memberships": organisation.memberships.select_related("user"),
            "invitations": organisation.invitations.filter(accepted_at__isnull=True),
            "can_admin": can_admin,
            "form": form,
        },
    )


@require_POST
def membership_remove(request, pk):
    membership = get_object_or_404(
        Membership.objects.filter(organisation__in=organisations_for(request.user)), pk=pk
    )
    if not user_can_administer(request.user, membership.organisation_id):
        return _forbidden()
    organisation_id = membership.organisation_id
    membership.delete()
    messages.success(request, _("Membre retiré de l'organisation."))
    return redirect("members_admin:organisation", pk=organisation_id)


@require_POST
def join_request_accept_view(request, pk):
    if not is_platform_admin(request.user):
        return _forbidden()
    join_request = get_object_or_404(JoinRequest, pk=pk, status=JoinRequest.Status.PENDING)
    organisation = join_request_accept(join_request, request.user)
    messages.success(
        request,
        _("%(organisation)s est créée ; son administrateur est invité par e-mail.")
        % {"organisation": organisation},
    )
    return redirect("members_admin:organisation", pk=organisation.pk)
