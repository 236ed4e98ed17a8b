"""The relay's rows: who is in each fixture's room, on which node, and the room's roster version.

The tables keep the names they had when the relay lived in predictions (db_table), so moving the
models was a change of state only (relay/migrations/0001_initial.py, 0004_player.py).
"""

from django.db import models

from matches.models import Fixture


class Player(models.Model):
    """A fan in one fixture's game: the owner of a nickname (by its key) and of its picks.

    The unique (fixture, key) is the nickname lock, and the unique (fixture, look) a second one
    for names that look alike at a glance: claiming a new name is one insert, so racing claims on
    any number of nodes have one winner. The owner proves itself with a token; only
    its SHA-256 is kept, so the database never holds a usable token (relay/tokens.py). While a
    socket plays as the owner, or for PRESENCE_GRACE_S after its last socket left
    (`released_at`), nobody else can take the name; after that, the next fan to claim it gets
    this row with a new token and the old owner's picks are deleted: picks belong to the owner,
    never to the spelling.
    """

    fixture = models.ForeignKey(Fixture, on_delete=models.CASCADE, related_name="players")
    key = models.CharField(
        max_length=200,
        help_text="UTS #39 skeleton of the NFKC-casefolded name (relay/nicknames.py)",
    )
    name = models.CharField(max_length=40, help_text="the owner's spelling, as the room sees it")
    look = models.CharField(
        max_length=200,
        null=True,
        blank=True,
        help_text="what the name looks like at a glance (relay/nicknames.py look_of): a second lock",
    )
    token_hash = models.CharField(
        max_length=64, null=True, blank=True, help_text="SHA-256 hex of the owner's token"
    )
    released_at = models.DateTimeField(
        null=True,
        blank=True,
        db_index=True,
        help_text="when its last socket left; null while one plays as it",
    )

    class Meta:
        db_table = "predictions_player"  # the table it had before the relay owned identity
        constraints = [
            models.UniqueConstraint(fields=["fixture", "key"], name="one_owner_per_nickname"),
            models.UniqueConstraint(fields=["fixture", "look"], name="one_owner_per_look"),
        ]

    def __str__(self):
        return f"{self.name} in {self.fixture_id}"


class Presence(models.Model):
    """One open socket in a fixture's room, on any node; with a nickname once its fan joined.

    A row per connection makes the viewer count right across nodes. A joined socket plays as a
    player (Player, the nickname's owner and lock); `name` and `key` copy the
    player's for the roster. One player may have several rows: two tabs of one fan, or a
    reconnected socket while its old row still lingers. Watchers have no player. `heartbeat` is
    when the row was last written (opened, claimed); a row lives while its node beats
    (NodeHeartbeat), and the rows of a node that died without disconnecting are swept once both
    are stale (relay.sweeper).
    """

    fixture = models.ForeignKey(Fixture, on_delete=models.CASCADE, related_name="presences")
    channel_name = models.CharField(max_length=255, unique=True)
    player = models.ForeignKey(Player, null=True, blank=True, on_delete=models.SET_NULL)
    name = models.CharField(max_length=40, null=True, blank=True, help_text="as the room sees it")
    key = models.CharField(max_length=200, null=True, blank=True, help_text="the player's key")
    node = models.CharField(max_length=100)
    heartbeat = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "predictions_presence"  # the table it had before the relay was its own app

    def __str__(self):
        return f"{self.name or 'watcher'} in {self.fixture_id}"


class NodeHeartbeat(models.Model):
    """A web node's heartbeat, written once per PRESENCE_HEARTBEAT_S while it has sockets: one
    write per node, however many sockets it holds (bench/heartbeat.py)."""

    node = models.CharField(max_length=100, unique=True)
    beat_at = models.DateTimeField()

    def __str__(self):
        return f"{self.node} at {self.beat_at:%H:%M:%S}"


class Roster(models.Model):
    """The version of a room's roster, bumped under its row lock whenever presence is broadcast.

    Nodes broadcast concurrently and the channel layer does not order their messages, so each
    socket keeps the highest version it has forwarded and drops an older roster arriving late.
    """

    fixture = models.OneToOneField(Fixture, on_delete=models.CASCADE, related_name="roster")
    version = models.BigIntegerField(default=0)

    class Meta:
        db_table = "predictions_roster"

    def __str__(self):
        return f"roster of {self.fixture_id} v{self.version}"
