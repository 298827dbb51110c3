from django.contrib import admin
from django.urls import include, path

from sg_portal import health, views
from sg_portal.sso import views as sso_views

admin.site.site_header = "Portail du Secrétariat général — administration"
admin.site.site_title = "Portail SG"
admin.site.index_title = "Administration du portail"

urlpatterns = [
    path("", views.home, name="home"),
    path("accueil/mettre-de-cote/", views.snooze, name="snooze"),
    path("healthz", health.healthz, name="healthz"),
    # Browsers ask for it on pages that name no icon (the Django admin's).
    path("favicon.ico", views.favicon),
    path("connexion/", sso_views.LoginView.as_view(), name="login"),
    path("deconnexion/", sso_views.LogoutView.as_view(), name="logout"),
    path("", include("sg_portal.sso.urls")),
    path("admin/", admin.site.urls),
    path("", include("indicators.urls")),
    path("", include("meetings.urls")),
    path("", include("projects.urls")),
    path("", include("risks.urls")),
    path("", include("orientations.urls")),
    path("", include("communication.urls")),
    path("", include("sg_portal.outbox.urls")),
    path("", include("sg_portal.search.urls")),
    path("", include("sg_portal.notifications.urls")),
]

handler400 = "sg_portal.views.bad_request"
handler404 = "sg_portal.views.page_not_found"
handler500 = "sg_portal.views.server_error"
