from django.urls import path

from . import offline_views, views

app_name = "inspections"
urlpatterns = [
    path("", views.InspectionList.as_view(), name="list"),
    path("offline/", offline_views.shell, name="offline"),
    path("offline/sw.js", offline_views.service_worker, name="offline_sw"),
    path("offline/manifest.webmanifest", offline_views.manifest, name="offline_manifest"),
    path("new/", views.InspectionCreate.as_view(), name="create"),
    path("<int:pk>/", views.InspectionDetail.as_view(), name="detail"),
    path("<int:pk>/meta/", views.MetaUpdate.as_view(), name="meta"),
    path("<int:pk>/results/", views.ResultsUpdate.as_view(), name="results"),
    path("<int:pk>/findings/", views.FindingAdd.as_view(), name="finding_add"),
    path("findings/<int:pk>/remove/", views.FindingRemove.as_view(), name="finding_remove"),
    path("<int:pk>/five-one/", views.FiveOneRecord.as_view(), name="five_one"),
    path("<int:pk>/sign/", views.Sign.as_view(), name="sign"),
    path("<int:pk>/submit/", views.Submit.as_view(), name="submit"),
    path("<int:pk>/amend/", views.Amend.as_view(), name="amend"),
    path("<int:pk>/print/", views.inspection_print, name="print"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("draws/", views.DrawList.as_view(), name="draw_list"),
    path("draws/new/", views.DrawCreate.as_view(), name="draw_create"),
    path("draws/<int:pk>/", views.DrawDetail.as_view(), name="draw_detail"),
    path("draws/<int:pk>/publish/", views.DrawPublish.as_view(), name="draw_publish"),
    path("public/draws/", views.PublicDrawList.as_view(), name="public_draw_list"),
    path("public/draws/<int:pk>/", views.public_draw_detail, name="public_draw_detail"),
    path("public/draws/<int:pk>/inputs.json", views.public_draw_inputs, name="public_draw_inputs"),
    path("plans/", views.PlanList.as_view(), name="plan_list"),
    path("plans/new/", views.PlanEdit.as_view(), name="plan_create"),
    path("plans/<int:pk>/", views.PlanDetail.as_view(), name="plan_detail"),
    path("plans/<int:pk>/edit/", views.PlanEdit.as_view(), name="plan_edit"),
]
