"""Print the demo ids the scan aims at, as KEY=value lines for the shell.

Run with ``manage.py shell -c`` against the scan's throwaway database after ``load_demo``.
Everything is looked up in the demo DSL's organisation (``SCAN_DSL_EMAIL``). The DSL's
second factor must be an authenticator app with the secret ``SCAN_TOTP_SECRET`` so that
the scan can sign in through the real forms: any other authenticator is replaced (this
database is thrown away after the scan).
"""

import os
import sys

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP

from dueregard.cases.models import OPEN_STATUSES, Case
from dueregard.concerns.models import Concern, ConcernStatus, current_concern_types
from dueregard.core.scope import organisation_scope
from dueregard.organisations.models import Membership
from dueregard.people.models import Person

dsl = Membership.across_organisations.select_related("organisation").get(
    user__email=os.environ["SCAN_DSL_EMAIL"]
)
org = dsl.organisation
# Organisation data is reachable only inside that organisation's scope (core.scope); the
# member is found first through the one cross-organisation manager.
_scope = organisation_scope(org.pk)
_scope.__enter__()
Authenticator.objects.filter(user=dsl.user).delete()
TOTP.activate(dsl.user, os.environ["SCAN_TOTP_SECRET"])
concern = Concern.objects.filter(organisation=org, status=ConcernStatus.AWAITING_TRIAGE).first()
case = (
    Case.objects.filter(organisation=org, status__in=OPEN_STATUSES, is_restricted=False)
    .order_by("created_at")
    .first()
)
person = Person.objects.filter(organisation=org, is_archived=False).order_by("pk").first()
concern_type = current_concern_types(org.pk).filter(is_not_sure=False).order_by("pk").first()
missing = [
    name
    for name, value in (
        ("a concern awaiting triage", concern),
        ("an open unrestricted case", case),
        ("a person", person),
        ("a concern type", concern_type),
    )
    if value is None
]
if missing:
    sys.exit(f"scan: the demo has no {', '.join(missing)} in {org.name}")
print(f"CONCERN_ID={concern.public_id}")
print(f"CASE_ID={case.public_id}")
print(f"PERSON_ID={person.public_id}")
print(f"CONCERN_TYPE_ID={concern_type.pk}")
