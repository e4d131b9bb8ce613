from django.urls import path, re_path

from . import views

app_name = "tasks"
urlpatterns = [
    path("", views.index, name="index"),
    path("import/", views.import_view, name="import"),
    re_path(
        r"^import/template-(?P<layout>002|004)\.xlsx$",
        views.import_template,
        name="import_template",
    ),
    path("lists/new/", views.list_edit, name="list_new"),
    path("lists/<int:pk>/", views.list_detail, name="list_detail"),
    path("lists/<int:pk>/edit/", views.list_edit, name="list_edit"),
    path("lists/<int:pk>/delete/", views.ListDelete.as_view(), name="list_delete"),
    path("lists/<int:list_pk>/tasks/new/", views.TaskEdit.as_view(), name="task_new"),
    path("task/<int:pk>/edit/", views.TaskEdit.as_view(), name="task_edit"),
    path("task/<int:pk>/delete/", views.TaskDelete.as_view(), name="task_delete"),
    path("lists/<int:pk>/progress/", views.progress_view, name="list_progress"),
    path("progress/", views.progress_view, name="progress"),
    path("task/<int:pk>/", views.TaskDetail.as_view(), name="task_detail"),
    path("task/<int:pk>/report/", views.Report.as_view(), name="report"),
    path("task/<int:pk>/supervise/", views.Supervise.as_view(), name="supervise"),
    path("evidence/<int:pk>/", views.evidence, name="evidence"),
    path("liaisons/", views.LiaisonIndex.as_view(), name="liaison_index"),
    path("liaisons/<int:pk>/", views.liaisons, name="liaisons"),
    path("liaisons/<int:pk>/export.xlsx", views.liaison_export, name="liaison_export"),
    path("liaisons/edit/<int:pk>/", views.LiaisonEdit.as_view(), name="liaison_edit"),
    path("liaisons/delete/<int:pk>/", views.LiaisonDelete.as_view(), name="liaison_delete"),
    path("obligations/", views.obligations, name="obligations"),
    path("obligations/<int:pk>/", views.obligation, name="obligation"),
    path("obligations/<int:pk>/edit/", views.ObligationEdit.as_view(), name="obligation_edit"),
    path(
        "obligations/<int:pk>/delete/", views.ObligationDelete.as_view(), name="obligation_delete"
    ),
]
urlpatterns.append(
    path("submissions/<int:pk>/file/", views.submission_file, name="submission_file")
)
