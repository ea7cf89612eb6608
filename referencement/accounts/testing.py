"""Test helpers for the second factor and API tokens: a fresh code for a sensitive act, a
token created as the token page does, right after a second-factor check."""

from __future__ import annotations

import secrets

from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from .actions import create_api_token
from .choices import TokenScope
from .models import ApiToken, User


def one_time_code(user: User) -> str:
    """A fresh backup code: a TOTP code is refused the second time in a frozen minute."""
    device, _ = StaticDevice.objects.get_or_create(user=user, defaults={"name": "secours"})
    return StaticToken.objects.create(device=device, token=secrets.token_hex(4)).token


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
