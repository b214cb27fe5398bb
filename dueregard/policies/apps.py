from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "dueregard.policies"
    label = "policies"
    verbose_name = "Policy register"
    reminders = "dueregard.policies.reminders.overdue"
    dashboard_panel = "dueregard.policies.dashboard.panel"
