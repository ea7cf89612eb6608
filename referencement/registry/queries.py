"""The public shapes of the registry's rows: an attestation (with its history on the
verification API) and a candidate, as the editions publish them."""

from __future__ import annotations

from referencement.candidatures.models import Candidature

from .models import Attestation


def attestation_as_dict(attestation: Attestation, *, with_history: bool = False) -> dict:
    data = {
        "number": attestation.number,
        "dispositif": attestation.dispositif.code,
        "editor": attestation.editor_name,
        "solution": attestation.solution_name,
        "commercial_names": attestation.commercial_names,
        "technical_version": attestation.technical_version,
        "profiles": attestation.profiles,
        "issued_at": attestation.issued_at.isoformat(),
        "status": attestation.status,
        "status_label": attestation.get_status_display(),
        "ended_at": attestation.ended_at.isoformat() if attestation.ended_at else None,
    }
    if with_history:
        data["end_reason"] = attestation.end_reason
        data["history"] = [
            {
                "kind": e.kind,
                "label": e.get_kind_display(),
                "at": e.at.isoformat(),
                "detail": e.detail,
            }
            for e in attestation.events.all()
        ]
    return data


def candidate_as_dict(candidature: Candidature) -> dict:
    return {
        "dispositif": candidature.dispositif.code,
        "editor": candidature.editor.name,
        "solution": candidature.solution_name,
    }
