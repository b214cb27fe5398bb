from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "dueregard.core"
    label = "core"
    verbose_name = "Core"
