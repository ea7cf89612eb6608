from django.urls import path

from . import views, views_login, views_representative, views_tokens

app_name = "accounts"
urlpatterns = [
    path("connexion/", views_login.login_view, name="login"),
    path("connexion/verification/", views_login.verify_view, name="verify"),
    path("connexion/enrolement/", views_login.enrol_view, name="enrol"),
    path("connexion/codes-de-secours/", views_login.backup_codes_view, name="backup_codes"),
    path("connexion/deverrouiller/<str:token>/", views_login.unlock_view, name="unlock"),
    path(
        "connexion/mot-de-passe-oublie/",
        views_login.password_reset_request_view,
        name="password_reset",
    ),
    path(
        "connexion/mot-de-passe/<str:uidb64>/<str:token>/",
        views_login.password_reset_confirm_view,
        name="password_reset_confirm",
    ),
    path("deconnexion/", views_login.logout_view, name="logout"),
    path("compte/", views.security_view, name="security"),
    path("compte/mot-de-passe/", views.password_change_view, name="password_change"),
    path(
        "compte/codes-de-secours/",
        views.backup_codes_regenerate_view,
        name="backup_codes_regenerate",
    ),
    path("compte/jetons/", views_tokens.api_tokens_view, name="api_tokens"),
    path(
        "compte/jetons/<int:pk>/revoquer/",
        views_tokens.api_token_revoke_view,
        name="api_token_revoke",
    ),
    path("invitation/<str:token>/", views.accept_invitation_view, name="accept_invitation"),
    path("invitations/<int:pk>/annuler/", views.invitation_revoke_view, name="invitation_revoke"),
    path("mon-editeur/", views.my_editor_view, name="my_editor"),
    path("editeurs/<int:pk>/", views.editor_detail_view, name="editor_detail"),
    path("editeurs/<int:pk>/modifier/", views.editor_edit_view, name="editor_edit"),
    path(
        "editeurs/<int:pk>/membres/<int:user_pk>/role/", views.member_role_view, name="member_role"
    ),
    path(
        "editeurs/<int:pk>/membres/<int:user_pk>/retirer/",
        views.member_remove_view,
        name="member_remove",
    ),
    path(
        "editeurs/<int:pk>/representant-legal/",
        views_representative.representative_request_view,
        name="representative_request",
    ),
    path(
        "representants-legaux/<int:request_pk>/justificatif/",
        views_representative.representative_document_view,
        name="representative_document",
    ),
    path(
        "administration/representants-legaux/",
        views_representative.representative_requests_view,
        name="representative_requests",
    ),
    path(
        "administration/representants-legaux/<int:request_pk>/",
        views_representative.representative_decide_view,
        name="representative_decide",
    ),
    path("administration/editeurs/", views.editor_list_view, name="editor_list"),
    path("administration/editeurs/nouveau/", views.editor_create_view, name="editor_create"),
    path("administration/utilisateurs/", views.user_list_view, name="user_list"),
    path("administration/jetons/", views_tokens.all_api_tokens_view, name="all_api_tokens"),
    path(
        "administration/jetons/<int:pk>/revoquer/",
        views_tokens.any_api_token_revoke_view,
        name="any_api_token_revoke",
    ),
    path("administration/utilisateurs/<int:pk>/", views.user_manage_view, name="user_manage"),
    path(
        "administration/utilisateurs/<int:pk>/college/",
        views.user_college_seat_view,
        name="user_college_seat",
    ),
    path(
        "administration/utilisateurs/<int:pk>/2fa/",
        views.user_reset_2fa_view,
        name="user_reset_2fa",
    ),
]
