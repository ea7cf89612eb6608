from django.apps import AppConfig


class CandidaturesConfig(AppConfig):
    name = "referencement.candidatures"
    label = "candidatures"
    verbose_name = "Candidatures"
