from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "anjian.portal"
    label = "portal"
    verbose_name = "执法公示"

    def ready(self):
        from anjian.enforcement.services.common import on_case_saved

        from .services import publish_on_case_saved

        on_case_saved(publish_on_case_saved)
