from django.urls import path

from showrunner import views

urlpatterns = [
    path("api/schedule", views.schedule, name="api-schedule"),
    path("api/matches/<slug:slug>/scripts", views.scripts, name="api-scripts"),
]
