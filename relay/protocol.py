"""Client frames of the relay (docs/protocol.md, WebSocket), parsed into typed commands.

Pure: no Django. Anything a client sends either becomes a command or raises ProtocolError
(answered with an `error` frame, the socket stays open) or Abuse (the socket is closed).
"""

import json
from dataclasses import dataclass

MAX_FRAME_BYTES = 4096  # a real frame is under 200 bytes
ABUSE_FRAME_BYTES = 65536  # nobody sends this by mistake
MAX_ID_LENGTH = 100  # prediction and option ids

CLOSE_TOO_LARGE = 4009  # like 1009 "message too big", in the application's range
CLOSE_FLOOD = 4029  # like HTTP 429
CLOSE_UNKNOWN_FIXTURE = 4404


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
        raise ProtocolError("unknown_type", "Unknown or missing message type: expected join, pick or ping.")
    return parser(message)


def _check_size(text):
    # Characters first: a huge frame is refused without encoding it (UTF-8 takes 1–4 bytes each).
    size = len(text) if len(text) > ABUSE_FRAME_BYTES else len(text.encode("utf-8", "surrogatepass"))
    if size > ABUSE_FRAME_BYTES:
        raise Abuse(CLOSE_TOO_LARGE, "frame far over the size limit")
    if size > MAX_FRAME_BYTES:
        raise ProtocolError("too_large", f"Frames are at most {MAX_FRAME_BYTES} bytes.")


def _parse_join(message):
    return Join(_field(message, "name", str))


def _parse_pick(message):
    return Pick(
        prediction=_id_field(message, "prediction"),
        choice=_id_field(message, "choice"),
        loop=_field(message, "loop", int),
    )


def _parse_ping(message):
    return Ping()


def _field(message, name, kind):
    value = message.get(name)
    # bool is an int in Python, never in the protocol.
    if not isinstance(value, kind) or isinstance(value, bool):
        raise ProtocolError("bad_field", f"`{name}` must be a {'string' if kind is str else 'whole number'}.")
    return value


def _id_field(message, name):
    value = _field(message, name, str)
    if len(value) > MAX_ID_LENGTH:
        raise ProtocolError("bad_field", f"`{name}` is at most {MAX_ID_LENGTH} characters.")
    return value


PARSERS = {"join": _parse_join, "pick": _parse_pick, "ping": _parse_ping}
