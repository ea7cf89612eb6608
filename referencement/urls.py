from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from referencement.api import api, api_not_found

handler400 = "referencement.core.views.bad_request"
handler403 = "referencement.core.views.permission_denied"
handler404 = "referencement.core.views.page_not_found"
handler500 = "referencement.core.views.server_error"

urlpatterns = [
    # The technical admin has no login page of its own: the platform's two-step login is it.
    path("django-admin/login/", RedirectView.as_view(url="/connexion/?next=/django-admin/")),
    path("django-admin/", admin.site.urls),
    path("api/v1/", api.urls),
    # Whatever the API's routes do not match still answers in the API's JSON shape.
    re_path(r"^api/", api_not_found),
    path("", include("referencement.accounts.urls")),
    path("", include("referencement.candidatures.urls")),
    path("", include("referencement.evidence.urls")),
    path("", include("referencement.core.urls")),
    path("", include("referencement.catalog.urls")),
    path("", include("referencement.notifications.urls")),
    path("", include("referencement.instruction.urls")),
    path("", include("referencement.college.urls")),
    path("", include("referencement.registry.urls")),
    path("", include("referencement.dashboard.urls")),
]
