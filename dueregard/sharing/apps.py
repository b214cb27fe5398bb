from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "dueregard.sharing"
    label = "sharing"
