"""Rules of the administrative dossier: the calendar of its submission (001 §4.3, 000 §4.1)
and the three cases of the attestation sur l'honneur (001 §4.3)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from referencement.candidatures import actions, rules
from referencement.candidatures.dossier_elements import honour_attestation_cases
from referencement.candidatures.testing import draft, fill_dossier, load_catalogues, pending
from referencement.core.errors import Conflict

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture(autouse=True)
def catalogues(db):
    load_catalogues()


def _at(*args) -> time_machine.travel:
    return time_machine.travel(datetime(*args, tzinfo=PARIS), tick=False)


def test_admin_dossier_is_accepted_just_before_date_1_of_a_funded_dispositif(editor_member):
    with _at(2026, 9, 1, 9, 0):
        candidature = fill_dossier(draft("MS-DUI-Va2", editor_member), editor_member)
    with _at(2026, 10, 1, 11, 59):
        actions.submit_dossier(candidature, actor=editor_member)
    assert candidature.status == "admin_submitted"
    assert candidature.admin_submitted_at == datetime(2026, 10, 1, 11, 59, tzinfo=PARIS)


def test_admin_dossier_cannot_be_first_submitted_after_date_1_with_the_date_in_the_message(
    editor_member,
):
    with _at(2026, 9, 1, 9, 0):
        candidature = fill_dossier(draft("MS-DUI-Va2", editor_member), editor_member)
    with _at(2026, 10, 1, 12, 0), pytest.raises(Conflict) as refused:
        actions.submit_dossier(candidature, actor=editor_member)
    assert "01/10/2026 à 12h00 (Date 1)" in refused.value.message
    candidature.refresh_from_db()
    assert candidature.status == "draft" and candidature.admin_submitted_at is None


def test_advisory_dates_of_a_dispositif_without_funding_never_refuse(editor_member):
    # 000 §4.1: the 01/07/2025 date is a recommendation; the dispositif is open permanently.
    with _at(2027, 3, 1, 9, 0):
        candidature = fill_dossier(draft("MS2-DUI-PDE-Va1-SF", editor_member), editor_member)
        actions.submit_dossier(candidature, actor=editor_member)
    assert candidature.status == "admin_submitted"


def test_submission_lists_every_missing_mandatory_field_in_french(editor_member):
    candidature = draft("MS2-DUI-PDE-Va1-SF", editor_member)
    with pytest.raises(ValidationError) as invalid:
        actions.submit_dossier(candidature, actor=editor_member)
    errors = invalid.value.message_dict
    assert errors["documentation"] == [
        "Lettre d'engagement précisant en quoi le logiciel répond aux fonctionnalités "
        "minimales : obligatoire pour ce dispositif."
    ]
    assert "Déclarez au moins une dénomination commerciale." in errors["commercial_names"]
    assert any("Spécifique" in message for message in errors["profiles"])


def test_001_4_3_nie_is_mandatory_and_named_in_french(editor_member):
    with _at(2026, 6, 1, 10), pytest.raises(ValidationError) as invalid:
        candidature = draft("MS-DUI-Va2", editor_member)
        actions.submit_dossier(candidature, actor=editor_member)
    assert invalid.value.message_dict["nie"] == [
        "Numéro d'identification éditeur (NIE) délivré par le CNDA : obligatoire pour ce "
        "dispositif."
    ]


def test_a_distributor_siret_is_checked(editor_member):
    candidature = draft("MS2-DUI-PDE-Va1-SF", editor_member)
    with pytest.raises(ValidationError) as invalid:
        actions.replace_items(
            candidature,
            "distributors",
            [{"name": "Distrib", "siret": "12345678901234", "mandate_start": "2026-01-01"}],
            actor=editor_member,
        )
    assert "clé de contrôle" in str(invalid.value.message_dict["distributors[1].siret"])


@pytest.fixture
def complete(editor_member):
    # 001 §4.3: MS-DUI-Va2 is the dispositif whose text asks for the attestation (before
    # its Date 1).
    with _at(2026, 6, 1, 10):
        yield fill_dossier(draft("MS-DUI-Va2", editor_member), editor_member)


def test_no_attestation_is_required_outside_the_three_cases(complete):
    assert honour_attestation_cases(complete) == []
    assert "honour_attestation" not in rules.dossier_problems(complete)


def test_attestation_is_required_when_several_commercial_names_are_declared(
    complete, editor_member
):
    actions.replace_items(
        complete,
        "commercial_names",
        [
            {"name": "Fictif A", "nil": "NIL-A", "technical_version": "1"},
            {"name": "Fictif B", "nil": "NIL-B", "technical_version": "1"},
        ],
        actor=editor_member,
    )
    assert honour_attestation_cases(complete) == [
        "plusieurs dénominations commerciales sont déclarées"
    ]
    # The rule cites 001 §4.3 in the code; the message an editor reads cites no source text.
    problem = rules.dossier_problems(complete)["honour_attestation"][0]
    assert "obligatoire car plusieurs dénominations commerciales" in problem
    assert "§" not in problem


def test_attestation_is_required_when_referenced_under_another_name(complete, editor_member):
    actions.update_dossier(
        complete,
        actor=editor_member,
        values={
            "previously_referenced_under_other_name": True,
            "previous_referencing_number": "REF-2023-001",
        },
    )
    assert len(honour_attestation_cases(complete)) == 1
    assert set(rules.dossier_problems(complete)) == {"honour_attestation"}


def test_attestation_is_required_when_only_components_or_proxy_differ(complete, editor_member):
    actions.update_dossier(
        complete,
        actor=editor_member,
        values={"differs_only_by_components": True, "previous_referencing_number": "REF-1"},
    )
    assert "Proxy e-santé" in honour_attestation_cases(complete)[0]
    actions.attach_document(
        complete, "honour_attestation", pending(), actor=editor_member, filename="att.pdf"
    )
    assert rules.dossier_problems(complete) == {}
