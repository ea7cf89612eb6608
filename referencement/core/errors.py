"""Refusals of the actions that are neither bad input (ValidationError, 400) nor a missing
right (PermissionDenied, 403): the candidature's state or the calendar forbids it (409)."""

from __future__ import annotations


class Conflict(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
