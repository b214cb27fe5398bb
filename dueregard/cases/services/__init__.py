"""Every change to a case, and triage of concerns into cases.

Each function: checks the role and the allowed-from state (``ALLOWED_FROM``), runs in one
transaction with the case row locked, writes the chronology entry and the audit event
(codes in ``cases/audit_codes.py``), and leaves notifications to after commit. Views,
commands and jobs all call these. Raises ``DomainError`` subclasses with messages fit to
show on the form. The client's address comes from the request's audit context, so no
service takes the request.

One module per part of the domain; this package names the public ones, which many apps
and tests call as ``cases.services.<name>``:

* ``common``: the allowed-from table, the role check, the row lock;
* ``triage``: opening a case from a concern, or linking one;
* ``decisions``: the four decisions;
* ``support``: people on the case, support actions, reviews, notes;
* ``closure``: closing, reopening, monitoring, the type of concern;
* ``restriction``: restricting a case and breaking glass.
"""

from dueregard.cases.services.closure import (
    close_case,
    end_monitor,
    reopen_case,
    set_category,
    set_monitor,
)
from dueregard.cases.services.common import (
    ALL_STATUSES,
    ALLOWED_FROM,
    CLOSED,
    REASON_IN_CHRONOLOGY,
    check_allowed,
    refusal,
    subjects_by_case,
)
from dueregard.cases.services.decisions import EmergencyDetails, record_decision
from dueregard.cases.services.restriction import break_glass, restrict_case
from dueregard.cases.services.support import (
    ACTION_ALLOWED_FROM,
    add_action,
    add_note,
    add_party,
    hold_review,
    set_action_status,
)
from dueregard.cases.services.triage import (
    CASE_REFERENCE_KIND,
    link_concern_to_case,
    open_case_from_concern,
)

__all__ = [
    "ACTION_ALLOWED_FROM",
    "ALLOWED_FROM",
    "ALL_STATUSES",
    "CASE_REFERENCE_KIND",
    "CLOSED",
    "REASON_IN_CHRONOLOGY",
    "EmergencyDetails",
    "add_action",
    "add_note",
    "add_party",
    "break_glass",
    "check_allowed",
    "close_case",
    "end_monitor",
    "hold_review",
    "link_concern_to_case",
    "open_case_from_concern",
    "record_decision",
    "refusal",
    "reopen_case",
    "restrict_case",
    "set_action_status",
    "set_category",
    "set_monitor",
    "subjects_by_case",
]
