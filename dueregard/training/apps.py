from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "dueregard.training"
    label = "training"
    verbose_name = "Training and CPD"
    reminders = "dueregard.training.reminders.overdue"
    dashboard_panel = "dueregard.training.dashboard.panel"
