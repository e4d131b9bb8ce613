from django.urls import path

from . import export_views as views

app_name = "exports"
urlpatterns = [
    path("<int:pk>/", views.job_page, name="job"),
    path("<int:pk>/status.json", views.job_status, name="status"),
    path("<int:pk>/download/", views.job_download, name="download"),
]
