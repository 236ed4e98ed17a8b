from django.apps import AppConfig


class PredictionsConfig(AppConfig):
    name = "predictions"
    verbose_name = "Predictions"

    def ready(self):
        from matches.signals import feed_stored
        from predictions.live import on_feed_stored

        feed_stored.connect(on_feed_stored, dispatch_uid="predictions-settle-live-game")

        from predictions import services
        from relay import game

        game.register(services)  # the relay judges and stores picks, and greets pages, through it
