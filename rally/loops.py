"""The background loops' shared record (rally.models.BackgroundLoop): one holder per loop, and
each loop's last completed cycle, which /healthz/loops, the admin and /metrics read.

Exactly one process runs a loop: it holds a lease row and renews it; a second worker waits as
a hot standby and takes the lease once it lapses (the holder died) or is released (the holder
stopped). A lease row rather than a PostgreSQL advisory lock: it works on SQLite too, and an
operator can see in the admin who holds what.
"""

import os
import socket
import time
import uuid
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from channels.db import database_sync_to_async
from django.db import IntegrityError
from django.db.models import F, Q
from django.utils import timezone

from rally.models import BackgroundLoop

STALE_AFTER_INTERVALS = (
    3  # a loop that has not completed a cycle within this many intervals is stale
)
ERROR_TEXT = 300

# This process, as the admin shows it; the suffix tells two runs apart after a pid is reused.
HOLDER = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class DatabaseContact:
    """How long this process has reached the database without a break, from its own trips (each
    lease renewal, every third of LOOP_LEASE_S, and each cycle's). A failed trip, or a silence
    longer than `max_gap_s` (a trip that hung, a process that stood still), is a break: the
    database may have been away meanwhile, so whatever others could not write then proves
    nothing (relay.sweeper judges nodes' heartbeats by it). A process that has seen no break
    trusts the database from its start."""

    def __init__(self):
        self.last_ok = None  # time.monotonic() of the last trip that reached the database
        self.since = float("-inf")  # start of the current unbroken stretch (inf: broken now)

    def reached(self, max_gap_s, now=None):
        now = time.monotonic() if now is None else now
        silent = self.last_ok is not None and now - self.last_ok > max_gap_s
        if silent or self.since == float("inf"):
            self.since = now
        self.last_ok = now

    def lost(self):
        self.since = float("inf")

    def unbroken_s(self, now=None):
        """Seconds the database has been reachable without a break (inf: no break seen)."""
        now = time.monotonic() if now is None else now
        return now - self.since


database_contact = DatabaseContact()


def hold(name, lease_s, holder=HOLDER):
    """Take or renew the lease on loop `name`; True when `holder` has it for `lease_s` more seconds.
    One UPDATE decides, so two workers racing for a lapsed lease cannot both win."""
    now = timezone.now()
    try:
        BackgroundLoop.objects.get_or_create(name=name)
    except IntegrityError:
        pass  # another worker created the row first
    free_or_ours = Q(holder=holder) | Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    taken = BackgroundLoop.objects.filter(free_or_ours, name=name).update(
        holder=holder, lease_until=now + timedelta(seconds=lease_s)
    )
    return taken == 1


def release(name, holder=HOLDER):
    """Give the lease up (a clean stop): a standby takes over at its next look, not after a lapse."""
    BackgroundLoop.objects.filter(name=name, holder=holder).update(lease_until=timezone.now())


def record_cycle(name, duration_s, error=""):
    """A cycle ended: a success moves `completed_at` (what health reads); a failure is counted."""
    rows = BackgroundLoop.objects.filter(name=name)
    if error:
        rows.update(failures=F("failures") + 1, last_error=error[:ERROR_TEXT])
    else:
        rows.update(
            completed_at=timezone.now(), cycle_s=duration_s, cycles=F("cycles") + 1, last_error=""
        )


@asynccontextmanager
async def reported(name):
    """Around one cycle of loop `name`: records how it ended and how long it took."""
    from rally import metrics

    started = time.monotonic()
    error = ""
    try:
        yield
    except Exception as problem:
        error = f"{type(problem).__name__}: {problem}"
        raise
    finally:
        duration = time.monotonic() - started
        metrics.LOOP_CYCLE_SECONDS.labels(name).observe(duration)
        try:
            await database_sync_to_async(record_cycle)(name, duration, error)
        except Exception:  # no database: the loop goes on, /healthz/loops will say it is stale
            pass


@dataclass
class LoopState:
    name: str
    interval_s: float
    completed_at: datetime | None
    holder: str
    lease_until: datetime | None

    @classmethod
    def of(cls, row, interval_s):
        return cls(row.name, interval_s, row.completed_at, row.holder, row.lease_until)

    def age_s(self, now):
        return (
            None
            if self.completed_at is None
            else max(0.0, (now - self.completed_at).total_seconds())
        )

    def stale(self, now):
        age = self.age_s(now)
        return age is None or age > STALE_AFTER_INTERVALS * self.interval_s

    def held(self, now):
        return self.lease_until is not None and self.lease_until > now


def loop_states(intervals):
    """The state of each loop in `intervals` (name → seconds), in that order."""
    rows = {row.name: row for row in BackgroundLoop.objects.filter(name__in=list(intervals))}
    return [
        LoopState.of(rows.get(name) or BackgroundLoop(name=name), interval)
        for name, interval in intervals.items()
    ]
