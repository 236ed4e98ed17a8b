from django.urls import path

from relay.consumers import MatchConsumer

websocket_urlpatterns = [path("ws/matches/<slug:slug>/", MatchConsumer.as_asgi())]
