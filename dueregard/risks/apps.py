from django.apps import AppConfig


class RisksConfig(AppConfig):
    name = "dueregard.risks"
    label = "risks"
    verbose_name = "Risk register and action plan"
    reminders = "dueregard.risks.reminders.overdue"
    dashboard_panel = "dueregard.risks.dashboard.panel"
