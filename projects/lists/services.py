"""Members' lists of projects: the star, named lists, notes, read-only share links, merges."""

from __future__ import annotations

import secrets

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from projects.models import Project, ProjectList, ProjectListEntry
from projects.models.lists import FAVOURITES_NAME


class ListError(ValueError):
    """A list operation the member must correct (the message says how)."""


def member_lists(user):
    """The member's lists, favourites first, each with its number of projects."""
    return ProjectList.objects.filter(owner=user).annotate(
        project_count=Count("entries", filter=Q(entries__project__live=True))
    )


def favourites_get_or_create(user) -> ProjectList:
    found = ProjectList.objects.filter(owner=user, is_favourites=True).first()
    if found:
        return found
    try:
        with transaction.atomic():
            return ProjectList.objects.create(owner=user, name=FAVOURITES_NAME, is_favourites=True)
    except IntegrityError:  # created meanwhile by another request, or a list of that name
        found = ProjectList.objects.filter(owner=user, is_favourites=True).first()
        if found:
            return found
        existing = ProjectList.objects.get(owner=user, name=FAVOURITES_NAME)
        existing.is_favourites = True
        existing.save(update_fields=["is_favourites"])
        return existing


def starred_project_ids(user, project_ids=None) -> set[int]:
    """Ids of the projects in the member's favourites (among ``project_ids`` when given)."""
    if not user.is_authenticated:
        return set()
    entries = ProjectListEntry.objects.filter(
        project_list__owner=user, project_list__is_favourites=True
    )
    if project_ids is not None:
        entries = entries.filter(project_id__in=list(project_ids))
    return set(entries.values_list("project_id", flat=True))


def project_star_toggle(user, project: Project) -> bool:
    """Star or unstar ``project`` for the member; returns whether it is now starred."""
    favourites = favourites_get_or_create(user)
    deleted, _rows = ProjectListEntry.objects.filter(
        project_list=favourites, project=project
    ).delete()
    if deleted:
        return False
    list_entry_add(favourites, project)
    return True


def project_list_create(user, name: str) -> ProjectList:
    name = " ".join(name.split())[:120]
    if not name:
        raise ListError(_("Donnez un nom à la liste, par exemple « Appel à projets 2027 »."))
    if ProjectList.objects.filter(owner=user, name=name).exists():
        raise ListError(
            _("Vous avez déjà une liste « %(name)s » : choisissez-la ou donnez un autre nom.")
            % {"name": name}
        )
    return ProjectList.objects.create(owner=user, name=name)


def project_list_rename(project_list: ProjectList, name: str) -> ProjectList:
    name = " ".join(name.split())[:120]
    if not name:
        raise ListError(_("Donnez un nom à la liste."))
    clash = ProjectList.objects.filter(owner=project_list.owner, name=name).exclude(
        pk=project_list.pk
    )
    if clash.exists():
        raise ListError(_("Vous avez déjà une liste de ce nom : choisissez-en un autre."))
    project_list.name = name
    project_list.save(update_fields=["name", "updated_at"])
    return project_list


def list_entry_add(project_list: ProjectList, project: Project, note: str = "") -> ProjectListEntry:
    """Add ``project`` to the list (once: adding it again keeps the entry, and its note unless
    a new one is given)."""
    entry, created = ProjectListEntry.objects.get_or_create(
        project_list=project_list, project=project, defaults={"note": note[:500]}
    )
    if not created and note:
        entry.note = note[:500]
        entry.save(update_fields=["note"])
    return entry


def list_entry_note_set(entry: ProjectListEntry, note: str) -> ProjectListEntry:
    entry.note = note.strip()[:500]
    entry.save(update_fields=["note"])
    return entry


def project_list_share(project_list: ProjectList) -> ProjectList:
    """Give the list a read-only link (a new one each time: an old link never comes back)."""
    project_list.share_slug = secrets.token_urlsafe(24)
    project_list.save(update_fields=["share_slug", "updated_at"])
    return project_list


def project_list_unshare(project_list: ProjectList) -> ProjectList:
    project_list.share_slug = None
    project_list.save(update_fields=["share_slug", "updated_at"])
    return project_list


def list_projects(project_list: ProjectList):
    """The list's public projects with their entries' notes (``entry_note``), newest first."""
    entries = (
        ProjectListEntry.objects.filter(project_list=project_list, project__live=True)
        .select_related("project", "project__commune", "project__department")
        .order_by("-added_at", "-id")
    )
    return list(entries)


def list_entries_move(source: Project, target: Project) -> int:
    """``source`` is merged into ``target``: its list entries move to ``target``, once per list
    (a list holding both keeps one entry, the notes joined). Returns the entries moved."""
    moved = 0
    for entry in ProjectListEntry.objects.filter(project=source).select_for_update():
        kept = ProjectListEntry.objects.filter(
            project_list_id=entry.project_list_id, project=target
        ).first()
        if kept is None:
            entry.project = target
            entry.save(update_fields=["project"])
            moved += 1
            continue
        if entry.note and entry.note not in kept.note:
            kept.note = " · ".join(n for n in (kept.note, entry.note) if n)[:500]
            kept.save(update_fields=["note"])
        entry.delete()
    return moved
