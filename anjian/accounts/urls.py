from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.AnjianLoginView.as_view(), name="login"),
    path("logout/", views.AnjianLogoutView.as_view(), name="logout"),
    path("password/", views.password_change, name="password_change"),
]
