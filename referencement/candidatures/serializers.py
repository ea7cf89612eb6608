"""The JSON shape of a candidature for the API (the pages render the same facts)."""

from __future__ import annotations

from referencement.catalog import calendar

from . import rules
from .deadlines import next_deadline
from .dossier_elements import honour_attestation_cases
from .models import Candidature


def _instant(value) -> str | None:
    return calendar.to_paris(value).isoformat() if value else None


def candidature_summary(candidature: Candidature) -> dict:
    return {
        "id": candidature.pk,
        "dispositif": candidature.dispositif.code,
        "solution_name": candidature.solution_name,
        "status": candidature.status,
        "status_label": candidature.get_status_display(),
        "admin_submitted_at": _instant(candidature.admin_submitted_at),
        "evidence_submitted_at": _instant(candidature.evidence_submitted_at),
        "queue_entered_at": _instant(candidature.queue_entered_at),
    }


def candidature_detail(candidature: Candidature) -> dict:
    deadline = next_deadline(candidature)
    return {
        **candidature_summary(candidature),
        "editor": candidature.editor.name,
        "planned_evidence_date": candidature.planned_evidence_date,
        "previous_referencing_number": candidature.previous_referencing_number,
        "previously_referenced_under_other_name": (
            candidature.previously_referenced_under_other_name
        ),
        "differs_only_by_components": candidature.differs_only_by_components,
        "is_consortium": candidature.is_consortium,
        "nie": candidature.nie,
        "psc_application_number": candidature.psc_application_number,
        "sold_through_distributors": candidature.sold_through_distributors,
        "documentation": candidature.documentation_name or None,
        "honour_attestation": candidature.honour_attestation_name or None,
        "honour_attestation_cases": honour_attestation_cases(candidature),
        "wave1_attestation": candidature.wave1_attestation_name or None,
        "cnda_filing_proof": candidature.cnda_filing_proof_name or None,
        "dossier_details": candidature.dossier_details,
        "profiles": [p.code for p in candidature.profiles.all()],
        "commercial_names": [
            {"name": n.name, "nil": n.nil, "technical_version": n.technical_version}
            for n in candidature.commercial_names.all()
        ],
        "components": [
            {
                "kind": c.kind,
                "editor_name": c.editor_name,
                "name": c.name,
                "version": c.version,
                "in_previous_referencing": c.in_previous_referencing,
                "nil": c.nil,
                "chapter": c.chapter.code if c.chapter else None,
            }
            for c in candidature.components.select_related("chapter")
        ],
        "distributors": [
            {
                "name": d.name,
                "siret": d.siret,
                "mandate_start": d.mandate_start,
                "mandate_end": d.mandate_end,
            }
            for d in candidature.distributors.all()
        ],
        "consortium_members": [
            {"name": m.name, "siret": m.siret, "is_lead": m.is_lead, "mandate": m.mandate_name}
            for m in candidature.consortium_members.all()
        ],
        "problems": rules.dossier_problems(candidature)
        if rules.dossier_editable(candidature)
        else {},
        "next_deadline": (
            {
                "at": _instant(deadline.at),
                "label": deadline.label,
                "rule": deadline.rule,
                "consequence": deadline.consequence,
                "overdue": deadline.overdue,
                "advisory": deadline.advisory,
            }
            if deadline
            else None
        ),
        "solicitations": [
            {
                "id": s.pk,
                "phase": s.phase,
                "status": s.status,
                "question": s.question,
                "asked_at": _instant(s.asked_at),
                "due_at": _instant(s.due_at),
                "answer": s.answer,
                "answered_at": _instant(s.answered_at),
            }
            for s in candidature.solicitations.all()
        ],
    }
