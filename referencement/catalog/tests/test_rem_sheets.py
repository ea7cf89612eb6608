"""Parsing REM spreadsheets without a database (lib/rem_sheets.py)."""

from __future__ import annotations

import io

import pytest

from referencement.lib import rem_sheets
from referencement.lib.rem_sheets import RemFormatError, parse_rem, read_table

from .rem_files import convergence_file, convergence_row, xlsx

PUBLICATION = [
    "Exigence conditionnelle OUI/NON",
    "Profil",
    "ID Section",
    "Section",
    "Bloc",
    "Fonction",
    "Nature de l'exigence",
    "N° exigence",
    "Énoncé de l'exigence (DOIT) ou de la préconisation (PEUT)",
    "N° scénario",
    "Scénario de conformité",
    *[h for n in range(1, 11) for h in (f"N° preuve {n}", f"Preuve {n}")],
]


def parse(buffer: io.BytesIO, name: str = "rem.xlsx"):
    return parse_rem(read_table(buffer, name))


def test_the_convergence_layout_is_read_one_row_per_evidence() -> None:
    parsed = parse(
        convergence_file(
            convergence_row("SC.INS.01", evidence=1),
            convergence_row("SC.INS.01", evidence=2),
            convergence_row("SC.INS.02", profile="PA; PDE"),
        )
    )
    assert parsed.layout == "convergence" and parsed.errors == []
    first, second = parsed.requirements
    assert [e.code for e in first.scenarios[0].evidence] == ["SC.INS.01.01.01", "SC.INS.01.01.02"]
    assert first.scenarios[0].evidence[0].evidence_type == "screenshot"
    assert second.profiles == ("PA", "PDE")
    # The Convergence layout has no nature column: the statement's « DOIT » says it.
    assert first.perimeter == "vague_2" and first.kind == "EXI"


def test_the_nature_is_read_from_the_statement_doit_or_peut() -> None:
    parsed = parse(
        convergence_file(
            convergence_row("SC.INS.01", text="Le système PEUT informer l'utilisateur."),
            convergence_row("SC.INS.02", text="Le système affiche la liste."),
        )
    )
    assert [r.kind for r in parsed.requirements] == ["PRE", None]


def test_agency_draft_quirks_are_kept_with_a_warning() -> None:
    """The agency's real drafts have proofs without a scenario number, a proof number used
    twice in one scenario, and a requirement listed under two chapters."""
    no_scenario = convergence_row("SC.INS.01")
    no_scenario[7], no_scenario[9] = "", ".01"
    other_text = convergence_row("SC.INS.02")
    other_text[10] = "Autre preuve"
    other_chapter = convergence_row("SC.INS.02", evidence=2)
    other_chapter[2] = "Autre chapitre"
    parsed = parse(
        convergence_file(
            no_scenario, convergence_row("SC.INS.02"), other_text, other_chapter, other_chapter
        )
    )
    assert parsed.errors == []
    first, second = parsed.requirements
    assert [(s.code, [e.code for e in s.evidence]) for s in first.scenarios] == [("", [".01"])]
    assert [e.code for e in second.scenarios[0].evidence] == [
        "SC.INS.02.01.01",
        "SC.INS.02.01.01-2",
        "SC.INS.02.01.02",
    ]
    assert [str(w) for w in parsed.warnings] == [
        "Ligne 4 : N° preuve SC.INS.02.01.01 déjà utilisé dans ce scénario pour une autre "
        "preuve : celle-ci est enregistrée sous SC.INS.02.01.01-2.",
        "Ligne 5 : l'exigence SC.INS.02 est aussi rangée sous le chapitre « Autre chapitre » : "
        "celui de la ligne 3 est conservé.",
        "Ligne 6 : l'exigence SC.INS.02 est aussi rangée sous le chapitre « Autre chapitre » : "
        "celui de la ligne 3 est conservé.",
        "Ligne 6 : preuve SC.INS.02.01.02 en double : ligne ignorée.",
    ]


