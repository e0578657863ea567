"""Public views for project holders and contact between members.

Routes (``projects/urls.py``, under ``/projets/``):
``<slug>/revendiquer/`` claim, ``<slug>/modifier/`` holder edit, ``<slug>/contacter/`` write
to the holders, ``porteurs/messages/`` conversations, ``porteurs/messages/<pk>/`` one
conversation (reply, report), ``porteurs/desinscription/<token>/`` opt-out link of e-mails
sent to unclaimed projects. No view ever renders an e-mail address of another person.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.services import member_display_name, member_verified_email
from projects.holders.claims import project_claim, project_holder_update
from projects.holders.contact import (
    contact_opt_out,
    contact_target,
    opt_out_email_from_token,
    reply_from_token,
)
from projects.holders.conversations import (
    contact_has_replied,
    contact_reply,
    conversation_participants,
    conversation_reply,
    conversation_start,
    message_report,
)
from projects.holders.errors import HolderError
from projects.holders.forms import (
    ClaimForm,
    ContactForm,
    ContactReplyForm,
    HolderEditForm,
    ReportForm,
)
from projects.holders.selectors import claim_for, conversations_for, project_is_held_by
from projects.models import ContactMessage, Conversation, Project


def _posted(request):
    """The submitted data on POST (even empty), None otherwise (an unbound form)."""
    return request.POST if request.method == "POST" else None


def _live_project(slug: str) -> Project:
    project = get_object_or_404(Project, slug=slug)
    if not project.live:
        raise Http404
    return project


@login_required
def project_claim_view(request, slug):
    project = _live_project(slug)
    claim = claim_for(project, request.user)
    form = ClaimForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            claim = project_claim(project, request.user, message=form.cleaned_data["message"])
        except HolderError as error:
            messages.error(request, str(error))
        else:
            if claim.status == claim.Status.CONFIRMED:
                messages.success(request, _("C'est confirmé : vous êtes porteur de ce projet."))
            else:
                messages.info(
                    request,
                    _("Demande enregistrée : le partenaire qui présente ce projet va la vérifier."),
                )
            return redirect("projects:claim", slug=project.slug)
    return render(
        request,
        "projects/holders/claim.html",
        {
            "project": project,
            "claim": claim,
            "form": form,
            "email_verified": member_verified_email(request.user) is not None,
        },
    )


@login_required
def project_holder_edit_view(request, slug):
    project = _live_project(slug)
    if not project_is_held_by(project, request.user):
        raise PermissionDenied
    form = HolderEditForm.for_project(project, data=_posted(request))
    if request.method == "POST" and form.is_valid():
        changed = project_holder_update(project, request.user, form.changed_values())
        if changed:
            messages.success(request, _("Vos modifications sont publiées."))
        return redirect(project.get_absolute_url())
    return render(request, "projects/holders/edit.html", {"project": project, "form": form})


@login_required
def project_contact_view(request, slug):
    project = _live_project(slug)
    refusal, status = None, 200
    try:
        holders, contact_email = contact_target(project, request.user)
    except HolderError as error:
        holders, contact_email, refusal = [], "", str(error)
        status = error.status if request.method == "POST" else 200
    form = ContactForm(_posted(request))
    if request.method == "POST" and refusal is None and form.is_valid():
        if form.is_bot():
            # Do not tell bots what gave them away.
            messages.success(request, _("Votre message est envoyé."))
            return redirect(project.get_absolute_url())
        try:
            conversation = conversation_start(
                project,
                request.user,
                form.cleaned_data["body"],
                share_email=form.cleaned_data["share_email"],
            )
        except HolderError as error:
            refusal, status = str(error), error.status
        else:
            messages.success(request, _("Votre message est envoyé."))
            return redirect("projects:conversation", pk=conversation.pk)
    return render(
        request,
        "projects/holders/contact.html",
        {
            "project": project,
            "form": form,
            "refusal": refusal,
            "to_contact_email": bool(contact_email),
            "holder_count": len(holders),
        },
        status=status,
    )


@login_required
def conversation_list_view(request):
    conversations = conversations_for(request.user).prefetch_related("messages")
    return render(
        request, "projects/holders/conversation_list.html", {"conversations": conversations}
    )


def _conversation_for(request, pk) -> Conversation:
    conversation = get_object_or_404(Conversation.objects.select_related("project"), pk=pk)
    if not conversation_participants(conversation, request.user):
        raise Http404
    return conversation


@login_required
def conversation_detail_view(request, pk):
    conversation = _conversation_for(request, pk)
    form = ContactForm(_posted(request))
    refusal, status = None, 200
    if request.method == "POST" and form.is_valid() and not form.is_bot():
        try:
            conversation_reply(
                conversation,
                request.user,
                form.cleaned_data["body"],
                share_email=form.cleaned_data["share_email"],
            )
        except HolderError as error:
            refusal, status = str(error), error.status
        else:
            messages.success(request, _("Votre réponse est envoyée."))
            return redirect("projects:conversation", pk=conversation.pk)
    items = [
        {
            "message": message,
            "author": (
                message.author_label()
                if message.from_contact_email
                else member_display_name(message.sender)
            ),
            "mine": message.sender_id == request.user.pk,
        }
        for message in conversation.messages.select_related("sender")
    ]
    return render(
        request,
        "projects/holders/conversation_detail.html",
        {
            "conversation": conversation,
            "items": items,
            "form": form,
            "refusal": refusal,
            "report_form": ReportForm(),
            "is_holder": project_is_held_by(conversation.project, request.user),
            "contact_replied": contact_has_replied(conversation),
        },
        status=status,
    )


@login_required
@require_POST
def message_report_view(request, pk):
    message = get_object_or_404(ContactMessage.objects.select_related("conversation"), pk=pk)
    conversation = _conversation_for(request, message.conversation_id)
    form = ReportForm(request.POST)
    form.is_valid()
    message_report(message, request.user, form.cleaned_data.get("reason", ""))
    messages.success(
        request, _("Merci : le message est signalé aux administrateurs de la plateforme.")
    )
    return redirect("projects:conversation", pk=conversation.pk)


def contact_opt_out_view(request, token):
    email = opt_out_email_from_token(token)
    if email is None:
        raise Http404
    done = False
    if request.method == "POST":
        contact_opt_out(email)
        done = True
    return render(request, "projects/holders/opt_out.html", {"done": done})


def contact_reply_view(request, token):
    """The reply link e-mailed to the contact address of an unclaimed project: answer the
    member on the site, no account needed, no address shown to either side."""
    found = reply_from_token(token)
    if found is None:
        raise Http404
    conversation = get_object_or_404(Conversation.objects.select_related("project"), pk=found[0])
    form = ContactReplyForm(_posted(request))
    refusal, status, done = None, 200, False
    if request.method == "POST" and form.is_valid() and not form.is_bot():
        try:
            contact_reply(conversation, found[1], form.cleaned_data["body"])
        except HolderError as error:
            refusal, status = str(error), error.status
        else:
            done = True
            form = ContactReplyForm()
    thread = conversation.messages.select_related("sender")
    items = [
        {
            "message": m,
            "author": m.author_label() if m.from_contact_email else member_display_name(m.sender),
        }
        for m in thread
    ]
    return render(
        request,
        "projects/holders/contact_reply.html",
        {
            "conversation": conversation,
            "items": items,
            "form": form,
            "refusal": refusal,
            "done": done,
        },
        status=status,
    )
