"""Choices of the catalogue (French labels, DESIGN §2–3)."""

from __future__ import annotations

from django.db import models


class Corridor(models.TextChoices):
    MS = "MS", "Médico-social"
    HOP = "HOP", "Hôpital"
    MDV = "MDV", "Médecine de ville"


class DelayUnit(models.TextChoices):
    """DESIGN §3 common rules: « jours ouvrés » vs « jours » vs hours."""

    WORKING_DAYS = "working_days", "jours ouvrés"
    CALENDAR_DAYS = "calendar_days", "jours"
    HOURS = "hours", "heures"


class QueueBasis(models.TextChoices):
    """001 §4.4 / 003 §4.4: per complete chapter; 004 §4.4: per complete dossier."""

    CHAPTER = "chapter", "Ordre de réception d'un chapitre complet de preuves"
    DOSSIER = "dossier", "Ordre de réception du dossier complet de preuves"


class ProfileChangePolicy(models.TextChoices):
    """001 §4.3 / 003 §4.2: add until Date 2, remove any time; 004 §4.2: final."""

    ADD_UNTIL_DATE_2 = "add_until_date_2", "Ajout jusqu'à la Date 2, retrait à tout moment"
    FINAL = "final", "Choix définitif à la candidature"


class ConventionTiming(models.TextChoices):
    """When the editor signs the convention: with the application (004 §4.2, an element
    of the dossier) or once every evidence is validated, before the collège (001 §4.5)."""

    APPLICATION = "application", "Signée avec le dossier de candidature, avant sa soumission"
    AFTER_INSTRUCTION = (
        "after_instruction",
        "Préparée par l'agence une fois toutes les preuves jugées conformes, signée avant "
        "le collège",
    )


class CollegeOutcome(models.TextChoices):
    """001 §4.5 / 003 §4.5 (two outcomes) and 004 §4.5 (three outcomes)."""

    ATTRIBUTION = "attribution", "Attribution du référencement"
    SANS_RESERVE = "sans_reserve", "Attribution sans réserve"
    RESERVES_NON_BLOQUANTES = "reserves_non_bloquantes", "Réserves non bloquantes"
    RESERVES_BLOQUANTES = "reserves_bloquantes", "Réserves bloquantes"


class ProfileRuleKind(models.TextChoices):
    AT_LEAST_ONE_OF = "at_least_one_of", "Au moins un des profils"
    EXEMPTION_IF_ONLY = "exemption_if_only", "Exonération des candidats à ces profils"


class RequirementKind(models.TextChoices):
    """000 glossary: EXI is checked; PRE and RECO are not (004 §4.1.4)."""

    EXI = "EXI", "Exigence"
    PRE = "PRE", "Préconisation"
    RECO = "RECO", "Recommandation"


class Perimeter(models.TextChoices):
    """001 §1.2: « Périmètre vague 1 » / « Périmètre vague 2 »."""

    WAVE_1 = "vague_1", "Vague 1"
    WAVE_2 = "vague_2", "Vague 2"


class CatalogStatus(models.TextChoices):
    """Catalogue entries are retired, never deleted (DESIGN §3 Requirement catalogues)."""

    ACTIVE = "active", "Active"
    RETIRED = "retired", "Retirée"


class EvidenceType(models.TextChoices):
    """001 §4.4: « capture d'écrans, vidéos, fichiers, logs, homologations… »."""

    SCREENSHOT = "screenshot", "Capture d'écran"
    VIDEO = "video", "Vidéo"
    FILE = "file", "Fichier"
    LOG = "log", "Journal (logs)"
    HOMOLOGATION = "homologation", "Homologation / attestation"
    DOCUMENT = "document", "Document"
    OTHER = "other", "Autre"


class Phase(models.TextChoices):
    """DESIGN §3 common rules: the three deadlines of a funded dispositif."""

    ADMIN_DOSSIER = "admin_dossier", "Dépôt du dossier administratif"
    EVIDENCE = "evidence", "Dépôt du dossier complet de preuves"
    EXCHANGES = "exchanges", "Échanges avec l'agence"


class PhaseStatus(models.TextChoices):
    OPEN = "open", "Ouvert"
    CLOSED = "closed", "Fermé"
    ADVISORY = "advisory", "Ouvert en permanence (date indicative)"


class ImportStatus(models.TextChoices):
    PREVIEW = "preview", "En attente de confirmation"
    QUEUED = "queued", "En file d'attente"
    RUNNING = "running", "En cours"
    DONE = "done", "Terminé"
    FAILED = "failed", "Échec"
    CANCELLED = "cancelled", "Annulé"


class VersionOrigin(models.TextChoices):
    FILE = "file", "Fichier catalogue"
    REM = "rem", "Import REM"


class DossierRequirement(models.TextChoices):
    """How a dispositif asks an element of the administrative dossier: marked (*) in 001 §4.3
    / 003 §4.2, « si applicable » in 004 §4.2, or asked without a star."""

    REQUIRED = "required", "obligatoire"
    IF_APPLICABLE = "if_applicable", "si applicable (sinon déclaré « sans objet »)"
    OPTIONAL = "optional", "facultatif"
