from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "anjian.tasks"
    label = "tasks"
    verbose_name = "工作清单"
