"""The member's space for lists and saved searches (``/mon-espace/``), the star, the shared
read-only list page and the alerts' one-click unsubscribe. A list or a saved search of another
member is 404 (``_own``): its existence is never revealed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from projects.catalogue.exports import csv_rows
from projects.catalogue.records import project_records
from projects.lists import searches as search_services
from projects.lists import services
from projects.lists.forms import (
    AddToListForm,
    EntryNoteForm,
    ListCreateForm,
    ListRenameForm,
    SavedSearchForm,
    SaveSearchForm,
)
from projects.models import AlertDelivery, Project, ProjectList, ProjectListEntry, SavedSearch


def _own(model, request, pk):
    return get_object_or_404(model, pk=pk, owner=request.user)


def _back(request, fallback: str):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback)


def _wants_json(request) -> bool:
    return request.headers.get("x-requested-with") == "fetch"


# -- lists ---------------------------------------------------------------------------------


@login_required
def lists_index(request):
    form = ListCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.project_list_create(request.user, form.cleaned_data["name"])
        except services.ListError as exc:
            form.add_error("name", str(exc))
        else:
            messages.success(request, _("La liste « %(name)s » est créée.") % {"name": created})
            return redirect("lists:list", pk=created.pk)
    return render(
        request,
        "projects/lists/index.html",
        {"lists": services.member_lists(request.user), "form": form},
    )


@login_required
def list_detail(request, pk):
    project_list = _own(ProjectList, request, pk)
    rename = ListRenameForm(
        request.POST if request.method == "POST" else None, initial={"name": project_list.name}
    )
    if request.method == "POST" and rename.is_valid():
        try:
            services.project_list_rename(project_list, rename.cleaned_data["name"])
        except services.ListError as exc:
            rename.add_error("name", str(exc))
        else:
            messages.success(request, _("La liste est renommée."))
            return redirect("lists:list", pk=project_list.pk)
    entries = services.list_projects(project_list)
    for entry in entries:
        entry.form = EntryNoteForm(initial={"note": entry.note}, prefix=f"e{entry.pk}")
    share_url = ""
    if project_list.share_slug:
        share_url = request.build_absolute_uri(
            reverse("lists:shared", kwargs={"slug": project_list.share_slug})
        )
    return render(
        request,
        "projects/lists/detail.html",
        {
            "project_list": project_list,
            "entries": entries,
            "rename_form": rename,
            "share_url": share_url,
        },
    )


@login_required
@require_POST
def list_delete(request, pk):
    project_list = _own(ProjectList, request, pk)
    name = project_list.label
    project_list.delete()
    messages.success(request, _("La liste « %(name)s » est supprimée.") % {"name": name})
    return redirect("lists:index")


@login_required
@require_POST
def list_share(request, pk):
    project_list = _own(ProjectList, request, pk)
    if request.POST.get("action") == "revoke":
        services.project_list_unshare(project_list)
        messages.success(
            request, _("Le lien de partage est révoqué : il ne montre plus cette liste.")
        )
    else:
        services.project_list_share(project_list)
        messages.success(
            request,
            _("Lien de partage créé : quiconque l'a peut lire la liste, sans la modifier."),
        )
    return redirect("lists:list", pk=project_list.pk)


@login_required
@require_POST
def entry_update(request, pk, entry_pk):
    project_list = _own(ProjectList, request, pk)
    entry = get_object_or_404(ProjectListEntry, pk=entry_pk, project_list=project_list)
    if request.POST.get("action") == "remove":
        entry.delete()
        messages.success(
            request, _("« %(title)s » est retiré de la liste.") % {"title": entry.project.title}
        )
        return redirect("lists:list", pk=project_list.pk)
    form = EntryNoteForm(request.POST, prefix=f"e{entry.pk}")
    if form.is_valid():
        services.list_entry_note_set(entry, form.cleaned_data["note"])
        messages.success(request, _("Note enregistrée."))
    else:
        messages.error(request, _("La note fait 500 caractères au plus : raccourcissez-la."))
    return redirect("lists:list", pk=project_list.pk)


def _list_csv(project_list: ProjectList, filename: str):
    notes = dict(project_list.entries.values_list("project_id", "note"))
    projects = Project.objects.public().filter(list_entries__project_list=project_list)
    records = project_records(projects.order_by("-list_entries__added_at", "-id"))
    response = StreamingHttpResponse(
        csv_rows(records, extra_fields=("note",), extra=lambda r: {"note": notes.get(r["id"], "")}),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def list_export(request, pk):
    project_list = _own(ProjectList, request, pk)
    stamp = timezone.now().strftime("%Y%m%d")
    return _list_csv(project_list, f"carrefour-liste-{project_list.pk}-{stamp}.csv")


def shared_list(request, slug):
    """A list as its share link shows it: the projects and notes, never who owns it."""
    project_list = get_object_or_404(ProjectList, share_slug=slug)
    if request.GET.get("format") == "csv":
        return _list_csv(project_list, "carrefour-liste-partagee.csv")
    return render(
        request,
        "projects/lists/shared.html",
        {"project_list": project_list, "entries": services.list_projects(project_list)},
    )


# -- star and "add to a list" -----------------------------------------------------------------


@login_required
@require_POST
def project_star(request, project_pk):
    project = get_object_or_404(Project.objects.public(), pk=project_pk)
    starred = services.project_star_toggle(request.user, project)
    if _wants_json(request):
        return JsonResponse({"starred": starred})
    if starred:
        messages.success(
            request, _("« %(title)s » est dans vos favoris.") % {"title": project.title}
        )
    else:
        messages.success(
            request, _("« %(title)s » est retiré de vos favoris.") % {"title": project.title}
        )
    return _back(request, project.get_absolute_url())


@login_required
@require_POST
def project_add(request, project_pk):
    project = get_object_or_404(Project.objects.public(), pk=project_pk)
    lists = list(services.member_lists(request.user))
    form = AddToListForm(request.POST, lists=lists)
    if not form.is_valid():
        for error in form.non_field_errors() or [_("Choisissez une liste dans le menu.")]:
            messages.error(request, error)
        return _back(request, project.get_absolute_url())
    data = form.cleaned_data
    try:
        if data["project_list"]:
            target = _own(ProjectList, request, data["project_list"])
        else:
            target = services.project_list_create(request.user, data["new_list"])
    except services.ListError as exc:
        messages.error(request, str(exc))
        return _back(request, project.get_absolute_url())
    services.list_entry_add(target, project, data["note"])
    messages.success(
        request,
        _("« %(title)s » est dans la liste « %(name)s ».")
        % {"title": project.title, "name": target.label},
    )
    return _back(request, project.get_absolute_url())


# -- saved searches ---------------------------------------------------------------------------


@login_required
def searches_index(request):
    saved = list(SavedSearch.objects.filter(owner=request.user))
    last = {}  # the latest alert e-mail of each frequency (sent, or refused by the server)
    for delivery in AlertDelivery.objects.filter(owner=request.user).exclude(
        state=AlertDelivery.State.EMPTY
    ):
        last.setdefault(delivery.frequency, delivery)
    for item in saved:
        item.form = SavedSearchForm(
            initial={"name": item.name, "frequency": item.frequency}, prefix=f"s{item.pk}"
        )
        item.last_delivery = last.get(item.frequency)
    return render(request, "projects/lists/searches.html", {"searches": saved})


@login_required
@require_POST
def search_save(request):
    form = SaveSearchForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez une fréquence d'alerte dans la liste."))
        return _back(request, "lists:searches")
    data = form.cleaned_data
    try:
        saved = search_services.saved_search_create(
            request.user, data["querystring"], name=data["name"], frequency=data["frequency"]
        )
    except search_services.SavedSearchError as exc:
        messages.error(request, str(exc))
        return _back(request, "lists:searches")
    if saved.frequency == SavedSearch.Frequency.NONE:
        text = _("Recherche « %(name)s » enregistrée, sans alerte.")
    else:
        text = _(
            "Recherche « %(name)s » enregistrée : vous recevrez les nouveaux projets par e-mail "
            "(%(frequency)s)."
        )
    messages.success(
        request,
        text % {"name": saved.name, "frequency": saved.get_frequency_display().lower()},
    )
    return redirect("lists:searches")  # where it can be renamed, its alert changed


@login_required
@require_POST
def search_update(request, pk):
    saved = _own(SavedSearch, request, pk)
    if request.POST.get("action") == "delete":
        saved.delete()
        messages.success(request, _("La recherche « %(name)s » est supprimée.") % {"name": saved})
        return redirect("lists:searches")
    form = SavedSearchForm(request.POST, prefix=f"s{saved.pk}")
    try:
        if not form.is_valid():
            raise search_services.SavedSearchError(
                _("Donnez un nom à la recherche et choisissez une fréquence dans la liste.")
            )
        search_services.saved_search_update(
            saved, name=form.cleaned_data["name"], frequency=form.cleaned_data["frequency"]
        )
    except search_services.SavedSearchError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("La recherche « %(name)s » est enregistrée.") % {"name": saved})
    return redirect("lists:searches")


@login_required
def search_open(request, pk):
    """Open a saved search in the catalogue; facets that no longer exist are left out, and
    the member is told which."""
    saved = _own(SavedSearch, request, pk)
    url, dropped = search_services.saved_search_url(saved)
    if dropped:
        messages.warning(
            request,
            _(
                "Certains filtres de cette recherche n'existent plus (%(values)s) : ils sont "
                "ignorés. Enregistrez à nouveau la recherche pour les retirer."
            )
            % {"values": ", ".join(dropped)},
        )
    return redirect(url)


@csrf_exempt  # RFC 8058 one-click: the mail client POSTs with no session nor CSRF token
def alert_unsubscribe(request, token):
    """One click, no login: the signed link of an alert e-mail turns that alert off."""
    saved = search_services.saved_search_from_token(token)
    if saved is None:
        raise Http404(_("Ce lien de désinscription n'est pas valable."))
    if request.method == "POST" and request.POST.get("action") == "resume":
        search_services.saved_search_update(
            saved, name=saved.name, frequency=SavedSearch.Frequency.WEEKLY
        )
        resumed = True
    else:
        search_services.saved_search_unsubscribe(saved)
        resumed = False
    return render(
        request,
        "projects/lists/unsubscribed.html",
        {"saved": saved, "resumed": resumed, "token": token},
    )
