"""Models of the members app: partner organisations, memberships, profiles, joining.

Re-exported here so that ``from members.models import Organisation`` keeps working.
"""

from members.models.accounts import MemberProfile
from members.models.memberships import Invitation, JoinRequest, Membership
from members.models.organisation import Organisation, OrganisationQuerySet

__all__ = [
    "Invitation",
    "JoinRequest",
    "MemberProfile",
    "Membership",
    "Organisation",
    "OrganisationQuerySet",
]
