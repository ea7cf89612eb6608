"""Answers a lower app needs from an app above it (issue 12): the upper app connects its
answer in its `ready()`, so the lower app never imports it and no import circle forms."""

from __future__ import annotations

from typing import Generic, TypeVar

from django.core.exceptions import ImproperlyConfigured

T = TypeVar("T")


class Hook(Generic[T]):
    def __init__(self, answered_by: str) -> None:
        self.answered_by = answered_by
        self._answer: T | None = None

    def connect(self, answer: T) -> None:
        self._answer = answer

    def __call__(self) -> T:
        if self._answer is None:
            raise ImproperlyConfigured(f"{self.answered_by} has not connected its answer.")
        return self._answer
