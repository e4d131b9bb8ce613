from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "anjian.stats"
    label = "stats"
    verbose_name = "统计"

    def ready(self):
        from anjian.tasks.hooks import register_report_status

        from .services import TasksProvider

        register_report_status(TasksProvider())

        from .signals import connect

        connect()
