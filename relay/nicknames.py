"""Nicknames in a fixture's room: what may be claimed, and which names count as the same.

No Django. Two names are the same nickname when their keys are equal. The key is the UTS #39
confusables skeleton of the NFKC-casefolded name, from ICU's SpoofChecker (PyICU): it folds
case and width ("ＡＬＩＣＥ", "Alice", "alice") and look-alikes (Cyrillic "соbrа" and "cobra",
"rn" and "m") into one nickname. ICU is the reference implementation of UTS #39, kept in step
with each Unicode release, and also gives the restriction levels used below.

A name is refused when it could render as another or as nothing: control, format, invisible
(Default_Ignorable) and filler characters; marks stacked on one letter (ICU's INVISIBLE check);
scripts mixed beyond UTS #39's "moderately restrictive" level (Latin with one other script,
not Cyrillic, Greek or Cherokee; Han with Hiragana/Katakana, Bopomofo or Hangul); and the
bots' names and every look-alike of them.
"""

import functools
import re
import unicodedata
from dataclasses import dataclass

import icu

from relay.game import game

MAX_LENGTH = 20
# Beyond this, a name is refused before any Unicode work is spent on it.
MAX_RAW_LENGTH = 200
# Control, format (bidi overrides, zero-width joiners: invisible impersonation), surrogate,
# private-use and unassigned code points; line and paragraph separators.
FORBIDDEN_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
# Characters that render blank: Default_Ignorable_Code_Point (Hangul fillers U+115F, U+1160,
# U+3164, U+FFA0, U+034F, variation selectors, Mongolian FVS, U+17B4/U+17B5…) and the braille
# blank U+2800, which is a symbol by category but shows nothing.
INVISIBLE = icu.UnicodeSet(r"[[:Default_Ignorable_Code_Point:][\u2800]]")
RESTRICTION_LEVEL = icu.URestrictionLevel.MODERATELY_RESTRICTIVE
# Combining marks any script may carry (Script_Extensions Inherited: accents, dots, tildes,
# U+0300–U+036F and friends): more than one on a letter, after NFC composition, is a stack, and
# stacks of any kind are refused (Vietnamese composes to one character; a script's own signs,
# Thai tone marks or Devanagari vowel signs, are not counted).
STACKING_MARKS = icu.UnicodeSet(r"[[:M:]&[:scx=Zinh:]]")
# The word CPU or bot, or a robot, marks a bot; so does a name containing a bot's name.
BOT_WORDS = {"cpu", "bot", "bots"}
ROBOTS = ("\N{ROBOT FACE}",)


def _spoof_checker():
    checker = icu.SpoofChecker()
    checker.setRestrictionLevel(RESTRICTION_LEVEL)
    checker.setChecks(
        icu.USpoofChecks.RESTRICTION_LEVEL
        | icu.USpoofChecks.INVISIBLE
        | icu.USpoofChecks.MIXED_NUMBERS
    )
    return checker


SPOOF_CHECKER = _spoof_checker()
REFUSALS = (  # ICU's check bit → what the person is told, first match wins
    (icu.USpoofChecks.INVISIBLE, "Nicknames cannot stack the same mark on a letter."),
    (
        icu.USpoofChecks.RESTRICTION_LEVEL,
        "Nicknames cannot mix these scripts (a look-alike risk): use one alphabet.",
    ),
    (icu.USpoofChecks.MIXED_NUMBERS, "Nicknames cannot mix digits of different number systems."),
)


class InvalidName(ValueError):
    """The detail is shown to the person who typed the name."""


@dataclass(frozen=True)
class Nickname:
    display: str  # what the room sees
    key: str  # what the lock is taken on
    look: str | None = None  # what it looks like at a glance: a second lock (look_of)


def folded(name):
    # NFKC again after casefold: folding can leave a string that is no longer normalised.
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())


def skeleton(text):
    return SPOOF_CHECKER.getSkeleton(0, text)


def key_of(name):
    """The confusables skeleton (UTS #39) of the folded name: equal keys look alike."""
    return skeleton(folded(name))


