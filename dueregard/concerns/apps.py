from django.apps import AppConfig
from django.db.models.signals import post_save


class ConcernsConfig(AppConfig):
    name = "dueregard.concerns"
    label = "concerns"
    dashboard_panel = "dueregard.concerns.dashboard.by_month"

    def ready(self) -> None:
        from dueregard.concerns.categories import seed_new_organisation
        from dueregard.organisations.models import Organisation

        # Every new organisation starts with the default safeguarding categories.
        post_save.connect(
            seed_new_organisation, sender=Organisation, dispatch_uid="concerns.categories"
        )
