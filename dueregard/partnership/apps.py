from django.apps import AppConfig


class PartnershipConfig(AppConfig):
    name = "dueregard.partnership"
    label = "partnership"
    verbose_name = "Partnership and the local picture"
