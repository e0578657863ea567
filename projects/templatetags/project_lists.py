"""Template tags of members' lists: the star on cards and project pages, "add to a list" and
"save this search". Members only; anonymous visitors get nothing (shared renderings of the
catalogue stay the same for everyone)."""

from __future__ import annotations

from django import template

from projects.lists.forms import AddToListForm, SaveSearchForm
from projects.lists.services import member_lists, starred_project_ids
from projects.models import ProjectListEntry

register = template.Library()


def _user(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    return request, (user if user is not None and user.is_authenticated else None)


def _starred(request, user) -> set[int]:
    # one query per request, whatever the number of cards
    if not hasattr(request, "_starred_project_ids"):
        request._starred_project_ids = starred_project_ids(user)
    return request._starred_project_ids


@register.inclusion_tag("projects/lists/star.html", takes_context=True)
def project_star(context, project):
    request, user = _user(context)
    if user is None or not getattr(project, "pk", None):
        return {"show": False}
    return {
        "show": True,
        "project": project,
        "starred": project.pk in _starred(request, user),
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }


def _lists_holding(user, project) -> set[int]:
    return set(
        ProjectListEntry.objects.filter(project=project, project_list__owner=user).values_list(
            "project_list_id", flat=True
        )
    )


@register.inclusion_tag("projects/lists/project_actions.html", takes_context=True)
def project_list_actions(context, project):
    request, user = _user(context)
    if user is None:
        return {"show": False, "login": True, "next": request.get_full_path() if request else "/"}
    lists = list(member_lists(user))
    return {
        "show": True,
        "request": request,  # for the star inside
        "project": project,
        "form": AddToListForm(lists=lists, auto_id=f"add-{project.pk}-%s"),
        "lists_in": [pl for pl in lists if pl.pk in _lists_holding(user, project)],
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("projects/lists/save_search.html", takes_context=True)
def save_search_form(context, params):
    request, user = _user(context)
    if user is None:
        return {"show": False}
    return {
        "show": True,
        "form": SaveSearchForm(initial={"querystring": params.querystring(page=False)}),
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }
