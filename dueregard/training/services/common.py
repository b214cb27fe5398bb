"""What every training service shares: the permission check, the organisation check and
the expiry of a completion."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from dueregard.core.errors import DomainError
from dueregard.organisations.models import Membership
from dueregard.organisations.permissions import Can, require
from dueregard.training.compliance import add_months
from dueregard.training.models import Course

#: No training record or briefing is older than this: an earlier year is a typing slip.
EARLIEST = date(1990, 1, 1)


def require_to(m: Membership, perm: Can, what: str) -> None:
    """``NotPermitted`` ("Your role cannot <what>.") unless ``m``'s role grants ``perm``."""
    require(m, perm, _("Your role cannot %(what)s.") % {"what": what})


def same_organisation(m: Membership, *objects: object) -> None:
    for obj in objects:
        if getattr(obj, "organisation_id", m.organisation_id) != m.organisation_id:
            raise DomainError(_("That is not part of your organisation."))


def expiry_for(course: Course, completed_on: date) -> date | None:
    if course.validity_months is None:
        return None
    return add_months(completed_on, course.validity_months)
