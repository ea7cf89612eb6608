"""The expected evidence of a candidature, computed from the catalogue (001 §4.4, 003 §4.3,
004 §4.3): every evidence spec of the applicable requirements of the chosen profiles (a
requirement whose REM has no spec yet stands for one item), plus the dispositif's extra
mandatory evidence. Nothing is written here: Evidence rows appear at the first deposit.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q

from referencement.candidatures.models import Candidature
from referencement.catalog.choices import CatalogStatus, EvidenceType
from referencement.catalog.models import Chapter, EvidenceSpec, ExtraEvidence, Requirement
from referencement.catalog.rules import applicable_extra_evidence, applicable_requirements

from .choices import ConformityStatus, ItemStatus
from .models import Evidence, EvidenceVersion
from .upload_limits import upload_hint

EXTRA_CHAPTER_TITLE = "Preuves complémentaires (hors REM)"
EXTRA_CHAPTER_CODE = "complementaires"


@dataclass
class ExpectedItem:
    code: str
    label: str
    kind: str  # "spec" | "requirement" | "extra"
    target_id: int
    chapter: Chapter | None
    evidence_type: str = ""
    evidence: Evidence | None = None
    requirement: Requirement | None = None
    scenario_code: str = ""
    scenario_text: str = ""
    proof_text: str = ""
    is_video: bool = False
    # 001 §4.4: the catalogue marks the items that may still arrive after Date 3.
    late_deposit: bool = False

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.target_id)

    @property
    def evidence_field(self) -> str:
        """The Evidence field that points at this item's target."""
        return {"spec": "spec_id", "requirement": "requirement_id", "extra": "extra_id"}[self.kind]

    @property
    def anchor(self) -> str:
        """The row's HTML id, where the page returns after a deposit."""
        return "preuve-" + re.sub(r"[^A-Za-z0-9_-]", "-", self.code)

    @property
    def statement(self) -> str:
        """The requirement's statement (empty until the catalogue publishes it)."""
        return self.requirement.text if self.requirement else ""

    @property
    def upload_hint(self) -> str:
        return upload_hint(self.is_video)

    @property
    def latest(self) -> EvidenceVersion | None:
        versions = self.evidence.versions.all() if self.evidence else []
        return versions[0] if versions else None

    @property
    def version_count(self) -> int:
        return getattr(self.evidence, "version_count", 0) if self.evidence else 0

    @property
    def deposited(self) -> bool:
        """Deposited since the item was last reopened, if it was (issue 14)."""
        return self.version_count > (self.evidence.reopened_after if self.evidence else 0)

    @property
    def reopened(self) -> bool:
        return self.evidence is not None and self.evidence.reopened_at is not None

    @property
    def inherited(self) -> EvidenceVersion | None:
        """The carried-forward deposit of the referenced version, if this item has one."""
        versions = self.evidence.versions.all() if self.evidence else []
        return next((v for v in versions if v.inherited_from_id), None)

    @property
    def required(self) -> bool:
        """001 §4.1: evidence validated in a previous referencing is not required, unless
        the agency demands it."""
        return self.evidence is None or self.evidence.is_required

    @property
    def missing(self) -> bool:
        return self.required and not self.deposited

    @property
    def to_correct(self) -> bool:
        """The instructor judged the latest version non conforme (001 §4.4, 004 §4.4)."""
        verdict = getattr(self.latest, "verdict", None) if self.latest else None
        return verdict is not None and verdict.value == "non_conforme"

    @property
    def failed_check(self) -> bool:
        """The automatic conformity check found errors in the latest version (DESIGN §5)."""
        return self.latest is not None and self.latest.conformity_status == ConformityStatus.FAILED

    @property
    def status(self) -> ItemStatus:
        if not self.required:
            return ItemStatus.EQUIVALENCE
        if not self.deposited:
            return ItemStatus.TO_REDEPOSIT if self.reopened else ItemStatus.MISSING
        if self.to_correct:
            return ItemStatus.TO_CORRECT
        if self.failed_check:
            return ItemStatus.NON_CONFORM
        if self.latest.conformity_status == ConformityStatus.PENDING:
            return ItemStatus.CHECKING
        if self.latest.conformity_status == ConformityStatus.UNVERIFIABLE:
            # A check that could not run never reads as a pass (issue 13).
            return ItemStatus.UNVERIFIABLE
        return ItemStatus.DEPOSITED


@dataclass
class ChapterProgress:
    chapter: Chapter | None
    items: list[ExpectedItem] = field(default_factory=list)
    submitted_at: object = None

    @property
    def code(self) -> str:
        return self.chapter.code if self.chapter else ""

    @property
    def slug(self) -> str:
        """The chapter's value in the page's query string (the extra evidence has none)."""
        return self.code or EXTRA_CHAPTER_CODE

    @property
    def title(self) -> str:
        return self.chapter.title if self.chapter else EXTRA_CHAPTER_TITLE

    @property
    def required(self) -> int:
        return sum(1 for item in self.items if item.required)

    @property
    def deposited(self) -> int:
        return sum(1 for item in self.items if item.required and item.deposited)

    @property
    def missing(self) -> list[ExpectedItem]:
        return [item for item in self.items if item.missing]

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def percent(self) -> int:
        return int(100 * self.deposited / self.required) if self.required else 100


