from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.Inbox.as_view(), name="inbox"),
    path("<int:pk>/open/", views.OpenNotification.as_view(), name="open"),
    path("read-all/", views.read_all, name="read_all"),
]
