from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("reunions/", views.meeting_list, name="list"),
    path("reunions/<int:pk>/", views.meeting_detail, name="detail"),
    path("reunions/<int:pk>/points/", views.item_propose, name="item_propose"),
    path("reunions/<int:pk>/points/<int:item_pk>/arbitrer/", views.item_decide, name="item_decide"),
    path("reunions/<int:pk>/points/<int:item_pk>/deplacer/", views.item_move, name="item_move"),
    path("reunions/<int:pk>/points/<int:item_pk>/modifier/", views.item_edit, name="item_edit"),
    path(
        "reunions/<int:pk>/points/<int:item_pk>/decision/",
        views.item_decision,
        name="item_decision",
    ),
    path("reunions/<int:pk>/ordre/", views.agenda_reorder, name="reorder"),
    path("reunions/<int:pk>/suggestions/ajouter/", views.suggestion_add, name="suggestion_add"),
    path(
        "reunions/<int:pk>/suggestions/ecarter/",
        views.suggestion_dismiss,
        name="suggestion_dismiss",
    ),
    path("reunions/<int:pk>/publier/", views.agenda_publish, name="publish"),
    path("reunions/<int:pk>/invites/", views.guests_update, name="guests"),
    path("reunions/<int:pk>/deplacer/", views.meeting_move, name="move"),
    path("reunions/<int:pk>/annuler/", views.meeting_cancel, name="cancel"),
    path("reunions/<int:pk>/presences/", views.attendance_save, name="attendance"),
    path("reunions/<int:pk>/actions/", views.action_add, name="action_add"),
    path("reunions/actions/<int:action_pk>/clore/", views.action_close, name="action_close"),
    path("reunions/<int:pk>/ordre-du-jour.pdf", views.agenda_document, name="agenda_pdf"),
    path("reunions/<int:pk>/releve-de-decisions.pdf", views.minutes_document, name="minutes_pdf"),
    path("reunions/<int:pk>/imprimer/", views.print_view, name="print"),
    path("reunions/<int:pk>/reunion.ics", views.meeting_ics, name="ics"),
    path("reunions/abonnement/<str:token>.ics", views.calendar_feed, name="feed"),
    path("reunions/abonnement/regenerer/", views.calendar_token_regenerate, name="feed_regenerate"),
]
