"""Every admin route of every admin model, tried by an editor of organisation A on organisation
B's objects (issue 17, item 2).

The URL resolver is walked for every ``/admin/`` pattern that names an object (``pk``,
``instance_pk``, ``object_id``); each one whose model the admin registers (snippets, their
choosers, modeladmin, the apps' own admin views) is requested with B's object: 404 (403 for the
platform team's models, whatever the id), and none of B's text in the answer. Bulk actions
(``/admin/bulk/<app>/<model>/<action>/?id=N``), listings and choosers are tried for every admin
model too. An admin URL naming an object that is neither an admin model's nor one of Wagtail's
own screens (governed by Wagtail's permissions) fails the test until it is declared in
``members/admin_scope.py``.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from wagtail.snippets.models import get_snippet_models

from harvesting.models import HarvestDryRun, HarvestRecord, HarvestRun
from harvesting.tests.factories import HarvestSourceFactory
from members import admin_scope
from members.models import JoinRequest, Membership
from members.tests.fixtures import make_member
from projects.models import (
    ContactBlock,
    ContactMessage,
    Conversation,
    DuplicateCandidate,
    PartnerTagRule,
    ProjectClaim,
)
from projects.tests.factories import ProjectFactory, ProjectSourceFactory

pytestmark = pytest.mark.django_db

#: Wagtail's own screens with an object id: pages, media, users, sites... Partner members hold
#: none of their permissions; Wagtail's policy answers for them.
WAGTAIL_OWN = (
    "wagtailadmin_api:",
    "wagtailadmin_pages:",
    "wagtailadmin_choose_page",
    "wagtailadmin_collections:",
    "wagtailadmin_workflows:",
    "wagtailadmin_editing_sessions:release",
    "wagtailadmin_password_reset",
    "wagtailimages",
    "wagtaildocs",
    "wagtailusers_",
    "wagtailsites:",
    "wagtailforms:",
    "wagtailredirects:",
    "wagtailsettings:",
    "wagtailsearch",
    "wagtailembeds",
    "wagtail_modeladmin:",
    "wagtailadmin_reports:",
)
OBJECT_KWARGS = ("pk", "instance_pk", "object_id")


class Org:
    """One organisation's admin objects; ``markers`` are texts only B's objects print."""

    def __init__(self, organisation, editor, secret):
        mark = f"secret-{secret}"
        self.project = ProjectFactory(title=f"Brouillon {mark}", live=False)
        self.project.save_revision()
        self.other = ProjectFactory(title=f"Jumeau {mark}", live=False)
        self.source_page = ProjectSourceFactory(
            project=self.project, organisation=organisation, url=f"https://{mark}.exemple.org/p/"
        )
        ProjectSourceFactory(
            project=self.other, organisation=organisation, url=f"https://{mark}.exemple.org/j/"
        )
        self.tag_rule = PartnerTagRule.objects.create(organisation=organisation, tag=f"tag-{mark}")
        self.duplicate = DuplicateCandidate.objects.create(
            project=self.project, other=self.other, reason=mark
        )
        self.source = HarvestSourceFactory(organisation=organisation, name=f"Source {mark}")
        self.run = HarvestRun.objects.create(
            source=self.source, state="succeeded", message=f"Bilan {mark}"
        )
        self.dry_run = HarvestDryRun.objects.create(source=self.source, message=f"Essai {mark}")
        self.record = HarvestRecord.objects.create(
            source=self.source, guid=f"https://{mark}.exemple.org/p/", url="https://x.org/"
        )
        self.membership = Membership.objects.get(user=editor)
        writer = make_member(f"auteur-{mark}")
        self.claim = ProjectClaim.objects.create(project=self.project, user=writer)
        conversation = Conversation.objects.create(project=self.project, started_by=writer)
        self.message = ContactMessage.objects.create(
            conversation=conversation,
            sender=writer,
            body=mark,
            reported_at=timezone.now(),
            report_reason=mark,
        )
        self.block = ContactBlock.objects.create(email=f"bloque-{mark}@exemple.org", reason=mark)
        self.join_request = JoinRequest.objects.create(
            organisation_name=f"Adhesion {mark}",
            website=f"https://{mark}.exemple.org/",
            contact_name=mark,
            email=f"adhesion-{mark}@exemple.org",
        )
        self.organisation = organisation
        self.marker = mark

    def object_of(self, model):
        """This organisation's object of ``model`` (``None`` for reference data)."""
        for value in vars(self).values():
            if type(value) is model:
                return value
        return None


