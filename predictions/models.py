from django.db import models

from matches.models import Fixture


class Prediction(models.Model):
    """A question on a replay fixture, resolved by the tally rule (docs/engine.md §4)."""

    class On(models.TextChoices):
        TEAM = "team", "Team"
        PLAYER = "player", "Player"

    fixture = models.ForeignKey(Fixture, on_delete=models.CASCADE, related_name="predictions")
    key = models.SlugField(max_length=60)
    question = models.CharField(max_length=200)
    on = models.CharField(max_length=10, choices=On.choices)
    options = models.JSONField(help_text='[{"id": "FRA", "label": "France"}, …] in declared order')
    since = models.PositiveIntegerField()
    opens_at = models.PositiveIntegerField()
    locks_at = models.PositiveIntegerField()
    resolves_at = models.PositiveIntegerField()
    points = models.PositiveSmallIntegerField(default=10)

    class Meta:
        ordering = ["fixture", "opens_at", "key"]
        constraints = [models.UniqueConstraint(fields=["fixture", "key"], name="unique_prediction_key")]

    def __str__(self):
        return self.question

    def as_protocol(self):
        return {
            "id": self.key,
            "question": self.question,
            "on": self.on,
            "options": self.options,
            "since": self.since,
            "opens_at": self.opens_at,
            "locks_at": self.locks_at,
            "resolves_at": self.resolves_at,
            "points": self.points,
        }


class Pick(models.Model):
    """A fan's standing pick on a prediction in one loop: the latest valid one (docs/engine.md §4).

    Only the current loop's picks are kept, so a fan joining mid-loop sees the full board;
    older loops are pruned by the sweeper.
    """

    fixture = models.ForeignKey(Fixture, on_delete=models.CASCADE, related_name="picks")
    loop = models.PositiveIntegerField()
    name = models.CharField(max_length=40)
    prediction = models.CharField(max_length=100, help_text="the prediction's key")
    choice = models.CharField(max_length=100)
    at = models.BigIntegerField(help_text="server time it was accepted, ms since the Unix epoch")

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["fixture", "loop", "name", "prediction"], name="one_standing_pick")
        ]

    def __str__(self):
        return f"{self.name}: {self.prediction} → {self.choice} (loop {self.loop})"

    def as_protocol(self):
        return {"name": self.name, "prediction": self.prediction, "choice": self.choice, "loop": self.loop, "at": self.at}
