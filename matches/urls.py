from django.urls import path

from matches import views

urlpatterns = [
    path("", views.lobby, name="lobby"),
    path("matches/<slug:slug>/", views.live, name="live"),
    path("api/matches/", views.fixture_list, name="api-fixtures"),
    path("api/day/", views.fixture_day, name="api-day"),
    path("api/matches/<slug:slug>/state", views.fixture_state, name="api-state"),
    path("api/matches/<slug:slug>/events", views.fixture_events, name="api-events"),
]
