from django.urls import path

from . import (
    views_cnda,
    views_countersign,
    views_editor,
    views_reserves,
    views_seating,
    views_sessions,
)

app_name = "college"
urlpatterns = [
    path("college/", views_sessions.session_list_view, name="session_list"),
    path("college/seances/<int:pk>/", views_sessions.session_view, name="session"),
    path(
        "college/seances/<int:pk>/ordre-du-jour/",
        views_sessions.build_agenda_view,
        name="build_agenda",
    ),
    path(
        "college/seances/<int:pk>/decisions/<int:candidature_pk>/",
        views_sessions.decision_view,
        name="decision",
    ),
    path("college/seances/<int:pk>/clore/", views_sessions.close_view, name="close"),
    path("college/seances/<int:pk>/non-tenue/", views_sessions.not_held_view, name="not_held"),
    path("college/seances/<int:pk>/proces-verbal.pdf", views_sessions.minutes_view, name="minutes"),
    path("college/seances/<int:pk>/presences/", views_seating.attendance_view, name="attendance"),
    path(
        "college/decisions/<int:decision_pk>/confirmer/",
        views_seating.confirm_decision_view,
        name="confirm_decision",
    ),
    path(
        "college/decisions/<int:decision_pk>/retirer/",
        views_seating.withdraw_decision_view,
        name="withdraw_decision",
    ),
    path("college/decisions/<int:decision_pk>/lever/", views_seating.lift_view, name="lift"),
    path(
        "college/conventions/<int:candidature_pk>/contresigner/",
        views_countersign.countersign_view,
        name="countersign",
    ),
    path("college/declaration-interets/", views_seating.declaration_view, name="declaration"),
    path(
        "college/candidatures/<int:pk>/attestation-apres-cnda/",
        views_cnda.issue_after_cnda_view,
        name="issue_after_cnda",
    ),
    path("mes-candidatures/<int:pk>/convention/", views_editor.outcome_view, name="editor_outcome"),
    path(
        "mes-candidatures/<int:pk>/convention/projet/",
        views_editor.prepare_view,
        name="prepare_convention",
    ),
    path(
        "mes-candidatures/<int:pk>/convention.pdf",
        views_editor.convention_pdf_view,
        name="convention_pdf",
    ),
    path("mes-candidatures/<int:pk>/convention/redepot/", views_editor.reopen_view, name="reopen"),
    path("candidatures/<int:pk>/reserves/", views_reserves.reserves_view, name="reserves"),
    path(
        "candidatures/<int:pk>/reserves/<int:reserve_pk>/corriger/",
        views_reserves.correction_view,
        name="reserve_correction",
    ),
    path(
        "candidatures/<int:pk>/reserves/pretes/", views_reserves.ready_view, name="reserves_ready"
    ),
    path(
        "candidatures/<int:pk>/reserves/corrections/<int:correction_pk>/avis/",
        views_reserves.judge_view,
        name="reserve_correction_judge",
    ),
    path(
        "candidatures/<int:pk>/reserves/corrections/<int:correction_pk>/",
        views_reserves.correction_file_view,
        name="reserve_correction_file",
    ),
]
