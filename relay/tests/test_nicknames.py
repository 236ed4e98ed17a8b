"""Nickname rules: what may be claimed, and which names are the same nickname."""

import pytest

from relay.nicknames import InvalidName, parse_nickname


@pytest.mark.parametrize(
    "name", ["Alice", "Zoë", "李小龍", "🏀 fan", "a", "x" * 20, "Jean-Luc O'Neil"]
)
def test_it_accepts_ordinary_nicknames(name):
    assert parse_nickname(name).display == name


@pytest.mark.parametrize(
    "a, b",
    [
        ("Alice", "alice"),
        ("Alice", "ＡＬＩＣＥ"),
        ("Straße", "STRASSE"),
        ("ﬁona", "Fiona"),
        ("Σίσυφος", "ΣΊΣΥΦΟΣ"),
    ],
)
def test_names_differing_only_in_case_or_width_are_the_same_nickname(a, b):
    assert parse_nickname(a).key == parse_nickname(b).key


def test_different_names_stay_different():
    assert parse_nickname("Alice").key != parse_nickname("Alicia").key


def test_fullwidth_letters_are_shown_as_ordinary_ones():
    assert parse_nickname("ＡＬＩＣＥ").display == "ALICE"


def test_surrounding_and_repeated_spaces_are_tidied():
    assert parse_nickname("  Big   Ben ").display == "Big Ben"


@pytest.mark.parametrize(
    "name, reason",
    [
        ("", "Choose"),
        ("   ", "Choose"),
        ("x" * 21, "at most 20"),
        ("x" * 10_000, "at most 20"),
        ("tab\there", "control"),
        ("new\nline", "control"),
        ("nul\x00", "control"),
        ("bell\x07", "control"),
        ("rtl\u202eevil", "control"),  # a bidi override turns the name around on screen
        ("Al\u200bice", "control"),  # zero-width space: looks like Alice
        ("line\u2028sep", "control"),
    ],
)
def test_it_refuses_empty_long_and_invisible_names(name, reason):
    with pytest.raises(InvalidName, match=reason):
        parse_nickname(name)


@pytest.mark.parametrize("name", ["Chalk", "chalk", "FLIP", "Rebel", "ｒｅｂｅｌ", "cpu_chalk"])
def test_the_bots_names_are_reserved(name):
    with pytest.raises(InvalidName, match="CPU bots"):
        parse_nickname(name)


def test_markup_is_just_characters():
    # The page renders names as text, never as markup; the server need not refuse them.
    assert parse_nickname("<b>x</b>").display == "<b>x</b>"


@pytest.mark.parametrize(
    "name",
    ["Chalk (CPU)", "CPU Chalk", "Rebel 🤖", "Fl1p", "FL1P", "Chalky", "bot Ana", "Ana_CPU", "B0T"],
)
def test_a_name_that_contains_a_bots_name_or_says_cpu_or_bot_is_refused(name):
    with pytest.raises(InvalidName, match="CPU bots"):
        parse_nickname(name)


@pytest.mark.parametrize("name", ["Bottas", "Talbot", "Robot", "Abbott", "Nguyễn", "ที่รัก"])
def test_names_that_merely_contain_the_letters_or_a_scripts_own_signs_pass(name):
    assert parse_nickname(name).display == name


@pytest.mark.parametrize(
    "marks",
    [
        "\u0301\u0300",
        "\u0300\u0301\u0302\u0303\u0304\u0305\u0306\u0307\u0308\u0309"
        "\u030a\u030b\u030c\u030d\u030e\u030f\u0310\u0311\u0312",
    ],
)
def test_marks_stacked_on_a_letter_are_refused_whatever_they_are(marks):
    with pytest.raises(InvalidName, match="stack"):
        parse_nickname("q" + marks)  # up to 19 different marks on one letter: still 20 characters


@pytest.mark.parametrize(
    "name, other", [("Bill", "Bob"), ("Ann", "Anna"), ("Zoe", "Zed"), ("Fan 10", "Fan 1")]
)
def test_names_that_do_not_look_alike_keep_apart_looks(name, other):
    assert parse_nickname(name).look != parse_nickname(other).look
