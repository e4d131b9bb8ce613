from django.urls import path

from . import views

app_name = "accidents"
urlpatterns = [
    path("", views.AccidentList.as_view(), name="list"),
    path("new/", views.AccidentCreate.as_view(), name="create"),
    path("<int:pk>/", views.AccidentDetail.as_view(), name="detail"),
    path("<int:pk>/investigation/", views.Investigation.as_view(), name="investigation"),
    path("<int:pk>/four-nots/", views.FourNots.as_view(), name="four_nots"),
    path("<int:pk>/link/", views.Link.as_view(), name="link"),
    path("lookbacks/<int:pk>/start/", views.LookbackStart.as_view(), name="lookback_start"),
]
