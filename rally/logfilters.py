"""What a hostile client can put into the log: one short line per bad request, and few of them.

Django logs every 4xx (`django.request`: "Not Found: <path>") and every bad Host
(`django.security.*`) with the client's text in full: a flood of 2 KB made-up URLs would write
2 KB a request. This filter cuts that text to `MAX_CHARS` and lets at most `BURST` such lines
through per `WINDOW_S` seconds (per process), then one line saying how many it dropped.
Server errors (5xx, ERROR and above from django.request) are cut too, never dropped.
"""

import json
import logging
import time

MAX_CHARS = 200
BURST = 20
WINDOW_S = 10.0


class ClientNoiseFilter(logging.Filter):
    def __init__(
        self, name="", max_chars=MAX_CHARS, burst=BURST, window_s=WINDOW_S, clock=time.monotonic
    ):
        super().__init__(name)
        self.max_chars, self.burst, self.window_s, self._clock = max_chars, burst, window_s, clock
        self._window_started, self._passed, self._dropped = float("-inf"), 0, 0

    def filter(self, record):
        message = record.getMessage()
        if len(message) > self.max_chars:
            message = f"{message[: self.max_chars]}… ({len(message)} chars)"
        record.msg, record.args = message, ()
        if record.levelno >= logging.ERROR and record.name == "django.request":
            return True  # our own failures: always logged
        now = self._clock()
        if now - self._window_started >= self.window_s:
            if self._dropped:
                record.msg = f"{message} [{self._dropped} similar lines dropped in the last {self.window_s:g} s]"
            self._window_started, self._passed, self._dropped = now, 0, 0
        if self._passed >= self.burst:
            self._dropped += 1
            return False
        self._passed += 1
        return True


class JsonFormatter(logging.Formatter):
    converter = time.gmtime  # the "Z" below: times are UTC

    """LOG_FORMAT=json: one JSON object a line (time, level, logger, message, and the traceback
    when there is one), the shape log shippers read without a parsing rule."""

    def format(self, record):
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
