from django.urls import path

from . import views

app_name = "checklists"
urlpatterns = [
    path("", views.template_list, name="list"),
    path("new/", views.template_create, name="create"),
    path("<int:pk>/", views.template_detail, name="detail"),
    path("<int:pk>/edit/", views.template_edit, name="edit"),
    path("<int:pk>/print/", views.template_print, name="print"),
    path("<int:pk>/publish/", views.template_publish, name="publish"),
    path("<int:pk>/revise/", views.template_revise, name="revise"),
    path("<int:pk>/discard/", views.template_discard, name="discard"),
    path("<int:pk>/items/new/", views.item_create, name="item_create"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/move/", views.item_move, name="item_move"),
    path("items/<int:pk>/delete/", views.item_delete, name="item_delete"),
]
