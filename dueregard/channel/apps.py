from django.apps import AppConfig


class ChannelConfig(AppConfig):
    name = "dueregard.channel"
    label = "channel"
    verbose_name = "Channel panels"
    reminders = "dueregard.channel.reminders.overdue"
