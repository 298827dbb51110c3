from django.urls import path

from sg_portal.outbox import views

app_name = "outbox"

urlpatterns = [
    path("envois/", views.email_list, name="list"),
    path("envois/<int:pk>/renvoyer/", views.email_resend, name="resend"),
]
