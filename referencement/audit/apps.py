from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "referencement.audit"
    label = "audit"
    verbose_name = "Journal d'audit"
