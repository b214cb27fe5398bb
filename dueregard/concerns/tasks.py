"""Background jobs for concerns: deleting files held for a concern form that was never sent.

Celery beat enqueues ``purge_expired_uploads`` hourly in production
(``CELERY_BEAT_SCHEDULE``); it also runs on the database worker.
"""

from __future__ import annotations

from django_tasks import task

from dueregard.concerns import services
from dueregard.core.scope import organisation_scope
from dueregard.organisations.models import Organisation


@task()
def purge_expired_uploads() -> int:
    """Delete every organisation's expired held files (``PendingUpload``) and their bytes.

    Returns how many were deleted.
    """
    purged = 0
    for organisation in Organisation.objects.all():
        with organisation_scope(organisation.pk):
            purged += services.purge_expired_uploads(organisation.pk)
    return purged
