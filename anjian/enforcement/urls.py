from django.urls import path

from . import views

app_name = "enforcement"
urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("new/", views.case_new, name="case_new"),
    path("simple/", views.simple_new, name="simple_new"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/decision/", views.decision_form, name="decision"),
    path("<int:pk>/do/<str:action>/", views.case_action, name="case_action"),
    path("parties/<int:pk>/payment/", views.payment, name="payment"),
    path("sanctions/", views.sanction_list, name="sanction_list"),
    path("sanctions/new/", views.sanction_new, name="sanction_new"),
    path("sanctions/<int:pk>/<str:action>/", views.sanction_action, name="sanction_action"),
    path("transfers/", views.transfer_list, name="transfer_list"),
    path("transfers/new/", views.transfer_new, name="transfer_new"),
    path("transfers/<int:pk>/", views.transfer_detail, name="transfer_detail"),
    path("transfers/<int:pk>/<str:action>/", views.transfer_action, name="transfer_action"),
    path("documents/", views.document_list, name="document_list"),
    path("documents/new/", views.document_new, name="document_new"),
    path("documents/<int:pk>.<str:fmt>", views.document_file, name="document_file"),
    path("exposures/", views.exposure_list, name="exposure_list"),
    path("public/", views.public_penalties, name="public"),
]
