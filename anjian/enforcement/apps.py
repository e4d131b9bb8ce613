from django.apps import AppConfig


class EnforcementConfig(AppConfig):
    name = "anjian.enforcement"
    label = "enforcement"
    verbose_name = "执法处置"

    def ready(self):
        from anjian.hazards.timeline import register

        from . import lookups  # noqa: F401 (registers case, licence and the document sources)
        from .timeline import enforcement_events

        register(enforcement_events)
