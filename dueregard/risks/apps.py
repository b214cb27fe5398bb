from django.apps import AppConfig


class RisksConfig(AppConfig):
    name = "dueregard.risks"
    label = "risks"
    verbose_name = "Prevent risk register"
    reminders = "dueregard.risks.reminders.overdue"
