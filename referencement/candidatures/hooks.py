"""What candidatures (and evidence) ask of the apps above them (issue 12): each connects its
answer in its `ready()`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet

from referencement.core.hooks import Hook


@dataclass(frozen=True)
class InstructionAnswers:
    # Issue 15 item 6: the candidatures of an instructor's dispositifs; all for other staff.
    assigned_scope: Callable[[QuerySet, object], QuerySet]
    # What the scoped lists tell the user about their scope (narrowed, unassigned).
    scope_notice: Callable[[object], dict]


@dataclass(frozen=True)
class CollegeAnswers:
    # 004 §4.5: the decisions whose non-blocking reserves are still to lift, latest first.
    pending_reserves: Callable[[], QuerySet]


@dataclass(frozen=True)
class RegistryAnswers:
    # The candidature's valid attestation; None when it is not (or no longer) referenced.
    valid_attestation: Callable[[object], object | None]
    # 001 §3.1, 003 §3.1: the attestation of a claimed number, whatever its status.
    attestation_numbered: Callable[[str], object | None]
    # Issue 12 item 5: a referenced candidature its editor withdraws ends its attestation.
    withdraw_referenced: Callable[..., object]


instruction = Hook[InstructionAnswers]("instruction")
college = Hook[CollegeAnswers]("college")
registry = Hook[RegistryAnswers]("registry")
