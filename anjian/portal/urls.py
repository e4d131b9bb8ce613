from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("bodies/", views.bodies, name="bodies"),
    path("bodies/<slug:code>/", views.body, name="body"),
    path("bodies/<slug:code>/lists/<int:pk>/", views.spot_check_list, name="spot_check_list"),
    path("cert/", views.cert_check, name="cert"),
    path("verify/", views.verify_document, name="verify"),
    path("decisions/", views.decisions, name="decisions"),
    path("decisions.csv", views.decisions_csv, name="decisions_csv"),
    path("decisions.xlsx", views.decisions_xlsx, name="decisions_xlsx"),
    path("decisions/<slug:uid>/", views.decision, name="decision"),
    path("decisions/<slug:uid>/withdraw/", views.withdraw, name="withdraw"),
    path("decisions/<slug:uid>/amend/", views.amend, name="amend"),
    path("random/", views.random_results, name="random"),
    path("dishonesty/", views.dishonesty, name="dishonesty"),
    path("totals/", views.totals, name="totals"),
    path("totals/<int:year>/", views.totals, name="totals_year"),
]
