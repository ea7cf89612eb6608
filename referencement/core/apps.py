from datetime import timedelta

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "referencement.core"
    label = "core"
    verbose_name = "Plateforme"

    def ready(self) -> None:
        from django.contrib import admin
        from django_otp.admin import OTPAdminSite

        # The technical admin requires a session verified by the second factor.
        admin.site.__class__ = OTPAdminSite
        admin.site.site_header = "Référencement — administration technique"

        from .idempotency import purge_expired_keys
        from .periodic import register_sweep

        register_sweep("core.idempotency_keys", timedelta(hours=1), purge_expired_keys)
