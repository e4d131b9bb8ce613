from django.urls import path

from . import views

app_name = "lawreview"

urlpatterns = [
    path("cases/<int:pk>/start/", views.start, name="start"),
    path("cases/<int:pk>/discussion/", views.discussion, name="discussion"),
    path("settings/", views.department_settings, name="settings"),
    path("<int:pk>/", views.review, name="review"),
    path("<int:pk>/opinion/", views.opinion, name="opinion"),
]
