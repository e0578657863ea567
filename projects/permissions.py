"""Who may see and change which projects in the admin (and through the API).

Applies the members policy (``members.permissions.organisations_for``) to projects: a partner
editor acts on the projects that one of their organisations lists (a ``ProjectSource``);
platform admins act on all. Enforced in three places, not only hidden in menus:

- ``PartnerProjectBackend`` grants partner members the model permissions the editor needs
  (view, change, publish, lock) — never add or delete;
- ``ProjectPermissionPolicy`` checks instances (bulk actions, buttons, workflow);
- ``scope_project_view`` wraps every admin URL of the Project viewset that names an object:
  another organisation's project answers 404, whatever the view (edit, history, revisions,
  preview, workflow actions, usage, lock...). ``ProjectViewSet`` (``projects/wagtail_hooks.py``)
  wires them; ``AdminReportsScopeMiddleware`` keeps site-wide reports for platform admins.

The queries themselves (:func:`projects_for`, :func:`user_can_edit_project`) live below the
models' callers in ``projects/models/scope.py``; this module re-exports them for the API.
"""

from __future__ import annotations

from functools import wraps

from django import forms
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseForbidden
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
)

from members.permissions import is_partner, is_platform_admin
from projects.models import Project
from projects.models.scope import project_sources_for, projects_for, user_can_edit_project

#: What a partner editor may do on their organisation's projects.
__all__ = ["project_sources_for", "projects_for", "user_can_edit_project"]  # the scope, re-exported

PARTNER_PROJECT_PERMISSIONS = frozenset(
    {
        "projects.view_project",
        "projects.change_project",
        "projects.publish_project",
        "projects.lock_project",
        "projects.unlock_project",
    }
)


class PartnerProjectBackend:
    """Authentication backend that authenticates no one: grants partner members the project
    permissions above (scoped to their organisations by the policy and the viewset)."""

    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm, obj=None):
        return perm in PARTNER_PROJECT_PERMISSIONS and is_partner(user_obj)

    def get_all_permissions(self, user_obj, obj=None):
        return set(PARTNER_PROJECT_PERMISSIONS) if is_partner(user_obj) else set()

    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()


class ProjectPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, then the organisation scope for every instance."""

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and user_can_edit_project(user, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions) and user_can_edit_project(user, instance)

    def instances_user_has_permission_for(self, user, action):
        if not self.user_has_permission(user, action):
            return Project.objects.none()
        return projects_for(user)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return Project.objects.none()
        return projects_for(user)


#: Admin views of the Project viewset kept for platform admins (projects come from harvests;
#: partners reject rather than delete).
PLATFORM_ONLY_VIEWS = frozenset({"add", "delete", "copy"})


def scope_project_view(view, *, platform_only: bool = False):
    """Answer 404 for a project outside the user's organisations (admin views with a pk), 403
    for a platform-only view. Anonymous users go on to Wagtail's own login redirect."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        pk = kwargs.get("pk")
        user = request.user
        if platform_only and user.is_authenticated and not is_platform_admin(user):
            return HttpResponseForbidden(
                _("Seuls les administrateurs de la plateforme peuvent faire cela.")
            )
        if pk is not None and user.is_authenticated:
            try:
                project_id = int(unquote(str(pk)))
            except (TypeError, ValueError):
                raise Http404 from None
            if not projects_for(user).filter(pk=project_id).exists():
                raise Http404
        return view(request, *args, **kwargs)

    return wrapper


class AdminReportsScopeMiddleware:
    """Site-wide admin reports (site history, workflows, locked items) list every object of a
    model the user may edit, whatever its organisation: only platform admins open them."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._prefix = None

    def __call__(self, request):
        if self._prefix is None:
            self._prefix = reverse("wagtailadmin_reports:site_history").rsplit("/", 2)[0] + "/"
        if request.path.startswith(self._prefix):
            user = getattr(request, "user", None)
            if (
                user is not None
                and user.is_authenticated
                and is_partner(user)
                and not is_platform_admin(user)
            ):
                raise PermissionDenied
        return self.get_response(request)


def register_project_permission_policy() -> None:
    """Register :class:`ProjectPermissionPolicy` for ``Project`` (once, before the viewset)."""
    if not isinstance(
        policy_registry.get_by_type(Project, fallback=False), ProjectPermissionPolicy
    ):
        register_permission_policy(Project, ProjectPermissionPolicy(Project), exact_class=True)


class ProjectChooserFilterForm(BaseFilterForm):
    """Title search in the database: the search index cannot filter on the scope."""

    q = forms.CharField(
        label=gettext_lazy("Rechercher"),
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("Rechercher")}),
        required=False,
    )

    def filter(self, objects):
        query = self.cleaned_data.get("q")
        if query:
            self.is_searching, self.search_query = True, query
            objects = objects.filter(title__icontains=query)
        return objects


class ScopedProjectChooseView(ChooseView):
    filter_form_class = ProjectChooserFilterForm

    def get_object_list(self):
        return projects_for(self.request.user)


class ScopedProjectChooseResultsView(ChooseResultsView):
    filter_form_class = ProjectChooserFilterForm

    def get_object_list(self):
        return projects_for(self.request.user)


class ScopedProjectChosenMultipleView(SnippetChosenMultipleView):
    def get_objects(self, pks):
        return projects_for(self.request.user).filter(pk__in=pks)


class ScopedProjectChooserViewSet(SnippetChooserViewSet):
    """The snippet chooser for projects, listing only the user's projects."""

    choose_view_class = ScopedProjectChooseView
    choose_results_view_class = ScopedProjectChooseResultsView
    chosen_multiple_view_class = ScopedProjectChosenMultipleView

    def get_urlpatterns(self):
        return scope_urlpatterns(super().get_urlpatterns())


def scope_urlpatterns(urlpatterns):
    """Wrap every URL pattern's view with :func:`scope_project_view`."""
    for pattern in urlpatterns:
        pattern.callback = scope_project_view(
            pattern.callback, platform_only=pattern.name in PLATFORM_ONLY_VIEWS
        )
    return urlpatterns
