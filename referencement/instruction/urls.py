from django.urls import path

from . import (
    views_assignment,
    views_candidature,
    views_editor,
    views_field_test,
    views_queue,
    views_sanction,
)

app_name = "instruction"
urlpatterns = [
    path("instruction/", views_queue.queue_view, name="queue"),
    path(
        "administration/instructeurs/",
        views_assignment.assignment_list_view,
        name="assignments",
    ),
    path(
        "administration/instructeurs/<int:pk>/",
        views_assignment.assignment_edit_view,
        name="assignment",
    ),
    path("instruction/<int:pk>/commencer/", views_queue.start_view, name="start"),
    path("instruction/<int:pk>/", views_candidature.candidature_view, name="candidature"),
    path(
        "instruction/<int:pk>/versions/<int:version_pk>/avis/",
        views_candidature.verdict_view,
        name="verdict",
    ),
    path(
        "instruction/<int:pk>/versions/<int:version_pk>/ouvrir/",
        views_candidature.open_version_view,
        name="open_version",
    ),
    path(
        "instruction/<int:pk>/chapitres/<str:chapter_key>/conforme/",
        views_candidature.chapter_conforme_view,
        name="chapter_conforme",
    ),
    path(
        "instruction/<int:pk>/sollicitation/",
        views_candidature.solicitation_view,
        name="solicitation",
    ),
    path("instruction/<int:pk>/terminer/", views_candidature.complete_view, name="complete"),
    path(
        "instruction/<int:pk>/preuves/<int:evidence_pk>/redepot/",
        views_candidature.require_redeposit_view,
        name="require_redeposit",
    ),
    path(
        "instruction/<int:pk>/preuves/<int:evidence_pk>/equivalence/",
        views_candidature.equivalence_view,
        name="equivalence",
    ),
    path(
        "instruction/<int:pk>/clore-echanges/",
        views_candidature.close_exchanges_view,
        name="close_exchanges",
    ),
    path(
        "instruction/<int:pk>/charte/<str:kind>/",
        views_sanction.sanction_view,
        name="sanction",
    ),
    path(
        "instruction/<int:pk>/session-de-tests/<int:session_pk>/confirmer/",
        views_field_test.confirm_view,
        name="field_test_confirm",
    ),
    path(
        "instruction/<int:pk>/session-de-tests/<int:session_pk>/autre-date/",
        views_field_test.decline_view,
        name="field_test_decline",
    ),
    path(
        "instruction/<int:pk>/session-de-tests/<int:session_pk>/resultats/",
        views_field_test.results_view,
        name="field_test_results",
    ),
    path(
        "mes-candidatures/<int:pk>/instruction/",
        views_editor.editor_candidature_view,
        name="editor_candidature",
    ),
    path(
        "mes-candidatures/<int:pk>/instruction/session-de-tests/",
        views_field_test.propose_view,
        name="field_test_propose",
    ),
    path(
        "mes-candidatures/<int:pk>/instruction/sollicitations/<int:solicitation_pk>/repondre/",
        views_editor.answer_view,
        name="answer",
    ),
]
