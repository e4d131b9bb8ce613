from django.urls import include, path

from anjian.api import api
from anjian.portal.api import public_api

urlpatterns = [
    path("", include("anjian.shell.urls")),
    path("lookup/", include("anjian.core.urls")),
    path("exports/", include("anjian.core.export_urls")),
    path("accounts/", include("anjian.accounts.urls")),
    path("enterprises/", include("anjian.registry.urls")),
    path("audit/", include("anjian.accounts.audit_urls")),
    path("checklists/", include("anjian.checklists.urls")),
    path("campaigns/", include("anjian.campaigns.urls")),
    path("inspections/", include("anjian.inspections.urls")),
    path("hazards/", include("anjian.hazards.urls")),
    path("tasks/", include("anjian.tasks.urls")),
    path("duty/", include("anjian.duty.urls")),
    path("notifications/", include("anjian.notifications.urls")),
    path("tips/", include("anjian.tips.urls")),
    path("accidents/", include("anjian.accidents.urls")),
    path("enforcement/", include("anjian.enforcement.urls")),
    path("stats/", include("anjian.stats.urls")),
    path("lawreview/", include("anjian.lawreview.urls")),
    path("records/", include("anjian.records.urls")),
    path("visits/", include("anjian.visits.urls")),
    path("public/", include("anjian.portal.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/public/", public_api.urls),
    path("api/", api.urls),
]
