from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "anjian.records"
    label = "records"
    verbose_name = "执法全过程记录"

    def ready(self):
        from anjian.core import records as registry
        from anjian.enforcement.measures_views import add_seizure_panel
        from anjian.enforcement.services.measures import on_audio_video_check
        from anjian.enforcement.views import add_case_panel
        from anjian.inspections.views import add_inspection_panel

        from . import panels, services, storage  # noqa: F401 (storage: reset on settings change)
        from .models import register_target

        registry.register(services.check_av_record)
        add_case_panel(panels.case_panel)
        add_inspection_panel(panels.inspection_panel)
        # a 查封扣押 is carried out only with its audio-video record (行政强制法第十八条)
        register_target("enforcement.seizure", ("seizure",))
        add_seizure_panel(panels.seizure_panel)
        on_audio_video_check(services.measures_check)
