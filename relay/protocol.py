"""Client frames of the relay (docs/protocol.md, WebSocket), parsed into typed commands.

Pure: no Django. Anything a client sends either becomes a command or raises ProtocolError
(answered with an `error` frame, the socket stays open) or Abuse (the socket is closed).
"""

import json
from dataclasses import dataclass

MAX_FRAME_BYTES = 4096  # a real frame is under 200 bytes
ABUSE_FRAME_BYTES = 65536  # nobody sends this by mistake
MAX_ID_LENGTH = 100  # prediction and option ids
MAX_TOKEN_LENGTH = 100  # a real token is 43 characters (relay/tokens.py)

CLOSE_TOO_LARGE = 4009  # like 1009 "message too big", in the application's range
CLOSE_FLOOD = 4029  # like HTTP 429
CLOSE_UNKNOWN_FIXTURE = 4404  # accepted, then closed: the page stops reconnecting
CLOSE_TOO_MANY_CONNECTIONS = 4029  # too many sockets, or new sockets per second, from one address
CLOSE_UNAVAILABLE = 1011  # the database is down, or was: the page reconnects with backoff
CLOSE_GOING_AWAY = 1001  # this node is stopping: the page reconnects at once, to another node


class ProtocolError(ValueError):
    def __init__(self, code, detail):
        super().__init__(detail)
        self.code, self.detail = code, detail

    def as_message(self):
        return {"type": "error", "code": self.code, "detail": self.detail}


class Abuse(Exception):
    def __init__(self, close_code, detail):
        super().__init__(detail)
        self.close_code = close_code


@dataclass(frozen=True)
class Join:
    name: str
    token: str | None = None  # proves the sender owns the name (welcome.token)


@dataclass(frozen=True)
class Pick:
    prediction: str
    choice: str
    loop: int


@dataclass(frozen=True)
class Ping:
    pass


def parse_frame(text):
    """One text frame → Join, Pick or Ping. Fields other than the documented ones are ignored,
    so a `name` inside a pick can never speak for the sender."""
    if text is None:
        raise ProtocolError("not_text", "Frames must be JSON text, not binary.")
    _check_size(text)
    try:
        message = json.loads(text)
    except (ValueError, RecursionError):  # RecursionError: absurdly nested arrays
        raise ProtocolError("bad_json", "Frames must be valid JSON.") from None
    if not isinstance(message, dict):
        raise ProtocolError("not_object", "A frame must be one JSON object with a type.")
    kind = message.get("type")
    parser = PARSERS.get(kind) if isinstance(kind, str) else None
    if parser is None:
        raise ProtocolError(
            "unknown_type", "Unknown or missing message type: expected join, pick or ping."
        )
    return parser(message)


def _check_size(text):
    # Characters first: a huge frame is refused without encoding it (UTF-8 takes 1–4 bytes each).
    size = (
        len(text) if len(text) > ABUSE_FRAME_BYTES else len(text.encode("utf-8", "surrogatepass"))
    )
    if size > ABUSE_FRAME_BYTES:
        raise Abuse(CLOSE_TOO_LARGE, "frame far over the size limit")
    if size > MAX_FRAME_BYTES:
        raise ProtocolError("too_large", f"Frames are at most {MAX_FRAME_BYTES} bytes.")


def _parse_join(message):
    token = message.get("token")
    if token is not None:
        token = _bounded_field(message, "token", MAX_TOKEN_LENGTH)
    # The name is judged by relay.nicknames, which answers invalid_name (lone surrogates included).
    return Join(_field(message, "name", str, text=False), token)


def _parse_pick(message):
    return Pick(
        prediction=_id_field(message, "prediction"),
        choice=_id_field(message, "choice"),
        loop=_field(message, "loop", int),
    )


def _parse_ping(message):
    return Ping()


def _field(message, name, kind, text=True):
    value = message.get(name)
    # bool is an int in Python, never in the protocol.
    if not isinstance(value, kind) or isinstance(value, bool):
        raise ProtocolError(
            "bad_field", f"`{name}` must be a {'string' if kind is str else 'whole number'}."
        )
    if kind is str and text and not _is_unicode_text(value):
        raise ProtocolError("bad_field", f"`{name}` must be valid Unicode text.")
    return value


def _is_unicode_text(value):
    """False when JSON escapes made a lone surrogate ("\\ud800"), which no UTF-8 can carry."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _bounded_field(message, name, max_length):
    value = _field(message, name, str)
    if len(value) > max_length:
        raise ProtocolError("bad_field", f"`{name}` is at most {max_length} characters.")
    return value


def _id_field(message, name):
    return _bounded_field(message, name, MAX_ID_LENGTH)


PARSERS = {"join": _parse_join, "pick": _parse_pick, "ping": _parse_ping}
