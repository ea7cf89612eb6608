from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "referencement.evidence"
    label = "evidence"
    verbose_name = "Preuves"
