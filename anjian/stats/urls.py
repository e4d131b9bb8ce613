from django.urls import path

from . import views

app_name = "stats"
urlpatterns = [
    path("", views.s1, name="s1"),
    path("s2/", views.s2, name="s2"),
    path("<str:table>.xlsx", views.export, name="export"),
    path("drill/", views.drill, name="drill"),
    path("<str:table>/submit/", views.submit, name="submit"),
    path("submissions/", views.submissions, name="submissions"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("report.docx", views.report, name="report"),
]
