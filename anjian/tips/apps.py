from django.apps import AppConfig


class TipsConfig(AppConfig):
    name = "anjian.tips"
    label = "tips"
    verbose_name = "举报"
