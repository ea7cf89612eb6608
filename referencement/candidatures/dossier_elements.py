"""The dossier elements each dispositif asks for (catalogue `dossier:`, issue 12 item 7):
whether a candidature holds them, and the checks on the values stored for them in
`Candidature.dossier_details`. Pure functions returning French messages."""

from __future__ import annotations

from referencement.catalog.choices import DossierRequirement
from referencement.catalog.dossier import AskedElement
from referencement.catalog.models import Dispositif

from .choices import ComponentKind
from .models import Candidature

# The elements whose value is kept in `dossier_details`, with the type of that value.
DETAIL_TYPES: dict[str, type] = {
    "legal_representative_title": str,
    "existing_versions": list,
    "end_of_maintenance_versions": list,
    "eligibility_declaration": bool,
}
# The « si applicable » elements the editor declared « sans objet ».
NOT_APPLICABLE = "not_applicable"
DOCUMENTS = ("documentation", "honour_attestation", "wave1_attestation", "cnda_filing_proof")
# The dossier form's field (or list) a missing element's message is attached to.
PROBLEM_KEYS = {
    "nil": "commercial_names",
    "proxy_component": "components",
    "substitute_component_nil": "components",
}
TYPE_NAMES = {str: "un texte", list: "une liste de textes", bool: "oui ou non"}


def honour_attestation_cases(candidature: Candidature) -> list[str]:
    """001 §4.3 « Attestation sur l'honneur »: exactly these three cases require it, and
    only where the dispositif's text asks for it."""
    if candidature.dispositif.dossier_element("honour_attestation") is None:
        return []
    cases = []
    if candidature.commercial_names.count() > 1:
        cases.append("plusieurs dénominations commerciales sont déclarées")
    if candidature.previously_referenced_under_other_name:
        cases.append("la solution a déjà été référencée sous une autre dénomination commerciale")
    if candidature.differs_only_by_components:
        cases.append(
            "le composant principal est identique à celui d'une solution référencée mais des "
            "composants additionnels et/ou le Proxy e-santé diffèrent"
        )
    return cases


def _present(candidature: Candidature, code: str) -> bool:
    details = candidature.dossier_details
    if code in DETAIL_TYPES:
        return bool(details.get(code))
    if code in DOCUMENTS:
        if code == "honour_attestation" and not honour_attestation_cases(candidature):
            return True
        return getattr(candidature, f"{code}_id") is not None
    if code == "nie":
        return bool(candidature.nie)
    if code == "nil":
        names = list(candidature.commercial_names.all())
        return bool(names) and all(name.nil for name in names)
    if code == "substitute_component_nil":
        return candidature.components.filter(kind=ComponentKind.ADDITIONAL).exclude(nil="").exists()
    if code == "proxy_component":
        return candidature.components.filter(kind=ComponentKind.PROXY).count() == 1
    raise ValueError(f"Élément du dossier inconnu : {code}")


def _missing_message(element: AskedElement, candidature: Candidature) -> str:
    """What the editor reads: the rule in words, no source text (the page of the
    dispositif cites them)."""
    if element.code == "honour_attestation":
        return (
            "Une attestation sur l'honneur (modèle de l'agence) est obligatoire car "
            + " ; ".join(honour_attestation_cases(candidature))
            + "."
        )
    if element.code == "proxy_component":
        return (
            "La solution logicielle comprend un composant Proxy e-santé : déclarez-en "
            "exactement un."
        )
    if element.code == "eligibility_declaration":
        return "Remplissez le formulaire d'éligibilité."
    if element.if_applicable:
        return (
            f"{element.label} : à renseigner, ou à déclarer « sans objet » s'il ne s'applique pas."
        )
    return f"{element.label} : obligatoire pour ce dispositif."


def element_problems(candidature: Candidature) -> dict[str, list[str]]:
    """Each required or « si applicable » element the dossier still lacks, by form field."""
    declared_na = set(candidature.dossier_details.get(NOT_APPLICABLE) or [])
    problems: dict[str, list[str]] = {}
    for element in candidature.dispositif.dossier_elements:
        if element.required == DossierRequirement.OPTIONAL or _present(candidature, element.code):
            continue
        if element.if_applicable and element.code in declared_na:
            continue
        key = PROBLEM_KEYS.get(element.code, element.code)
        problems.setdefault(key, []).append(_missing_message(element, candidature))
    return problems


def details_problems(dispositif: Dispositif, values: dict) -> dict[str, list[str]]:
    """The values for `dossier_details` are those the dispositif asks for, of their type;
    only « si applicable » elements may be declared « sans objet »."""
    asked = {element.code: element for element in dispositif.dossier_elements}
    problems: dict[str, list[str]] = {}
    for key, value in values.items():
        if key == NOT_APPLICABLE:
            wrong = [
                code
                for code in (value if isinstance(value, list) else [value])
                if code not in asked or not asked[code].if_applicable
            ]
            if wrong or not isinstance(value, list):
                problems[key] = [
                    "Seuls les éléments « si applicable » du dispositif peuvent être déclarés "
                    f"« sans objet » : {', '.join(map(str, wrong))}."
                ]
            continue
        if key not in asked or key not in DETAIL_TYPES:
            problems[key] = [f"Le dispositif {dispositif.code} ne demande pas « {key} »."]
            continue
        expected = DETAIL_TYPES[key]
        if not isinstance(value, expected) or (
            expected is list and not all(isinstance(item, str) for item in value)
        ):
            problems[key] = [f"{asked[key].label} : {TYPE_NAMES[expected]} est attendu."]
    return problems


def dossier_documents_of(candidature: Candidature) -> list[tuple[AskedElement, str]]:
    """The documents the dispositif asks for, each with the file's name (empty: none)."""
    return [
        (element, getattr(candidature, f"{element.code}_name"))
        for element in candidature.dispositif.dossier_elements
        if element.code in DOCUMENTS
    ]
