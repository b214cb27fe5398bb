from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "dueregard.cases"
    label = "cases"
    reminders = "dueregard.cases.reminders.overdue"
