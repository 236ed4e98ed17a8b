"""Property tests: a look-alike of a nickname is never a second nickname, and a name that can
render blank is never accepted (relay/nicknames.py)."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from relay.nicknames import InvalidName, parse_nickname

# Lowercase Latin letters and the Cyrillic, Greek and fullwidth characters that look like them,
# and the capital of each Latin letter (folded back). Capital-only look-alikes (Cyrillic В for
# B) are outside the key: it folds case first, as UTS #39 asks (docs/protocol.md). Only pairs
# UTS #39 lists: its confusables map capital Greek Χ to X but not small χ to x.
CONFUSABLES = {
    "a": "аａA",
    "c": "сｃC",
    "e": "еｅE",
    "o": "оοｏO",
    "p": "рρｐP",
    "x": "хｘX",
    "y": "уｙY",
    "l": "1ｌ",
    "m": "ｍM",
    "i": "іｉI",
    "s": "ѕｓS",
    "h": "һｈH",
    "j": "јｊJ",
}
FILLERS = "\u2800\u3164\u1160\u115f\uffa0\u034f\ufe00\ufe0f\u180b\u180c\u180d\u180f\u17b4\u17b5\u200b\u2060"

names = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_", min_size=1, max_size=20)


def accepted(name):
    try:
        return parse_nickname(name)
    except InvalidName:
        return None


@given(names, st.data())
def test_a_look_alike_of_a_name_is_refused_or_the_same_nickname(name, data):
    original = accepted(name)
    if original is None:
        return
    disguised = "".join(
        data.draw(st.sampled_from(char + CONFUSABLES.get(char, ""))) for char in name
    )
    twin = accepted(disguised)
    if twin is not None and twin.display.casefold() != original.display.casefold():
        assert twin.key == original.key, (name, disguised)


@given(names, st.sampled_from(FILLERS), st.integers(min_value=0, max_value=20))
def test_a_name_with_a_blank_filler_anywhere_is_refused(name, filler, at):
    assert accepted(name[:at] + filler + name[at:]) is None


@given(st.text(min_size=1, max_size=20))
def test_an_accepted_name_shows_something_and_has_a_key(text):
    nickname = accepted(text)
    if nickname is not None:
        assert nickname.key and nickname.display.strip()
        assert any(
            not unicodedata.category(char).startswith(("Z", "M")) for char in nickname.display
        )
