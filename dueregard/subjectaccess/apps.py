from django.apps import AppConfig


class SubjectAccessConfig(AppConfig):
    name = "dueregard.subjectaccess"
    label = "subjectaccess"
    verbose_name = "Subject access requests"
    reminders = "dueregard.subjectaccess.reminders.due"
