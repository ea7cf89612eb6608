"""The second factor, checked at login and again before each sensitive act.

Issue 16: every « fresh second factor » step — creating an API token, signing or
countersigning a convention, accepting a charter — calls `confirm_second_factor`, with one
policy: the person types a code of their authentication application (TOTP) or one of their
unused backup codes, as at login. A backup code is the documented way in when the phone is
lost, so refusing it at a signature would lock the representative out of a deadline; it is
used up by the check and never works twice. A wrong code counts as a failed login (the
account locks at the limit) and a locked account is refused whatever the code. The audit
log says which kind of code was used, never the code.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from referencement.audit.actions import record
from referencement.core.locking import for_update

from .actions import LoginRefused, lock_message, register_failure
from .models import User

WRONG_CODE = "Code de vérification incorrect ou expiré."


def _matching_device(user: User, token: str) -> Device | None:
    """The authenticator or backup-code device that accepts `token` (a backup code is
    consumed by the match), or None."""
    token = token.strip().replace(" ", "")
    devices = [
        *TOTPDevice.objects.devices_for_user(user),
        *StaticDevice.objects.devices_for_user(user),
    ]
    return next((device for device in devices if device.verify_token(token)), None)


def _kind(device: Device) -> str:
    return "backup_code" if isinstance(device, StaticDevice) else "totp"


def _check(user: User, token: str) -> tuple[User, Device | None, str | None]:
    """Inside a transaction: the locked row, the matching device, or why it is refused."""
    user = for_update(User.objects).get(pk=user.pk)
    if user.is_locked(timezone.now()):
        return user, None, lock_message(user)
    device = _matching_device(user, token)
    if device is None:
        register_failure(user, reason="second_factor")
        return user, None, lock_message(user) if user.is_locked(timezone.now()) else WRONG_CODE
    user.failed_login_count = 0
    user.locked_until = None
    return user, device, None


def verify_second_factor(user: User, token: str) -> Device:
    """Second login step: a TOTP code or an unused backup code. Returns the device."""
    with transaction.atomic():
        user, device, refusal = _check(user, token)
        if device is not None:
            user.last_login = timezone.now()
            user.save(update_fields=["failed_login_count", "locked_until", "last_login"])
            record(
                "login.succeeded", actor=user, subject=user, new={"second_factor": _kind(device)}
            )
    if refusal:
        raise LoginRefused(refusal)
    return device


def confirm_second_factor(user: User, token: str) -> datetime:
    """The person re-proves their identity before a sensitive act (policy above); returns
    when, for acts that accept a check made a few minutes earlier. Raises a ValidationError
    on the « code » field otherwise."""
    with transaction.atomic():
        user, device, refusal = _check(user, token)
        if device is not None:
            user.save(update_fields=["failed_login_count", "locked_until"])
            record("2fa.confirmed", actor=user, subject=user, new={"second_factor": _kind(device)})
    if refusal:
        raise ValidationError({"code": refusal})
    return timezone.now()
