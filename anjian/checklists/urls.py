from django.urls import path

from . import views

app_name = "checklists"
urlpatterns = [
    path("", views.TemplateList.as_view(), name="list"),
    path("new/", views.TemplateEdit.as_view(), name="create"),
    path("<int:pk>/", views.TemplateDetail.as_view(), name="detail"),
    path("<int:pk>/edit/", views.TemplateEdit.as_view(), name="edit"),
    path("<int:pk>/print/", views.template_print, name="print"),
    path("<int:pk>/publish/", views.Publish.as_view(), name="publish"),
    path("<int:pk>/revise/", views.Revise.as_view(), name="revise"),
    path("<int:pk>/discard/", views.Discard.as_view(), name="discard"),
    path("<int:pk>/items/new/", views.ItemAdd.as_view(), name="item_create"),
    path("items/<int:pk>/edit/", views.ItemEdit.as_view(), name="item_edit"),
    path("items/<int:pk>/move/", views.ItemMove.as_view(), name="item_move"),
    path("items/<int:pk>/delete/", views.ItemDelete.as_view(), name="item_delete"),
]
