"""Rally settings: twelve-factor, read from the environment (and `.env` when present).

Unset, everything falls back to the embedded default: SQLite, the in-memory channel
layer, the recorded demo feed and the offline script writer. `DATABASE_URL` and
`REDIS_URL` switch to the scaled-out setup.
"""

import hashlib
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)
# The fallback is for a laptop only: `check --deploy` flags its "django-insecure" prefix.
SECRET_KEY = env("SECRET_KEY", default="django-insecure-rally-local-development-only-key")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "rally.views.csrf_failure"

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "channels",
    "axes",
    "csp",
    "rally",
    "matches",
    "predictions",
    "relay",
    "showrunner",
]

MIDDLEWARE = [
    "rally.middleware.HttpContractMiddleware",  # first: sees every answer, errors included
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "rally.middleware.PermissionsPolicyMiddleware",
    "rally.staticstorage.ReleaseStaticMiddleware",  # ServeStatic, every release's hashed files
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "rally.middleware.DatabaseUnavailableMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

# The admin login (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one username from
# one address, that pair is locked out for AXES_COOLOFF_MINUTES (429 with the message below);
# `manage.py axes_reset_username NAME` (or `axes_reset_ip ADDRESS`, `axes_reset`) unlocks.
# The address is the client's as rally/clientaddr.py finds it (TRUSTED_PROXIES below), the
# same one every per-address limit of the relay uses.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_MINUTES = env.float("AXES_COOLOFF_MINUTES", default=15)
AXES_COOLOFF_TIME = timedelta(minutes=AXES_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "rally.clientaddr.request_client"
AXES_LOCKOUT_CALLABLE = "rally.views.locked_out"  # the message below, in the admin's frame
AXES_COOLOFF_MESSAGE = (
    f"Too many failed sign-ins for this account from your address. Try again in {AXES_COOLOFF_MINUTES:g} "
    "minutes, or ask an operator to unlock it (manage.py axes_reset_username)."
)


def _socket_sources(hosts):
    """ws:// and wss:// for each allowed host: 'self' covers them in current browsers, older
    ones need them spelled out (CSP 2 matched 'self' against the page's http(s) scheme only)."""
    for host in hosts:
        if host == "*" or host.startswith("["):  # no IPv6 literals in CSP host sources
            continue
        host = f"*{host}" if host.startswith(".") else host
        yield from (f"ws://{host}:*", f"wss://{host}:*")


# Content-Security-Policy (django-csp): no inline script or style anywhere (pages and admin
# load theirs from /static/), the sockets of this site only, no framing, no plugins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF, *_socket_sources(ALLOWED_HOSTS)],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

ROOT_URLCONF = "rally.urls"
ASGI_APPLICATION = "rally.asgi.application"
# What rally.asgi routes to, by name (the core imports no app): the fixture rooms' sockets, and
# the /state cache answered before Django.
RALLY_WEBSOCKET_URLPATTERNS = "relay.routing.websocket_urlpatterns"
RALLY_HTTP_FAST_PATH = "matches.fast_state.StateFastPath"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Client addresses (rally/clientaddr.py): the addresses or networks of the proxies we run in
# front of the nodes (e.g. "127.0.0.1" for nginx on the same machine, "10.0.0.0/24"). Only a
# connection from one of them has its X-Forwarded-For read (from the right, past our proxies);
# from anyone else the header is ignored and the peer is the client. Empty: no proxy. Never run
# daphne --proxy-headers: it takes the leftmost entry, which the client writes, from anyone.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # One process runs web, poller and director: wait for the write lock instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
# Each thread keeps its connection: reopening one for every trip to the database thread cost a
# join's claim 2–3 ms on SQLite (opening the file, the pragmas, a cold page cache).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

REDIS_URL = env("REDIS_URL", default="")
# Pub/sub (the default with Redis): one PUBLISH per room message, fanned out to the sockets by
# each node in its own memory, and a Redis restart only pauses it (the subscriptions live in the
# nodes and are re-made on reconnect). `lists` is channels-redis' original layer, which stores a
# copy per socket in Redis and forgets every group when Redis restarts (BENCHMARKS.md).
REDIS_LAYERS = {
    "pubsub": "channels_redis.pubsub.RedisPubSubChannelLayer",
    "lists": "channels_redis.core.RedisChannelLayer",
}
REDIS_CHANNEL_LAYER = env("REDIS_CHANNEL_LAYER", default="pubsub")
# Redis pub/sub channels ignore the database number in REDIS_URL: deployments sharing one Redis
# are kept apart by this prefix alone. Unset, it is derived from the secret key and the database
# name, which every node of a deployment shares and no two deployments should.
_DEPLOYMENT = f"{SECRET_KEY}|{DATABASES['default'].get('NAME', '')}"
CHANNEL_PREFIX = (
    env("CHANNEL_PREFIX", default="")
    or f"rally-{hashlib.sha256(_DEPLOYMENT.encode()).hexdigest()[:12]}"
)
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": REDIS_LAYERS[REDIS_CHANNEL_LAYER],
            "CONFIG": {"hosts": [REDIS_URL], "prefix": CHANNEL_PREFIX},
        }
    }
