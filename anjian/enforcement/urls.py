from django.urls import path, re_path

from . import casefile_views, credit_views, views
from . import measures_views as mv
from . import service_views as sv


def actions(route: str, views_by_action: dict, name: str) -> list:
    """One URL per action (its own TransitionView) under one URL name: reverse(name,
    args=[pk, action]) finds the pattern whose action matches, so pages keep naming the action
    and an unknown action is a 404."""
    pk = r"(?P<pk>[0-9]+)"
    return [
        re_path("^" + route.format(pk=pk, action=f"(?P<action>{action})") + "$", view, name=name)
        for action, view in views_by_action.items()
    ]


app_name = "enforcement"
urlpatterns = [
    path("", views.CaseList.as_view(), name="case_list"),
    path("new/", views.CaseOpen.as_view(), name="case_new"),
    path("simple/", views.SimpleOpen.as_view(), name="simple_new"),
    path("<int:pk>/", views.CaseDetail.as_view(), name="case_detail"),
    path("<int:pk>/decision/", views.DecisionEdit.as_view(), name="decision"),
    *actions("{pk}/do/{action}/", views.CASE_ACTIONS, "case_action"),
    path("<int:pk>/casefile.pdf", casefile_views.casefile_pdf, name="casefile_pdf"),
    path(
        "<int:pk>/casefile/archive/",
        casefile_views.CaseFileArchive.as_view(),
        name="casefile_archive",
    ),
    path("parties/<int:pk>/payment/", views.Payment.as_view(), name="payment"),
    path("sanctions/", views.SanctionList.as_view(), name="sanction_list"),
    path("sanctions/new/", views.SanctionCreate.as_view(), name="sanction_new"),
    *actions("sanctions/{pk}/{action}/", views.SANCTION_ACTIONS, "sanction_action"),
    path("dishonesty/", credit_views.ProcedureList.as_view(), name="dishonesty_list"),
    *actions("dishonesty/{pk}/{action}/", credit_views.ACTIONS, "dishonesty_action"),
    path("transfers/", views.TransferList.as_view(), name="transfer_list"),
    path("transfers/new/", views.TransferOpen.as_view(), name="transfer_new"),
    path("transfers/<int:pk>/", views.TransferDetail.as_view(), name="transfer_detail"),
    *actions("transfers/{pk}/{action}/", views.TRANSFER_ACTIONS, "transfer_action"),
    path("documents/", views.DocumentList.as_view(), name="document_list"),
    path("documents/new/", views.DocumentCreate.as_view(), name="document_new"),
    path("documents/<int:pk>.<str:fmt>", views.document_file, name="document_file"),
    path("documents/<int:pk>/sign/", views.DocumentSign.as_view(), name="document_sign"),
    path("seizures/", mv.SeizureList.as_view(), name="seizure_list"),
    path("seizures/new/", mv.SeizureCreate.as_view(), name="seizure_new"),
    path("seizures/<int:pk>/", mv.SeizureDetail.as_view(), name="seizure_detail"),
    *actions("seizures/{pk}/do/{action}/", mv.SEIZURE_ACTIONS, "seizure_action"),
    path("evidence/", mv.EvidenceList.as_view(), name="evidence_list"),
    path("evidence/new/", mv.EvidenceCreate.as_view(), name="evidence_new"),
    path("evidence/<int:pk>/", mv.EvidenceDetail.as_view(), name="evidence_detail"),
    *actions("evidence/{pk}/do/{action}/", mv.EVIDENCE_ACTIONS, "evidence_action"),
    path("evidence/files/<int:pk>", mv.evidence_file, name="evidence_file"),
    path("exposures/", views.ExposureList.as_view(), name="exposure_list"),
    # 送达 and execution (issue 16)
    path("services/", sv.ServiceList.as_view(), name="service_list"),
    path("services/<int:pk>.<str:fmt>", sv.service_open, name="service_open"),
    path("documents/<int:pk>/serve/", sv.ServiceNew, name="service_new"),
    path("<int:pk>/consent/", sv.ConsentNew, name="consent_new"),
    path("<int:pk>/remedies/new/", sv.RemedyNew, name="remedy_new"),
    path("remedies/<int:pk>/outcome/", sv.RemedyOutcome, name="remedy_outcome"),
    path("<int:pk>/demands/new/", sv.DemandNew, name="demand_new"),
    path("<int:pk>/court/new/", sv.CourtNew, name="court_new"),
    path("<int:pk>/deferrals/new/", sv.DeferralNew, name="deferral_new"),
    path("deferrals/<int:pk>/decide/", sv.DeferralDecide, name="deferral_decide"),
    path("review/", views.ReviewScores.as_view(), name="review"),
    path("review/cases/", views.ReviewCases.as_view(), name="review_cases"),
    path("public/", views.PublicPenalties.as_view(), name="public"),
]
