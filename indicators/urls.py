from django.urls import path

from indicators import views, views_dashboard, views_reminders

app_name = "indicators"

urlpatterns = [
    path("rapports/", views.report_list, name="report_list"),
    path("rapports/rappels/", views_reminders.reminders_page, name="reminders"),
    path(
        "rapports/rappels/politique/<str:periodicity>/",
        views_reminders.reminder_policy_save,
        name="reminder_policy",
    ),
    path(
        "rapports/rappels/<int:pk>/renvoyer/",
        views_reminders.reminder_resend,
        name="reminder_resend",
    ),
    path("rapports/<int:pk>/", views.report_detail, name="report"),
    path("rapports/<int:pk>/enregistrer/", views.report_save, name="report_save"),
    path("rapports/<int:pk>/soumettre/", views.report_submit, name="report_submit"),
    path("rapports/<int:pk>/valider/", views.report_validate, name="report_validate"),
    path("rapports/<int:pk>/renvoyer/", views.report_return, name="report_return"),
    path("rapports/<int:pk>/rouvrir/", views.report_reopen, name="report_reopen"),
    path("indicateurs/", views.catalogue, name="catalogue"),
    path("indicateurs/import/", views.import_upload, name="import"),
    path("indicateurs/import/<int:pk>/", views.import_run, name="import_run"),
    path(
        "indicateurs/import/<int:pk>/confirmer/",
        views.import_run_confirm,
        name="import_run_confirm",
    ),
    path("indicateurs/import/<int:pk>/annuler/", views.import_run_cancel, name="import_run_cancel"),
    path("indicateurs/import/modele/", views.import_template, name="import_template"),
    path("indicateurs/<slug:code>/", views_dashboard.indicator_detail, name="indicator"),
    path("tableau-de-bord/", views_dashboard.dashboard, name="dashboard"),
    path("tableau-de-bord/completude/", views_dashboard.completeness, name="completeness"),
]
