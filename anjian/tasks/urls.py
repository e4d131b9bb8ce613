from django.urls import path

from . import views

app_name = "tasks"
urlpatterns = [
    path("", views.index, name="index"),
    path("import/", views.import_view, name="import"),
    path("lists/new/", views.list_new, name="list_new"),
    path("lists/<int:pk>/", views.list_detail, name="list_detail"),
    path("lists/<int:pk>/edit/", views.list_edit, name="list_edit"),
    path("lists/<int:pk>/delete/", views.list_delete, name="list_delete"),
    path("lists/<int:pk>/tasks/new/", views.task_new, name="task_new"),
    path("task/<int:pk>/edit/", views.task_edit, name="task_edit"),
    path("task/<int:pk>/delete/", views.task_delete, name="task_delete"),
    path("lists/<int:pk>/progress/", views.progress_view, name="list_progress"),
    path("progress/", views.progress_view, name="progress"),
    path("task/<int:pk>/", views.task_detail, name="task_detail"),
    path("task/<int:pk>/report/", views.report, name="report"),
    path("task/<int:pk>/supervise/", views.supervise, name="supervise"),
    path("evidence/<int:pk>/", views.evidence, name="evidence"),
    path("liaisons/", views.liaison_index, name="liaison_index"),
    path("liaisons/<int:campaign_id>/", views.liaison_list, name="liaisons"),
    path("liaisons/<int:campaign_id>/export.xlsx", views.liaison_export, name="liaison_export"),
    path("liaisons/edit/<int:pk>/", views.liaison_edit, name="liaison_edit"),
    path("liaisons/delete/<int:pk>/", views.liaison_delete, name="liaison_delete"),
    path("obligations/", views.obligation_index, name="obligations"),
    path("obligations/<int:pk>/", views.obligation_detail, name="obligation"),
    path("obligations/<int:pk>/edit/", views.obligation_edit, name="obligation_edit"),
    path("obligations/<int:pk>/delete/", views.obligation_delete, name="obligation_delete"),
    path("submissions/<int:pk>/file/", views.submission_file, name="submission_file"),
]
