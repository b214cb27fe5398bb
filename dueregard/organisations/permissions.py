"""Who may do what: the one table of permissions by role.

``Can`` names each thing a member may do, with the words a denial is audited under
(``Denied: <description>``) and whether it needs step-up (a second factor re-entered in
the last five minutes). ``GRANTS`` gives each ``Role`` its set of ``Can``. Views declare
``member_required(Can.X)`` (``organisations/access.py``), services call
``require(membership, Can.X)``, queries that pick members by what they may do use
``roles_with(Can.X)``, and the permission-matrix test reads this same table.

What a role is also follows from its grants, here and nowhere else: which roles must use a
second factor (``SECOND_FACTOR_ROLES``, read by ``accounts.security``), which are the
safeguarding leads only the DSL appoints (``SAFEGUARDING_LEAD_ROLES``), and which role's
access ends on a set day (``TIME_LIMITED_ROLES``).

Rules about one object (a restricted case's named DSLs, a reporter's own concerns, nobody
verifying their own training) stay beside that object; their role part reads this table.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from dueregard.core.errors import NotPermitted
from dueregard.organisations.models import Role

if TYPE_CHECKING:
    from dueregard.organisations.models import Membership


class Can(enum.Enum):
    """What a member may do. Value: (description for the audit, needs step-up)."""

    description: str
    step_up: bool

    def __new__(cls, description: str, step_up: bool = False) -> Can:
        member = object.__new__(cls)
        # The name is unique; the description alone need not be.
        member._value_ = len(cls.__members__) + 1
        member.description = description
        member.step_up = step_up
        return member

    # Concerns and cases
    RAISE_CONCERN = ("raising a concern",)
    TRIAGE = ("the triage queue",)
    HANDLE_CASES = ("safeguarding cases",)
    BREAK_GLASS = ("breaking the glass on a restricted case", True)
    RESTRICT_CASE = ("restricting a case",)
    MANAGE_CATEGORIES = ("the organisation's safeguarding categories",)
    PERSON_RECORD = ("a person's safeguarding record, flags, contacts and related people",)
    EXPORT_CASE = ("printing a case file or chronology", True)
    # Referrals and the information-sharing log
    PREPARE_REFERRAL = ("referrals",)
    APPROVE_REFERRAL = ("approving referrals", True)
    SEND_BACK_REFERRAL = ("sending referrals back",)
    EXPORT_REFERRAL = ("referral documents", True)
    READ_SHARING_LOG = ("the information-sharing log",)
    FILTER_SHARING_LOG = ("filtering the sharing log",)
    EXPORT_SHARING_LOG = ("exporting the sharing log", True)
    RUN_CHANNEL = ("Channel panels",)
    HANDLE_SUBJECT_ACCESS = ("subject access requests",)
    EXPORT_SUBJECT_ACCESS = ("exporting a subject access response", True)
    READ_ALL_CONTACTS = ("the whole contacts directory",)
    EDIT_CONTACTS = ("changing the contacts directory",)
    # The organisation
    MANAGE_PEOPLE = ("the people directory",)
    MANAGE_ORGANISATION = ("organisation members, sites and settings",)
    APPOINT_LEADS = ("appointing or changing a DSL or deputy DSL",)
    SET_PRIVILEGED_FACTOR = ("the second factor DSLs, deputies and administrators use",)
    SEE_DASHBOARD = ("the dashboard",)
    MANAGE_API_KEYS = ("API keys",)
    ISSUE_CASE_READING_KEYS = ("API keys that read cases",)
    LEAD_PREVENT_DUTY = ("the lead's reminders and the commands run as the organisation's lead",)
    # Risk register, action plan and the generated Prevent policy
    READ_RISKS = ("the risk register and action plan",)
    EDIT_RISKS = ("changing the risk register or action plan",)
    EXPORT_RISKS = ("exporting the risk register or action plan", True)
    READ_PREVENT_POLICY = ("the Prevent policy",)
    EDIT_PREVENT_POLICY = ("changing the Prevent policy",)
    PUBLISH_PREVENT_POLICY = ("publishing the Prevent policy",)
    PRINT_PREVENT_POLICY = ("printing the Prevent policy", True)
    # Training
    HAVE_TRAINING = ("your training",)
    MANAGE_TRAINING = ("training management",)
    SET_TRAINING_REQUIREMENTS = ("training requirements",)
    WITHDRAW_TRAINING = ("withdrawing training records",)
    COUNT_BRIEFING = ("counting a briefing as a course",)
    READ_TRAINING_MATRIX = ("the training matrix",)
    EXPORT_TRAINING_MATRIX = ("the training matrix", True)
    SEE_TRAINEE_NAMES = ("names in the training matrix",)
    # Policy register
    MANAGE_POLICIES = ("managing the policy register",)
    ACKNOWLEDGE_POLICY = ("acknowledging policies",)
    # External speakers and events
    SUBMIT_EVENT = ("external speaker requests",)
    REVIEW_EVENT = ("due diligence on events",)
    DECIDE_EVENT = ("decisions on events",)
    # Partnership and the local picture
    READ_PARTNERSHIP = ("partnership meetings and the local picture",)
    RECORD_PARTNERSHIP = ("recording partnership meetings and the local picture",)
    SEND_STAFF_UPDATES = ("sending updates to staff",)
    ACKNOWLEDGE_UPDATE = ("reading and acknowledging staff updates",)
    # Evidence for the register's themes: IT filtering and monitoring, faith facilities
    READ_SITE_CHECKS = ("filtering, monitoring and faith-facility checks",)
    RECORD_SITE_CHECKS = ("recording filtering, monitoring and faith-facility checks",)

    def __str__(self) -> str:
        return self.description


_EVERY_MEMBER_BUT_INSPECTORS = frozenset(
    {
        Can.RAISE_CONCERN,
        Can.HAVE_TRAINING,
        Can.SEE_TRAINEE_NAMES,
        Can.ACKNOWLEDGE_POLICY,
        Can.SUBMIT_EVENT,
        Can.ACKNOWLEDGE_UPDATE,
    }
)
_DSL_TEAM = _EVERY_MEMBER_BUT_INSPECTORS | {
    Can.TRIAGE,
    Can.HANDLE_CASES,
    Can.PERSON_RECORD,
    Can.BREAK_GLASS,
    Can.EXPORT_CASE,
    Can.PREPARE_REFERRAL,
    Can.EXPORT_REFERRAL,
    Can.READ_SHARING_LOG,
    Can.FILTER_SHARING_LOG,
    Can.EXPORT_SHARING_LOG,
    Can.RUN_CHANNEL,
    Can.HANDLE_SUBJECT_ACCESS,
    Can.EXPORT_SUBJECT_ACCESS,
    Can.READ_ALL_CONTACTS,
    Can.EDIT_CONTACTS,
    Can.MANAGE_PEOPLE,
    Can.SEE_DASHBOARD,
    Can.READ_RISKS,
    Can.EDIT_RISKS,
    Can.EXPORT_RISKS,
    Can.READ_PREVENT_POLICY,
    Can.EDIT_PREVENT_POLICY,
    Can.PRINT_PREVENT_POLICY,
    Can.MANAGE_TRAINING,
    Can.SET_TRAINING_REQUIREMENTS,
    Can.WITHDRAW_TRAINING,
    Can.READ_TRAINING_MATRIX,
    Can.EXPORT_TRAINING_MATRIX,
    Can.MANAGE_POLICIES,
    Can.REVIEW_EVENT,
    Can.READ_PARTNERSHIP,
    Can.RECORD_PARTNERSHIP,
    Can.SEND_STAFF_UPDATES,
    Can.READ_SITE_CHECKS,
    Can.RECORD_SITE_CHECKS,
}

#: The grants of each role. The only place a role is turned into permissions.
GRANTS: dict[Role, frozenset[Can]] = {
    Role.STAFF: _EVERY_MEMBER_BUT_INSPECTORS,
    Role.DSL: frozenset(
        _DSL_TEAM
        | {
            Can.APPROVE_REFERRAL,
            Can.SEND_BACK_REFERRAL,
            Can.RESTRICT_CASE,
            Can.MANAGE_CATEGORIES,
            Can.COUNT_BRIEFING,
            Can.MANAGE_ORGANISATION,
            Can.MANAGE_API_KEYS,
            Can.ISSUE_CASE_READING_KEYS,
            Can.APPOINT_LEADS,
            Can.SET_PRIVILEGED_FACTOR,
            Can.LEAD_PREVENT_DUTY,
            Can.PUBLISH_PREVENT_POLICY,
            Can.DECIDE_EVENT,
        }
    ),
    Role.DEPUTY_DSL: frozenset(_DSL_TEAM),
    Role.SENIOR_LEADER: _EVERY_MEMBER_BUT_INSPECTORS
    | {
        Can.READ_ALL_CONTACTS,
        Can.SEE_DASHBOARD,
        Can.READ_RISKS,
        Can.EXPORT_RISKS,
        Can.READ_PREVENT_POLICY,
        Can.PRINT_PREVENT_POLICY,
        Can.READ_TRAINING_MATRIX,
        Can.EXPORT_TRAINING_MATRIX,
        Can.MANAGE_POLICIES,
        Can.REVIEW_EVENT,
        Can.DECIDE_EVENT,
        Can.READ_PARTNERSHIP,
        Can.READ_SITE_CHECKS,
    },
    Role.ADMINISTRATOR: _EVERY_MEMBER_BUT_INSPECTORS
    | {
        Can.READ_ALL_CONTACTS,
        Can.EDIT_CONTACTS,
        Can.MANAGE_PEOPLE,
        Can.MANAGE_ORGANISATION,
        Can.MANAGE_API_KEYS,
        Can.MANAGE_TRAINING,
        Can.READ_TRAINING_MATRIX,
        Can.EXPORT_TRAINING_MATRIX,
        Can.READ_SITE_CHECKS,
        Can.RECORD_SITE_CHECKS,
    },
    Role.INSPECTOR: frozenset(
        {
            Can.READ_ALL_CONTACTS,
            Can.READ_SHARING_LOG,
            Can.SEE_DASHBOARD,
            Can.READ_RISKS,
            Can.EXPORT_RISKS,
            Can.READ_PREVENT_POLICY,
            Can.PRINT_PREVENT_POLICY,
            Can.READ_TRAINING_MATRIX,
            Can.EXPORT_TRAINING_MATRIX,
            Can.READ_PARTNERSHIP,
            Can.READ_SITE_CHECKS,
        }
    ),
}

#: Holding any of these (people's records, the directory, the organisation's members)
#: means a role must use a second factor in every session.
_NEEDS_SECOND_FACTOR = frozenset({Can.HANDLE_CASES, Can.MANAGE_PEOPLE, Can.MANAGE_ORGANISATION})

#: Roles that cannot reach any organisation page without a second factor (DSLs, deputies
#: and administrators): those granted anything in ``_NEEDS_SECOND_FACTOR``.
SECOND_FACTOR_ROLES = frozenset(role for role in Role if GRANTS[role] & _NEEDS_SECOND_FACTOR)

#: The safeguarding leads (DSL and deputies): those who handle cases. Only a role that may
#: ``APPOINT_LEADS`` gives, changes or removes them; only they receive new-concern alerts.
SAFEGUARDING_LEAD_ROLES = frozenset(role for role in Role if Can.HANDLE_CASES in GRANTS[role])

#: Roles whose access ends on a set day (``Membership.last_day``, at most 90 days ahead).
TIME_LIMITED_ROLES = frozenset({Role.INSPECTOR})


def role_can(role: str, perm: Can) -> bool:
    """Whether ``role`` (a ``Role`` value) grants ``perm``; an unknown role grants nothing."""
    try:
        return perm in GRANTS[Role(role)]
    except ValueError:
        return False


def can(membership: Membership | None, perm: Can) -> bool:
    """Whether ``membership``'s role grants ``perm`` (no membership may do nothing)."""
    return membership is not None and role_can(membership.role, perm)


def require(membership: Membership, perm: Can, message: str | None = None) -> None:
    """Raise ``NotPermitted`` (shown on the form) unless ``membership`` may ``perm``."""
    if not can(membership, perm):
        raise NotPermitted(message or _("Your role cannot do this: %(what)s.") % {"what": perm})


def needs_second_factor(role: str) -> bool:
    """Whether ``role`` (a ``Role`` value) must use a second factor in every session."""
    return role in SECOND_FACTOR_ROLES


def roles_with(perm: Can) -> list[str]:
    """The roles granting ``perm``, for queries that pick members (``role__in=...``)."""
    return [role.value for role in Role if perm in GRANTS[role]]
