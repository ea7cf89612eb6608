"""Issue 16 item 2: an account has at most UPLOAD_IN_FLIGHT_MAX_BYTES of request bodies being
received at once, whatever the number of parallel uploads. Each upload request reserves its
length while it runs (one row per request, shared by every web process)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from referencement.accounts.models import User
from referencement.core.locking import for_update
from referencement.files.storage import describe_size

from .models import UploadReservation

# A request still running after this long is a dead process's leftover: it stops counting.
STALE_AFTER = timedelta(hours=6)


def _in_flight(user: User) -> int:
    since = timezone.now() - STALE_AFTER
    rows = UploadReservation.objects.filter(user=user, created_at__gt=since)
    return rows.aggregate(total=Sum("size"))["total"] or 0


def quota_refusal(user: User, size: int) -> str:
    """The French refusal when `size` more bytes would exceed the quota ("" when within)."""
    quota = settings.UPLOAD_IN_FLIGHT_MAX_BYTES
    if _in_flight(user) + size <= quota:
        return ""
    return (
        "Trop d'envois en cours pour votre compte (au plus "
        f"{describe_size(quota)} à la fois). Attendez la fin d'un envoi puis réessayez."
    )


class QuotaExceeded(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def reserve(user: User, size: int) -> int:
    """Reserve `size` bytes for `user`; returns the reservation, QuotaExceeded past the quota.
    The account row is locked so that two parallel requests cannot both take the last bytes."""
    with transaction.atomic():
        for_update(User.objects).filter(pk=user.pk).exists()
        UploadReservation.objects.filter(created_at__lte=timezone.now() - STALE_AFTER).delete()
        message = quota_refusal(user, size)
        if message:
            raise QuotaExceeded(message)
        return UploadReservation.objects.create(user=user, size=size).pk


def release(reservation_id: int) -> None:
    UploadReservation.objects.filter(pk=reservation_id).delete()


@contextmanager
def reservation(user: User, size: int) -> Iterator[None]:
    """`size` bytes reserved for `user` while the block runs."""
    reserved = reserve(user, size)
    try:
        yield
    finally:
        release(reserved)
