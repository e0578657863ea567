"""Admin views of the harvesting back-office: harvest now, test a source (dry run).

"Tester" is a POST that queues a dry run for the workers (``harvesting.dry_run``); its page
polls the dry run's state until it ends, then shows what it found. A proposed include pattern
is accepted by a POST that sets the source's pattern; a proposed JavaScript rendering by a
POST that switches the source's renderer on.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_q.tasks import async_task

from harvesting.dry_run import REASONS, dry_run_seconds, dry_run_start
from harvesting.models import HarvestDryRun, HarvestSource
from harvesting.patterns import validate_patterns
from harvesting.permissions import sources_visible_to
from harvesting.renderer import renderer_unavailable
from harvesting.sharing import sharing_warning, sources_sharing_host


def _source(request, pk):
    return get_object_or_404(sources_visible_to(request.user, HarvestSource.objects.all()), pk=pk)


def _dry_run(request, pk):
    visible = sources_visible_to(request.user, HarvestSource.objects.all())
    return get_object_or_404(
        HarvestDryRun.objects.select_related("source").filter(source__in=visible), pk=pk
    )


def harvest_now(request, pk):
    source = _source(request, pk)
    if request.method == "POST":
        async_task("harvesting.tasks.harvest_source_task", source.pk)
        messages.success(
            request,
            _("Moisson de « %(name)s » lancée : le bilan apparaîtra dans la liste des moissons.")
            % {"name": source.name},
        )
        return redirect("harvesting_harvestrun_modeladmin_index")
    return render(request, "harvesting/harvest_now.html", {"source": source})


def preview(request, pk):
    """GET: the source's last dry run and a button to start one; POST: start one."""
    source = _source(request, pk)
    if request.method == "POST":
        dry_run = dry_run_start(source, request.user)
        return redirect("harvesting_dry_run", pk=dry_run.pk)
    sharing = sources_sharing_host(source.organisation_id, source.url, source.urls)
    return render(
        request,
        "harvesting/preview.html",
        {
            "source": source,
            "last": source.dry_runs.first(),
            "seconds": dry_run_seconds(),
            "sharing_warning": sharing_warning(sharing) if sharing else "",
        },
    )


#: Dropped addresses listed on the page (the counts per reason cover them all).
DROPPED_SHOWN = 500


def dry_run_detail(request, pk):
    dry_run = _dry_run(request, pk)
    result = dry_run.result or {}
    dropped = [
        dict(entry, label=str(REASONS.get(entry.get("reason"), entry.get("reason"))))
        for entry in result.get("dropped", [])[:DROPPED_SHOWN]
    ]
    counts = [
        (str(REASONS.get(reason, reason)), count)
        for reason, count in sorted(result.get("dropped_counts", {}).items())
    ]
    return render(
        request,
        "harvesting/dry_run.html",
        {
            "dry_run": dry_run,
            "source": dry_run.source,
            "result": result,
            "dropped": dropped,
            "dropped_counts": counts,
            "status_url": reverse("harvesting_dry_run_status", args=[dry_run.pk]),
        },
    )


def dry_run_status(request, pk):
    """What the polling page asks for: state, progress, finished."""
    dry_run = _dry_run(request, pk)
    return JsonResponse(
        {
            "state": dry_run.state,
            "state_label": dry_run.get_state_display(),
            "finished": dry_run.finished,
            "progress": dry_run.progress,
            "message": dry_run.message,
        }
    )


@require_POST
def accept_pattern(request, pk):
    """One click on a proposed pattern: it becomes the source's include pattern."""
    source = _source(request, pk)
    pattern = (request.POST.get("pattern") or "").strip()
    try:
        validate_patterns(pattern)
        if not pattern:
            raise ValidationError(_("Aucun motif reçu : choisissez un des motifs proposés."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("harvesting_preview", pk=source.pk)
    source.include_patterns = pattern
    source.save(update_fields=["include_patterns", "updated_at"])
    messages.success(
        request,
        _(
            "Motif à inclure de « %(name)s » remplacé par %(pattern)s. Relancez l'essai pour "
            "vérifier les pages retenues."
        )
        % {"name": source.name, "pattern": pattern},
    )
    return redirect("harvesting_preview", pk=source.pk)


@require_POST
def accept_renderer(request, pk):
    """One click on the dry run's proposal: the source's listing pages are rendered."""
    source = _source(request, pk)
    problem = renderer_unavailable()
    if problem:
        messages.error(request, problem)
        return redirect("harvesting_preview", pk=source.pk)
    source.renderer = HarvestSource.Renderer.CHROMIUM
    source.save(update_fields=["renderer", "updated_at"])
    messages.success(
        request,
        _(
            "Rendu JavaScript activé pour « %(name)s » : ses pages de liste seront ouvertes "
            "dans un navigateur sans écran. Relancez l'essai pour vérifier les pages retenues."
        )
        % {"name": source.name},
    )
    return redirect("harvesting_preview", pk=source.pk)
