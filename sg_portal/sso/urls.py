from django.contrib.auth.decorators import login_not_required
from django.urls import path

from sg_portal.sso import views

app_name = "sso"

urlpatterns = [
    path("connexion/ville/", login_not_required(views.StartView.as_view()), name="start"),
    path(
        "connexion/ville/retour/",
        login_not_required(views.CallbackView.as_view()),
        name="callback",
    ),
]
