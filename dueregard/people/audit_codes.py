"""What the audit trail says about the people directory: never who, only what happened."""

from __future__ import annotations

from dueregard.audit.codes import AuditCode
from dueregard.audit.models import AuditAction

PERSON_ADDED = AuditCode("person.added", AuditAction.CREATE, "Person added")
PERSON_CHANGED = AuditCode("person.changed", AuditAction.CHANGE, "Person changed")
PERSON_ARCHIVED = AuditCode("person.archived", AuditAction.CHANGE, "Person archived")
PEOPLE_IMPORTED = AuditCode("person.imported", AuditAction.CREATE, "People imported")
PEOPLE_SYNCED = AuditCode("people.synced", AuditAction.CHANGE, "People synced from the MIS")
PERSON_VIEWED = AuditCode("person.viewed", AuditAction.VIEW, "Viewed person")
PERSON_VIEWED_TO_CHANGE = AuditCode(
    "person.viewed_to_change", AuditAction.VIEW, "Viewed person to change details"
)
PERSON_LIST_VIEWED = AuditCode("person.list_viewed", AuditAction.VIEW, "Viewed people directory")
PEOPLE_SEARCHED = AuditCode("people.searched", AuditAction.VIEW, "Searched the people directory")
PERSON_FLAG_ADDED = AuditCode("person_flag.added", AuditAction.CREATE, "Flag added to a person")
PERSON_FLAG_ENDED = AuditCode("person_flag.ended", AuditAction.CHANGE, "Person's flag ended")
CARER_CONTACT_ADDED = AuditCode(
    "carer_contact.added", AuditAction.CREATE, "Parent or carer contact added"
)
CARER_CONTACT_REMOVED = AuditCode(
    "carer_contact.removed", AuditAction.CHANGE, "Parent or carer contact removed"
)
PERSON_RELATION_ADDED = AuditCode(
    "person_relation.added", AuditAction.CREATE, "Related person linked"
)
PERSON_RELATION_REMOVED = AuditCode(
    "person_relation.removed", AuditAction.CHANGE, "Related person unlinked"
)
