"""The instruction workbench of one candidature (issue 10 item 3): its evidence grouped by
REM chapter, with per-chapter counts, each item's requirement statement, scenario and
expected proof, and the field-test results of its requirement. A constant number of
queries whatever the size of the dossier."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from django.core.paginator import Paginator

from referencement.evidence.choices import ConformityStatus
from referencement.evidence.equivalence import equivalence_check
from referencement.evidence.expected import EXTRA_CHAPTER_TITLE, chapter_progress
from referencement.evidence.models import Evidence, EvidenceVersion

from .choices import ItemState, VerdictValue
from .models import FieldTestResult, InstructionRecord, OpenedVersion, Verdict
from .rules import ACCEPTED_VERDICTS, is_assessed

PAGE_SIZE = 25
# The key of the evidence outside the REM chapters (extra mandatory evidence).
OUTSIDE_REM = "hors-rem"
# « Vérifiée automatiquement sans erreur »: a check that ran and found no error.
CHECKED_WITHOUT_ERROR = frozenset({ConformityStatus.PASSED, ConformityStatus.WARNINGS})


@dataclass
class Item:
    evidence: Evidence
    version: object
    opened: bool
    field_results: list = field(default_factory=list)

    @property
    def spec(self):
        return self.evidence.spec

    @property
    def scenario(self):
        return self.spec.scenario if self.spec else None

    @property
    def requirement(self):
        if self.spec:
            return self.spec.scenario.requirement
        return self.evidence.requirement

    @property
    def chapter(self):
        requirement = self.requirement
        return requirement.chapter if requirement else None

    @property
    def chapter_key(self) -> str:
        chapter = self.chapter
        return str(chapter.pk) if chapter else OUTSIDE_REM

    @property
    def assessed(self) -> bool:
        return is_assessed(self.evidence)

    @property
    def verdict(self):
        return getattr(self.version, "verdict", None) if self.version else None

    @cached_property
    def state(self) -> str:
        if not self.assessed:
            return ItemState.NOT_ASSESSED
        if self.version is None or self.awaits_redeposit:
            return ItemState.AWAITING_EDITOR
        verdict = self.verdict
        if verdict is None:
            return ItemState.TO_JUDGE
        if verdict.value in ACCEPTED_VERDICTS:
            return ItemState.CONFORME
        return ItemState.NON_CONFORME

    @property
    def awaits_redeposit(self) -> bool:
        """Reopened (issue 14) and nothing deposited since: the version shown is for reference."""
        return self.evidence.awaits_redeposit(self.version.number if self.version else 0)

    @property
    def inherited(self):
        """The deposit carried forward from the referenced version, when it is the latest."""
        return self.version if self.version and self.version.inherited_from_id else None

    @cached_property
    def equivalence_refusal(self) -> str | None:
        """003 §3.1: the registry check of the claimed referencing, run again for the
        instructor (None: the claim holds)."""
        evidence = self.evidence
        return equivalence_check(evidence.candidature, self, evidence.equivalence_reference)

    @property
    def shown_inline(self) -> bool:
        """A text deposit (test execution ID…) is read on the page itself."""
        return self.version is not None and self.version.blob_id is None

    @property
    def may_confirm_in_bulk(self) -> bool:
        """Issue 10 item 3: « tout le chapitre conforme » covers only versions already
        opened by the agency, read on the page, or checked automatically without error."""
        return self.state == ItemState.TO_JUDGE and (
            self.opened
            or self.shown_inline
            or self.version.conformity_status in CHECKED_WITHOUT_ERROR
        )


@dataclass
class ChapterGroup:
    key: str
    title: str
    code: str
    order: tuple
    field_test: bool = False
    items: list[Item] = field(default_factory=list)
    missing: list = field(default_factory=list)

    @cached_property
    def counts(self) -> Counter:
        counts = Counter(item.state for item in self.items)
        counts[ItemState.AWAITING_EDITOR] += len(self.missing)
        return counts

    @property
    def to_judge(self) -> int:
        return self.counts[ItemState.TO_JUDGE]

    @property
    def conforme(self) -> int:
        return self.counts[ItemState.CONFORME]

    @property
    def non_conforme(self) -> int:
        return self.counts[ItemState.NON_CONFORME]

    @property
    def awaiting_editor(self) -> int:
        return self.counts[ItemState.AWAITING_EDITOR]

    @property
    def confirmable(self) -> list[Item]:
        return [item for item in self.items if item.may_confirm_in_bulk]


def _items(candidature) -> list[Item]:
    evidence = list(
        Evidence.objects.filter(candidature=candidature)
        .select_related("spec__scenario__requirement__chapter", "requirement__chapter", "extra")
        .select_related("reopened_for")
        .order_by("pk")
    )
    # The latest version of each item in one query (a prefetch builds one queryset per item).
    latest = {}
    for version in (
        EvidenceVersion.objects.filter(evidence__candidature=candidature)
        .select_related("verdict", "blob", "inherited_from__verdict")
        .order_by("evidence_id", "number")
    ):
        latest[version.evidence_id] = version
    opened = set(
        OpenedVersion.objects.filter(version__evidence__candidature=candidature).values_list(
            "version_id", flat=True
        )
    )
    results: dict[int, list] = {}
    for result in FieldTestResult.objects.filter(session__candidature=candidature).select_related(
        "session"
    ):
        results.setdefault(result.requirement_id, []).append(result)
    items = []
    for item in evidence:
        version = latest.get(item.pk)
        row = Item(item, version, opened=version is not None and version.pk in opened)
        requirement = row.requirement
        row.field_results = results.get(requirement.pk, []) if requirement else []
        items.append(row)
    return items


def _sort_key(item: Item) -> tuple:
    requirement = item.requirement
    spec = item.spec
    return (
        requirement.order if requirement else 0,
        requirement.code if requirement else item.evidence.code,
        spec.scenario.order if spec else 0,
        spec.order if spec else 0,
        item.evidence.code,
    )


def chapters(candidature) -> list[ChapterGroup]:
    """Every chapter with deposited or expected evidence, in the REM's order."""
    groups: dict[str, ChapterGroup] = {}

    def group(chapter) -> ChapterGroup:
        key = str(chapter.pk) if chapter else OUTSIDE_REM
        if key not in groups:
            groups[key] = ChapterGroup(
                key=key,
                title=chapter.title if chapter else EXTRA_CHAPTER_TITLE,
                code=chapter.code if chapter else "",
                order=(chapter is None, chapter.order if chapter else 0, key),
                field_test=bool(chapter and chapter.field_test),
            )
        return groups[key]

    for item in sorted(_items(candidature), key=_sort_key):
        group(item.chapter).items.append(item)
    for progress in chapter_progress(candidature):
        group(progress.chapter).missing.extend(
            expected for expected in progress.missing if expected.evidence is None
        )
    return sorted(groups.values(), key=lambda g: g.order)


