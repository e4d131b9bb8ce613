from django.urls import path

from . import views

app_name = "campaigns"
urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("new/", views.campaign_create, name="create"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/edit/", views.campaign_edit, name="edit"),
    path("<int:pk>/self/", views.self_list, name="self_list"),
    path("<int:pk>/self/start/<int:tpl>/", views.self_start, name="self_start"),
    path("self/<int:pk>/", views.self_detail, name="self_detail"),
    path("self/<int:pk>/file/", views.self_file, name="self_file"),
]
