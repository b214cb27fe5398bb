from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "dueregard.api"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers the bearer scheme with drf-spectacular and the app's audit codes.
        from dueregard.api import audit_codes, schema  # noqa: F401
