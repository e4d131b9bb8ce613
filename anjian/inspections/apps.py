from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "anjian.inspections"
    label = "inspections"
    verbose_name = "执法检查"

    def ready(self):
        from anjian.campaigns.progress import register

        from . import lookups  # noqa: F401 (registers the inspection and staff lookups)
        from .progress import campaign_progress_section

        register(campaign_progress_section)
