from django.urls import path

from . import views

app_name = "records"

urlpatterns = [
    path("settings/", views.department_settings, name="settings"),
    path("<int:pk>/file", views.media_file, name="file"),
    path("uploads/<uuid:uid>/", views.chunk, name="chunk"),
    path("uploads/<uuid:uid>/finish/", views.finish, name="finish"),
    path("<str:label>/<int:pk>/uploads/", views.start, name="start"),
]
