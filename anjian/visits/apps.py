from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "anjian.visits"
    label = "visits"
    verbose_name = "涉企行政检查"

    def ready(self):
        from anjian.inspections import hooks

        from . import services

        hooks.register(services.StartRule())
