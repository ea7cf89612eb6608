"""Value sets are parsed once per checking process, not at every check (issue 13 item 2,
performance), and the checks they carry still find a code outside the volet's set."""

from __future__ import annotations

import json
from pathlib import Path

from referencement.conformity import validate
from referencement.conformity.findings import Severity, Verdict
from referencement.conformity.value_sets import SUFFIX, preload

DLU = "CI-SIS_DLU-EHPAD-DLU_2022.01"
STATE = "JDV_ObservationEtatPatient"


def test_the_compiled_schematron_reads_its_value_sets_as_parameters(installed):
    stylesheet = (installed / "compiled" / f"{DLU}.xsl").read_text(encoding="utf-8")
    assert f"document(${STATE})" not in stylesheet
    assert f"${STATE}{SUFFIX}//svs:Concept" in stylesheet
    index = json.loads((installed / "index.json").read_text(encoding="utf-8"))
    assert index[DLU]["value_sets"][f"{STATE}{SUFFIX}"] == f"../jeuxDeValeurs/{STATE}_CISIS.xml"


def test_a_code_outside_the_volets_value_set_is_still_an_error(cisis: Path, installed):
    # DLU-EHPAD: the patient's state observations take their code from JDV_ObservationEtatPatient.
    example = (cisis / "ExemplesCDA" / "DLU-EHPAD-DLU_2022.01.xml").read_bytes()
    mutated = example.replace(b'<code code="288575003"', b'<code code="999999999"', 1)
    report = validate(mutated, schematron_dir=installed)
    [finding] = [f for f in report.findings if f.severity is not Severity.INFO]
    assert report.verdict is Verdict.NON_CONFORME
    assert (finding.schematron, finding.rule_id) == (DLU, STATE)
    assert "999999999" in finding.message


def test_a_missing_malformed_or_shadowed_value_set_is_left_to_document(tmp_path):
    # A missing or malformed file fails when evaluated, as in the agency's pipeline; a name
    # also declared locally may not be the value set.
    (tmp_path / "present.xml").write_text("<ValueSet/>", encoding="utf-8")
    (tmp_path / "broken.xml").write_text("<ValueSet>", encoding="utf-8")
    stylesheet = (
        '<xsl:stylesheet version="2.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
        '<xsl:variable name="A" select="\'present.xml\'"/>'
        '<xsl:variable name="B" select="\'absent.xml\'"/>'
        '<xsl:variable name="C" select="\'broken.xml\'"/>'
        '<xsl:variable name="D" select="\'present.xml\'"/>'
        '<xsl:template match="/"><xsl:sequence select="document($A), document($B), '
        'document( $C )"/></xsl:template>'
        '<xsl:template name="shadowed"><xsl:variable name="D" select="$C"/>'
        '<xsl:sequence select="document($D)"/></xsl:template></xsl:stylesheet>'
    )
    rewritten, parameters = preload(stylesheet, tmp_path)
    assert parameters == {f"A{SUFFIX}": "present.xml"}
    assert f'select="$A{SUFFIX}, document($B), document( $C )"' in rewritten
    assert f'<xsl:param name="A{SUFFIX}" as="document-node()" required="yes"/>' in rewritten
    assert '<xsl:sequence select="document($D)"/>' in rewritten
