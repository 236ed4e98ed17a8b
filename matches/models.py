from django.db import models


class FixtureManager(models.Manager):
    def with_anchor(self, slug):
        """The fixture `slug` with its anchor (if any) in the same query, or None."""
        return self.select_related("anchor").filter(slug=slug).first()

    async def awith_anchor(self, slug):
        return await self.select_related("anchor").filter(slug=slug).afirst()


class Fixture(models.Model):
    """A match with a page and a room: the looping replay, or a live fixture from the feed."""

    class Kind(models.TextChoices):
        REPLAY = "replay", "Replay"
        FEED = "feed", "Feed"

    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(max_length=200, blank=True)
    home_code = models.CharField(max_length=10)
    home_name = models.CharField(max_length=100)
    away_code = models.CharField(max_length=10)
    away_name = models.CharField(max_length=100)
    starting_at = models.DateTimeField(null=True, blank=True)
    # Feed fixtures: the provider's id, and the last state the poller wrote.
    external_id = models.CharField(max_length=40, null=True, blank=True, unique=True)
    state_code = models.CharField(max_length=40, blank=True)
    snapshot = models.JSONField(default=dict, blank=True)
    content_hash = models.CharField(max_length=32, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FixtureManager()

    class Meta:
        ordering = ["kind", "starting_at", "slug"]

    def __str__(self):
        return self.title or f"{self.home_name} v {self.away_name}"

    @property
    def teams(self):
        return {"home": self.home_code, "away": self.away_code}

    def replay_events_as_protocol(self):
        """The replay's frozen event stream, each event in the protocol's shape."""
        return [event.as_protocol() for event in self.replay_events.all()]


class ReplayAnchor(models.Model):
    """The one stored row every client derives the replay from (docs/engine.md §1).

    The one-to-one link is the guardian's unique constraint: two racing creators
    cannot both insert an anchor for the same fixture.
    """

    fixture = models.OneToOneField(Fixture, on_delete=models.CASCADE, related_name="anchor")
    base_started_at = models.BigIntegerField(help_text="ms since the Unix epoch: tip-off of loop 1")
    tick_ms = models.PositiveIntegerField(default=1500)
    pause_ms = models.PositiveIntegerField(default=60_000)
    last_sequence = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"anchor of {self.fixture.slug}"

    def as_protocol(self):
        return {
            "baseStartedAt": self.base_started_at,
            "tickMs": self.tick_ms,
            "pauseMs": self.pause_ms,
            "lastSequence": self.last_sequence,
        }


class ReplayEvent(models.Model):
    """One event of a replay fixture's frozen stream; the state is a fold over them."""

    fixture = models.ForeignKey(Fixture, on_delete=models.CASCADE, related_name="replay_events")
    sequence = models.PositiveIntegerField()
    quarter = models.PositiveSmallIntegerField()
    clock = models.CharField(max_length=5)
    team = models.CharField(max_length=10, null=True, blank=True)
    player_id = models.CharField(max_length=40, null=True, blank=True)
    player = models.CharField(max_length=100, null=True, blank=True)
    points = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=30)
    description = models.CharField(max_length=300)

    class Meta:
        ordering = ["fixture", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["fixture", "sequence"], name="unique_replay_event_sequence"
            )
        ]

    def __str__(self):
        return f"{self.sequence}. {self.description}"

    PROTOCOL_FIELDS = (
        "sequence",
        "quarter",
        "clock",
        "team",
        "player_id",
        "player",
        "points",
        "kind",
        "description",
    )

    def as_protocol(self):
        return {field: getattr(self, field) for field in self.PROTOCOL_FIELDS}


class DemoClock(models.Model):
    """When the recorded demo match started looping, stored once (docs/feed.md, "one demo clock").

    Like the replay anchor: every process that builds the recorded feed (the server's poller,
    `poll_fixtures --once`, `analyze_schedule`) reads this row, so they all agree on the match
    clock and a shell command never moves a live page's match. The unique key makes racing
    creators agree on one row. Delete it (admin) to restart the demo, e.g. at another speed.
    """

    key = models.CharField(max_length=40, unique=True, default="recorded")
    started_at = models.BigIntegerField(help_text="ms since the Unix epoch: the start of loop 0")
    speed = models.FloatField(default=1.0, help_text="match seconds per wall-clock second")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"demo clock {self.key} (×{self.speed:g})"


class StandingsSnapshot(models.Model):
    """A league's standings as the feed last gave them (SportMonks' standings endpoint), in the
    shape matches/league_table.py reads: the table before the day's results count."""

    competition = models.CharField(max_length=100, unique=True, help_text="the league's name")
    standings = models.JSONField(help_text='{"rows": [...], "zones": [...], "games": N}')
    fetched_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"standings of {self.competition}"
