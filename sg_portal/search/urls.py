from django.urls import path

from sg_portal.search import views

app_name = "search"

urlpatterns = [
    path("recherche/", views.results, name="results"),
]
