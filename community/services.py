"""First-start seeding of the platform: reference data, page tree, workflow, admin, demo.

``site_seed()`` is idempotent: a second run creates nothing and changes nothing an editor made.
Called by ``python manage.py seed_platform`` (which ``make run`` runs before serving).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import Page, Site, Workflow, WorkflowContentType

from community import content
from community.models import HomePage, PartnerDirectoryPage, StandardPage
from community.signals import demo_catalogue_requested
from harvesting.scheduling import images_schedule_ensure, watchdog_schedule_ensure
from members.services import organisations_load
from projects.lists.alerts import alert_schedules_ensure
from projects.models import CataloguePage, Project
from projects.services.reference import territories_load, themes_load
from projects.tasks import neighbours_schedule_ensure


@dataclass
class SeedReport:
    themes: int = 0
    communes: int = 0
    organisations: int = 0
    pages: list[str] = field(default_factory=list)
    projects: int = 0
    admin_username: str = ""
    admin_password: str = ""
    admin_created: bool = False


def _publish(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _body(blocks):
    return [
        {
            "type": kind,
            "value": {"text": str(value), "level": "h2"}
            if kind == "heading"
            else (
                {"title": str(value["title"]), "text": str(value["text"])}
                if kind == "callout"
                else str(value)
            ),
        }
        for kind, value in blocks
    ]


def pages_seed() -> list[str]:
    """Create the page tree under a new ``HomePage`` if there is none yet."""
    if HomePage.objects.exists():
        return []
    root = Page.get_first_root_node()
    # Wagtail's own placeholder "Welcome" page goes; the home page takes its place.
    for child in root.get_children():
        if child.specific_class is Page and child.slug == "home":
            child.delete()
    home = HomePage(title=str(content.HOME_TITLE), slug="accueil", intro=str(content.HOME_INTRO))
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={
            "hostname": "localhost",
            "port": 80,
            "root_page": home,
            "site_name": str(content.HOME_TITLE),
        },
    )
    created = [home.title]
    _publish(
        home,
        CataloguePage(
            title=str(content.CATALOGUE_TITLE),
            slug="projets-recherche",
            intro=str(content.CATALOGUE_INTRO),
            show_in_menus=True,
        ),
    )
    created.append(str(content.CATALOGUE_TITLE))
    _publish(
        home,
        PartnerDirectoryPage(
            title=str(content.DIRECTORY_TITLE),
            slug="partenaires",
            intro=str(content.DIRECTORY_INTRO),
            show_in_menus=True,
        ),
    )
    created.append(str(content.DIRECTORY_TITLE))
    for spec in content.PAGES:
        _publish(
            home,
            StandardPage(
                title=str(spec["title"]),
                slug=spec["slug"],
                intro=str(spec["intro"]),
                body=_body(spec["body"]),
                show_in_menus=spec.get("menu", True),
            ),
        )
        created.append(str(spec["title"]))
    return created


def workflow_seed() -> None:
    """Projects go through Wagtail's default moderation workflow ("Moderators approval")."""
    workflow = Workflow.objects.filter(active=True).order_by("pk").first()
    if workflow is None:
        return
    WorkflowContentType.objects.get_or_create(
        content_type=ContentType.objects.get_for_model(Project), defaults={"workflow": workflow}
    )


def _email_verified(user) -> None:
    """The seeded admin's address counts as verified: every login goes through allauth, which
    asks for a verified address (``ACCOUNT_EMAIL_VERIFICATION``) before letting anyone in."""
    if user.email:
        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )


def admin_seed() -> tuple[str, str, bool]:
    """Create the first superuser if missing. Its password comes from
    ``CARREFOUR_ADMIN_PASSWORD`` or is generated once and kept in the data folder (git-ignored,
    readable by the owner only) so it can be printed at every start."""
    username = settings.CARREFOUR_ADMIN_USERNAME
    secret_file = Path(settings.CARREFOUR_DATA_DIR) / "admin-password.txt"
    user_model = get_user_model()
    existing = user_model.objects.filter(username=username).first()
    if existing is not None:
        _email_verified(existing)
        password = settings.CARREFOUR_ADMIN_PASSWORD or (
            secret_file.read_text().strip() if secret_file.exists() else ""
        )
        return username, password, False
    password = settings.CARREFOUR_ADMIN_PASSWORD or secrets.token_urlsafe(12)
    user = user_model.objects.create_superuser(
        username=username, email=settings.CARREFOUR_ADMIN_EMAIL, password=password
    )
    _email_verified(user)
    if not settings.CARREFOUR_ADMIN_PASSWORD:
        secret_file.parent.mkdir(parents=True, exist_ok=True)
        secret_file.write_text(password + "\n")
        secret_file.chmod(0o600)
    return username, password, True


def site_seed(*, demo_projects: int | None = None) -> SeedReport:
    report = SeedReport()
    with transaction.atomic():
        report.themes = themes_load()
        report.communes = territories_load()
        report.organisations = organisations_load()
        report.pages = pages_seed()
        workflow_seed()
        watchdog_schedule_ensure()
        images_schedule_ensure()
        neighbours_schedule_ensure()
        alert_schedules_ensure()
        report.admin_username, report.admin_password, report.admin_created = admin_seed()
    count = settings.CARREFOUR_DEMO_PROJECTS if demo_projects is None else demo_projects
    if count and not Project.objects.exists():
        answers = demo_catalogue_requested.send(sender=site_seed, count=count)
        report.projects = sum(created for _receiver, created in answers)
    return report
