"""The permission table: every role has its grants, and the helpers read only the table."""

from __future__ import annotations

import pytest

from dueregard.core.errors import NotPermitted
from dueregard.organisations.models import Membership, Role
from dueregard.organisations.permissions import GRANTS, Can, can, require, role_can, roles_with


def test_every_role_has_a_row_and_every_permission_a_role() -> None:
    assert set(GRANTS) == set(Role)
    granted = set().union(*GRANTS.values())
    assert granted == set(Can), f"granted to no role: {set(Can) - granted}"


def test_only_the_dsl_approves_and_inspectors_raise_nothing() -> None:
    assert roles_with(Can.APPROVE_REFERRAL) == [Role.DSL]
    assert not role_can(Role.INSPECTOR, Can.RAISE_CONCERN)
    assert not role_can("no such role", Can.RAISE_CONCERN)


def test_exports_and_the_two_single_actions_need_step_up() -> None:
    stepped_up = {perm for perm in Can if perm.step_up}
    assert Can.APPROVE_REFERRAL in stepped_up
    assert Can.BREAK_GLASS in stepped_up
    assert all(
        perm.name.startswith(("EXPORT_", "PRINT_"))
        for perm in stepped_up
        - {
            Can.APPROVE_REFERRAL,
            Can.BREAK_GLASS,
        }
    )


def test_require_raises_the_domain_error_the_form_shows() -> None:
    deputy = Membership(role=Role.DEPUTY_DSL)
    require(deputy, Can.HANDLE_CASES)
    with pytest.raises(NotPermitted, match="Only the lead"):
        require(deputy, Can.APPROVE_REFERRAL, "Only the lead.")
    assert not can(None, Can.RAISE_CONCERN)


def test_templates_read_the_table_and_a_typo_fails_loudly() -> None:
    teacher = Membership(role=Role.STAFF)
    assert teacher.may.RAISE_CONCERN is True
    assert teacher.may.HANDLE_CASES is False
    with pytest.raises(KeyError):
        teacher.may.HANDLE_CASE  # noqa: B018
