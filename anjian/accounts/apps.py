from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "anjian.accounts"
    label = "accounts"
    verbose_name = "用户与机构"

    def ready(self):
        from . import lookups, signals  # noqa: F401 (lookups: towns and inspectors)
