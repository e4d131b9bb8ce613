from django.urls import path

from . import views

app_name = "registry"
urlpatterns = [
    path("", views.enterprise_list, name="enterprise_list"),
    path("new/", views.enterprise_create, name="enterprise_create"),
    path("<int:pk>/", views.enterprise_detail, name="enterprise_detail"),
    path("<int:pk>/edit/", views.enterprise_edit, name="enterprise_edit"),
    path("<int:pk>/licences/", views.licence_add, name="licence_add"),
    path("<int:pk>/people/", views.person_add, name="person_add"),
    path("tiers/<int:pk>/override/", views.tier_override, name="tier_override"),
    path("import/", views.enterprise_import, name="import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("expiring/", views.expiring, name="expiring"),
    path("lists/", views.tiers, name="tiers"),
    path("lists/<int:dept_id>/<str:tier>.xlsx", views.tiers_export, name="tiers_export"),
]
