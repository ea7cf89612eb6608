"""What a catalogue load or a REM import did, as French sentences (issue 17 item 4):
« 48 exigences créées et 8 chapitres créés », never « 48 modifications »."""

from __future__ import annotations

from referencement.lib.french import enumeration, plural

from .sync import SyncReport

# Each count of a SyncReport as a French noun phrase, in the order a summary lists them.
COUNT_NOUNS = {
    "requirements_created": ("exigence créée", "exigences créées"),
    "requirements_updated": ("exigence modifiée", "exigences modifiées"),
    "requirements_reactivated": ("exigence réactivée", "exigences réactivées"),
    "requirements_retired": ("exigence retirée", "exigences retirées"),
    "requirements_unchanged": ("exigence inchangée", "exigences inchangées"),
    "chapters_created": ("chapitre créé", "chapitres créés"),
    "profiles_created": ("profil créé", "profils créés"),
    "scenarios_created": ("scénario créé", "scénarios créés"),
    "scenarios_updated": ("scénario modifié", "scénarios modifiés"),
    "scenarios_retired": ("scénario retiré", "scénarios retirés"),
    "scenarios_unchanged": ("scénario inchangé", "scénarios inchangés"),
    "evidence_created": ("preuve attendue créée", "preuves attendues créées"),
    "evidence_updated": ("preuve attendue modifiée", "preuves attendues modifiées"),
    "evidence_retired": ("preuve attendue retirée", "preuves attendues retirées"),
    "evidence_unchanged": ("preuve attendue inchangée", "preuves attendues inchangées"),
}


def changes(report: SyncReport) -> str:
    """« 48 exigences créées et 8 chapitres créés », or « aucune modification »."""
    return _phrases(report, changed=True) or "aucune modification"


def unchanged(report: SyncReport) -> str:
    """« 108 exigences inchangées et 210 scénarios inchangés », or an empty string."""
    return _phrases(report, changed=False)


def _phrases(report: SyncReport, *, changed: bool) -> str:
    return enumeration(
        [
            plural(report.counts[key], *nouns)
            for key, nouns in COUNT_NOUNS.items()
            if report.counts[key] and key.endswith("unchanged") != changed
        ]
    )
