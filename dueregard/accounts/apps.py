from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "dueregard.accounts"
    label = "accounts"

    def ready(self) -> None:
        from dueregard.accounts import signals  # noqa: F401  (connects the receivers)