else:
    # See rally/layers.py. A channel is a node's subscription to a room (relay/fanout.py): deep
    # enough for a burst of a big room's picks, where channels' default of 100 would drop the rest.
    CHANNEL_LAYERS = {
        "default": {"BACKEND": "rally.layers.InMemoryChannelLayer", "CONFIG": {"capacity": 10_000}}
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
# ServeStatic (WhiteNoise's async fork) keeps every middleware async, so async views never
# hop to a thread. Once `collectstatic` has run (a release does: docs/operations.md), files are
# served as a production site serves them: content-hashed names (ES module imports rewritten
# to them), hashed names `Cache-Control: max-age=315360000, immutable`, gzip. Every file in
# STATIC_ROOT is served, the previous releases' too (rally/staticstorage.py): a rolling release
# never answers a page's module with a 404. Without collected files (a laptop, the tests) they
# come from the finders under their own names, max-age=60.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "rally.staticstorage.HashedStaticStorage"},
}
SERVESTATIC_USE_FINDERS = not (STATIC_ROOT / "staticfiles.json").exists()
SERVESTATIC_USE_MANIFEST = False  # STATIC_ROOT itself, every release's files, not one manifest's
SERVESTATIC_AUTOREFRESH = DEBUG

# Production hardening: on by default whenever DEBUG is off, each switchable for a proxy setup.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
# Behind the proxy every request says https (X-Forwarded-Proto); the node's own health checks and
# Prometheus' scrape reach its port over plain HTTP and must not be redirected.
SECURE_REDIRECT_EXEMPT = [r"^healthz(/loops)?$", r"^metrics$"]
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG and SECURE_SSL_REDIRECT)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# LOG_FORMAT=json: one JSON object a line (rally/logfilters.py JsonFormatter) for a log shipper.
LOG_FORMAT = env("LOG_FORMAT", default="plain")
LOG_FORMATTERS = {
    "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    "json": {"()": "rally.logfilters.JsonFormatter"},
}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"line": LOG_FORMATTERS[LOG_FORMAT]},
    # Lines carrying a client's text (bad requests, bad Hosts, failed logins) are cut short and
    # rate-limited (rally/logfilters.py): a flood of made-up URLs cannot fill the disk.
    "filters": {"client_noise": {"()": "rally.logfilters.ClientNoiseFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "line"},
        "client_noise": {
            "class": "logging.StreamHandler",
            "formatter": "line",
            "filters": ["client_noise"],
        },
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # daphne's per-request and per-socket lines: off unless ACCESS_LOG (or `serve --access-log`).
        "django.channels.server": {
            "level": "INFO" if env.bool("ACCESS_LOG", default=False) else "WARNING"
        },
        "axes.apps": {"level": "WARNING"},  # its start-up banner, on every manage.py command
        **{
            name: {"handlers": ["client_noise"], "propagate": False}
            for name in ("django.request", "django.security", "axes", "rally.unrouted")
        },
    },
}

