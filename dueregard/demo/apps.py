from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data (dev and test only): sits on top of every domain app and calls their services."""

    name = "dueregard.demo"
    label = "demo"
    verbose_name = "Demo data"