def test_the_publication_layout_ignores_evidence_texts_without_numbers() -> None:
    row = [
        "NON",
        "Général",
        "MSS/CDA",
        "Section",
        "Bloc",
        "Fonction",
        "EXIGENCE",
        "MSS/CDA.01",
        "Le système DOIT",
        "MSS/CDA.01.01",
        "Scénario",
        "MSS/CDA.01.01.01",
        "Preuve 1",
        "",
        "texte répété",
        *[""] * 16,
    ]
    parsed = parse(xlsx([PUBLICATION, row]))
    assert parsed.layout == "publication" and parsed.errors == []
    [requirement] = parsed.requirements
    assert requirement.chapter_code == "MSS/CDA" and requirement.kind == "EXI"
    assert [e.code for e in requirement.scenarios[0].evidence] == ["MSS/CDA.01.01.01"]


def test_our_format_profiles_column_wins_over_the_yes_no_columns() -> None:
    # DESIGN §3 / 001 §3.1: column L (the profiles column) is authoritative.
    headers = [
        "ID",
        "Chapitre",
        "Exigence",
        "Nature",
        "Périmètre",
        "GENERAL",
        "PA",
        "Profils",
        "N° scénario",
        "Scénario de conformité",
        "N° preuve",
        "Preuve",
        "Type de preuve",
    ]
    row = [
        "X.01",
        "Chap",
        "Texte",
        "EXI",
        "Vague 1",
        "oui",
        "non",
        "PA",
        "X.01.01",
        "S",
        "X.01.01.01",
        "P",
        "video",
    ]
    parsed = parse(xlsx([headers, row]))
    assert parsed.layout == "referencement"
    assert parsed.requirements[0].profiles == ("PA",)
    assert parsed.requirements[0].scenarios[0].evidence[0].evidence_type == "video"
    assert "qui fait foi" in str(parsed.warnings[0])


def test_bad_rows_are_reported_with_their_row_number() -> None:
    parsed = parse(
        convergence_file(
            convergence_row("SC.INS.01"),
            convergence_row("SC.INS.02", perimeter="Vague 9"),
            convergence_row("", profile="PA"),
        )
    )
    assert [str(e) for e in parsed.errors] == [
        "Ligne 3 : périmètre illisible (attendu « Vague 1 » ou « Vague 2 »).",
        "Ligne 4 : ID de l'exigence manquant.",
    ]


def test_rows_of_one_requirement_must_agree() -> None:
    parsed = parse(
        convergence_file(
            convergence_row("SC.INS.01"), convergence_row("SC.INS.01", evidence=2, text="Autre")
        )
    )
    assert "diffère de sa première ligne (2)" in str(parsed.errors[0])


def test_csv_files_are_read_with_semicolons_or_commas() -> None:
    out = io.BytesIO()
    rem_sheets.write_csv([rem_sheets.CONVERGENCE_HEADERS, convergence_row("SC.INS.01")], out)
    out.seek(0)
    parsed = parse(out, "rem.csv")
    assert parsed.requirements[0].code == "SC.INS.01"


def test_a_file_without_a_known_header_row_is_refused() -> None:
    with pytest.raises(RemFormatError):
        parse(xlsx([["a", "b"], ["c", "d"]]))


@pytest.mark.parametrize(
    ("name", "layout"),
    [
        ("template-export-convergence.xlsx", "convergence"),
        ("template-segur-requirement-export-avec-colonnes-prepub.xlsx", "publication"),
    ],
)
def test_the_agency_templates_are_recognised(shared_dir, name: str, layout: str) -> None:
    path = shared_dir / "rem" / name
    if not path.exists():
        pytest.skip(f"{path} absent (set REFERENCEMENT_SHARED to the shared reference folder)")
    parsed = parse_rem(read_table(path))
    assert parsed.layout == layout
    assert parsed.errors == []
    assert parsed.requirements[0].code == "MSS/CDA.01"
