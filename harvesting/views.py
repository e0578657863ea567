"""Admin views of the harvesting back-office: harvest now, test a source (dry run)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django_q.tasks import async_task

from harvesting.models import HarvestSource
from harvesting.permissions import sources_visible_to
from harvesting.services import source_preview


def _source(request, pk):
    return get_object_or_404(sources_visible_to(request.user, HarvestSource.objects.all()), pk=pk)


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
    source = _source(request, pk)
    items, warnings = source_preview(source, limit=5)
    return render(
        request,
        "harvesting/preview.html",
        {"source": source, "items": items, "warnings": warnings},
    )
