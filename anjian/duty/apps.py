from django.apps import AppConfig


class DutyConfig(AppConfig):
    name = "anjian.duty"
    label = "duty"
    verbose_name = "责任人与明白卡"
