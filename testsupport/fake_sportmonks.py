"""A local stand-in for SportMonks' Football API v3, speaking its wire format.

Runs a threaded HTTP server on 127.0.0.1 (a free port) under `/v3/football`. It answers
`/livescores/inplay` with `fixtures` (a list, or a callable returning one, e.g. a
RecordedFeed's `fetch_live`) and `/fixtures/date/{date}` with `days[date]`, paginated,
wrapped as v3 does: `{"data", "pagination"?, "subscription", "rate_limit", "timezone"}`.
`/fixtures/{id}` answers with `fixture_details[id]` (e.g. with its line-ups and season_id) and
`/standings/seasons/{id}` with `standings[id]` (rows with participant, details and form).
Trouble is scripted per request with `then(...)`: a status, a hang, garbage, a 429, or
any raw body.
"""

import json
import threading
from collections import deque
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

PREFIX = "/v3/football/"
NO_RESULTS = (
    "No result(s) found matching your request. Either the query did not return any results "
    "or you don't have access to it via your current subscription."
)


class FakeSportMonks:
    def __init__(self, token="test-token", per_page=25):
        self.token = token
        self.per_page = per_page
        self.fixtures = []
        self.days = {}
        self.fixture_details = {}
        self.standings = {}
        self.remaining = 2999
        self.resets_in_seconds = 3600
        self.requests = []
        self._script = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}/v3/football"

    def __enter__(self):
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def __exit__(self, *exc):
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()

    def then(self, *actions):
        """Script the next requests, one action each: ("status", 500), ("hang", 2.0),
        ("garbage",), ("rate_limited", seconds), ("body", status, object)."""
        with self._lock:
            self._script.extend(actions)

    # What a request gets

    def site_env(self):
        """A Site's environment that polls this server twice a second."""
        return {
            "SPORTMONKS_API_TOKEN": self.token,
            "SPORTMONKS_BASE_URL": self.base_url,
            "POLLER_INTERVAL_S": "0.5",
        }

    def _answer(self, path, query, headers):
        with self._lock:
            self.requests.append({"path": path, "query": query, "headers": headers})
            action = self._script.popleft() if self._script else ("serve",)
            self.remaining -= 1
        if headers.get("Authorization") != self.token and query.get("api_token") != self.token:
            return 401, {"message": "Unauthenticated."}
        kind = action[0]
        if kind == "status":
            return action[1], {"message": "Server Error"}
        if kind == "hang":
            self._stopping.wait(action[1])
        if kind == "garbage":
            return 200, b"<html><body>502 Bad Gateway</body></html>"
        if kind == "rate_limited":
            self.remaining = 0
            return 429, {"message": "Too Many Attempts.", "rate_limit": self._rate_limit(action[1])}
        if kind == "body":
            return action[1], action[2]
        return self._route(path, query)

    def _route(self, path, query):
        if path == PREFIX + "livescores/inplay":
            fixtures = self.fixtures() if callable(self.fixtures) else self.fixtures
            return 200, self._wrap(list(fixtures))
        if path.startswith(PREFIX + "fixtures/date/"):
            day = path.rsplit("/", 1)[1]
            return 200, self._paginated(self.days.get(day, []), int(query.get("page", 1)))
        if path.startswith(PREFIX + "standings/seasons/"):
            return 200, self._wrap(self.standings.get(_id(path), []))
        if path.startswith(PREFIX + "fixtures/") and _id(path) in self.fixture_details:
            return 200, self._wrap(self.fixture_details[_id(path)])
        return 404, {"message": "Not found."}

    def _paginated(self, fixtures, page):
        start = (page - 1) * self.per_page
        has_more = start + self.per_page < len(fixtures)
        body = self._wrap(fixtures[start : start + self.per_page])
        body["pagination"] = {
            "count": len(fixtures[start : start + self.per_page]),
            "per_page": self.per_page,
            "current_page": page,
            "has_more": has_more,
            "next_page": f"{self.base_url}?page={page + 1}" if has_more else None,
        }
        return body

    def _wrap(self, data):
        body = {"data": data} if data else {"message": NO_RESULTS}
        return body | {
            "subscription": [
                {
                    "meta": {
                        "trial_ends_at": None,
                        "ends_at": "2099-12-31 23:59:59",
                        "current_timestamp": int(datetime.now(UTC).timestamp()),
                    },
                    "plans": [
                        {"plan": "Football Advanced", "sport": "Football", "category": "Advanced"}
                    ],
                    "add_ons": [],
                    "widgets": [],
                }
            ],
            "rate_limit": self._rate_limit(self.resets_in_seconds),
            "timezone": "UTC",
        }

    def _rate_limit(self, resets):
        return {
            "resets_in_seconds": resets,
            "remaining": max(self.remaining, 0),
            "requested_entity": "Fixture",
        }

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                url = urlsplit(self.path)
                query = {key: values[-1] for key, values in parse_qs(url.query).items()}
                status, body = fake._answer(url.path, query, dict(self.headers))
                raw = body if isinstance(body, bytes) else json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header(
                        "Content-Type",
                        "text/html" if isinstance(body, bytes) else "application/json",
                    )
                    self.send_header("Content-Length", str(len(raw)))
                    self.end_headers()
                    self.wfile.write(raw)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (a scripted hang)

            def log_message(self, *args):
                pass

        return Handler


def _id(path):
    last = path.rstrip("/").rsplit("/", 1)[1]
    return int(last) if last.isdigit() else last
