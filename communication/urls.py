from django.urls import path

from communication import views

app_name = "communication"

urlpatterns = [
    path("annonces/", views.announcement_list, name="announcements"),
    path("annonces/nouvelle/", views.announcement_create, name="announcement_create"),
    path("annonces/<int:pk>/", views.announcement_detail, name="announcement"),
    path("annonces/<int:pk>/modifier/", views.announcement_edit, name="announcement_edit"),
    path(
        "annonces/<int:pk>/prise-de-connaissance/",
        views.announcement_acknowledge,
        name="announcement_acknowledge",
    ),
    path("annonces/<int:pk>/relais/", views.announcement_relay, name="announcement_relay"),
    path("annonces/<int:pk>/relancer/", views.announcement_remind, name="announcement_remind"),
    path("annonces/<int:pk>/masquer-le-bandeau/", views.banner_dismiss, name="banner_dismiss"),
    path("auditorium/", views.session_list, name="sessions"),
    path("auditorium/nouvelle/", views.session_create, name="session_create"),
    path("auditorium/<int:pk>/", views.session_detail, name="session"),
    path("auditorium/<int:pk>/modifier/", views.session_edit, name="session_edit"),
    path("auditorium/<int:pk>/inscription/", views.session_register, name="session_register"),
    path(
        "auditorium/<int:pk>/desinscription/", views.session_unregister, name="session_unregister"
    ),
    path("auditorium/<int:pk>/confirmer/", views.session_confirm, name="session_confirm"),
    path("auditorium/<int:pk>/question/", views.session_question, name="session_question"),
    path("auditorium/<int:pk>/presences/", views.session_attendance, name="session_attendance"),
    path("auditorium/<int:pk>/documents/", views.session_material, name="session_material"),
    path("auditorium/<int:pk>/support/", views.session_slides, name="session_slides"),
    path("auditorium/<int:pk>/seance.ics", views.session_ics, name="session_ics"),
    path("auditorium/<int:pk>/emargement.pdf", views.session_sheet, name="session_sheet"),
]
