"""One organisation scope for every admin route of every model the admin shows.

Each app declares, for each model it registers in the admin (snippets, modeladmin, its own
admin views), what a non-platform account may reach (:func:`register_admin_scope`):

- a function ``scope(user) -> QuerySet``: the objects of the user's organisations;
- :data:`UNSCOPED`: reference data (themes, territories) that Wagtail's model permissions alone
  govern;
- :data:`PLATFORM_ONLY`: platform admins only (block list, reported messages, join requests);
  this is also the rule of an admin model nobody declared.

:class:`AdminScopeMiddleware` enforces it on every admin URL, whatever the view: it reads the
resolved URL (snippet and snippet-chooser namespaces, modeladmin URL names, the bulk-action and
editing-session URLs that carry ``app_label``/``model_name``, and the app views declared with
:func:`register_admin_url`), takes the object ids it names (``pk``, ``instance_pk``,
``object_id``, and the ``id`` query parameters of bulk actions and multiple choosers) and
answers 404 when one is outside the scope (403 for a platform-only model). Listings and
choosers are filtered by the same function (:func:`admin_queryset`,
:class:`ScopedSnippetViewSet`). Platform admins are not scoped. This module knows nothing of
projects or harvesting: those apps register their rules.
"""

from __future__ import annotations

from collections.abc import Callable

from django.apps import apps
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
)
from wagtail.snippets.views.snippets import SnippetViewSet

from members.permissions import is_platform_admin

PLATFORM_ONLY = "platform_only"
UNSCOPED = "unscoped"

Scope = Callable[[object], QuerySet] | str

_scopes: dict[type[Model], Scope] = {}
_url_models: dict[str, tuple[type[Model], str]] = {}
_admin_models: set[type[Model]] = set()

#: URL keyword arguments that name the object a view acts on.
OBJECT_KWARGS = ("pk", "instance_pk", "object_id")
#: URL names whose ``id`` query parameters name objects (bulk actions, multiple choosers).
ID_LIST_URLS = ("wagtail_bulk_action", "chosen_multiple")


def register_admin_scope(model: type[Model], scope: Scope) -> None:
    """Declare what non-platform accounts reach of ``model`` in the admin."""
    _scopes[model] = scope
    _admin_models.add(model)


def register_admin_url(url_name: str, model: type[Model], kwarg: str = "pk") -> None:
    """Declare that the admin view named ``url_name`` acts on the ``model`` of ``kwarg``."""
    _url_models[url_name] = (model, kwarg)
    _admin_models.add(model)


def admin_models() -> set[type[Model]]:
    """Every model the admin shows: snippets, modeladmin models, declared views' models."""
    from wagtail.snippets.models import get_snippet_models

    found = set(_admin_models) | set(get_snippet_models())
    found |= _modeladmin_models()
    return found


_modeladmin_models_cache: set[type[Model]] | None = None


def _modeladmin_models() -> set[type[Model]]:
    global _modeladmin_models_cache
    if _modeladmin_models_cache is None:
        keys = _modeladmin_keys()
        _modeladmin_models_cache = {m for m in apps.get_models() if _modeladmin_key(m) in keys}
    return _modeladmin_models_cache


def scope_of(model: type[Model]) -> Scope | None:
    """The declared rule of ``model``; platform-only for an undeclared admin model; ``None`` for
    a model the admin does not show (Wagtail's own permissions decide)."""
    if model in _scopes:
        return _scopes[model]
    return PLATFORM_ONLY if model in admin_models() else None


def admin_queryset(user, model: type[Model], queryset: QuerySet | None = None) -> QuerySet:
    """``queryset`` (default: every object of ``model``) reduced to what ``user`` may reach."""
    if queryset is None:
        queryset = model._default_manager.all()
    if is_platform_admin(user):
        return queryset
    scope = scope_of(model)
    if scope is None or scope == UNSCOPED:
        return queryset
    if scope == PLATFORM_ONLY:
        return queryset.none()
    return queryset.filter(pk__in=scope(user).values("pk"))


# --- reading the resolved URL ---------------------------------------------------------------

_modeladmin_cache: set[str] | None = None


def _modeladmin_key(model) -> str:
    return f"{model._meta.app_label}_{model._meta.model_name}"


