"""Test helpers for API tokens: a token created as the token page does, right after a
second-factor check."""

from __future__ import annotations

from django.utils import timezone

from .actions import create_api_token
from .choices import TokenScope
from .models import ApiToken, User


def issue_api_token(
    user: User, *, name: str = "CI", scopes: list[str] | None = None
) -> tuple[ApiToken, str]:
    """A token with both scopes unless told otherwise; returns the row and the clear token."""
    return create_api_token(
        user,
        name=name,
        scopes=list(TokenScope.values) if scopes is None else scopes,
        second_factor_at=timezone.now(),
    )
