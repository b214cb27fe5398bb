"""The organisation's own safeguarding categories: the defaults, and the DSL's changes.

Every organisation starts with the defaults in ``data/safeguarding_categories.json``
(``seed_new_organisation``, on creating an organisation; migration 0007 for those that
existed before). The DSL adds, renames, retires, brings back and reorders them
(``Can.MANAGE_CATEGORIES``). Records point at the row: a rename shows on old records and
is kept in the audit trail (old and new name); a retired category stays on the records that
have it and is no longer offered for new ones. The Prevent category (``is_prevent``) cannot
be retired: Prevent cases and the Prevent figures need it.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from dueregard.audit.services import log
from dueregard.concerns import audit_codes as codes
from dueregard.concerns.models import SafeguardingCategory
from dueregard.concerns.taxonomy import add_default_categories
from dueregard.core.errors import FieldErrors, TransitionNotAllowed
from dueregard.core.scope import organisation_scope
from dueregard.organisations.models import Membership, Organisation
from dueregard.organisations.permissions import Can, require

NAME_MAX = 80


def seed_new_organisation(
    sender: Any, instance: Organisation, created: bool, **kwargs: Any
) -> None:
    """``post_save`` of ``Organisation``: a new organisation gets the default categories
    (founded by the command, the demo or a test alike)."""
    if created and not kwargs.get("raw"):
        with organisation_scope(instance.pk):
            add_default_categories(SafeguardingCategory, instance.pk)


def for_reporters(organisation_id: int) -> QuerySet[SafeguardingCategory]:
    """The short list a reporter chooses from: in use and shown to reporters."""
    return SafeguardingCategory.objects.filter(
        organisation_id=organisation_id, retired_at__isnull=True, shown_to_reporters=True
    )


def for_cases(organisation_id: int, current: SafeguardingCategory | None = None) -> QuerySet[Any]:
    """What the DSL chooses from for a case: every category in use, and the case's own
    even if it has since been retired (so saving the form does not drop it)."""
    keep = Q(pk=current.pk) if current is not None else Q(pk__in=[])
    return SafeguardingCategory.objects.filter(
        Q(retired_at__isnull=True) | keep, organisation_id=organisation_id
    )


def prevent_category(organisation_id: int) -> SafeguardingCategory | None:
    """The organisation's Prevent (radicalisation) category."""
    return SafeguardingCategory.objects.filter(
        organisation_id=organisation_id, is_prevent=True
    ).first()


def _clean_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise FieldErrors.on("name", _("Enter the category's name."))
    if len(name) > NAME_MAX:
        raise FieldErrors.on(
            "name", _("The name must be %(n)s characters or fewer.") % {"n": NAME_MAX}
        )
    return name


def _duplicate() -> FieldErrors:
    return FieldErrors.on("name", _("Your organisation already has a category with this name."))


def _lock(membership: Membership, category: SafeguardingCategory) -> SafeguardingCategory:
    if category.organisation_id != membership.organisation_id:
        raise TransitionNotAllowed(_("This category is not one of your organisation's."))
    locked: SafeguardingCategory = SafeguardingCategory.objects.select_for_update().get(
        pk=category.pk
    )
    return locked


def _unique_key(organisation_id: int, name: str) -> str:
    base = (slugify(name) or "category")[:50]
    taken = set(
        SafeguardingCategory.objects.filter(
            organisation_id=organisation_id, key__startswith=base
        ).values_list("key", flat=True)
    )
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


def add_category(
    membership: Membership, *, name: str, shown_to_reporters: bool = True
) -> SafeguardingCategory:
    """Add a category at the end of the list. The DSL only.

    Raises ``FieldErrors`` for a blank or over-long name, or one the organisation already
    has (ignoring case and repeated spaces, retired categories included).
    """
    require(membership, Can.MANAGE_CATEGORIES)
    name = _clean_name(name)
    org_id = membership.organisation_id
    with transaction.atomic():
        Organisation.objects.select_for_update().get(pk=org_id)
        if SafeguardingCategory.objects.filter(organisation_id=org_id, name__iexact=name).exists():
            raise _duplicate()
        last = SafeguardingCategory.objects.filter(organisation_id=org_id).aggregate(
            m=Max("order")
        )["m"]
        category = SafeguardingCategory(
            organisation_id=org_id,
            created_by=membership.user,
            name=name,
            key=_unique_key(org_id, name),
            shown_to_reporters=shown_to_reporters,
            order=0 if last is None else last + 1,
        )
        try:
            with transaction.atomic():
                category.save()
        except IntegrityError as exc:
            raise _duplicate() from exc
        log(membership, codes.CATEGORY_ADDED, category, context={"key": category.key})
    return category


