from django.apps import AppConfig


class AccidentsConfig(AppConfig):
    name = "anjian.accidents"
    label = "accidents"
    verbose_name = "事故"

    def ready(self):
        from anjian.registry.classification import FACT_PROVIDERS

        from .services import accident_dates_provider

        if accident_dates_provider not in FACT_PROVIDERS:
            FACT_PROVIDERS.append(accident_dates_provider)