@dataclass
class Workbench:
    chapters: list[ChapterGroup]
    current: ChapterGroup | None
    unjudged_only: bool
    page: object

    @property
    def to_judge(self) -> int:
        return sum(chapter.to_judge for chapter in self.chapters)


def workbench(candidature, *, chapter_key: str = "", unjudged_only=False, page=None) -> Workbench:
    groups = chapters(candidature)
    by_key = {group.key: group for group in groups}
    current = by_key.get(chapter_key) or next(
        (group for group in groups if group.to_judge), groups[0] if groups else None
    )
    items = current.items if current else []
    if unjudged_only:
        items = [item for item in items if item.state == ItemState.TO_JUDGE]
    return Workbench(groups, current, unjudged_only, Paginator(items, PAGE_SIZE).get_page(page))


def find_item(bench: Workbench, evidence_pk: int) -> Item | None:
    for group in bench.chapters:
        for item in group.items:
            if item.evidence.pk == evidence_pk:
                return item
    return None


@dataclass
class InstructionSummary:
    """What the collège reads on an agenda card (issue 10 item 4)."""

    counts: Counter
    non_conformities: list
    solicitations: list
    field_results: Counter
    proposal: str


def instruction_summary(candidature) -> InstructionSummary:
    items = _items(candidature)
    non_conformities = (
        Verdict.objects.filter(
            version__evidence__candidature=candidature, value=VerdictValue.NON_CONFORME
        )
        .select_related("version__evidence__spec", "version__evidence__extra")
        .select_related("version__evidence__requirement")
        .order_by("decided_at")
    )
    record = InstructionRecord.objects.filter(candidature=candidature).first()
    return InstructionSummary(
        counts=Counter(item.state for item in items),
        non_conformities=list(non_conformities),
        solicitations=list(candidature.solicitations.order_by("asked_at")),
        field_results=Counter(
            FieldTestResult.objects.filter(session__candidature=candidature).values_list(
                "outcome", flat=True
            )
        ),
        proposal=record.proposal if record else "",
    )
