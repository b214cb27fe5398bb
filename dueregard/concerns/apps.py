from django.apps import AppConfig


class ConcernsConfig(AppConfig):
    name = "dueregard.concerns"
    label = "concerns"
    dashboard_panel = "dueregard.concerns.dashboard.by_month"
