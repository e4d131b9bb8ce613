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

        from . import lookups  # noqa: F401 (registers case, licence and the document sources)
        from .citations import citing_hazard, citing_records
        from .services import transfer_from_disposal
        from .timeline import enforcement_events

        register(enforcement_events)

        from anjian.notifications.services import on_daily_tick

        from .services.credit import expire_listings

        on_daily_tick(expire_listings)  # 期满移出 严重失信主体名单, daily
        on_disposal("transfer", transfer_from_disposal)
        register_citer(citing_records)
        register_hazard_citer(citing_hazard)
