"""The parser messages a report quotes read in French (issue 11 item 7): the libxml2 and XSD
messages lxml really produces, and the JSON ones, each mapped; an unknown one is kept."""

from __future__ import annotations

import pytest
from lxml import etree

from referencement.conformity.messages_fr import translate
from referencement.conformity.xmlsafe import parse_xml

SCHEMA = etree.XMLSchema(
    etree.fromstring(
        b"""<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
        targetNamespace="urn:hl7-org:v3" xmlns="urn:hl7-org:v3" elementFormDefault="qualified">
        <xs:element name="ClinicalDocument"><xs:complexType><xs:sequence>
          <xs:element name="id"/><xs:element name="code"/>
        </xs:sequence><xs:attribute name="classCode" use="required">
          <xs:simpleType><xs:restriction base="xs:string">
            <xs:enumeration value="DOCCLIN"/></xs:restriction></xs:simpleType>
        </xs:attribute></xs:complexType></xs:element></xs:schema>"""
    )
)


def _xsd_messages(document: bytes) -> list[str]:
    SCHEMA.validate(etree.fromstring(document))
    return [f"XSD CDA : {entry.message}" for entry in SCHEMA.error_log]


def test_an_unexpected_element_reads_in_french_without_its_namespace():
    messages = _xsd_messages(
        b'<ClinicalDocument xmlns="urn:hl7-org:v3" classCode="DOCCLIN"><code/></ClinicalDocument>'
    )
    assert translate(messages[0]) == (
        "XSD CDA : Élément code inattendu à cet endroit. Élément attendu : id."
    )


def test_a_missing_child_element_reads_in_french():
    messages = _xsd_messages(
        b'<ClinicalDocument xmlns="urn:hl7-org:v3" classCode="DOCCLIN"><id/></ClinicalDocument>'
    )
    assert translate(messages[0]) == (
        "XSD CDA : Élément enfant manquant dans ClinicalDocument. Élément attendu : code."
    )


def test_a_missing_required_attribute_reads_in_french():
    messages = _xsd_messages(
        b'<ClinicalDocument xmlns="urn:hl7-org:v3"><id/><code/></ClinicalDocument>'
    )
    assert translate(messages[0]) == (
        "XSD CDA : L'attribut obligatoire classCode manque sur l'élément ClinicalDocument."
    )


def test_a_value_outside_an_enumeration_reads_in_french():
    messages = _xsd_messages(
        b'<ClinicalDocument xmlns="urn:hl7-org:v3" classCode="X"><id/><code/></ClinicalDocument>'
    )
    assert translate(messages[0]).startswith(
        "XSD CDA : Valeur « X » non admise pour ClinicalDocument (attribut classCode)"
    )


@pytest.mark.parametrize(
    "document, french",
    [
        (b"<a><b></a>", "Balise fermante a ne correspondant pas à la balise ouvrante b"),
        (b"<a>", "Fin de fichier prématurée : la balise a ouverte ligne 1 n'est pas fermée."),
        (b"<a/><b/>", "Contenu en trop après l'élément racine."),
        (b"<a>&</a>", "Caractère « & » non échappé (écrire &amp;)."),
        (b"<a x='1' x='2'/>", "Attribut x présent deux fois sur le même élément."),
        (b"<p:a/>", "Préfixe d'espace de noms p non déclaré (élément a)."),
    ],
)
def test_an_xml_syntax_error_reads_in_french_with_its_line(document, french):
    _tree, findings = parse_xml(document, rule="cda.xml")
    assert findings[0].line == 1
    assert translate(findings[0].message).startswith(f"XML mal formé : {french}")


@pytest.mark.parametrize(
    "message, french",
    [
        ("JSON invalide : Expecting value", "JSON invalide : Valeur attendue."),
        ("JSON invalide : Extra data", "JSON invalide : Contenu en trop après la valeur JSON."),
    ],
)
def test_a_json_error_reads_in_french(message, french):
    assert translate(message) == french


def test_an_unknown_message_is_shown_as_it_is():
    assert translate("XSD CDA : something new from libxml2") == (
        "XSD CDA : something new from libxml2"
    )
