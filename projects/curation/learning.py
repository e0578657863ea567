"""Admin screen "Étiquettes et apprentissage": partner tags no rule maps (by frequency), rules
proposed from editors' theme corrections (one click to accept, for that partner only) and the
words whose theme editors removed. Also records each admin edit of a project's themes as
evidence (``after_edit_snippet``). Imported by ``projects/curation/admin.py``."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.auth import require_admin_access
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.views.snippets import IndexView

from members.permissions import is_platform_admin, organisations_for
from projects.models import Project, Theme, ThemeFeedback
from projects.services.theme_learning import (
    keyword_evidence,
    tag_proposal_accept,
    tag_proposals,
    tags_unmapped,
    theme_feedback_record,
)


def _organisation_ids(user):
    """None for platform admins (all partners), else the user's organisations."""
    if is_platform_admin(user):
        return None
    return list(organisations_for(user).values_list("pk", flat=True))


@require_admin_access
def learning(request):
    ids = _organisation_ids(request.user)
    context = {
        "unmapped": tags_unmapped(ids),
        "proposals": tag_proposals(ids),
        "keywords": keyword_evidence() if ids is None else [],
        "themes": Theme.objects.select_related("parent").order_by("sort_order", "code"),
        "added": ThemeFeedback.Action.ADDED,
    }
    return render(request, "projects/admin/theme_learning.html", context)


def _allowed(request, organisation_id: int) -> bool:
    ids = _organisation_ids(request.user)
    return ids is None or organisation_id in ids


@require_admin_access
@require_POST
def rule_create(request):
    """Map an unknown tag to a theme (or accept a proposal) for one partner."""
    try:
        organisation_id = int(request.POST.get("organisation", ""))
        tag = request.POST.get("tag", "").strip()
        code = request.POST.get("theme", "")
        action = request.POST.get("action", ThemeFeedback.Action.ADDED)
        if not tag or action not in ThemeFeedback.Action.values:
            raise ValueError
    except ValueError:
        messages.error(request, _("Demande incomplète : choisissez une étiquette et un thème."))
        return redirect("projects_theme_learning")
    if not _allowed(request, organisation_id):
        raise PermissionDenied
    if not Theme.objects.filter(code=code).exists():
        messages.error(request, _("Choisissez un thème de la liste avant de valider."))
        return redirect("projects_theme_learning")
    rule = tag_proposal_accept(organisation_id, tag, code, action)
    messages.success(
        request,
        _(
            "Règle enregistrée pour %(partner)s : « %(tag)s ». "
            "Elle s'applique aux prochaines moissons."
        )
        % {"partner": rule.organisation.name, "tag": rule.tag},
    )
    return redirect("projects_theme_learning")


@hooks.register("register_admin_urls")
def learning_urls():
    return [
        path("etiquettes-apprentissage/", learning, name="projects_theme_learning"),
        path("etiquettes-apprentissage/regle/", rule_create, name="projects_theme_rule_create"),
    ]


@hooks.register("after_edit_snippet")
def record_theme_corrections(request, instance):
    """An editor's theme changes on a harvested project become evidence (never applied)."""
    if isinstance(instance, Project):
        theme_feedback_record(instance, editor=request.user)


class TagRuleIndexView(IndexView):
    """The tag rules listing, with a button to the unknown tags and proposals."""

    @property
    def header_buttons(self):
        return [
            *super().header_buttons,
            HeaderButton(
                _("Étiquettes sans règle et propositions"),
                url=reverse("projects_theme_learning"),
                icon_name="help",
            ),
        ]
