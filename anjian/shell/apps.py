from django.apps import AppConfig


class ShellConfig(AppConfig):
    """The composition on top of every app: home page, navigation, demo, serve and seed."""

    name = "anjian.shell"
    label = "shell"
    verbose_name = "外壳"
