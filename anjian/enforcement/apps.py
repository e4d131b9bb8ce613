from django.apps import AppConfig


class EnforcementConfig(AppConfig):
    name = "anjian.enforcement"
    label = "enforcement"
    verbose_name = "执法处置"

    def ready(self):
        from anjian.hazards.services import on_disposal
        from anjian.hazards.services import register_citer as register_hazard_citer
        from anjian.hazards.timeline import register
        from anjian.inspections.services import register_citer

        from . import (
            checks,  # noqa: F401 (registers the signing keys' deployment check)
            lookups,  # noqa: F401 (registers case, licence and the document sources)
            service_docs,
        )
        from .citations import citing_hazard, citing_records
        from .services import transfer_from_disposal
        from .timeline import enforcement_events

        register(enforcement_events)

        from . import evidence, seizure
        from .reminders import register_all as register_reminders

        seizure.register_kinds()
        evidence.register_kinds()
        register_reminders()

        from .casefile_views import case_panel as casefile_panel
        from .views import add_case_panel

        add_case_panel(casefile_panel)

        from anjian.notifications.services import on_daily_tick

        from .services.credit import expire_listings

        on_daily_tick(expire_listings)  # 期满移出 严重失信主体名单, daily
        on_disposal("transfer", transfer_from_disposal)
        register_citer(citing_records)
        register_hazard_citer(citing_hazard)
        service_docs.register_all()  # 送达回证 and the execution documents (issue 16)
        from .service_views import case_panel as service_panel

        add_case_panel(service_panel)
