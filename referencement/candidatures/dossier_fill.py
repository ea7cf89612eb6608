"""The elements of the administrative dossier that only some dispositifs ask for (their
catalogue `dossier:`, issue 12 item 7), filled in the simplest case: the demo and the tests'
builders both use it, so their dossiers stay submittable whatever a catalogue asks."""

from __future__ import annotations

from collections.abc import Callable

from referencement.candidatures import actions
from referencement.candidatures.models import Candidature
from referencement.lib.blobstore import PendingBlob

PROXY = {"kind": "proxy", "editor_name": "Proxy SAS", "name": "Proxy fictif", "version": "1.0"}


def fill_asked_elements(
    candidature: Candidature, *, actor, document: Callable[[], PendingBlob]
) -> None:
    """The dispositif-specific values, « sans objet » for each « si applicable » element
    not otherwise given, the Proxy e-santé where 001 §1.2 asks for it, and the required
    documents other than the documentation (which every dossier holds)."""
    asked = {element.code: element for element in candidature.dispositif.dossier_elements}
    given = {"nie"} if candidature.nie else set()
    values: dict = {
        "not_applicable": [
            code for code, element in asked.items() if element.if_applicable and code not in given
        ]
    }
    if "legal_representative_title" in asked:
        values["legal_representative_title"] = "Président"
    if "eligibility_declaration" in asked:
        values["eligibility_declaration"] = True
    actions.update_dossier(candidature, actor=actor, values=values)
    if "proxy_component" in asked:
        actions.replace_items(candidature, "components", [PROXY], actor=actor)
    for code in ("cnda_filing_proof", "wave1_attestation"):
        if code in asked and not asked[code].if_applicable:
            actions.attach_document(
                candidature, code, document(), actor=actor, filename=f"{code}.pdf"
            )
