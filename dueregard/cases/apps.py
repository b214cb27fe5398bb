from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "dueregard.cases"
    label = "cases"
    reminders = "dueregard.cases.reminders.overdue"
    dashboard_panel = ("dueregard.cases.dashboard.work", "dueregard.cases.dashboard.figures")
