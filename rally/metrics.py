"""What an operator watches, as Prometheus metrics (prometheus-client, the official client).

Each process keeps its own counters: a web node's `/metrics` shows its sockets and messages,
the worker's (`worker --metrics-port`) its poll cycles, model calls and loop cycles; `serve`
alone has them all. Loop lag comes from the shared table, so any node's scrape shows it.
Names follow Prometheus' conventions: `_total` counters, `_seconds` durations.
"""

from prometheus_client import Counter, Gauge, Histogram
from prometheus_client.core import REGISTRY, GaugeMetricFamily

SOCKETS = Gauge("rally_sockets", "Open relay sockets on this node, per room.", ["room", "node"])
MESSAGES_IN = Counter("rally_messages_received_total", "Frames received from sockets.", ["node"])
MESSAGES_OUT = Counter("rally_messages_sent_total", "Messages sent to sockets.", ["node"])
BROADCAST_LATENCY = Histogram(
    "rally_broadcast_latency_seconds",
    "From a room broadcast to its delivery on a socket (across nodes).",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)
POLL_CYCLE_SECONDS = Histogram("rally_poll_cycle_seconds", "One feed poll: fetch, store, send.")
FEED_ERRORS = Counter("rally_feed_errors_total", "Failed feed polls, by kind.", ["kind"])
MODEL_CALLS = Counter(
    "rally_model_calls_total", "Language-model calls by the showrunner.", ["backend", "outcome"]
)
MODEL_FALLBACKS = Counter(
    "rally_model_fallbacks_total",
    "Scripts the offline writer wrote instead of the model.",
    ["backend"],
)
LOOP_CYCLE_SECONDS = Histogram(
    "rally_loop_cycle_seconds", "One cycle of a background loop run here.", ["loop"]
)
LOOP_HELD = Gauge(
    "rally_loop_held", "1 while this process holds the loop's lease (runs it).", ["loop"]
)
LOOP_STANDBY = Gauge(
    "rally_loop_standby",
    "1 while this process stands by for the loop: another process holds its lease.",
    ["loop"],
)


class LoopLagCollector:
    """At scrape time, from the shared table: seconds since each loop last completed a cycle
    (+Inf when it never did) and whether it counts as stale for /healthz/loops."""

    def collect(self):
        from django.utils import timezone

        from rally.loops import loop_states
        from rally.processes import loop_intervals

        lag = GaugeMetricFamily(
            "rally_loop_lag_seconds",
            "Seconds since the loop last completed a cycle.",
            labels=["loop"],
        )
        stale = GaugeMetricFamily(
            "rally_loop_stale", "1 when the loop missed three of its intervals.", labels=["loop"]
        )
        try:
            states = loop_states(loop_intervals())
        except Exception:  # no database: report nothing rather than fail the whole scrape
            return
        now = timezone.now()
        for state in states:
            age = state.age_s(now)
            lag.add_metric([state.name], float("inf") if age is None else age)
            stale.add_metric([state.name], 1.0 if state.stale(now) else 0.0)
        yield lag
        yield stale

    def describe(self):
        return []  # collected lazily: registering must not touch the database


REGISTRY.register(LoopLagCollector())
