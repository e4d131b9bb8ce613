from django.urls import path

from . import views

app_name = "tips"
urlpatterns = [
    path("report/", views.public_report, name="report"),
    path("status/", views.public_status, name="status"),
    path("report/enterprises.json", views.enterprise_names, name="enterprise_names"),
    path("", views.tip_list, name="list"),
    path("new/", views.tip_new, name="new"),
    path("settings/", views.tip_settings, name="settings"),
    path("export.csv", views.export_csv, name="export"),
    path("<int:pk>/", views.tip_detail, name="detail"),
    path("<int:pk>/reveal/", views.tip_reveal, name="reveal"),
    path("<int:pk>/files/<int:att_id>/", views.attachment, name="attachment"),
    path("<int:pk>/<str:name>/", views.tip_action, name="action"),
]