# /metrics (Prometheus): readable from these client addresses (networks allowed), or by anyone
# presenting `Authorization: Bearer METRICS_TOKEN` when one is set. Everyone else gets a 404.
METRICS_ALLOWED_IPS = env.list("METRICS_ALLOWED_IPS", default=["127.0.0.1", "::1"])
METRICS_TOKEN = env("METRICS_TOKEN", default="")
# The worker has no web server: it serves its own metrics (poll cycles, model calls, loop cycles)
# on this address and port when the port is set (`worker --metrics-port`), for Prometheus only.
WORKER_METRICS_ADDR = env("WORKER_METRICS_ADDR", default="127.0.0.1")
WORKER_METRICS_PORT = env.int("WORKER_METRICS_PORT", default=0)

# `serve`: an HTTP connection that sends nothing for this long is closed (Twisted's default: 60),
# and a request's line and headers must all arrive within this of its first line (a client
# dripping one header line every few seconds is answered 408 and closed: rally/http_server.py).
HTTP_IDLE_TIMEOUT_S = env.float("HTTP_IDLE_TIMEOUT_S", default=20)
# A request body over this is refused with 413 `body_too_large` before it is read (a declared
# Content-Length) or as it passes the cap (chunked): rally/bodylimit.py, and under `serve`
# rally/http_server.py, which never holds the refused body. The API takes no bodies; the admin's
# forms are a few kilobytes. nginx's `client_max_body_size 1m` matches it.
HTTP_MAX_BODY_BYTES = env.int("HTTP_MAX_BODY_BYTES", default=1024 * 1024)

# The replay loop: timing of a new anchor (docs/engine.md §1).
REPLAY_TICK_MS = env.int("REPLAY_TICK_MS", default=1500)
REPLAY_PAUSE_MS = env.int("REPLAY_PAUSE_MS", default=60_000)

# Feed and showrunner: real services plug in by configuration.
SPORTMONKS_API_TOKEN = env("SPORTMONKS_API_TOKEN", default="")
SPORTMONKS_BASE_URL = env("SPORTMONKS_BASE_URL", default="https://api.sportmonks.com/v3/football")
# The recorded demo match (no SportMonks token): match seconds per wall-clock second.
RECORDED_FEED_SPEED = env.float("RECORDED_FEED_SPEED", default=1.0)
SHOWRUNNER_BACKEND = env("SHOWRUNNER_BACKEND", default="offline")
SHOWRUNNER_MODEL = env("SHOWRUNNER_MODEL", default="")
ANTHROPIC_API_KEY = env("ANTHROPIC_API_KEY", default="")
ANTHROPIC_BASE_URL = env("ANTHROPIC_BASE_URL", default="")
OPENAI_API_KEY = env("OPENAI_API_KEY", default="")
OPENAI_BASE_URL = env("OPENAI_BASE_URL", default="")
# The director (showrunner/director.py): seconds between cycles, and how long a language
# model may take (per attempt, retried with backoff) before the offline writer answers.
SHOWRUNNER_INTERVAL_S = env.float("SHOWRUNNER_INTERVAL_S", default=20)
# Never two presenter lines closer than this (news that comes sooner waits its turn).
SHOWRUNNER_MIN_GAP_S = env.float("SHOWRUNNER_MIN_GAP_S", default=10)
# Between events the presenter says at most one line per this many seconds (news is told at once).
SHOWRUNNER_QUIET_GAP_S = env.float("SHOWRUNNER_QUIET_GAP_S", default=180)
SHOWRUNNER_TIMEOUT_S = env.float("SHOWRUNNER_TIMEOUT_S", default=20)
SHOWRUNNER_MAX_RETRIES = env.int("SHOWRUNNER_MAX_RETRIES", default=2)
SHOWRUNNER_EFFORT = env("SHOWRUNNER_EFFORT", default="low")  # Claude's effort; empty to omit

