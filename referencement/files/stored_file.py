"""A stored file as people open it: its Blob, its name, its label, and what the audit event
of a read is about."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from .models import Blob


@dataclass(frozen=True)
class StoredFile:
    blob: Blob
    filename: str
    label: str
    subject: models.Model  # what the audit event of a read is about
