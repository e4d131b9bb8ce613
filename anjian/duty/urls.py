from django.urls import path

from . import views

app_name = "duty"
urlpatterns = [
    path("", views.SignList.as_view(), name="index"),
    path("enterprise/<int:pk>/", views.enterprise, name="enterprise"),
    path("enterprise/<int:pk>/sign/", views.sign, name="sign"),
    path("activities/", views.activities, name="activities"),
    path("shortfall/", views.shortfall, name="shortfall"),
    path("cards/", views.cards, name="cards"),
    path("cards/<int:pk>/", views.card, name="card"),
    path("cards/<int:pk>/card.pdf", views.card_pdf, name="card_pdf"),
]
