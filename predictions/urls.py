from django.urls import path

from predictions import views

urlpatterns = [
    path("api/matches/<slug:slug>/standings", views.standings, name="api-standings"),
    path("api/matches/<slug:slug>/predictions", views.predictions, name="api-predictions"),
]
