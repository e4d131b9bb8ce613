from django.urls import path

from . import admin_views, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.AnjianLoginView.as_view(), name="login"),
    path("logout/", views.AnjianLogoutView.as_view(), name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("departments/", admin_views.DepartmentList.as_view(), name="departments"),
    path(
        "departments/<int:pk>/edit/", admin_views.DepartmentEdit.as_view(), name="department_edit"
    ),
    path("users/", admin_views.UserList.as_view(), name="users"),
    path("users/new/", admin_views.UserEdit.as_view(), name="user_create"),
    path("users/<int:pk>/edit/", admin_views.UserEdit.as_view(), name="user_edit"),
    path("users/<int:pk>/request/", admin_views.UserRequest.as_view(), name="user_request"),
    path("users/<int:pk>/reset/", admin_views.UserReset.as_view(), name="user_reset"),
    path("privileges/", admin_views.PrivilegeList.as_view(), name="privileges"),
    path(
        "privileges/<int:pk>/decide/",
        admin_views.PrivilegeDecide.as_view(),
        name="privilege_decide",
    ),
    path("tokens/", admin_views.TokenList.as_view(), name="tokens"),
    path("tokens/new/", admin_views.token_create, name="token_create"),
    path("tokens/<int:pk>/revoke/", admin_views.TokenRevoke.as_view(), name="token_revoke"),
]
