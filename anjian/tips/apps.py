from django.apps import AppConfig


class TipsConfig(AppConfig):
    name = "anjian.tips"
    label = "tips"
    verbose_name = "举报"

    def ready(self):
        from anjian.registry.classification import FACT_PROVIDERS

        from . import lookups  # noqa: F401 (registers the tip lookups)
        from .services import tip_dates_provider

        if tip_dates_provider not in FACT_PROVIDERS:
            FACT_PROVIDERS.append(tip_dates_provider)
