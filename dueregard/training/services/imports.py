"""Starting a CSV import of training records (``training.tasks`` does the work)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from dueregard.audit.services import log
from dueregard.core.errors import FieldErrors
from dueregard.organisations.models import Membership
from dueregard.organisations.permissions import Can
from dueregard.training import audit_codes as codes
from dueregard.training.models import ImportJob
from dueregard.training.services.common import require_to


def start_import(m: Membership, data: bytes) -> ImportJob:
    """Queue a CSV of training records for the background worker; returns the job.

    Raises ``FieldErrors`` on ``file`` for a file that is not UTF-8 text."""
    require_to(m, Can.MANAGE_TRAINING, _("import training records"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FieldErrors.on(
            "file",
            _(
                "The file is not saved as UTF-8 text. In Excel, choose Save As and the type "
                "'CSV UTF-8 (Comma delimited)', then upload the new file."
            ),
        ) from exc
    with transaction.atomic():
        job: ImportJob = ImportJob.objects.create(
            organisation=m.organisation, created_by=m.user, content=text
        )
        log(m, codes.IMPORT_STARTED, job)
    from dueregard.training.tasks import import_training_csv

    # The job row is committed before the worker can look for it.
    transaction.on_commit(lambda: import_training_csv.enqueue(job.pk))
    return job
