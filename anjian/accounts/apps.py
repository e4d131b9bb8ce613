from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "anjian.accounts"
    label = "accounts"
    verbose_name = "用户与机构"

    def ready(self):
        from . import signals  # noqa: F401
