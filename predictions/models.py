from django.core.exceptions import ValidationError
from django.db import models

from matches.models import Fixture
from predictions.livegame import QUESTION_VARIABLES
from rally.templating import validate_template


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
        constraints = [
            models.UniqueConstraint(fields=["fixture", "key"], name="unique_prediction_key")
        ]

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

    Keyed on the player (the owner), never on the spelling; `name` is the owner's spelling when
    it was made. Only the current loop's picks are kept, so a fan joining mid-loop sees the full
    board; older loops are pruned by the sweeper.
    """

    fixture = models.ForeignKey(Fixture, on_delete=models.CASCADE, related_name="picks")
    player = models.ForeignKey("relay.Player", on_delete=models.CASCADE, related_name="picks")
    loop = models.PositiveIntegerField()
    name = models.CharField(max_length=40)
    prediction = models.CharField(max_length=100, help_text="the prediction's key")
    choice = models.CharField(max_length=100)
    at = models.BigIntegerField(help_text="server time it was accepted, ms since the Unix epoch")

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["player", "loop", "prediction"], name="one_standing_pick_per_player"
            )
        ]
        indexes = [models.Index(fields=["fixture", "loop", "prediction"], name="pick_tally")]

    def __str__(self):
        return f"{self.name}: {self.prediction} → {self.choice} (loop {self.loop})"

    def as_protocol(self):
        return {
            "name": self.name,
            "prediction": self.prediction,
            "choice": self.choice,
            "loop": self.loop,
            "at": self.at,
        }


class Tally(models.Model):
    """The version of a fixture's live share (the `tally` messages, docs/protocol.md).

    Each batch of picks bumps it first, under its row lock, then stores its picks and counts the
    share in the same transaction: batches of any number of nodes are ordered by it, and a count
    read at version v holds every pick stored before it. Pages keep the highest version.
    """

    fixture = models.OneToOneField(Fixture, on_delete=models.CASCADE, related_name="tally")
    version = models.BigIntegerField(default=0)

    def __str__(self):
        return f"tally of {self.fixture_id} v{self.version}"


class PredictionTemplate(models.Model):
    """A question every feed fixture gets (docs/engine.md §7); editors switch one off in the admin."""

    class Kind(models.TextChoices):
        FULL_TIME_RESULT = "full_time_result", "Full-time result (open until kick-off)"
        NEXT_GOAL = "next_goal", "Who scores next? (rounds in play)"
        LATE_GOAL = "late_goal", "A goal after the 85th minute? (open until 86')"

    key = models.SlugField(
        max_length=40, unique=True, help_text="the start of its predictions' ids"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    question = models.CharField(
        max_length=150,
        help_text="{{ home }} and {{ away }} are the teams' names; {{ at }} the minute a round opens",
    )
    points = models.PositiveSmallIntegerField(default=10)
    window_minutes = models.PositiveSmallIntegerField(
        default=5,
        help_text="who scores next?: minutes a round stays open (1–30); the others ignore it",
    )
    enabled = models.BooleanField(
        default=True, help_text="off: no new predictions from it (made ones stay)"
    )

    class Meta:
        ordering = ["key"]

    def __str__(self):
        return self.key

    def clean(self):
        if not 1 <= self.window_minutes <= 30:
            raise ValidationError({"window_minutes": "A round stays open 1 to 30 minutes."})
        # The Prompt Studio's template language (rally/templating.py): plain {{ name }}
        # placeholders of these three, no format specs, attributes, indexing or calls.
        errors = validate_template(self.question, QUESTION_VARIABLES, offered="A question may use")
        if errors:
            raise ValidationError({"question": errors})

    def as_rule(self):
        return {
            "key": self.key,
            "kind": self.kind,
            "question": self.question,
            "points": self.points,
            "window_minutes": self.window_minutes,
        }


class LivePrediction(models.Model):
    """A question on a feed fixture, made from a template and resolved by the feed (docs/engine.md §7).

    `opens_at` and `locks_at` are match clocks (minute × 100 + added minute: 45+2' is 4502; 0
    before kick-off); `status` is pending until the feed settles it once, resolved or void.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        RESOLVED = "resolved", "Resolved"
        VOID = "void", "Void"

    fixture = models.ForeignKey(Fixture, on_delete=models.CASCADE, related_name="live_predictions")
    template = models.ForeignKey(
        PredictionTemplate, on_delete=models.SET_NULL, null=True, blank=True
    )
    key = models.SlugField(max_length=60)
    kind = models.CharField(max_length=20, choices=PredictionTemplate.Kind.choices)
    question = models.CharField(
        max_length=200, help_text="as fans read it; an editor may reword it (plain text)"
    )
    options = models.JSONField()
    opens_at = models.PositiveIntegerField()
    locks_at = models.PositiveIntegerField()
    goals_before = models.PositiveSmallIntegerField(
        default=0, help_text="who scores next?: goals when it opened"
    )
    points = models.PositiveSmallIntegerField(default=10)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    answer = models.CharField(max_length=20, blank=True, help_text="the option id, once resolved")
    void_reason = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["fixture", "opens_at", "key"]
        constraints = [
            models.UniqueConstraint(fields=["fixture", "key"], name="unique_live_prediction_key")
        ]

    def __str__(self):
        return self.question

    RULE_FIELDS = (
        "key",
        "kind",
        "question",
        "options",
        "opens_at",
        "locks_at",
        "goals_before",
        "points",
        "status",
        "answer",
    )

    def as_rule(self):
        return {field: getattr(self, field) for field in self.RULE_FIELDS}
