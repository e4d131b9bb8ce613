from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "anjian.records"
    label = "records"
    verbose_name = "执法全过程记录"

    def ready(self):
        from anjian.core import records as registry
        from anjian.enforcement.views import add_case_panel
        from anjian.inspections.views import add_inspection_panel

        from . import panels, services, storage  # noqa: F401 (storage: reset on settings change)

        registry.register(services.check_av_record)
        add_case_panel(panels.case_panel)
        add_inspection_panel(panels.inspection_panel)
