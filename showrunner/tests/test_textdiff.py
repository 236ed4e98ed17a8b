"""The Studio's diff: word by word within a line, whole lines when they have little in common."""

from showrunner.textdiff import word_diff


def marked(lines):
    return [(line.kind, [part for part in line.parts if part[0] != "="]) for line in lines]


def test_a_word_changed_in_a_long_line_is_marked_alone():
    old = "Write ONE line of live commentary, at most 30 words, present tense."
    new = "Write ONE line of live commentary, at most 25 words, present tense."
    assert marked(word_diff(old, new)) == [("~", [("-", "30"), ("+", "25")])]


def test_punctuation_is_a_word_of_its_own():
    (line,) = word_diff("Name the scorer,", "Name the scorer.")
    assert [part for part in line.parts if part[0] != "="] == [("-", ","), ("+", ".")]


def test_lines_with_little_in_common_are_one_out_and_one_in():
    assert marked(word_diff("Name the scorer first.", "Keep it warm.")) == [
        ("-", [("-", "Name the scorer first.")]),
        ("+", [("+", "Keep it warm.")]),
    ]


def test_unchanged_lines_far_from_a_change_fold_and_no_change_is_no_diff():
    old = "\n".join(f"line {n}" for n in range(10))
    lines = word_diff(old, old + "\nthe end")
    assert lines[0].kind == "@" and lines[0].text == "… 8 unchanged lines"
    assert [line.kind for line in lines[1:]] == [" ", " ", "+"]
    assert word_diff(old, old) == []