@pytest.fixture
def orgs(org_a, org_b, editor_a, editor_b):
    return Org(org_a, editor_a, "a"), Org(org_b, editor_b, "b")


def _walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield prefix + str(pattern.pattern), name, pattern


def _kwarg_value(name, pattern_kwargs, obj):
    if name in OBJECT_KWARGS:
        return obj.pk
    revision = getattr(obj, "latest_revision", None)
    return {
        "revision_id": revision.pk if revision else 1,
        "revision_id_a": revision.pk if revision else 1,
        "revision_id_b": revision.pk if revision else 1,
        "action_name": "approve",
        "decision": "confirmer",
        "task_state_id": 1,
        "task_id": 1,
        "workflow_state_id": 1,
    }.get(name, "x")


def _object_routes(theirs):
    """(url, model) of every admin route naming an object of an admin model, built on B's."""
    admin_models = admin_scope.admin_models()
    routes, undeclared = [], []
    for route, name, pattern in _walk(get_resolver().url_patterns):
        if not route.startswith("admin/") or name.startswith(WAGTAIL_OWN):
            continue
        converters = set(pattern.pattern.regex.groupindex)
        id_kwarg = next((k for k in OBJECT_KWARGS if k in converters), None)
        if id_kwarg is None or "app_label" in converters:
            continue  # the generic bulk / editing-session routes are tried per model below
        model = _route_model(name, admin_models)
        if model is None:
            undeclared.append(name)
            continue
        obj = theirs.object_of(model)
        if obj is None:  # reference data: the same for every organisation
            continue
        kwargs = {k: _kwarg_value(k, converters, obj) for k in converters}
        routes.append((reverse(name, kwargs=kwargs), model))
    assert not undeclared, f"admin URLs naming an object of no declared model: {undeclared}"
    return routes


def _route_model(name, admin_models):
    """The model of a route, found independently of the middleware's own lookup."""
    namespace = name.rsplit(":", 1)[0]
    for model in get_snippet_models():
        viewset = model.snippet_viewset
        if namespace in (viewset.get_admin_url_namespace(), viewset.chooser_viewset.name):
            return model
    for model in admin_models:
        if name.startswith(f"{model._meta.app_label}_{model._meta.model_name}_modeladmin_"):
            return model
    declared = {
        "members_admin:organisation": "organisation",
        "members_admin:membership_remove": "membership",
        "members_admin:join_request_accept": "join_request",
        "projects_duplicate_decide": "duplicate",
        "projects_source_split": "source_page",
        "projects_claims:decide": "claim",
        "harvesting_harvest_now": "source",
        "harvesting_preview": "source",
        "harvesting_accept_pattern": "source",
        "harvesting_accept_renderer": "source",
        "harvesting_dry_run": "dry_run",
        "harvesting_dry_run_status": "dry_run",
    }
    if name in declared:
        return _declared_model(declared[name])
    return None


def _declared_model(attribute):
    from harvesting.models import HarvestSource
    from members.models import Organisation
    from projects.models import ProjectSource

    return {
        "organisation": Organisation,
        "membership": Membership,
        "join_request": JoinRequest,
        "duplicate": DuplicateCandidate,
        "source_page": ProjectSource,
        "claim": ProjectClaim,
        "source": HarvestSource,
        "dry_run": HarvestDryRun,
    }[attribute]


def _text(response):
    return response.content.decode(errors="ignore")


@pytest.mark.parametrize("role", ["editor_a", "admin_a"])
def test_every_admin_route_refuses_another_organisations_object(request, client, role, orgs):
    _, theirs = orgs
    client.force_login(request.getfixturevalue(role))
    routes = _object_routes(theirs)
    models = {model for _, model in routes}
    assert len(routes) >= 80 and len(models) >= 12, (len(routes), models)
    platform_only = {ContactBlock, ContactMessage, JoinRequest}
    for url, model in routes:
        expected = 403 if model in platform_only else 404
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == expected, (url, method.__name__, response.status_code)
            assert theirs.marker not in _text(response), url


