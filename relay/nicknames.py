"""Nicknames in a fixture's room: what may be claimed, and which names count as the same.

Pure: no Django. Two names are the same when their keys are equal; the key folds case and
Unicode width (NFKC + casefold), so "ＡＬＩＣＥ", "Alice" and "alice" are one nickname.
"""

import unicodedata
from dataclasses import dataclass

from predictions.engine import BOTS

MAX_LENGTH = 20
# Beyond this, a name is refused before any Unicode work is spent on it.
MAX_RAW_LENGTH = 200
# Control, format (bidi overrides, zero-width joiners: invisible impersonation), surrogate,
# private-use and unassigned code points; line and paragraph separators.
FORBIDDEN_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


class InvalidName(ValueError):
    """The detail is shown to the person who typed the name."""


@dataclass(frozen=True)
class Nickname:
    display: str  # what the room sees
    key: str  # what the lock is taken on


def key_of(name):
    # NFKC again after casefold: folding can leave a string that is no longer normalised.
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())


RESERVED_KEYS = frozenset(key_of(bot[field]) for bot in BOTS for field in ("name", "id"))


def parse_nickname(raw):
    """The nickname a person asked for, or InvalidName with the reason."""
    if len(raw) > MAX_RAW_LENGTH:
        raise InvalidName(f"Nicknames are at most {MAX_LENGTH} characters.")
    normalised = unicodedata.normalize("NFKC", raw)
    if any(unicodedata.category(char) in FORBIDDEN_CATEGORIES for char in normalised):
        raise InvalidName("Nicknames cannot contain control or invisible characters.")
    display = " ".join(normalised.split())
    if not display:
        raise InvalidName("Choose a nickname.")
    if len(display) > MAX_LENGTH:
        raise InvalidName(f"Nicknames are at most {MAX_LENGTH} characters.")
    key = key_of(display)
    if key in RESERVED_KEYS:
        raise InvalidName(f"{display} is one of the CPU bots: choose another nickname.")
    return Nickname(display, key)
