from django.apps import AppConfig


class ChecklistsConfig(AppConfig):
    name = "anjian.checklists"
    label = "checklists"
    verbose_name = "检查事项清单"
