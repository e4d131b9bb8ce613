from django.urls import path

from . import audit_views

app_name = "audit"
urlpatterns = [
    path("", audit_views.AuditList.as_view(), name="list"),
    path("verify/", audit_views.audit_verify, name="verify"),
]
