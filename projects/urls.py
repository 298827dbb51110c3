from django.urls import path

from projects import views

app_name = "projects"

urlpatterns = [
    path("projets/", views.project_list, name="list"),
    path("projets/export.<str:fmt>", views.project_export_moved),
    path("projets/calendrier/", views.project_timeline, name="timeline"),
    path("projets/nouveau/", views.project_create, name="create"),
    path("projets/<int:pk>/", views.project_detail, name="detail"),
    path("projets/<int:pk>/modifier/", views.project_edit, name="edit"),
    path("projets/<int:pk>/jalons/nouveau/", views.milestone_form, name="milestone_new"),
    path(
        "projets/<int:pk>/jalons/<int:milestone_pk>/", views.milestone_form, name="milestone_edit"
    ),
    path("projets/<int:pk>/point/", views.status_new, name="status_new"),
    path(
        "projets/points/<int:status_pk>/pris-en-compte/",
        views.status_acknowledge,
        name="status_acknowledge",
    ),
    path("projets/points/<int:status_pk>/question/", views.status_question, name="status_question"),
    path("projets/points/<int:status_pk>/reponse/", views.status_answer, name="status_answer"),
    path("deliberations/", views.deliberation_forecast, name="deliberations"),
    path("deliberations/nouvelle/", views.deliberation_new, name="deliberation_new"),
    path("deliberations/<int:pk>/", views.deliberation_detail, name="deliberation_detail"),
    path("deliberations/<int:pk>/modifier/", views.deliberation_edit, name="deliberation_edit"),
]
