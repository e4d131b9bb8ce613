from django.urls import path

from . import admin_views, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.AnjianLoginView.as_view(), name="login"),
    path("logout/", views.AnjianLogoutView.as_view(), name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("departments/", admin_views.department_list, name="departments"),
    path("departments/<int:pk>/edit/", admin_views.department_edit, name="department_edit"),
    path("users/", admin_views.user_list, name="users"),
    path("users/new/", admin_views.user_create, name="user_create"),
    path("users/<int:pk>/edit/", admin_views.user_edit, name="user_edit"),
    path("users/<int:pk>/reset/", admin_views.user_reset, name="user_reset"),
]
