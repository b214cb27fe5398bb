from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "dueregard.accounts"
    label = "accounts"
    #: Encrypted values outside the personal-data registry, for ``rotate_keys``.
    key_rotation = "dueregard.accounts.mfa.SECRETS"

    def ready(self) -> None:
        from dueregard.accounts import signals  # noqa: F401  (connects the receivers)
