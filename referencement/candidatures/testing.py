"""Builders shared by the tests of candidatures and evidence (not used in production)."""

from __future__ import annotations

from referencement.catalog.actions import load_all_catalogues
from referencement.catalog.models import Dispositif
from referencement.evidence.storage import blob_store
from referencement.lib.blobstore import PendingBlob

from . import actions
from .models import Candidature

PDF = b"%PDF-1.4\n% documentation fictive\n" + b"0" * 100


def load_catalogues() -> None:
    load_all_catalogues()


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


PROXY = {"kind": "proxy", "editor_name": "Proxy SAS", "name": "Proxy fictif", "version": "1.0"}


def fill_dossier(candidature: Candidature, member) -> Candidature:
    """Every element the dispositif's dossier asks for (its catalogue `dossier:`) in the
    simplest case: no attestation sur l'honneur, « si applicable » ones « sans objet »
    unless given anyway (NIE, NIL)."""
    editor = candidature.editor
    editor.legal_representative_function = "Président"
    editor.legal_representative_phone = "0102030405"
    editor.contact_phone = "0102030406"
    editor.save()
    asked = {element.code: element for element in candidature.dispositif.dossier_elements}
    values = {
        "nie": "NIE-0001",
        "not_applicable": [code for code, element in asked.items() if element.if_applicable],
    }
    if "legal_representative_title" in asked:
        values["legal_representative_title"] = "Président"
    if "eligibility_declaration" in asked:
        values["eligibility_declaration"] = True
    actions.update_dossier(candidature, actor=member, values=values)
    actions.replace_items(
        candidature,
        "commercial_names",
        [{"name": "Fictif DUI", "nil": "NIL-0001", "technical_version": "4.2.0"}],
        actor=member,
    )
    if "proxy_component" in asked:
        actions.replace_items(candidature, "components", [PROXY], actor=member)
    for document in ("documentation", "cnda_filing_proof"):
        if document in asked and not asked[document].if_applicable:
            actions.attach_document(
                candidature, document, pending(), actor=member, filename=f"{document}.pdf"
            )
    actions.set_profiles(candidature, complete_profiles(candidature.dispositif), actor=member)
    return candidature


def accepted(code: str, member, instructor) -> Candidature:
    candidature = fill_dossier(draft(code, member), member)
    actions.submit_dossier(candidature, actor=member)
    actions.accept_dossier(candidature, actor=instructor)
    return candidature
