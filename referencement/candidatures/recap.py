"""The administrative dossier as the editor declared it (001 §4.3), read-only, for the
recap page and the « récépissé de dépôt »; and its fingerprint: the SHA-256 of everything
declared plus the SHA-256 of every document, so the receipt names exactly what was filed."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from django.utils import timezone

from referencement.files.stored_file import StoredFile

from .dossier_documents import dossier_files
from .dossier_elements import DETAIL_TYPES, NOT_APPLICABLE
from .models import Candidature

EDITOR_FIELDS = (
    "name",
    "siret",
    "legal_form",
    "head_office",
    "legal_representative",
    "legal_representative_function",
    "legal_representative_email",
    "legal_representative_phone",
    "contact_name",
    "contact_email",
    "contact_phone",
)
VERSION_FIELDS = (
    "solution_name",
    "planned_evidence_date",
    "previous_referencing_number",
    "previously_referenced_under_other_name",
    "differs_only_by_components",
    "is_consortium",
    "nie",
    "psc_application_number",
    "sold_through_distributors",
)
# Rows of each list the dossier holds: (related name, title, fields shown).
ITEM_TABLES = (
    ("commercial_names", "Dénominations commerciales", ("name", "nil", "technical_version")),
    (
        "components",
        "Composants",
        ("kind", "editor_name", "name", "version", "in_previous_referencing", "nil", "chapter"),
    ),
    ("distributors", "Distributeurs", ("name", "siret", "mandate_start", "mandate_end")),
    ("consortium_members", "Membres du groupement", ("name", "siret", "is_lead")),
)


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Recap:
    editor: list[tuple[str, str]]
    version: list[tuple[str, str]]
    details: list[tuple[str, str]]
    profiles: list[str]
    tables: list[Table]
    documents: list[tuple[str, StoredFile]]
    fingerprint: str


def shown(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _label(model_field) -> str:
    """« SIRET », « NIE (CNDA) » kept as written; only the first letter is raised."""
    text = str(model_field.verbose_name)
    return text[:1].upper() + text[1:]


def _fields(instance, names: tuple[str, ...]) -> list[tuple[str, str]]:
    rows = []
    for name in names:
        model_field = instance._meta.get_field(name)
        display = getattr(instance, f"get_{name}_display", None)
        value = display() if display and getattr(instance, name) else getattr(instance, name)
        rows.append((_label(model_field), shown(value)))
    return rows


def _table(candidature: Candidature, related: str, title: str, names: tuple[str, ...]) -> Table:
    model = getattr(candidature, related).model
    headers = [_label(model._meta.get_field(name)) for name in names]
    table = Table(title, headers)
    for row in getattr(candidature, related).all():
        table.rows.append([value for _, value in _fields(row, names)])
    return table


def _details(candidature: Candidature) -> list[tuple[str, str]]:
    """The elements only this dispositif asks for (issue 12 item 7), as declared: a value,
    « sans objet » for a « si applicable » one declared so, or « — »."""
    stored = candidature.dossier_details
    declared_na = set(stored.get(NOT_APPLICABLE) or [])
    rows = []
    for element in candidature.dispositif.dossier_elements:
        if element.code in declared_na:
            rows.append((element.label, "sans objet"))
        elif element.code in DETAIL_TYPES:
            value = stored.get(element.code)
            rows.append(
                (element.label, "\n".join(value) if isinstance(value, list) else shown(value))
            )
    return rows


def dossier_recap(candidature: Candidature) -> Recap:
    tables = [_table(candidature, *spec) for spec in ITEM_TABLES]
    profiles = [f"{p.code} — {p.label}" for p in candidature.profiles.order_by("code")]
    documents = dossier_files(candidature)
    recap = Recap(
        editor=_fields(candidature.editor, EDITOR_FIELDS),
        version=_fields(candidature, VERSION_FIELDS),
        details=_details(candidature),
        profiles=profiles,
        tables=[table for table in tables if table.rows],
        documents=documents,
        fingerprint="",
    )
    recap.fingerprint = _fingerprint(candidature, recap)
    return recap


def _fingerprint(candidature: Candidature, recap: Recap) -> str:
    """SHA-256 of a canonical JSON of what was declared, documents by their own SHA-256."""
    content = {
        "candidature": candidature.pk,
        "dispositif": candidature.dispositif.code,
        "editor": recap.editor,
        "version": recap.version,
        "details": recap.details,
        "profiles": recap.profiles,
        "tables": [[table.title, table.rows] for table in recap.tables],
        "documents": [
            [key, stored.filename, stored.blob.sha256] for key, stored in recap.documents
        ],
        "submitted_at": timezone.localtime(candidature.admin_submitted_at).isoformat()
        if candidature.admin_submitted_at
        else None,
    }
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()
