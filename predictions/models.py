from django.db import models

from matches.models import Fixture


class Prediction(models.Model):
    """A question on a replay fixture, resolved by the tally rule (ENGINE.md §4)."""

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


class Presence(models.Model):
    """One open socket in a fixture's room, on any node; with a nickname once its fan joined.

    A row per connection makes the viewer count right across nodes. The unique constraint on
    (fixture, key) is the nickname lock: claiming is one conditional write, so racing claims,
    on one node or several, have exactly one winner. Watchers have no key, and NULLs never
    collide. A node refreshes `heartbeat` for its live sockets; rows of a node that died without
    disconnecting go stale and are swept (predictions.sweeper).
    """

    fixture = models.ForeignKey(Fixture, on_delete=models.CASCADE, related_name="presences")
    channel_name = models.CharField(max_length=255, unique=True)
    name = models.CharField(max_length=40, null=True, blank=True, help_text="as the room sees it")
    key = models.CharField(max_length=100, null=True, blank=True, help_text="NFKC + casefold of the name")
    node = models.CharField(max_length=100)
    heartbeat = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["fixture", "key"], name="unique_nickname_per_fixture")]

    def __str__(self):
        return f"{self.name or 'watcher'} in {self.fixture_id}"


class Roster(models.Model):
    """The version of a room's roster, bumped under its row lock whenever presence is broadcast.

    Nodes broadcast concurrently and the channel layer does not order their messages, so each
    socket keeps the highest version it has forwarded and drops an older roster arriving late.
    """

    fixture = models.OneToOneField(Fixture, on_delete=models.CASCADE, related_name="roster")
    version = models.BigIntegerField(default=0)

    def __str__(self):
        return f"roster of {self.fixture_id} v{self.version}"


class Pick(models.Model):
    """A fan's standing pick on a prediction in one loop: the latest valid one (ENGINE.md §4).

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
