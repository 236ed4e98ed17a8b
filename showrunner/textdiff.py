"""Line diff between two prompt versions, for the Prompt Studio's history."""

import difflib


def line_diff(old: str, new: str) -> list[tuple[str, str]]:
    """(kind, line) pairs: kind is "+" added, "-" removed, " " context or "@" a hunk header."""
    diff = difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=2)
    return [(line[:1], line[1:]) for line in list(diff)[2:]]  # skip the ---/+++ file headers
