"""The diff between two versions of an editor's text, word by word within lines (difflib).

A prompt is a few dozen long lines: a whole-line diff shows a one-word change as a removed
paragraph and an added one, and the editor has to hunt for the word. So lines are matched first,
and a changed line is shown once, with the words taken out and put in marked inside it. Pure.
"""

import difflib
import re
from typing import NamedTuple

CONTEXT_LINES = 2
# Lines less alike than this are shown as one taken out and one put in: marking the few words
# they share would chop both into confetti.
ALIKE = 0.5
# A word, a run of spaces, or one punctuation mark: "scorer," changes to "scorer." by its comma.
TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


class Line(NamedTuple):
    """kind: " " unchanged, "+" added, "-" removed, "~" changed within, "@" unchanged lines
    skipped; parts: (op, text) with op "=" kept, "+" put in, "-" taken out."""

    kind: str
    parts: tuple[tuple[str, str], ...]

    @property
    def text(self):
        return "".join(text for _, text in self.parts)


def word_diff(old: str, new: str) -> list[Line]:
    """`new` against `old`: changed lines word by word, CONTEXT_LINES around each change."""
    before, after = old.splitlines(), new.splitlines()
    lines = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after).get_opcodes():
        if tag == "equal":
            lines += [Line(" ", (("=", text),)) for text in before[i1:i2]]
            continue
        removed, added = before[i1:i2], after[j1:j2]
        paired = min(len(removed), len(added)) if tag == "replace" else 0
        for a, b in zip(removed[:paired], added[:paired]):
            lines += _changed_lines(a, b)
        lines += [Line("-", (("-", text),)) for text in removed[paired:]]
        lines += [Line("+", (("+", text),)) for text in added[paired:]]
    return _around_changes(lines)


def changed(lines: list[Line]) -> bool:
    return any(line.kind not in " @" for line in lines)


def _changed_lines(old: str, new: str) -> list[Line]:
    a, b = TOKEN.findall(old), TOKEN.findall(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.ratio() < ALIKE:
        return [Line("-", (("-", old),)), Line("+", (("+", new),))]
    parts = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(("=", "".join(a[i1:i2])))
            continue
        if i1 < i2:
            parts.append(("-", "".join(a[i1:i2])))
        if j1 < j2:
            parts.append(("+", "".join(b[j1:j2])))
    return [Line("~", tuple(parts))]


def _around_changes(lines: list[Line]) -> list[Line]:
    """Unchanged lines more than CONTEXT_LINES from any change fold into one "@" line."""
    near = set()
    for index, line in enumerate(lines):
        if line.kind != " ":
            near.update(range(index - CONTEXT_LINES, index + CONTEXT_LINES + 1))
    shown, skipped = [], 0
    for index, line in enumerate(lines):
        if index in near:
            if skipped:
                shown.append(_skipped(skipped))
                skipped = 0
            shown.append(line)
        else:
            skipped += 1
    if skipped and near:
        shown.append(_skipped(skipped))
    return shown


def _skipped(count: int) -> Line:
    return Line("@", (("=", f"… {count} unchanged line{'s' if count != 1 else ''}"),))
