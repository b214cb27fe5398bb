from django.apps import AppConfig


class PolicydocConfig(AppConfig):
    name = "dueregard.policydoc"
    label = "policydoc"
    verbose_name = "Generated Prevent policy"