def _evidence_key(evidence: Evidence) -> tuple[str, int]:
    if evidence.spec_id:
        return ("spec", evidence.spec_id)
    if evidence.extra_id:
        return ("extra", evidence.extra_id)
    return ("requirement", evidence.requirement_id)


def existing_evidence(
    candidature: Candidature, item: ExpectedItem | None = None
) -> dict[tuple[str, int], Evidence]:
    """The candidature's Evidence rows by item key: all of them, or only `item`'s."""
    versions = EvidenceVersion.objects.select_related(
        "blob", "verdict", "inherited_from__verdict", "inherited_from__evidence__candidature"
    )
    rows = candidature.evidence.annotate(version_count=Count("versions")).prefetch_related(
        Prefetch("versions", queryset=versions)
    )
    rows = rows.select_related("spec", "extra", "requirement", "reopened_for")
    if item is not None:
        rows = rows.filter(**{item.evidence_field: item.target_id})
    return {_evidence_key(e): e for e in rows}


def _requirement_items(candidature: Candidature, code: str | None = None) -> list[ExpectedItem]:
    """Every requirement's items, or with `code` only those of the requirements that could
    give an item of that code (theirs, or one of their proofs')."""
    requirements = applicable_requirements(candidature.dispositif, candidature.profiles.all())
    if code is not None:
        requirements = requirements.filter(Q(code=code) | Q(scenarios__evidence_specs__code=code))
    requirements = list(requirements)
    specs = defaultdict(list)
    for spec in (
        EvidenceSpec.objects.filter(
            scenario__requirement__in=requirements,
            status=CatalogStatus.ACTIVE,
            scenario__status=CatalogStatus.ACTIVE,
        )
        .select_related("scenario")
        .order_by("scenario__order", "scenario__code", "order", "code")
    ):
        specs[spec.scenario.requirement_id].append(spec)
    items = []
    for requirement in requirements:
        for spec in specs.get(requirement.pk, []):
            items.append(
                ExpectedItem(
                    spec.code,
                    spec.text or f"Preuve {spec.code} de l'exigence {requirement.code}",
                    "spec",
                    spec.pk,
                    requirement.chapter,
                    spec.get_evidence_type_display(),
                    requirement=requirement,
                    scenario_code=spec.scenario.code,
                    scenario_text=spec.scenario.text,
                    proof_text=spec.text,
                    is_video=spec.evidence_type == EvidenceType.VIDEO,
                )
            )
        if requirement.pk not in specs:
            items.append(_requirement_item(requirement))
    return items


def _requirement_item(requirement: Requirement) -> ExpectedItem:
    label = requirement.text or requirement.function or "Preuve de conformité à l'exigence"
    return ExpectedItem(
        requirement.code,
        label,
        "requirement",
        requirement.pk,
        requirement.chapter,
        requirement=requirement,
    )


def _extra_item(extra: ExtraEvidence) -> ExpectedItem:
    return ExpectedItem(
        extra.code,
        extra.label,
        "extra",
        extra.pk,
        None,
        "Document",
        late_deposit=extra.late_deposit,
    )


def catalogue_items(candidature: Candidature, code: str | None = None) -> list[ExpectedItem]:
    """The expected items in the catalogue's order (with `code`, only those of that code),
    their evidence not read."""
    items = _requirement_items(candidature, code)
    extras = applicable_extra_evidence(candidature.dispositif, candidature.profiles.all())
    items += [_extra_item(extra) for extra in extras]
    return items if code is None else [item for item in items if item.code == code]


def expected_items(candidature: Candidature) -> list[ExpectedItem]:
    items = catalogue_items(candidature)
    existing = existing_evidence(candidature)
    for item in items:
        item.evidence = existing.get(item.key)
    return items


def find_item(candidature: Candidature, code: str) -> ExpectedItem | None:
    """The item of this code, with its evidence; a deposit reads only that one item's
    evidence, and builds only the items of the requirements that could bear this code (a
    dossier's ~160 items read or built on each deposit made filling it quadratic)."""
    matches = catalogue_items(candidature, code.strip())
    if len(matches) != 1:
        return None
    item = matches[0]
    item.evidence = existing_evidence(candidature, item).get(item.key)
    return item


def out_of_scope_evidence(candidature: Candidature, items: list[ExpectedItem]) -> list[Evidence]:
    """Evidence of profiles since removed: kept and visible, no longer required (001 §4.3)."""
    expected = {item.key for item in items}
    return [e for key, e in existing_evidence(candidature).items() if key not in expected]


def chapter_progress(candidature: Candidature, items: list[ExpectedItem] | None = None):
    items = expected_items(candidature) if items is None else items
    submitted = {s.chapter_id: s.submitted_at for s in candidature.chapter_submissions.all()}
    groups: dict[int | None, ChapterProgress] = {}
    for item in items:
        key = item.chapter.pk if item.chapter else None
        if key not in groups:
            groups[key] = ChapterProgress(item.chapter, submitted_at=submitted.get(key))
        groups[key].items.append(item)
    return sorted(
        groups.values(),
        key=lambda g: (g.chapter is None, g.chapter.order if g.chapter else 0, g.code),
    )