def change_category(
    membership: Membership,
    category: SafeguardingCategory,
    *,
    name: str,
    shown_to_reporters: bool,
) -> SafeguardingCategory:
    """Rename a category and say whether reporters see it. The DSL only.

    Records keep pointing at the row, so they show the new name; the audit trail keeps the
    old and the new. Nothing is written when nothing changes. Same name checks as
    ``add_category``.
    """
    require(membership, Can.MANAGE_CATEGORIES)
    name = _clean_name(name)
    with transaction.atomic():
        locked = _lock(membership, category)
        renamed = locked.name != name
        shown_changed = locked.shown_to_reporters != shown_to_reporters
        if not renamed and not shown_changed:
            return locked
        if renamed:
            clash = SafeguardingCategory.objects.filter(
                organisation_id=locked.organisation_id, name__iexact=name
            ).exclude(pk=locked.pk)
            if clash.exists():
                raise _duplicate()
        old_name = locked.name
        locked.name = name
        locked.shown_to_reporters = shown_to_reporters
        try:
            with transaction.atomic():
                locked.save(update_fields=["name", "shown_to_reporters", "updated_at"])
        except IntegrityError as exc:
            raise _duplicate() from exc
        if renamed:
            # Category names are the organisation's own labels, not anyone's personal data:
            # the trail keeps both, so a report made under the old name can be read again.
            log(
                membership,
                codes.CATEGORY_RENAMED,
                locked,
                context={"key": locked.key, "from": old_name, "to": name},
            )
        if shown_changed:
            log(
                membership,
                codes.CATEGORY_CHANGED,
                locked,
                context={"key": locked.key, "shown_to_reporters": shown_to_reporters},
            )
    return locked


def retire_category(membership: Membership, category: SafeguardingCategory) -> SafeguardingCategory:
    """Retire a category: it stays on the records that have it, and is no longer offered.

    Raises ``TransitionNotAllowed`` when it is already retired, or is the Prevent category.
    """
    require(membership, Can.MANAGE_CATEGORIES)
    with transaction.atomic():
        locked = _lock(membership, category)
        if locked.retired_at is not None:
            raise TransitionNotAllowed(_("This category is already retired."))
        if locked.is_prevent:
            raise TransitionNotAllowed(
                _("The Prevent category cannot be retired: Prevent cases and figures need it.")
            )
        locked.retired_at = timezone.now()
        locked.save(update_fields=["retired_at", "updated_at"])
        log(membership, codes.CATEGORY_RETIRED, locked, context={"key": locked.key})
    return locked


def restore_category(
    membership: Membership, category: SafeguardingCategory
) -> SafeguardingCategory:
    """Bring a retired category back into use. Raises ``TransitionNotAllowed`` if in use."""
    require(membership, Can.MANAGE_CATEGORIES)
    with transaction.atomic():
        locked = _lock(membership, category)
        if locked.retired_at is None:
            raise TransitionNotAllowed(_("This category is already in use."))
        locked.retired_at = None
        locked.save(update_fields=["retired_at", "updated_at"])
        log(membership, codes.CATEGORY_RESTORED, locked, context={"key": locked.key})
    return locked


def move_category(
    membership: Membership, category: SafeguardingCategory, *, direction: str
) -> SafeguardingCategory:
    """Move a category one place ``up`` or ``down`` the list (the order reporters see).

    Raises ``FieldErrors`` for another direction, ``TransitionNotAllowed`` at either end.
    """
    require(membership, Can.MANAGE_CATEGORIES)
    if direction not in ("up", "down"):
        raise FieldErrors.on("direction", _("Move a category up or down."))
    with transaction.atomic():
        locked = _lock(membership, category)
        rows = list(
            SafeguardingCategory.objects.select_for_update().filter(
                organisation_id=locked.organisation_id
            )
        )
        # Its neighbour is the next one in the same list (in use, or retired): a retired
        # category in between does not take a press of the button.
        same = [i for i, row in enumerate(rows) if row.is_retired == locked.is_retired]
        place = next(n for n, i in enumerate(same) if rows[i].pk == locked.pk)
        beside = place - 1 if direction == "up" else place + 1
        if not 0 <= beside < len(same):
            raise TransitionNotAllowed(
                _("This category is already first.")
                if direction == "up"
                else _("This category is already last.")
            )
        index, other = same[place], same[beside]
        rows[index], rows[other] = rows[other], rows[index]
        changed = []
        for position, row in enumerate(rows):
            if row.order != position:
                row.order = position
                changed.append(row)
        SafeguardingCategory.objects.bulk_update(changed, ["order"])
        log(
            membership,
            codes.CATEGORY_MOVED,
            locked,
            context={"key": locked.key, "direction": direction, "position": beside + 1},
        )
    return locked
