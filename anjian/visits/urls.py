from django.urls import path

from . import views

app_name = "visits"

urlpatterns = [
    path("limits/", views.LimitList.as_view(), name="limits"),
    path("limits/new/", views.LimitNew.as_view(), name="limit_new"),
    path("approvals/", views.ApprovalList.as_view(), name="approvals"),
    path("approvals/new/", views.ApprovalNew.as_view(), name="approval_new"),
    path("approvals/<int:pk>/", views.ApprovalDetail.as_view(), name="approval"),
    path("approvals/<int:pk>/decide/", views.ApprovalDecide.as_view(), name="approval_decide"),
    path("approvals/<int:pk>.<str:fmt>", views.approval_file, name="approval_file"),
    path("inspections/<int:inspection>/notice/", views.NoticeNew.as_view(), name="notice_new"),
    path("notices/<int:pk>/", views.NoticeDetail.as_view(), name="notice"),
    path("notices/<int:pk>.<str:fmt>", views.notice_file, name="notice_file"),
    path("plan/", views.PlanList.as_view(), name="plan"),
    path("plan/new/", views.PlanNew.as_view(), name="plan_new"),
    path("plan/merge/", views.Merge.as_view(), name="merge"),
    path("joint/<int:pk>/", views.JointDetail.as_view(), name="joint"),
    path("joint/<int:pk>/start/", views.JointStart.as_view(), name="joint_start"),
    path("enterprises/<int:pk>/qr/", views.EnterpriseQrPage.as_view(), name="qr"),
    path("enterprises/<int:pk>/qr/renew/", views.QrRenew.as_view(), name="qr_renew"),
    path("q/<str:token>/", views.scan, name="scan"),
    path("mine/", views.MyVisits.as_view(), name="mine"),
    path("rate/", views.Rate.as_view(), name="rate"),
    path("ratings/", views.rating_summary, name="ratings"),
]
