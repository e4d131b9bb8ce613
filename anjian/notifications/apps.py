from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "anjian.notifications"
    label = "notifications"
    verbose_name = "消息提醒"

    def ready(self):
        # TEMPORARY: sources of apps that do not register their own yet (see the module)
        from .legacy_sources import register_all

        register_all()
