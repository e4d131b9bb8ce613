from django.urls import path

from . import views

app_name = "accidents"
urlpatterns = [
    path("", views.accident_list, name="list"),
    path("new/", views.accident_create, name="create"),
    path("<int:pk>/", views.accident_detail, name="detail"),
    path("<int:pk>/investigation/", views.investigation, name="investigation"),
    path("<int:pk>/four-nots/", views.four_nots, name="four_nots"),
    path("<int:pk>/link/", views.link, name="link"),
    path("lookbacks/<int:pk>/start/", views.lookback_start, name="lookback_start"),
]