@functools.cache
def _bot_look_alikes():
    """The bots' keys (the game's BOTS, asked once). A bot's name is matched by key and by the
    unfolded skeleton too: folding turns a capital I into an i, so "ChaIk" (capital i) has another
    key than "Chalk", which it looks exactly like."""
    spellings = {
        spelling
        for bot in game().BOTS
        for field in ("name", "id")
        for spelling in (bot[field], bot[field].upper())
    }
    return frozenset(key_of(spelling) for spelling in spellings) | frozenset(
        skeleton(spelling) for spelling in spellings
    )


def parse_nickname(raw):
    """The nickname a person asked for, or InvalidName with the reason."""
    if len(raw) > MAX_RAW_LENGTH:
        raise InvalidName(f"Nicknames are at most {MAX_LENGTH} characters.")
    if any("\ud800" <= char <= "\udfff" for char in raw):  # undecodable text (a lone surrogate)
        raise InvalidName("Nicknames must be valid Unicode text.")
    normalised = unicodedata.normalize("NFKC", raw)
    if any(unicodedata.category(char) in FORBIDDEN_CATEGORIES for char in normalised):
        raise InvalidName("Nicknames cannot contain control or invisible characters.")
    if INVISIBLE.containsSome(normalised):
        raise InvalidName("Nicknames cannot contain blank or invisible characters.")
    display = " ".join(normalised.split())
    if not any(not unicodedata.category(char).startswith(("M", "Z")) for char in display):
        raise InvalidName("Choose a nickname.")  # empty, or marks alone with nothing to sit on
    if len(display) > MAX_LENGTH:
        raise InvalidName(f"Nicknames are at most {MAX_LENGTH} characters.")
    _refuse_stacks(display)
    _refuse_spoofs(display)
    key = key_of(display)
    if (
        key in _bot_look_alikes()
        or skeleton(display) in _bot_look_alikes()
        or _mimics_a_bot(display)
    ):
        raise InvalidName(
            f"{display} is one of the CPU bots (or looks like one): choose another nickname."
        )
    return Nickname(display, key, look_of(display))


def _refuse_stacks(display):
    stacked = 0
    for char in unicodedata.normalize("NFC", display):
        stacked = stacked + 1 if STACKING_MARKS.contains(char) else 0
        if stacked > 1:
            raise InvalidName("Nicknames cannot stack marks on a letter.")


def look_of(name):
    """What a name looks like at a glance (docs/protocol.md, Nicknames): two names with the same
    look collide even when their keys differ — `Vi̇ctim` and `Victim`, `РЕТЕ` and `PETE`, `R0SE`
    and `ROSE`, `Mbappe` and `Mbappé`. One key cannot do both: folding case first (as the key
    does) hides capitals' look-alikes, and taking the skeleton first splits a name from its own
    capitals in some scripts; so a name takes both locks."""
    return _coarse(name)


def _coarse(text):
    """What a name looks like, as loosely as a glance reads it: marks dropped, the UTS #39
    skeleton taken before and after case folding, and i, l, I and 1 as one letter."""
    bare = "".join(
        char for char in unicodedata.normalize("NFD", text) if not STACKING_MARKS.contains(char)
    )
    return key_of(skeleton(bare)).replace("i", "l")


@functools.cache
def _bot_names():
    return tuple(_coarse(bot["name"]) for bot in game().BOTS)


def _mimics_a_bot(display):
    """A bot's name inside the name (`Chalk (CPU)`, `Fl1p`), the word CPU or bot, or a robot."""
    if any(robot in display for robot in ROBOTS):
        return True
    coarse = _coarse(display)
    words = set(re.findall(r"[^\W_]+", coarse)) | set(re.findall(r"[^\W_]+", key_of(display)))
    return any(name in coarse for name in _bot_names()) or bool(words & BOT_WORDS)


def _refuse_spoofs(display):
    failed = SPOOF_CHECKER.check(display)
    for check, detail in REFUSALS:
        if failed & check:
            raise InvalidName(detail)
