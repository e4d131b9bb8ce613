from django.urls import path

from . import views

app_name = "hazards"
urlpatterns = [
    path("", views.HazardList.as_view(), name="list"),
    path("export.xlsx", views.ledger_export, name="export"),
    path("export.csv", views.ledger_export_csv, name="export_csv"),
    path("new/", views.HazardNew.as_view(), name="new"),
    path("import/", views.register_import, name="import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("<int:pk>/", views.HazardDetail.as_view(), name="detail"),
    path("<int:pk>/start/", views.hazard_start, name="start"),
    path("<int:pk>/measures/", views.hazard_measures, name="measures_five"),
    path("<int:pk>/submit/", views.hazard_submit, name="submit"),
    path("<int:pk>/review/", views.hazard_review, name="review"),
    path("<int:pk>/close-now/", views.hazard_immediate, name="immediate"),
    path("<int:pk>/extension/", views.hazard_extension, name="extension"),
    path("<int:pk>/extension/decide/", views.hazard_decide, name="decide"),
    path("<int:pk>/discovery/", views.hazard_discovery, name="discovery"),
    path("<int:pk>/supervise/", views.hazard_supervise, name="supervise"),
    path("<int:pk>/dispose/", views.hazard_dispose, name="dispose"),
    path("<int:pk>/onsite-measure/", views.hazard_measure, name="measure"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence"),
    path("supervision/", views.supervision_list, name="supervision"),
    path("supervision/<int:pk>/lift/", views.supervision_lift, name="supervision_lift"),
    path("onsite-measures/", views.measure_list, name="measures"),
    path("onsite-measures/<int:pk>/lift/", views.measure_lift, name="measure_lift"),
    path("criteria/", views.criteria, name="criteria"),
    path("enterprise/<int:pk>/timeline/", views.enterprise_timeline, name="timeline"),
]
