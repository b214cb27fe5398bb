from django.apps import AppConfig


class RisksConfig(AppConfig):
    name = "dueregard.risks"
    label = "risks"
    verbose_name = "Risk register and action plan"
