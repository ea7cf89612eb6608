"""Builders shared by the tests of candidatures and evidence (not used in production)."""

from __future__ import annotations

from referencement.accounts.testing import one_time_code
from referencement.candidatures.dossier_fill import fill_asked_elements
from referencement.catalog.charters import charter_sha256
from referencement.catalog.models import Dispositif
from referencement.catalog.testing import load_catalogues  # noqa: F401 (the tests import it here)
from referencement.files.storage import blob_store
from referencement.lib.blobstore import PendingBlob

from . import actions
from .charter_actions import accept_charter
from .models import Candidature, CharterAcceptance

PDF = b"%PDF-1.4\n% documentation fictive\n" + b"0" * 100


def pending(data: bytes = PDF) -> PendingBlob:
    with blob_store().writer(len(data) + 1) as writer:
        writer.write(data)
        return writer.finish()


def complete_profiles(dispositif: Dispositif) -> list[str]:
    """The mandatory profiles plus one of each « at least one of » rule."""
    codes = list(dispositif.profiles.filter(mandatory=True).values_list("code", flat=True))
    for rule in dispositif.rules.filter(kind="at_least_one_of"):
        codes.append(rule.profiles.order_by("pk").first().code)
    return codes


def charter_accepted(dispositif: Dispositif, member) -> CharterAcceptance:
    """The charter in force accepted as 001 §4.3 asks: by the editor's validated legal
    representative, with a fresh code. An editor without one has `member` stand in for this
    acceptance only, so that tests about representatives start from what they set up."""
    editor = member.editor
    previous = editor.legal_representative_user
    signer = previous or member
    editor.legal_representative_user = signer
    editor.save(update_fields=["legal_representative_user"])
    try:
        return accept_charter(
            dispositif,
            actor=signer,
            text_sha256=charter_sha256(dispositif),
            otp_token=one_time_code(signer),
        )
    finally:
        editor.legal_representative_user = previous
        editor.save(update_fields=["legal_representative_user"])


def draft(code: str, member, *, solution_name: str = "Solution fictive") -> Candidature:
    dispositif = Dispositif.objects.get(code=code)
    charter_accepted(dispositif, member)
    return actions.create_candidature(dispositif, actor=member, solution_name=solution_name)


def fill_dossier(candidature: Candidature, member) -> Candidature:
    """Every element the dispositif's dossier asks for (its catalogue `dossier:`) in the
    simplest case: no attestation sur l'honneur, NIE and NIL given, the other « si
    applicable » elements « sans objet »."""
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
    fill_asked_elements(candidature, actor=member, document=pending)
    actions.set_profiles(candidature, complete_profiles(candidature.dispositif), actor=member)
    return candidature


def accepted(code: str, member, instructor) -> Candidature:
    candidature = fill_dossier(draft(code, member), member)
    actions.submit_dossier(candidature, actor=member)
    actions.accept_dossier(candidature, actor=instructor)
    return candidature
