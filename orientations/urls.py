from django.urls import path

from orientations import views

app_name = "orientations"

urlpatterns = [
    path("arbitrages/", views.orientation_list, name="list"),
    path("arbitrages/nouvelle/", views.orientation_create, name="create"),
    path("arbitrages/<int:pk>/", views.orientation_detail, name="detail"),
    path("arbitrages/<int:pk>/modifier/", views.orientation_edit, name="edit"),
    path("arbitrages/<int:pk>/scenarios/nouveau/", views.scenario_edit, name="scenario_create"),
    path(
        "arbitrages/<int:pk>/scenarios/<int:scenario_pk>/",
        views.scenario_edit,
        name="scenario_edit",
    ),
    path("arbitrages/<int:pk>/comparer/", views.compare, name="compare"),
    path("arbitrages/<int:pk>/preconiser/", views.recommend, name="recommend"),
    path("arbitrages/<int:pk>/consultation/", views.consultation, name="consultation"),
    path("arbitrages/<int:pk>/avis/", views.opinion, name="opinion"),
    path("arbitrages/<int:pk>/note/", views.note, name="note"),
    path("arbitrages/<int:pk>/arbitrer/", views.arbitrate, name="arbitrate"),
    path("arbitrages/<int:pk>/lancer/<str:what>/", views.launch, name="launch"),
    path(
        "arbitrages/<int:pk>/actions/<int:action_pk>/clore/",
        views.action_close,
        name="action_close",
    ),
]
