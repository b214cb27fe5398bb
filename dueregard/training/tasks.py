"""Background jobs for training: the CSV import, with progress written to its ``ImportJob``."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from dueregard.audit.services import record
from dueregard.core.scope import organisation_scope, unscoped
from dueregard.training.audit_codes import IMPORT_FINISHED
from dueregard.training.csv_import import check_training_csv
from dueregard.training.models import ImportJob, ImportStatus, TrainingRecord


@task()
def import_training_csv(job_id: int) -> int:
    """Check every row, then save all records in one transaction, or none.

    Progress (rows checked of the total) is written to the job as it goes, for the status
    page. Problems are kept on the job by line and column, without the file's values.
    Returns the number of records created.
    """
    with unscoped():
        organisation_id = ImportJob.objects.values_list("organisation_id", flat=True).get(pk=job_id)
    with organisation_scope(organisation_id):
        job = ImportJob.objects.select_related("organisation", "created_by").get(pk=job_id)
        if job.finished:
            return 0
        jobs = ImportJob.objects.filter(pk=job.pk)
        jobs.update(status=ImportStatus.CHECKING, processed_rows=0)

        def progress(done: int, total: int) -> None:
            jobs.update(processed_rows=done, total_rows=total)

        records, problems = check_training_csv(
            job.organisation, job.content, created_by_id=job.created_by_id, progress=progress
        )
        total = len(records) + len({p.line for p in problems if p.line > 1})
        if problems:
            jobs.update(
                status=ImportStatus.FAILED,
                problems=[p.as_dict() for p in problems[:1000]],
                total_rows=max(total, 1),
                processed_rows=max(total, 1),
                finished_at=timezone.now(),
            )
            job.refresh_from_db()
            job.content = ""  # the file is not kept once the job ends
            job.save(update_fields=["content"])
            return 0
        jobs.update(
            status=ImportStatus.SAVING, processed_rows=len(records), total_rows=len(records)
        )
        with transaction.atomic():
            TrainingRecord.objects.bulk_create(records, batch_size=500)
            job.refresh_from_db()
            job.status = ImportStatus.DONE
            job.created_count = len(records)
            job.finished_at = timezone.now()
            job.content = ""
            job.save()
            record(
                code=IMPORT_FINISHED,
                context={"records": len(records)},
                actor=job.created_by,
                organisation=job.organisation,
                obj=job,
            )
        return len(records)
