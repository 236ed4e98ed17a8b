"""SportMonks Football API v3, the one client for everything the site asks it: in-play
livescores, the day's fixtures, a fixture by id (with the includes a caller names) and a
season's standings, over httpx. One client per process (`shared`), so the feed and the
presenter spend one rate-limit budget.

Transient trouble (5xx, timeouts, dropped connections) is retried with exponential
backoff; a 429 or an exhausted `rate_limit.remaining` stops all calls until the feed's
`resets_in_seconds` have passed; a bad fixture is skipped with a logged reason. An include the
plan does not allow (403, SportMonks' include exceptions 5000/5002/5013, e.g. the pressure
add-on) is dropped, said once in the log, and the call made again without it: the scores keep
flowing. Whatever else goes wrong surfaces as a FeedError, which the poller survives.
"""

import functools
import logging
import re
import time
from datetime import date

import httpx

from .base import FeedError, FeedProvider, RateLimited

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://api.sportmonks.com/v3/football"
LIVE_INCLUDES = (
    "state",
    "periods",
    "events",
    "scores",
    "pressure",
    "participants",
    "lineups",
    "statistics",
    "league",
    "venue",
)
DAY_INCLUDES = ("participants", "state")
# Includes the page can do without, the most dispensable first: what goes when a plan refuses an
# include without naming it. The others (state, periods, events, scores, participants) are the match.
OPTIONAL_INCLUDES = ("pressure", "statistics", "lineups", "venue", "league")
# SportMonks' include exceptions (docs: API > Error codes > Include Exceptions): not allowed on the
# entity, insufficient includes (not in the plan), not available.
INCLUDE_REFUSED = {5000, 5002, 5013}
SHAPES = {list: "a list", dict: "an object"}  # what `data` holds: many fixtures, or one
DEFAULT_WAIT = 60.0  # a 429 that does not say how long to wait


class IncludeRefused(FeedError):
    """The feed refused an include of the request (HTTP 403 or an include exception)."""

    def __init__(self, path, message):
        super().__init__(f"{path}: an include was refused: {message}")
        self.message = message


@functools.cache
def shared(token, base_url=DEFAULT_BASE_URL):
    """This process's client for `token`: every caller shares its quota pause and connections."""
    return SportMonksFeed(token, base_url)


