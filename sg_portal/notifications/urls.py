from django.urls import path

from sg_portal.notifications import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.inbox, name="inbox"),
    path("notifications/cloche/", views.bell, name="bell"),
    path("notifications/preferences/", views.preferences, name="preferences"),
    path("notifications/tout-lu/", views.mark_all_read, name="mark_all_read"),
    path("notifications/<int:pk>/", views.open_one, name="open"),
    path("notifications/<int:pk>/lue/", views.mark_read, name="mark_read"),
]
