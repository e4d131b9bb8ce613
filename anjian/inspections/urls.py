from django.urls import path

from . import views

app_name = "inspections"
urlpatterns = [
    path("", views.inspection_list, name="list"),
    path("new/", views.inspection_create, name="create"),
    path("<int:pk>/", views.inspection_detail, name="detail"),
    path("<int:pk>/print/", views.inspection_print, name="print"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("draws/", views.draw_list, name="draw_list"),
    path("draws/new/", views.draw_create, name="draw_create"),
    path("draws/<int:pk>/", views.draw_detail, name="draw_detail"),
    path("draws/<int:pk>/publish/", views.draw_publish, name="draw_publish"),
    path("public/draws/", views.public_draw_list, name="public_draw_list"),
    path("public/draws/<int:pk>/", views.public_draw_detail, name="public_draw_detail"),
    path("public/draws/<int:pk>/inputs.json", views.public_draw_inputs, name="public_draw_inputs"),
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
]