class SportMonksFeed(FeedProvider):
    name = "sportmonks"

    def __init__(
        self,
        token,
        base_url=DEFAULT_BASE_URL,
        *,
        timeout=10.0,
        retries=3,
        backoff=1.0,
        max_pages=10,
        sleep=time.sleep,
        clock=time.time,
    ):
        if not token:
            raise ValueError("a SportMonks API token is required")
        # The token goes in a header: httpx logs request URLs, and a query parameter would leak it.
        self._http = httpx.Client(
            base_url=base_url.rstrip("/") + "/",
            timeout=timeout,
            headers={"Authorization": token, "Accept": "application/json"},
        )
        self.retries, self.backoff, self.max_pages = retries, backoff, max_pages
        self._sleep, self._clock = sleep, clock
        self._resume_at = 0.0
        self.rate_limit = None  # the feed's last word on our quota
        self.includes = {"live": list(LIVE_INCLUDES), "day": list(DAY_INCLUDES)}
        self.dropped = []  # includes the plan refused, in the order they were dropped

    def now(self):
        return self._clock()

    def live_payloads(self):
        return self._allowed("live", lambda include: self._all_pages("livescores/inplay", include))

    def fixture_payload(self, fixture_id):
        # One fixture by id answers `data` as an object, not a list.
        path = f"fixtures/{int(fixture_id)}"
        body = self._allowed(
            "live", lambda include: self._get(path, {"include": include}, expect=dict)
        )
        return body["data"] or None

    def fixture_with(self, fixture_id, include):
        """One fixture by id with exactly the includes named (`"participants;lineups"`): an object."""
        path = f"fixtures/{int(fixture_id)}"
        return self._get(path, {"include": include}, expect=dict)["data"]

    def season_standings(self, season_id, include):
        """A season's standings rows, with the includes named (`standings/seasons/{id}`:
        docs.sportmonks.com/football/endpoints-and-entities/endpoints/standings/get-standings-by-season-id)."""
        path = f"standings/seasons/{int(season_id)}"
        return self._get(path, {"include": include})["data"]

    def day_payloads(self, day: date):
        return self._allowed(
            "day", lambda include: self._all_pages(f"fixtures/date/{day.isoformat()}", include)
        )

    def _allowed(self, kind, call):
        """`call(include)` with the includes of `kind` the plan allows: an include the feed refuses
        is dropped for good (logged once) and the call made again without it."""
        includes = self.includes[kind]
        while True:
            try:
                return call(";".join(includes))
            except IncludeRefused as refused:
                dropped = _refused_include(refused.message, includes)
                if dropped is None:
                    raise
                includes.remove(dropped)
                self.dropped.append(dropped)
                log.warning(
                    "SportMonks: the plan does not allow the %r include (%s); polling without it",
                    dropped,
                    refused.message,
                )

    def close(self):
        self._http.close()

    def _all_pages(self, path, include):
        fixtures, page = [], 1
        while True:
            params = {"include": include} | ({"page": page} if page > 1 else {})
            body = self._get(path, params)
            fixtures += body.get("data", [])
            pagination = body.get("pagination") or {}
            if not pagination.get("has_more") or page >= self.max_pages:
                return fixtures
            page += 1

    def _get(self, path, params, expect=list):
        self._check_quota()
        problem = None
        for attempt in range(self.retries + 1):
            if attempt:
                self._sleep(self.backoff * 2 ** (attempt - 1))
            try:
                response = self._http.get(path, params=params)
            except httpx.TransportError as error:  # timeouts, refused and dropped connections
                problem = f"{type(error).__name__}: {error}"
                continue
            if response.status_code == 429:
                self._wait_out(response)
            if response.status_code >= 500:
                problem = f"HTTP {response.status_code}"
                continue
            return self._body(path, response, expect)
        raise FeedError(f"{path}: gave up after {self.retries + 1} attempts ({problem})")

    def _body(self, path, response, expect):
        try:
            body = response.json()
        except ValueError:
            raise FeedError(
                f"{path}: HTTP {response.status_code}, not JSON: {response.text[:80]!r}"
            ) from None
        if not isinstance(body, dict):
            raise FeedError(f"{path}: the response is not an object")
        code = body.get("code")
        if code in INCLUDE_REFUSED or (response.status_code == 403 and code is None):
            raise IncludeRefused(path, f"HTTP {response.status_code}: {body.get('message', '')}")
        if response.status_code >= 400:
            raise FeedError(f"{path}: HTTP {response.status_code}: {body.get('message', '')}")
        self._note_quota(body.get("rate_limit"))
        if "data" not in body:
            # v3 answers an empty result with a 200 and a message instead of `data`.
            log.info("%s: %s", path, body.get("message", "no data"))
            return {**body, "data": expect()}
        if not isinstance(body["data"], expect):
            raise FeedError(f"{path}: `data` is not {SHAPES[expect]}")
        return body

    def _check_quota(self):
        wait = self._resume_at - self._clock()
        if wait > 0:
            raise RateLimited(wait, "the SportMonks quota is spent")

    def _note_quota(self, rate_limit):
        if not isinstance(rate_limit, dict):
            return
        self.rate_limit = rate_limit
        remaining, resets = rate_limit.get("remaining"), rate_limit.get("resets_in_seconds")
        if (
            isinstance(remaining, (int, float))
            and remaining <= 0
            and isinstance(resets, (int, float))
        ):
            self._resume_at = self._clock() + resets
            log.warning(
                "SportMonks quota for %s spent; pausing %ss",
                rate_limit.get("requested_entity"),
                resets,
            )

    def _wait_out(self, response):
        wait = _seconds_to_wait(response)
        self._resume_at = self._clock() + wait
        raise RateLimited(wait, "SportMonks answered 429")


def _refused_include(message, includes):
    """Which include to drop: the one the feed's message names, else the most dispensable still
    asked for; None when only the match itself is left (then the refusal is not about includes)."""
    words = re.findall(r"[A-Za-z]+", message)
    named = [include for include in includes if include in words]
    if named:
        return named[0]
    return next((include for include in OPTIONAL_INCLUDES if include in includes), None)


def _seconds_to_wait(response):
    try:
        rate_limit = response.json().get("rate_limit") or {}
        return float(rate_limit["resets_in_seconds"])
    except (ValueError, AttributeError, KeyError, TypeError):
        pass
    try:
        return float(response.headers["Retry-After"])
    except (KeyError, ValueError):
        return DEFAULT_WAIT
