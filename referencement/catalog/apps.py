from __future__ import annotations

from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "referencement.catalog"
    label = "catalog"
    verbose_name = "Dispositifs et catalogues"

    def ready(self) -> None:
        from referencement.core.home import HomePanel, register_panel
        from referencement.core.navigation import NavEntry, register_nav

        register_nav(NavEntry("Dispositifs", "catalog:dispositif_list", _everyone))
        register_nav(NavEntry("Catalogues REM", "catalog:rem_upload", _agency_admin))
        # The administration panel counts dispositifs and accounts: the catalog sits above
        # the accounts, so it is the one app that sees both (issue 12).
        register_panel(
            HomePanel(
                template="catalog/home_panel_admin.html",
                visible=_agency_admin,
                context=_admin_panel,
                order=10,
            )
        )


def _admin_panel(request) -> dict:
    from referencement.accounts.models import Editor, Invitation, RepresentativeRequest, User

    from .models import Dispositif

    return {
        "dispositifs": Dispositif.objects.count(),
        "users": User.objects.filter(is_active=True).count(),
        "invitations": Invitation.objects.filter(
            accepted_at__isnull=True, revoked_at__isnull=True
        ).count(),
        "editors": Editor.objects.count(),
        "representatives": RepresentativeRequest.objects.filter(
            status=RepresentativeRequest.Status.PENDING
        ).count(),
    }


def _everyone(user) -> bool:
    return True


def _agency_admin(user) -> bool:
    return getattr(user, "is_agency_admin", False)
