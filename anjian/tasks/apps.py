from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "anjian.tasks"
    label = "tasks"
    verbose_name = "工作清单"

    def ready(self):
        from anjian.notifications.sources import register

        from .sources import task_reminders

        register("tasks", task_reminders)
