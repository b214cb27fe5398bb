from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "dueregard.referrals"
    label = "referrals"
    reminders = "dueregard.referrals.reminders.overdue"
    dashboard_panel = "dueregard.referrals.dashboard.panel"
