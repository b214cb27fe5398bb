"""Background jobs for notifications (django-tasks; Celery in production)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django_tasks import task

from dueregard.notifications.models import AlertKind

SUBJECTS = {
    AlertKind.NEW_CONCERN: "A new concern needs triage",
    AlertKind.EMERGENCY_CONCERN: "URGENT: a concern flagged as an emergency needs triage",
    AlertKind.OVERDUE: "Safeguarding reviews or actions are overdue",
    AlertKind.BREAK_GLASS: "A restricted case was opened by break glass",
}


@task()
def send_alert_emails(recipient_ids: list[int], kind: str, link: str, message: str = "") -> int:
    """Email each recipient a fixed sentence and a link. Never names, never details."""
    subject = SUBJECTS[AlertKind(kind)]
    body_lines = [
        message or subject + ".",
        "",
        f"Sign in to see it: {settings.SITE_URL}{link}",
        "",
        "This email holds no details by design.",
    ]
    body = "\n".join(body_lines)
    emails = (
        get_user_model()
        .objects.filter(pk__in=recipient_ids, is_active=True)
        .values_list("email", flat=True)
    )
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [email]) for email in emails]
    return send_mass_mail(messages, fail_silently=False)
