"""Small synthetic files deposited by the demo: a CDA R2 document (checked by the conformity
package on deposit) and a one-page PDF. Generated here, never copied from agency material;
the patient is a « démonstration » INS (OID 1.2.250.1.213.1.4.11), not a real person."""

from __future__ import annotations

DEMO_INS_OID = "1.2.250.1.213.1.4.11"


def nir_key(number: str) -> str:
    """The 2-digit key of a 13-digit NIR (97 − number mod 97)."""
    return f"{97 - int(number) % 97:02d}"


def demo_cda(serial: int) -> bytes:
    """A CDA R2 level 1 document with a fictional patient and author."""
    nir = f"2800199{serial % 1000:03d}{serial % 997:03d}"
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<ClinicalDocument xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <realmCode code="FR"/>
  <typeId root="2.16.840.1.113883.1.3" extension="POCD_HD000040"/>
  <templateId root="2.16.840.1.113883.2.8.2.1"/>
  <id root="1.2.250.1.999.1.{serial}"/>
  <code code="11490-0" codeSystem="2.16.840.1.113883.6.1" displayName="Lettre de liaison à la sortie"/>
  <title>Document de démonstration {serial}</title>
  <effectiveTime value="20260101120000+0100"/>
  <confidentialityCode code="N" codeSystem="2.16.840.1.113883.5.25"/>
  <languageCode code="fr-FR"/>
  <setId root="1.2.250.1.999.2.{serial}"/>
  <versionNumber value="1"/>
  <recordTarget>
    <patientRole>
      <id root="{DEMO_INS_OID}" extension="{nir}{nir_key(nir)}"/>
      <patient>
        <name>
          <given qualifier="BR">CAMILLE</given>
          <family qualifier="BR">DEMONSTRATION</family>
        </name>
        <administrativeGenderCode code="F" codeSystem="2.16.840.1.113883.5.1"/>
        <birthTime value="19800101"/>
        <birthplace><place><addr><county>99100</county></addr></place></birthplace>
      </patient>
    </patientRole>
  </recordTarget>
  <author>
    <time value="20260101120000+0100"/>
    <assignedAuthor>
      <id root="1.2.250.1.71.4.2.1" extension="899999999999"/>
      <assignedPerson><name><family>EXEMPLE</family><given>Dominique</given></name></assignedPerson>
    </assignedAuthor>
  </author>
  <custodian>
    <assignedCustodian>
      <representedCustodianOrganization>
        <id root="1.2.250.1.71.4.2.2" extension="9999999999"/>
      </representedCustodianOrganization>
    </assignedCustodian>
  </custodian>
  <component>
    <nonXMLBody><text mediaType="text/plain">RG9jdW1lbnQgZmljdGlm</text></nonXMLBody>
  </component>
</ClinicalDocument>
""".encode()


def demo_pdf(title: str) -> bytes:
    """A minimal one-page PDF whose page shows `title` (ASCII only, PDF base font)."""
    text = title.encode("ascii", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 14 Tf 72 720 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
