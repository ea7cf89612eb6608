from __future__ import annotations

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "referencement.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from referencement.core.home import HomePanel, register_panel
        from referencement.core.navigation import NavEntry, register_nav

        from .queries import unread_count

        register_nav(NavEntry("Notifications", "notifications:inbox", _authenticated))
        register_panel(
            HomePanel(
                template="notifications/home_panel.html",
                visible=_authenticated,
                context=lambda request: {"unread": unread_count(request.user)},
                order=10,
            )
        )


def _authenticated(user) -> bool:
    return getattr(user, "is_authenticated", False)
