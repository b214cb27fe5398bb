from django.apps import AppConfig


class BackupsConfig(AppConfig):
    """``manage.py backup`` and ``manage.py restore``: one archive of the whole instance."""

    name = "dueregard.backups"
    label = "backups"
    verbose_name = "Backup and restore"
