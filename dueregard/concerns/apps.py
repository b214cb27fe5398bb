from django.apps import AppConfig


class ConcernsConfig(AppConfig):
    name = "dueregard.concerns"
    label = "concerns"
