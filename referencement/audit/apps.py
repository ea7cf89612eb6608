from datetime import timedelta

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "referencement.audit"
    label = "audit"
    verbose_name = "Journal d'audit"

    def ready(self) -> None:
        from referencement.core.periodic import register_sweep

        from .timestamping import anchor_and_timestamp

        # Issue 16 item 5: the chain head is anchored outside the database at least hourly
        # (and time-stamped where an RFC 3161 authority is configured).
        register_sweep("audit.anchor", timedelta(hours=1), anchor_and_timestamp)
