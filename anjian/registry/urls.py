from django.urls import path

from . import views

app_name = "registry"
urlpatterns = [
    path("", views.EnterpriseList.as_view(), name="enterprise_list"),
    path("new/", views.EnterpriseEdit.as_view(), name="enterprise_create"),
    path("<int:pk>/", views.EnterpriseDetail.as_view(), name="enterprise_detail"),
    path("<int:pk>/edit/", views.EnterpriseEdit.as_view(), name="enterprise_edit"),
    path("<int:pk>/licences/", views.licence_add, name="licence_add"),
    path("<int:pk>/people/", views.person_add, name="person_add"),
    path("licences/<int:pk>/edit/", views.licence_edit, name="licence_edit"),
    path("licences/<int:pk>/retire/", views.licence_retire, name="licence_retire"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:pk>/retire/", views.person_retire, name="person_retire"),
    path("tiers/<int:pk>/override/", views.TierOverride.as_view(), name="tier_override"),
    path("import/", views.enterprise_import, name="import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("expiring/", views.expiring, name="expiring"),
    path("lists/", views.tiers, name="tiers"),
    path("lists/<int:dept_id>/<str:tier>.xlsx", views.tiers_export, name="tiers_export"),
    path(
        "lists/<int:dept_id>/<str:tier>.csv",
        views.tiers_export,
        {"fmt": "csv"},
        name="tiers_export_csv",
    ),
]