def _modeladmin_keys() -> set[str]:
    global _modeladmin_cache
    if _modeladmin_cache is None:
        from django.urls import get_resolver

        names = [name for name in get_resolver().reverse_dict if isinstance(name, str)]
        _modeladmin_cache = {n.split("_modeladmin_")[0] for n in names if "_modeladmin_" in n}
    return _modeladmin_cache


def _snippet_namespaces() -> dict[str, type[Model]]:
    from wagtail.snippets.models import get_snippet_models

    namespaces = {}
    for model in get_snippet_models():
        viewset = model.snippet_viewset
        namespaces[viewset.get_admin_url_namespace()] = model
        namespaces[viewset.chooser_viewset.name] = model
    return namespaces


def _model_by_label(app_label, model_name):
    try:
        return apps.get_model(app_label, model_name)
    except (LookupError, ValueError):
        return None


def url_model(match) -> tuple[type[Model] | None, list[str]]:
    """The model a resolved admin URL acts on and the object ids it names."""
    kwargs = match.kwargs
    model, id_kwargs = None, list(OBJECT_KWARGS)
    if match.view_name in _url_models:
        model, kwarg = _url_models[match.view_name]
        id_kwargs = [kwarg]
    elif match.namespace and match.namespace in _snippet_namespaces():
        model = _snippet_namespaces()[match.namespace]
    elif match.url_name and "_modeladmin_" in match.url_name:
        key = match.url_name.split("_modeladmin_")[0]
        model = next((m for m in _modeladmin_models() if _modeladmin_key(m) == key), None)
    elif "app_label" in kwargs and "model_name" in kwargs:
        model = _model_by_label(kwargs["app_label"], kwargs["model_name"])
    ids = [str(kwargs[name]) for name in id_kwargs if kwargs.get(name) is not None]
    return model, ids


def _as_pk(model, value: str):
    try:
        return model._meta.pk.to_python(unquote(value))
    except Exception:  # noqa: BLE001 - any unusable id is simply not found
        raise Http404 from None


def check_admin_access(request, match) -> None:
    """Raise 404 (an object outside the scope) or 403 (a platform-only model, any id)."""
    user = request.user
    if not user.is_authenticated or is_platform_admin(user):
        return
    model, ids = url_model(match)
    if model is None:
        return
    scope = scope_of(model)
    if scope is None or scope == UNSCOPED:
        return
    if match.url_name in ID_LIST_URLS:
        ids += request.GET.getlist("id")
    if scope == PLATFORM_ONLY:
        # The same answer whatever the id: nothing tells whether the object exists.
        raise PermissionDenied
    if "all" in ids:
        # "Select all" in a bulk action means every object of the model, not the scoped list.
        raise PermissionDenied
    pks = {_as_pk(model, value) for value in ids}
    if pks and scope(user).filter(pk__in=pks).count() != len(pks):
        raise Http404


class AdminScopeMiddleware:
    """Apply :func:`check_admin_access` to every view under the admin prefixes."""

    PREFIXES = ("/admin/", "/django-admin/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = getattr(request, "resolver_match", None)
        if match is None or not request.path_info.startswith(self.PREFIXES):
            return None
        check_admin_access(request, match)
        return None


# --- listings and choosers ------------------------------------------------------------------


class ScopedChooseView(ChooseView):
    def get_object_list(self):
        return admin_queryset(self.request.user, self.model_class, super().get_object_list())


class ScopedChooseResultsView(ChooseResultsView):
    def get_object_list(self):
        return admin_queryset(self.request.user, self.model_class, super().get_object_list())


class ScopedChosenMultipleView(SnippetChosenMultipleView):
    def get_objects(self, pks):
        return admin_queryset(self.request.user, self.model_class, super().get_objects(pks))


class ScopedSnippetChooserViewSet(SnippetChooserViewSet):
    """A snippet chooser listing only what the user's scope holds."""

    choose_view_class = ScopedChooseView
    choose_results_view_class = ScopedChooseResultsView
    chosen_multiple_view_class = ScopedChosenMultipleView


class ScopedSnippetViewSet(SnippetViewSet):
    """A snippet viewset whose listing and chooser go through the model's declared scope."""

    chooser_viewset_class = ScopedSnippetChooserViewSet

    def get_queryset(self, request):
        return admin_queryset(request.user, self.model, super().get_queryset(request))
