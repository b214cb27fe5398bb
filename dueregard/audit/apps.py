from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "dueregard.audit"
    label = "audit"

    def ready(self) -> None:
        from dueregard.audit import signals  # noqa: F401  (connects the receivers)
