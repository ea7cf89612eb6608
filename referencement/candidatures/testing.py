"""Builders shared by the tests of candidatures and evidence (not used in production)."""

from __future__ import annotations

from referencement.catalog.models import Dispositif
from referencement.catalog.testing import load_catalogues  # noqa: F401 (the tests import it here)
from referencement.evidence.storage import blob_store
from referencement.lib.blobstore import PendingBlob

from . import actions
from .models import Candidature

PDF = b"%PDF-1.4\n% documentation fictive\n" + b"0" * 100


def pending(data: bytes = PDF) -> PendingBlob:
    writer = blob_store().writer(len(data) + 1)
    writer.write(data)
    return writer.finish()


def complete_profiles(dispositif: Dispositif) -> list[str]:
    """The mandatory profiles plus one of each « at least one of » rule."""
    codes = list(dispositif.profiles.filter(mandatory=True).values_list("code", flat=True))
    for rule in dispositif.rules.filter(kind="at_least_one_of"):
        codes.append(rule.profiles.order_by("pk").first().code)
    return codes


def draft(code: str, member, *, solution_name: str = "Solution fictive") -> Candidature:
    dispositif = Dispositif.objects.get(code=code)
    actions.accept_charter(dispositif, actor=member)
    return actions.create_candidature(dispositif, actor=member, solution_name=solution_name)


def fill_dossier(candidature: Candidature, member) -> Candidature:
    """Every mandatory (*) element of 001 §4.3 in the simplest case (no attestation)."""
    editor = candidature.editor
    editor.legal_representative_function = "Président"
    editor.legal_representative_phone = "0102030405"
    editor.contact_phone = "0102030406"
    editor.save()
    actions.update_dossier(candidature, actor=member, values={"nie": "NIE-0001"})
    actions.replace_items(
        candidature,
        "commercial_names",
        [{"name": "Fictif DUI", "nil": "NIL-0001", "technical_version": "4.2.0"}],
        actor=member,
    )
    actions.attach_document(
        candidature, "documentation", pending(), actor=member, filename="documentation.pdf"
    )
    actions.set_profiles(candidature, complete_profiles(candidature.dispositif), actor=member)
    return candidature


def accepted(code: str, member, instructor) -> Candidature:
    candidature = fill_dossier(draft(code, member), member)
    actions.submit_dossier(candidature, actor=member)
    actions.accept_dossier(candidature, actor=instructor)
    return candidature
