"""Models of the catalogue: thesaurus, territories, projects and where they were found."""

from projects.models.holders import (
    ContactBlock,
    ContactMessage,
    ContactOptOut,
    Conversation,
    ModerationDigest,
    ModerationRejection,
    OrganisationModerationTask,
    ProjectClaim,
)
from projects.models.images import ProjectImage
from projects.models.lists import AlertDelivery, ProjectList, ProjectListEntry, SavedSearch
from projects.models.neighbours import ProjectNeighbours
from projects.models.pages import CataloguePage
from projects.models.project import DuplicateCandidate, Project, ProjectQuerySet, ProjectSource
from projects.models.synonyms import Synonym
from projects.models.territories import Commune, Department, Region
from projects.models.themes import PartnerTagRule, Theme, ThemeFeedback

__all__ = [
    "AlertDelivery",
    "CataloguePage",
    "Commune",
    "ContactBlock",
    "ContactMessage",
    "ContactOptOut",
    "Conversation",
    "Department",
    "DuplicateCandidate",
    "ModerationDigest",
    "ModerationRejection",
    "OrganisationModerationTask",
    "PartnerTagRule",
    "ThemeFeedback",
    "Project",
    "ProjectClaim",
    "ProjectImage",
    "ProjectNeighbours",
    "ProjectList",
    "ProjectListEntry",
    "ProjectQuerySet",
    "ProjectSource",
    "Region",
    "SavedSearch",
    "Synonym",
    "Theme",
]
