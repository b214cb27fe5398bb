from django.apps import AppConfig


class ChecksConfig(AppConfig):
    name = "dueregard.checks"
    label = "checks"
    verbose_name = "IT filtering and monitoring, prayer and faith facilities"
