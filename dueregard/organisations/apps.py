from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "dueregard.organisations"
    label = "organisations"
