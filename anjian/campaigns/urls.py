from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import services, views

app_name = "campaigns"
urlpatterns = [
    path("", views.CampaignList.as_view(), name="list"),
    path("new/", views.CampaignEdit.as_view(), name="create"),
    path("<int:pk>/", views.CampaignDetail.as_view(), name="detail"),
    path("<int:pk>/edit/", views.CampaignEdit.as_view(), name="edit"),
    path("<int:pk>/self/", views.SelfList.as_view(), name="self_list"),
    path("<int:pk>/self/start/<int:tpl>/", views.SelfStart.as_view(), name="self_start"),
    path("self/<int:pk>/", views.SelfDetail.as_view(), name="self_detail"),
    path(
        "self/<int:pk>/save/",
        views.SelfAnswers.as_view(service=services.save_answers, success_message=_("已暂存。")),
        name="self_save",
    ),
    path(
        "self/<int:pk>/submit/",
        views.SelfAnswers.as_view(
            service=services.submit_self_inspection,
            success_message=_("自查结果已提交，不符合项已登记为企业自查隐患。"),
        ),
        name="self_submit",
    ),
    path("self/<int:pk>/file/", views.SelfFile.as_view(), name="self_file"),
]
