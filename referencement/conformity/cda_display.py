"""A CDA R2 document made readable for a human (issue 10): its header (title, date,
patient, author, custodian) and its narrative blocks as sanitised HTML.

Learnt from the agency's display stylesheets (`cisis/FeuilleDeStyle/CDA-FO.xsl`): a
section shows its title then its `text`; `paragraph`, `list/item`, `table…`, `content`,
`br`, `sub`, `sup`, `caption`, `footnote` and `linkHtml` become their HTML counterparts
(`cda_narrativeblock.xml` lists the attributes they may carry). Nothing of the document is
trusted: unknown elements keep only their text, every attribute but table spans is
dropped, and the result goes through nh3 (ammonia) with a closed list of tags.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field

import nh3
from lxml import etree

from .cda import CDA_NS, patient_ins
from .xmlsafe import parse_xml

_NS = {"cda": CDA_NS}
_MAX_DEPTH = 6
# CDA narrative element → HTML element (CDA R2 §4.3.5).
_ELEMENTS = {
    "paragraph": "p",
    "content": "span",
    "item": "li",
    "table": "table",
    "thead": "thead",
    "tbody": "tbody",
    "tfoot": "tfoot",
    "tr": "tr",
    "th": "th",
    "td": "td",
    "caption": "caption",
    "colgroup": "colgroup",
    "col": "col",
    "br": "br",
    "sub": "sub",
    "sup": "sup",
    "footnote": "small",
    "footnoteRef": "sup",
    "pre": "pre",
}
# styleCode values (CDA R2 §4.3.5.11) shown with their HTML meaning.
_STYLES = {"Bold": "strong", "Italics": "em", "Underline": "u", "Emphasis": "em"}
_TAGS = set(_ELEMENTS.values()) | set(_STYLES.values()) | {"ul", "ol", "a"}
_DROPPED = {"script", "style"}
_ATTRIBUTES = {"td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}, "a": {"href"}}


@dataclass
class CdaSection:
    title: str
    html: str
    level: int


@dataclass
class CdaDisplay:
    title: str = ""
    header: list[tuple[str, str]] = field(default_factory=list)
    sections: list[CdaSection] = field(default_factory=list)
    unstructured_text: str = ""
    unstructured_type: str = ""


def display_cda(data: bytes) -> CdaDisplay | None:
    """The document for a human, or None when `data` is not a readable CDA document."""
    tree, _ = parse_xml(data, rule="cda.xml")
    if tree is None or tree.getroot().tag != f"{{{CDA_NS}}}ClinicalDocument":
        return None
    root = tree.getroot()
    display = CdaDisplay(title=_text(root.find("cda:title", _NS)), header=_header(root))
    body = root.find("cda:component/cda:structuredBody", _NS)
    if body is not None:
        for section in body.iterfind("cda:component/cda:section", _NS):
            _add_section(display.sections, section, level=2)
    unstructured = root.find("cda:component/cda:nonXMLBody/cda:text", _NS)
    if unstructured is not None:
        display.unstructured_type = unstructured.get("mediaType", "")
        display.unstructured_text = _decoded_text(unstructured)
    return display


def _header(root: etree._Element) -> list[tuple[str, str]]:
    rows = []
    code = root.find("cda:code", _NS)
    if code is not None:
        rows.append(("Type de document", f"{code.get('displayName', '')} ({code.get('code')})"))
    rows.append(("Date", _hl7_date(root.find("cda:effectiveTime", _NS))))
    patient = root.find("cda:recordTarget/cda:patientRole/cda:patient/cda:name", _NS)
    rows.append(("Patient", _person_name(patient)))
    ins = patient_ins(root)
    if ins is not None:
        rows.append(("INS", f"{ins[0]} (OID {ins[1]})"))
    author = root.find("cda:author/cda:assignedAuthor/cda:assignedPerson/cda:name", _NS)
    rows.append(("Auteur", _person_name(author)))
    custodian = root.find(
        "cda:custodian/cda:assignedCustodian/cda:representedCustodianOrganization", _NS
    )
    if custodian is not None:
        name = _text(custodian.find("cda:name", _NS))
        org_id = custodian.find("cda:id", _NS)
        rows.append(("Structure conservant le document", name or _id(org_id)))
    return [(label, value) for label, value in rows if value]


def _add_section(sections: list[CdaSection], section: etree._Element, level: int) -> None:
    title = _text(section.find("cda:title", _NS))
    narrative = section.find("cda:text", _NS)
    html = _narrative_html(narrative) if narrative is not None else ""
    sections.append(CdaSection(title=title or "Section sans titre", html=html, level=level))
    for child in section.iterfind("cda:component/cda:section", _NS):
        _add_section(sections, child, level=min(level + 1, _MAX_DEPTH))


def _narrative_html(text: etree._Element) -> str:
    container = etree.Element("div")
    _convert_children(text, container)
    raw = etree.tostring(container, method="html", encoding="unicode")
    return nh3.clean(
        raw,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def _convert_children(source: etree._Element, target: etree._Element) -> None:
    target.text = (target.text or "") + (source.text or "")
    for child in source:
        if not isinstance(child.tag, str) or etree.QName(child).localname in _DROPPED:
            # Comments, processing instructions, and what is not narrative at all.
            _append_text(target, child.tail)
            continue
        converted = _convert(child)
        target.append(converted)
        converted.tail = child.tail


def _convert(element: etree._Element) -> etree._Element:
    name = etree.QName(element).localname
    if name == "list":
        html = etree.Element("ol" if element.get("listType") == "ordered" else "ul")
    elif name == "linkHtml" and element.get("href", "").startswith(("https://", "http://")):
        html = etree.Element("a")
        html.set("href", element.get("href"))
    elif name == "renderMultiMedia":
        html = etree.Element("span")
        html.text = "[contenu multimédia]"
        return html
    else:
        html = etree.Element(_ELEMENTS.get(name, "span"))
        for attribute in ("colspan", "rowspan"):
            if element.get(attribute, "").isdigit():
                html.set(attribute, element.get(attribute))
    inner = html
    for style in element.get("styleCode", "").split():
        if style in _STYLES:
            wrapper = etree.SubElement(inner, _STYLES[style])
            inner = wrapper
    _convert_children(element, inner)
    return html


def _append_text(target: etree._Element, text: str | None) -> None:
    if not text:
        return
    if len(target):
        last = target[-1]
        last.tail = (last.tail or "") + text
    else:
        target.text = (target.text or "") + text


def _decoded_text(element: etree._Element) -> str:
    content = "".join(element.itertext()).strip()
    if not element.get("mediaType", "text/plain").startswith("text/"):
        return ""
    if element.get("representation") != "B64":
        return content
    try:
        return base64.b64decode(content, validate=False).decode("utf-8", "replace")
    except (binascii.Error, ValueError):
        return ""


def _text(element: etree._Element | None) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def _person_name(name: etree._Element | None) -> str:
    if name is None:
        return ""
    given = " ".join(_text(g) for g in name.iterfind("cda:given", _NS))
    family = " ".join(_text(f) for f in name.iterfind("cda:family", _NS))
    return " ".join(part for part in (given, family) if part) or _text(name)


def _hl7_date(element: etree._Element | None) -> str:
    """« 20260101120000+0100 » → « 01/01/2026 12:00 »."""
    value = element.get("value", "") if element is not None else ""
    if len(value) < 8 or not value[:8].isdigit():
        return value
    shown = f"{value[6:8]}/{value[4:6]}/{value[:4]}"
    if len(value) >= 12 and value[8:12].isdigit():
        shown += f" {value[8:10]}:{value[10:12]}"
    return shown


def _id(element: etree._Element | None) -> str:
    if element is None:
        return ""
    return element.get("extension", "") or element.get("root", "")
