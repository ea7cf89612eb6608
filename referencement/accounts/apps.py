from django.apps import AppConfig


def _admin_panel(request) -> dict:
    from referencement.catalog.models import Dispositif

    from .models import Editor, Invitation, RepresentativeRequest, User

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


class AccountsConfig(AppConfig):
    name = "referencement.accounts"
    label = "accounts"
    verbose_name = "Comptes"

    def ready(self) -> None:
        from referencement.core.home import HomePanel, register_panel

        register_panel(
            HomePanel(
                template="accounts/home_panel_admin.html",
                visible=lambda user: getattr(user, "is_agency_admin", False),
                context=_admin_panel,
                order=10,
            )
        )
