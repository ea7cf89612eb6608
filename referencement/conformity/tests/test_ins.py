from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from referencement.conformity.findings import Severity
from referencement.conformity.ins import (
    InsIdentity,
    check_identity,
    check_ins_file,
    check_matricule,
    nir_key,
)

VALID = "279035121518989"


def identity(**changes: str) -> InsIdentity:
    values = dict(
        matricule=VALID,
        oid="1.2.250.1.213.1.4.10",
        nom_naissance="PAT-TROIS",
        prenoms="DOMINIQUE",
        date_naissance="19790328",
        sexe="F",
        lieu_naissance="51215",
        statut="QUAL",
    )
    values.update(changes)
    return InsIdentity(**values)


def rules(findings) -> set[str]:
    return {f.rule for f in findings if f.severity is Severity.ERREUR}


def test_nir_key_is_97_minus_number_mod_97():
    assert nir_key("2790351215189") == 97 - 2790351215189 % 97 == 89


def test_corsica_2a_and_2b_count_as_19_and_18_for_the_key():
    assert nir_key("185072A123456") == 97 - 1850719123456 % 97
    assert nir_key("185072B123456") == 97 - 1850718123456 % 97


nir_bodies = st.builds(
    lambda sex, year, month, place, order: f"{sex}{year:02d}{month:02d}{place}{order:03d}",
    st.sampled_from("12"),
    st.integers(0, 99),
    st.integers(1, 12),
    st.one_of(
        st.from_regex(r"\A(0[1-9]|[1-8][0-9]|9[0-5])[0-9]{3}\Z"),
        st.sampled_from(["2A004", "2B033"]),
    ),
    st.integers(1, 999),
)


@given(nir_bodies)
def test_a_generated_valid_nir_always_passes(body: str):
    assert check_matricule(f"{body}{nir_key(body):02d}", "m") == []


@given(nir_bodies, st.integers(0, 1), st.integers(1, 9))
def test_any_single_digit_change_of_the_key_fails(body: str, position: int, delta: int):
    key = list(f"{nir_key(body):02d}")
    key[position] = str((int(key[position]) + delta) % 10)
    assert rules(check_matricule(body + "".join(key), "m")) == {"ins.cle"}


def test_matricule_must_have_15_characters():
    assert rules(check_matricule("27903512151898", "m")) == {"ins.matricule"}


def test_letters_outside_corsica_are_refused():
    assert rules(check_matricule("2790351X1518989", "m")) == {"ins.matricule"}


def test_a_complete_coherent_identity_passes():
    assert check_identity(identity()) == []


def test_oid_must_be_an_ins_oid():
    assert rules(check_identity(identity(oid="1.2.250.1.71.4.2.1"))) == {"ins.oid"}


def test_each_missing_strict_trait_is_an_error():
    for trait in ("nom_naissance", "prenoms", "date_naissance", "sexe", "lieu_naissance"):
        findings = check_identity(identity(**{trait: ""}))
        assert [f.location for f in findings if f.rule == "ins.traits"] == [trait]


def test_sex_must_match_the_first_digit():
    assert rules(check_identity(identity(sexe="M"))) == {"ins.coherence"}


def test_birth_year_and_month_must_match_the_nir():
    findings = check_identity(identity(date_naissance="19800428"))
    assert [f.message[:30] for f in findings if f.rule == "ins.coherence"] == [
        "L'année de naissance 1980 ne c",
        "Le mois de naissance 04 ne cor",
    ]


def test_identity_status_must_be_a_rniv_status():
    assert rules(check_identity(identity(statut="VALIDE"))) == {"ins.statut"}


def test_standalone_json_and_text_formats_are_read():
    text = (
        "matricule: 279035121518989\noid: 1.2.250.1.213.1.4.10\nnom_naissance: PAT-TROIS\n"
        "prenoms: DOMINIQUE\ndate_naissance: 1979-03-28\nsexe: F\nlieu_naissance: 51215\n"
    )
    assert check_ins_file(text.encode()) == []
    data = {
        "matricule": VALID,
        "oid": "1.2.250.1.213.1.4.10",
        "nom_naissance": "PAT-TROIS",
        "prenoms": "DOMINIQUE",
        "date_naissance": "19790328",
        "sexe": "F",
        "lieu_naissance": "51215",
        "statut": "VALI",
    }
    assert check_ins_file(json.dumps(data).encode()) == []


def test_broken_json_is_a_finding():
    assert rules(check_ins_file(b'{"matricule": ')) == {"ins.format"}
