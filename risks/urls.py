from django.urls import path

from risks import views

app_name = "risks"

urlpatterns = [
    path("risques/", views.risk_list, name="list"),
    path("risques/carte/", views.risk_map, name="map"),
    path("risques/nouveau/", views.risk_create, name="create"),
    path("risques/campagne/", views.campaign, name="campaign"),
    path("risques/campagne/<int:year>/", views.campaign, name="campaign_year"),
    path("risques/<int:pk>/", views.risk_detail, name="detail"),
    path("risques/<int:pk>/modifier/", views.risk_edit, name="edit"),
    path("risques/<int:pk>/revue/", views.risk_review, name="review"),
    path("risques/<int:pk>/acceptation/", views.risk_accept, name="accept"),
    path("risques/<int:pk>/cartographie-sg/", views.risk_raise, name="raise"),
    path("risques/<int:pk>/clore/", views.risk_close, name="close"),
    path("risques/<int:pk>/mesures/nouvelle/", views.measure_new, name="measure_new"),
    path("risques/mesures/<int:measure_pk>/etat/", views.measure_status, name="measure_status"),
    path("risques/<int:pk>/realisation/", views.occurrence_new, name="occurrence_new"),
    path("risques/<int:pk>/indicateurs/", views.indicator_new, name="indicator_new"),
]
