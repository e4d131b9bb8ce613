from django.apps import AppConfig


class DutyConfig(AppConfig):
    name = "anjian.duty"
    label = "duty"
    verbose_name = "责任人与明白卡"

    def ready(self):
        from anjian.notifications.sources import register

        from . import lookups  # noqa: F401 (registers the official lookups)
        from .sources import duty_reminders

        register("duty", duty_reminders)
