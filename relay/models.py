"""The relay's rows: who is in each fixture's room, on which node, and the room's roster version.

The tables keep the names they had when the relay lived in predictions (db_table), so moving the
models was a change of state only (relay/migrations/0001_initial.py).
"""

from django.db import models

from matches.models import Fixture


class Presence(models.Model):
    """One open socket in a fixture's room, on any node; with a nickname once its fan joined.

    A row per connection makes the viewer count right across nodes. A joined socket plays as a
    player (predictions.Player, the nickname's owner and lock); `name` and `key` copy the
    player's for the roster. One player may have several rows: two tabs of one fan, or a
    reconnected socket while its old row still lingers. Watchers have no player. `heartbeat` is
    when the row was last written (opened, claimed); a row lives while its node beats
    (NodeHeartbeat), and the rows of a node that died without disconnecting are swept once both
    are stale (relay.sweeper).
    """

    fixture = models.ForeignKey(Fixture, on_delete=models.CASCADE, related_name="presences")
    channel_name = models.CharField(max_length=255, unique=True)
    player = models.ForeignKey("predictions.Player", null=True, blank=True, on_delete=models.SET_NULL)
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
