from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "anjian.audit"
    label = "audit"
    verbose_name = "审计"
