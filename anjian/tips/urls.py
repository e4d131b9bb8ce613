from django.urls import path, re_path

from . import views

app_name = "tips"
urlpatterns = [
    path("report/", views.public_report, name="report"),
    path("status/", views.public_status, name="status"),
    path("report/enterprises.json", views.enterprise_names, name="enterprise_names"),
    path("", views.TipList.as_view(), name="list"),
    path("new/", views.TipNew.as_view(), name="new"),
    path("settings/", views.tip_settings, name="settings"),
    path("export.csv", views.export_csv, name="export"),
    path("<int:pk>/", views.TipDetail.as_view(), name="detail"),
    path("<int:pk>/reveal/", views.Reveal.as_view(), name="reveal"),
    path("<int:pk>/files/<int:att_id>/", views.attachment, name="attachment"),
    # one URL name for every step: {% url 'tips:action' tip.pk 'assign' %}
    *(
        re_path(rf"^(?P<pk>[0-9]+)/(?P<name>{name})/$", view.as_view(), name="action")
        for name, view in views.TRANSITIONS.items()
    ),
]
