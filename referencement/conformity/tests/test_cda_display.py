"""A CDA made readable for a human (issue 10): every agency example renders its header and
narrative blocks, and nothing active survives the sanitiser."""

from __future__ import annotations

import re

from referencement.conformity.cda_display import display_cda
from referencement.core.demo.documents import demo_cda

ACTIVE = re.compile(r"<script|<style|<iframe|<object|\son\w+=|javascript:|<img", re.I)


def test_every_agency_example_renders_with_titles_and_no_active_content(cisis):
    # The two « auto-présentable » examples are XSLT stylesheets wrapping a CDA, not CDAs.
    examples = [
        path
        for path in sorted((cisis / "ExemplesCDA").glob("*.xml"))
        if "presentable" not in path.name.lower()
    ]
    assert len(examples) > 50
    structured = 0
    for path in examples:
        display = display_cda(path.read_bytes())
        assert display is not None, path.name
        assert display.title, path.name
        assert any(label == "Patient" for label, _ in display.header), path.name
        for section in display.sections:
            assert not ACTIVE.search(section.html), (path.name, section.title)
        structured += bool(display.sections)
    assert structured > len(examples) // 2


def test_a_non_structured_document_shows_its_header_and_text_body():
    display = display_cda(demo_cda(7))
    assert display.title == "Document de démonstration 7"
    assert ("Date", "01/01/2026 12:00") in display.header
    assert display.unstructured_type == "text/plain"
    assert display.sections == []


def test_what_is_not_a_cda_is_not_rendered_as_one():
    assert display_cda(b"<?xml version='1.0'?><autre/>") is None
    assert display_cda(b"pas du XML") is None
    assert display_cda(b'<!DOCTYPE x [<!ENTITY e "e">]><ClinicalDocument/>') is None
