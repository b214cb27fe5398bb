from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "dueregard.contacts"
    label = "contacts"
    verbose_name = "Contacts directory"
