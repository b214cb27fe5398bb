from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "dueregard.referrals"
    label = "referrals"
