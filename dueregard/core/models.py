"""The abstract bases every dueregard model is built on."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any, Self

from django.conf import settings
from django.db import models

if TYPE_CHECKING:
    from dueregard.organisations.models import Membership


class TimeStampedModel(models.Model):
    """UUID public id (the only id that appears in URLs), creation and change times."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class OrganisationQuerySet(models.QuerySet[Any]):
    """Querysets of organisation-owned rows start from ``visible_to``."""

    def for_organisation(self, organisation_id: int) -> Self:
        return self.filter(organisation_id=organisation_id)

    def visible_to(self, membership: Membership) -> Self:
        """Rows of the membership's organisation that its role may see.

        The default is the whole organisation; models whose rows are narrower (a
        reporter's own concerns, restricted cases) override this.
        """
        return self.filter(organisation_id=membership.organisation_id)


class OrganisationOwnedModel(TimeStampedModel):
    """A row that belongs to one organisation (the tenant); every query is scoped by it."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        abstract = True
