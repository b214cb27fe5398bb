from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "dueregard.actions"
    label = "actions"
    verbose_name = "Prevent action plan"
    reminders = "dueregard.actions.reminders.overdue"
    dashboard_panel = "dueregard.actions.dashboard.panel"
