"""Builders shared by the tests that take a dossier through the collège (not used in
production): the agency's countersignature and a sitting with two members who sign."""

from __future__ import annotations

from referencement.accounts.testing import one_time_code

from .actions import (
    confirm_decision,
    confirm_reserves_lift,
    countersign_convention,
    declare_interests,
    lift_reserves,
    prepare_application_convention,
    record_attendance,
    record_decision,
    sign_convention,
)
from .correction_actions import judge_correction
from .rules import latest_correction


def countersign(candidature, agency_admin):
    return countersign_convention(
        candidature.convention, actor=agency_admin, otp_token=one_time_code(agency_admin)
    )


def signed_with_application(candidature, member):
    """004 §4.2: `member` generates the draft, the editor's legal representative signs it."""
    convention = prepare_application_convention(candidature, actor=member)
    signer = (
        type(candidature.editor).objects.get(pk=candidature.editor_id).legal_representative_user
    )
    return sign_convention(convention, actor=signer, otp_token=one_time_code(signer))


def seat(session, *present, absent=(), actor=None) -> None:
    """Members with a declaration of interests (none declared) recorded present or absent."""
    for member in (*present, *absent):
        if not member.interest_declarations.exists():
            declare_interests(actor=member, editors=[])
    record_attendance(session, {member.pk for member in present}, actor=actor or present[0])


def decide(session, candidature, outcome, reasons="", *, by, confirmed_by):
    """A decision with its two signatures."""
    decision = record_decision(session, candidature, outcome, reasons, actor=by)
    return confirm_decision(decision, actor=confirmed_by)


def accept_corrections(decision, instructor) -> None:
    """An instructor accepts the latest correction of each reserve (004 §4.5)."""
    for reserve in decision.reserves.all():
        judge_correction(latest_correction(reserve), accepted=True, actor=instructor)


def lift(decision, *, judged_by, by, confirmed_by):
    accept_corrections(decision, judged_by)
    lift_reserves(decision, actor=by)
    return confirm_reserves_lift(decision, actor=confirmed_by)
