"""The moderation workflow task of the owning organisation, rejections and the digest."""

import pytest
from django.core.management import call_command
from wagtail.models import TaskState

from members.tests.conftest import *  # noqa: F403 (fixtures: organisations and people)
from projects.models import ModerationDigest
from projects.moderation.services import project_moderation_submit, project_rejection_is_current
from projects.tests.factories import ProjectFactory, ProjectSourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(org_a):
    project = ProjectFactory(title="Ressourcerie à modérer", live=False)
    ProjectSourceFactory(project=project, organisation=org_a, harvested_values={"title": "x"})
    project.save_revision()
    state = project_moderation_submit(project)
    assert state is not None
    return project


def test_only_the_owning_organisation_moderates(queued, editor_a, editor_b):
    task = queued.current_workflow_task
    assert task.get_actions(queued, editor_b) == []
    assert [a[0] for a in task.get_actions(queued, editor_a)] == ["reject", "approve", "approve"]
    assert TaskState.objects.reviewable_by(editor_b).count() == 0
    assert TaskState.objects.reviewable_by(editor_a).count() == 1


def test_rejection_is_remembered_until_the_content_changes(queued, editor_a):
    state = queued.current_workflow_task_state
    state.task.specific.on_action(state, editor_a, "reject", comment="Ce n'est pas un projet.")
    queued.refresh_from_db()
    assert queued.rejections.get().reason == "Ce n'est pas un projet."
    assert project_rejection_is_current(queued)
    assert project_moderation_submit(queued) is None  # not re-proposed
    source = queued.sources.get()
    source.harvested_values = {"title": "nouveau contenu"}
    source.save()
    assert not project_rejection_is_current(queued)


def test_approval_publishes(queued, editor_a):
    state = queued.current_workflow_task_state
    state.task.specific.on_action(state, editor_a, "approve")
    queued.refresh_from_db()
    assert queued.live


def test_digest_is_one_email_per_member_and_batched(queued, editor_a, mailoutbox):
    ProjectSourceFactory(
        project=ProjectFactory(title="Autre brouillon", live=False),
        organisation=queued.sources.get().organisation,
    )
    call_command("moderation_digest")
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [editor_a.email]
    assert "1 projet à modérer" in mailoutbox[0].body
    call_command("moderation_digest")  # nothing new, and not twice a day
    assert len(mailoutbox) == 1
    assert ModerationDigest.objects.count() == 1
