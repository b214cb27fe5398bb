from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "dueregard.events"
    label = "events"
    verbose_name = "External speakers and events"
    reminders = "dueregard.events.reminders.overdue"
