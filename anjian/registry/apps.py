from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "anjian.registry"
    label = "registry"
    verbose_name = "企业名录"

    def ready(self):
        from anjian.accounts.services import RECLASSIFY

        from . import (
            lookups,  # noqa: F401 (registers the enterprise lookups)
            reminders,
        )
        from .services import classify

        RECLASSIFY.append(classify)
        reminders.register_all()
