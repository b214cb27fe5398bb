"""The abstract bases every dueregard model is built on."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any, Self

from django.conf import settings
from django.db import models

from dueregard.core import scope

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
    """Querysets of organisation-owned rows start from ``visible_to``.

    A queryset made outside any organisation scope is marked, and running it raises
    ``ScopeError`` (an empty ``none()`` queryset, as forms declare, is allowed).
    """

    _outside_scope = False

    def _clone(self) -> Self:
        clone: Self = super()._clone()  # type: ignore[misc]
        clone._outside_scope = self._outside_scope
        return clone

    def _check_scope(self) -> None:
        if self._outside_scope and not self.query.is_empty():
            raise scope.ScopeError(f"{self.model.__name__} queried outside an organisation scope")

    def _fetch_all(self) -> None:
        self._check_scope()
        super()._fetch_all()

    def iterator(self, chunk_size: int | None = None) -> Any:
        self._check_scope()
        return super().iterator(chunk_size=chunk_size)

    def count(self) -> int:
        self._check_scope()
        return super().count()

    def exists(self) -> bool:
        self._check_scope()
        return super().exists()

    def aggregate(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        self._check_scope()
        return super().aggregate(*args, **kwargs)

    def update(self, **kwargs: Any) -> int:
        self._check_scope()
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        self._check_scope()
        return super().delete()

    def visible_to(self, membership: Membership) -> Self:
        """Rows of the membership's organisation that its role may see.

        The default is the whole organisation; models whose rows are narrower (a
        reporter's own concerns, restricted cases) override this.
        """
        return self.filter(organisation_filter(self.model, membership.organisation_id))


def organisation_path(model: type[models.Model]) -> str:
    """The lookup from a row of ``model`` to its organisation.

    A model with its own ``organisation`` needs nothing; a row that belongs to its
    organisation through another row declares the way there as a class attribute, e.g.
    ``organisation_path = "concern__organisation"`` (``ConcernSubject``).
    """
    return str(getattr(model, "organisation_path", "organisation"))


def organisation_filter(model: type[models.Model], organisation_id: int | None) -> models.Q:
    """The rows of ``model`` that belong to this organisation.

    A model with ``organisation_optional = True`` also holds platform-wide rows with no
    organisation (the national list of concern types): every organisation sees those.
    """
    path = organisation_path(model)
    rows = models.Q(**{path: organisation_id})
    if getattr(model, "organisation_optional", False):
        rows |= models.Q(**{f"{path}__isnull": True})
    return rows


class OrganisationManager(models.Manager[Any]):
    """The default manager of organisation-owned models: fail-closed (see ``core.scope``).

    Inside an organisation scope every query is filtered to that organisation (through
    the model's ``organisation_path``); outside any scope a query raises when it runs;
    ``unscoped()`` lifts both for platform-wide work.
    """

    def get_queryset(self) -> Any:
        queryset = super().get_queryset()
        state = scope.current()
        if state.disabled:
            return queryset
        if state.organisation_id is None:
            queryset._outside_scope = True  # type: ignore[attr-defined]
            return queryset
        return queryset.filter(organisation_filter(self.model, state.organisation_id))


class OrganisationOwnedModel(TimeStampedModel):
    """A row that belongs to one organisation (the tenant); every query is scoped by it."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )

    objects = OrganisationManager.from_queryset(OrganisationQuerySet)()

    class Meta:
        abstract = True
