from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "dueregard.people"
    label = "people"