# Background loops (rally/processes.py): seconds between cycles. One process at a time runs
# each loop, holding a lease of LOOP_LEASE_S seconds that it renews every third of it; a
# standby worker takes over within LOOP_LEASE_S (and a third) of the holder's death.
LOOP_LEASE_S = env.float("LOOP_LEASE_S", default=15)
GUARDIAN_INTERVAL_S = env.float("GUARDIAN_INTERVAL_S", default=30)
POLLER_INTERVAL_S = env.float("POLLER_INTERVAL_S", default=60)
# Presence (relay/presence.py): a node with sockets beats every PRESENCE_HEARTBEAT_S; the rows
# of a node that has not beaten for PRESENCE_STALE_S are swept, so a dead node's nicknames
# are free within PRESENCE_STALE_S + PRESENCE_SWEEP_INTERVAL_S (55 s by default).
PRESENCE_HEARTBEAT_S = env.float("PRESENCE_HEARTBEAT_S", default=15)
PRESENCE_STALE_S = env.float("PRESENCE_STALE_S", default=40)
PRESENCE_SWEEP_INTERVAL_S = env.float("PRESENCE_SWEEP_INTERVAL_S", default=15)
PRESENCE_COALESCE_S = env.float(
    "PRESENCE_COALESCE_S", default=1.0
)  # watchers' viewer-count updates
# At most one roster broadcast per room per window per node; a burst of joins waits at most this.
PRESENCE_ROSTER_WINDOW_S = env.float("PRESENCE_ROSTER_WINDOW_S", default=0.2)
# A node on Redis probes its channel layer this often, to resync its pages after an outage.
PRESENCE_LAYER_PROBE_S = env.float("PRESENCE_LAYER_PROBE_S", default=0.5)
# Picks (relay/crowd.py, relay/tallies.py): a room's picks gather this long on a node before one
# transaction stores them all (the sender's echo waits at most this plus the write); the room
# hears the share at most once per RELAY_TALLY_WINDOW_S per node.
RELAY_PICK_BATCH_S = env.float("RELAY_PICK_BATCH_S", default=0.05)
RELAY_TALLY_WINDOW_S = env.float("RELAY_TALLY_WINDOW_S", default=0.25)
# A nickname stays its owner's (by token) this long after its last socket left (relay.Player).
PRESENCE_GRACE_S = env.float("PRESENCE_GRACE_S", default=120)
# Abuse limits per client address, per web node (relay/ratelimit.py AddressLimits).
# Behind a proxy, TRUSTED_PROXIES makes the address the client's, not the proxy's.
RELAY_MAX_SOCKETS_PER_ADDRESS = env.int("RELAY_MAX_SOCKETS_PER_ADDRESS", default=100)
RELAY_FRAMES_PER_ADDRESS_PER_S = env.float("RELAY_FRAMES_PER_ADDRESS_PER_S", default=50)
RELAY_FRAME_BURST_PER_ADDRESS = env.int("RELAY_FRAME_BURST_PER_ADDRESS", default=200)
RELAY_JOINS_PER_ADDRESS_PER_MIN = env.float("RELAY_JOINS_PER_ADDRESS_PER_MIN", default=60)
RELAY_JOIN_BURST_PER_ADDRESS = env.int("RELAY_JOIN_BURST_PER_ADDRESS", default=30)
RELAY_NAMES_PER_ADDRESS_PER_LOOP = env.int(
    "RELAY_NAMES_PER_ADDRESS_PER_LOOP", default=20
)  # names that pick
RELAY_CONNECTS_PER_ADDRESS_PER_S = env.float("RELAY_CONNECTS_PER_ADDRESS_PER_S", default=10)
RELAY_CONNECT_BURST_PER_ADDRESS = env.int("RELAY_CONNECT_BURST_PER_ADDRESS", default=30)
# A socket whose unread backlog (what the server wrote that the client has not taken) passes
# this is dropped (rally/websocket_server.py): a phone on 3G drains it in ~20 s, a client that sends but
# never reads cannot make the node hold more than this per socket (plus the kernel's buffers).
RELAY_MAX_OUTGOING_BYTES = env.int("RELAY_MAX_OUTGOING_BYTES", default=1024 * 1024)
