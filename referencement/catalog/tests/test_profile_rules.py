"""Profile selections and applicable requirements (001 §3.1, 000 §3.2, 004 §4.1.4, §4.2)."""

from __future__ import annotations

from datetime import date

import pytest

from referencement.catalog import calendar
from referencement.catalog.choices import CatalogStatus, RequirementKind
from referencement.catalog.models import Dispositif, Requirement
from referencement.catalog.rules import (
    applicable_requirements,
    may_add_profile,
    may_remove_profile,
    profile_addition_refusal,
    validate_profile_selection,
)

pytestmark = pytest.mark.django_db


def codes(dispositif: Dispositif, *profiles: str) -> set[str]:
    return set(applicable_requirements(dispositif, profiles).values_list("code", flat=True))


def test_sc_ins_psc_50_applies_only_with_sans_certificat_ins(ms_dui) -> None:
    # 001 §3.2.1: SC.INS/PSC.50 only for editors not using an INSi certificate.
    assert "SC.INS/PSC.50" not in codes(ms_dui, "GENERAL", "PA")
    assert "SC.INS/PSC.50" in codes(ms_dui, "GENERAL", "PA", "SANS-CERTIFICAT-INS")


def test_ahi_candidates_are_exempt_from_sc_dmp_conf_06_001_3_1(ms_dui) -> None:
    # 001 §3.1: « pas obligatoires pour les Solutions logicielles candidates au profil AHI »,
    # with or without another optional profile that does not require it itself (issue 12).
    assert "SC.DMP/CONF.06" not in codes(ms_dui, "GENERAL", "AHI")
    assert "SC.DMP/CONF.06" not in codes(ms_dui, "GENERAL", "AHI", "PA")
    assert "SC.DMP/CONF.06" in codes(ms_dui, "GENERAL")


def test_the_ahi_exemption_yields_to_another_profile_requiring_the_item_001_3_1(ms_dui) -> None:
    exempted = Requirement.objects.get(dispositif=ms_dui, code="SC.DMP/CONF.06")
    exempted.profiles.add(ms_dui.profiles.get(code="PA"))
    assert "SC.DMP/CONF.06" in codes(ms_dui, "GENERAL", "AHI", "PA")
    assert "SC.DMP/CONF.06" not in codes(ms_dui, "GENERAL", "AHI", "PDS")


def test_every_ahi_exemption_of_001_is_applied(ms_dui) -> None:
    ahi_only = codes(ms_dui, "GENERAL", "AHI")
    for code in ("MSS/va1.36", "SC.PSC.14", "SC.CDA/INT.04", "DUI.DMP/UX.10", "MS.DMP/UX.51"):
        assert code not in ahi_only
    assert {"MS.AHI/SISIAO.01", "SC.SSI/GEN.18"} <= ahi_only


def test_ms_rpt_cd_02_applies_only_with_pde(ms_dui) -> None:
    # 001 §3.2.10 e): Conseils Départementaux, profile « PDE ».
    assert "MS.RPT/CD.02" not in codes(ms_dui, "GENERAL", "PA", "AHI", "PDS")
    assert "MS.RPT/CD.02" in codes(ms_dui, "GENERAL", "PDE")


def test_viatrajectoire_applies_only_to_ph_avec_decision(ms_dui) -> None:
    assert "MS.CDM/VT.01" in codes(ms_dui, "GENERAL", "PH-AVEC-DECISION")
    assert "MS.CDM/VT.01" not in codes(ms_dui, "GENERAL", "PH-SANS-DECISION")


def test_ms2_pde_with_only_general_is_rejected_naming_both_specific_profiles(catalogues) -> None:
    # 000 §3.2: Général plus at least one of the two « Spécifique » profiles.
    dispositif = Dispositif.objects.get(code="MS2-DUI-PDE-Va1-SF")
    [error] = validate_profile_selection(dispositif, ["GENERAL"])
    assert "Spécifique – DUI esclave de l'identité" in error
    assert "Spécifique – DUI référentiel d'identités" in error
    assert validate_profile_selection(dispositif, ["GENERAL", "REFERENTIEL-IDENTITES"]) == []


def test_general_profile_is_mandatory(ms_dui) -> None:
    assert validate_profile_selection(ms_dui, ["PA"]) == ["Le profil « Général » est obligatoire."]


def test_unknown_profiles_are_reported_with_the_valid_ones_001_3_1(ms_dui) -> None:
    errors = validate_profile_selection(ms_dui, ["GENERAL", "XYZ"])
    assert errors == [
        "Profil inconnu pour le dispositif MS-DUI-Va2 : « XYZ » (profils : GENERAL, PA, "
        "PH-AVEC-DECISION, PH-SANS-DECISION, DOM-SANS-SOINS, DOM-SOINS, PDE, PDS, AHI, "
        "SANS-CERTIFICAT-INS, ESCLAVE-IDENTITE)."
    ]


def test_profiles_are_found_by_label_too(ms_dui) -> None:
    assert validate_profile_selection(ms_dui, ["Général", "ph avec décision d'orientation"]) == []


def test_recommendations_preconisations_and_retired_requirements_are_not_applicable(ms_dui) -> None:
    # 004 §4.1.4: preconisations are not checked.
    Requirement.objects.filter(dispositif=ms_dui, code="SC.INS.01").update(kind=RequirementKind.PRE)
    Requirement.objects.filter(dispositif=ms_dui, code="SC.INS.02").update(
        kind=RequirementKind.RECO
    )
    Requirement.objects.filter(dispositif=ms_dui, code="SC.INS.03").update(
        status=CatalogStatus.RETIRED
    )
    assert not {"SC.INS.01", "SC.INS.02", "SC.INS.03"} & codes(ms_dui, "GENERAL")
    assert "SC.INS.05" in codes(ms_dui, "GENERAL")


def test_profile_may_be_added_until_date_2(ms_dui) -> None:
    # 001 §4.3: « Jusqu'à la Date 2, il est possible d'en ajouter ».
    assert may_add_profile(ms_dui, calendar.paris_datetime(date(2027, 10, 1), "11:59"))


def test_profile_may_not_be_added_after_date_2(ms_dui) -> None:
    at = calendar.paris_datetime(date(2027, 10, 1), "12:00")
    assert not may_add_profile(ms_dui, at)
    assert profile_addition_refusal(ms_dui, at) == (
        "Les profils optionnels ne peuvent plus être ajoutés depuis le 01/10/2027 à 12h00 (Date 2)."
    )


def test_profile_may_be_removed_at_any_time(ms_dui) -> None:
    # 001 §4.3: « Tout au long du processus, il est possible d'en retirer ».
    assert may_remove_profile(ms_dui, calendar.paris_datetime(date(2028, 6, 1)))


def test_dpi_profile_choice_is_final(catalogues) -> None:
    # 004 §4.2: changing the profile needs a new candidature.
    dpi = Dispositif.objects.get(code="HOP-DPI-Va1")
    at = calendar.paris_datetime(date(2021, 9, 1))
    assert not may_add_profile(dpi, at)
    assert not may_remove_profile(dpi, at)
    assert "nouvelle candidature" in profile_addition_refusal(dpi, at)
