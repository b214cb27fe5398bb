from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "dueregard.notifications"
    label = "notifications"
