from django.apps import AppConfig


class HazardsConfig(AppConfig):
    name = "anjian.hazards"
    label = "hazards"
    verbose_name = "隐患治理"

    def ready(self):
        from anjian.registry.classification import FACT_PROVIDERS

        from . import (
            lookups,  # noqa: F401 (registers the hazard lookup)
            reminders,
        )
        from .services import open_major_counts
        from .timeline import hazard_events, register

        if open_major_counts not in FACT_PROVIDERS:
            FACT_PROVIDERS.append(open_major_counts)
        register(hazard_events)
        reminders.register_all()
