"""Moderation actions say plainly what they do (issue 16, item 7): "Accepter et Publier", a
refusal whose reason is required and labelled, messages that say "publié" / "refusé"; the
public "Modifier" links only for those who may edit."""

import pytest
from django.urls import reverse
from wagtail.models import TaskState

from members.tests.fixtures import make_member
from projects.holders.claims import project_claim
from projects.moderation.admin import ProjectEditView
from projects.moderation.services import project_moderation_submit
from projects.tests.factories import ProjectFactory, ProjectSourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(org_a):
    project = ProjectFactory(title="Ressourcerie à modérer", live=False)
    ProjectSourceFactory(project=project, organisation=org_a, harvested_values={"title": "x"})
    project.save_revision()
    assert project_moderation_submit(project) is not None
    return project


def test_editor_menu_says_accept_and_publish_never_publish_twice(client, queued, editor_a):
    client.force_login(editor_a)
    html = client.get(
        reverse("wagtailsnippets_projects_project:edit", args=[queued.pk])
    ).content.decode()
    assert "Accepter et Publier" in html
    assert "Refuser (motif obligatoire)" in html
    assert "Publier et Publier" not in html


def test_a_refusal_needs_its_reason(client, queued, editor_a):
    client.force_login(editor_a)
    state = queued.current_workflow_task_state
    url = reverse(
        "wagtailsnippets_projects_project:workflow_action", args=[queued.pk, "reject", state.pk]
    )
    assert "Motif du refus (obligatoire)" in client.get(url).content.decode()
    client.post(url, {"comment": "   "}, headers={"x-requested-with": "XMLHttpRequest"})
    state.refresh_from_db()
    assert state.status == TaskState.STATUS_IN_PROGRESS and not queued.rejections.exists()
    client.post(url, {"comment": "Ce n'est pas un projet."})
    state.refresh_from_db()
    assert state.status == TaskState.STATUS_REJECTED
    assert queued.rejections.get().reason == "Ce n'est pas un projet."


@pytest.mark.parametrize(
    ("action", "said"),
    [("approve", "accepté et publié"), ("reject", "refusé : il n'est pas publié")],
)
def test_the_message_after_an_action_says_what_happened(queued, action, said):
    view = ProjectEditView()
    view.action, view.workflow_action, view.object = "workflow-action", action, queued
    assert said in view.get_success_message()


def test_modifier_links_only_for_those_who_may_edit(client, org_a, editor_a):
    project = ProjectFactory(title="Garage solidaire", website="https://garage.example.org")
    ProjectSourceFactory(project=project, organisation=org_a)
    holder_url = reverse("projects:holder_edit", kwargs={"slug": project.slug})
    admin_url = reverse("wagtailsnippets_projects_project:edit", args=[project.pk])

    client.force_login(make_member("curieux"))
    html = client.get(project.get_absolute_url()).content.decode()
    assert holder_url not in html and admin_url not in html

    holder = make_member("marie", "marie@garage.example.org")
    project_claim(project, holder)
    client.force_login(holder)
    html = client.get(project.get_absolute_url()).content.decode()
    assert holder_url in html and admin_url not in html  # confirmed: same domain

    client.force_login(editor_a)
    html = client.get(project.get_absolute_url()).content.decode()
    assert admin_url in html and holder_url not in html