def test_bulk_actions_name_no_other_organisations_object(client, editor_a, orgs):
    ours, theirs = orgs
    client.force_login(editor_a)
    tried = 0
    for model in admin_scope.admin_models():
        obj = theirs.object_of(model)
        if obj is None:
            continue
        url = reverse(
            "wagtail_bulk_action",
            args=[model._meta.app_label, model._meta.model_name, "delete"],
        )
        for query in (f"?id={obj.pk}", f"?id={ours.object_of(model).pk}&id={obj.pk}", "?id=all"):
            response = client.get(url + query)
            assert response.status_code in (403, 404), (url + query, response.status_code)
            assert theirs.marker not in _text(response), url + query
        tried += 1
    assert tried >= 12
    assert ContactBlock.objects.filter(pk=theirs.block.pk).exists()
    # The other route carrying app_label/model_name and an object id: editing sessions.
    ping = reverse(
        "wagtailadmin_editing_sessions:ping", args=["projects", "project", theirs.project.pk, 1]
    )
    assert client.post(ping).status_code == 404


def test_listings_and_choosers_show_only_the_own_organisation(client, editor_a, orgs):
    ours, theirs = orgs
    client.force_login(editor_a)
    pages = []
    for model in get_snippet_models():
        viewset = model.snippet_viewset
        pages += [
            reverse(f"{viewset.get_admin_url_namespace()}:list"),
            reverse(f"{viewset.chooser_viewset.name}:choose"),
            reverse(f"{viewset.chooser_viewset.name}:choose_results"),
        ]
        obj = theirs.object_of(model)
        if obj is not None:
            chosen = reverse(f"{viewset.chooser_viewset.name}:chosen_multiple")
            pages.append(f"{chosen}?id={obj.pk}")
    for name in ("harvestsource", "harvestrun", "harvestrecord"):
        pages.append(reverse(f"harvesting_{name}_modeladmin_index"))
    for url in pages:
        response = client.get(url)
        assert response.status_code in (200, 302, 403, 404), (url, response.status_code)
        assert theirs.marker not in _text(response), url
    # What A's editor may see, they see: their projects, partner pages, harvest lists.
    chooser = "wagtailsnippetchoosers_projects_{}:choose_results"
    for model_name in ("project", "projectsource", "partnertagrule", "duplicatecandidate"):
        response = client.get(reverse(chooser.format(model_name)))
        assert response.status_code == 200 and ours.marker in _text(response), model_name


def test_the_own_organisations_objects_open(client, editor_a, orgs):
    ours, _ = orgs
    client.force_login(editor_a)
    for url in (
        reverse("wagtailsnippets_projects_project:edit", args=[ours.project.pk]),
        reverse("wagtailsnippets_projects_project:history", args=[ours.project.pk]),
        reverse("harvesting_harvestsource_modeladmin_index"),
        reverse("harvesting_harvestrun_modeladmin_index"),
        reverse("harvesting_harvestrecord_modeladmin_index"),
        reverse("harvesting_harvestrun_modeladmin_inspect", args=[ours.run.pk]),
        reverse("harvesting_harvestrecord_modeladmin_inspect", args=[ours.record.pk]),
        reverse("harvesting_harvest_now", args=[ours.source.pk]),
        reverse("members_admin:organisation", args=[ours.organisation.pk]),
        reverse("wagtailsnippetchoosers_projects_projectsource:chosen", args=[ours.source_page.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        assert ours.marker in _text(response) or "chosen" in url or "organisations" in url, url


def test_platform_admin_is_not_scoped(client, platform_admin, orgs):
    _, theirs = orgs
    client.force_login(platform_admin)
    for url in (
        reverse("harvesting_harvestrun_modeladmin_inspect", args=[theirs.run.pk]),
        reverse("wagtailsnippets_projects_contactblock:edit", args=[theirs.block.pk]),
        reverse("wagtailsnippets_members_joinrequest:inspect", args=[theirs.join_request.pk]),
        reverse("wagtailsnippetchoosers_projects_contactblock:choose_results"),
    ):
        response = client.get(url)
        assert response.status_code == 200 and theirs.marker in _text(response), url


def test_every_admin_model_declares_its_scope():
    """A new admin model must say who sees it (else it would fall back to platform-only)."""
    undeclared = {
        model
        for model in admin_scope.admin_models()
        if model not in admin_scope._scopes  # noqa: SLF001 - the registry under test
    }
    assert not undeclared


def test_members_without_organisation_reach_nothing(client, orgs):
    ours, _ = orgs
    client.force_login(make_member("curieux"))
    url = reverse("wagtailsnippetchoosers_projects_projectsource:choose_results")
    response = client.get(url)
    assert ours.marker not in _text(response)
