"""Safe templates for editors' text: `{{ name }}` placeholders from a whitelist, nothing else.

Editors write the presenter's prompts (the Prompt Studio, showrunner) and the live game's
question templates (predictions) in the admin; a filled prompt goes to a language model, a
filled question to every fan's page. So a template must never reach settings, Python objects
or template machinery, and never format its values (`str.format`'s `{home:>1000000}` made a
question of a million characters). Pure: no Django, so every app may use it. There is no
evaluation at all here: `render` is one regex pass that swaps whitelisted names for
string values; anything else in the text stays inert. `validate_template` refuses, with
a message an editor can act on, whatever looks like an attempt at more than that
(attribute access, indexing, filters, tags, comments, format-string braces).
"""

import re
from collections.abc import Iterable, Mapping

NAME = r"[A-Za-z_][A-Za-z0-9_]*"
# A placeholder as the editor wrote it: `{{`, anything without braces, `}}`.
PLACEHOLDER = re.compile(r"\{\{([^{}]*)\}\}")
PLAIN = re.compile(rf"\s*({NAME})\s*")
# Any tag or comment delimiter is refused; matching them alone keeps the check linear.
TAG = re.compile(r"\{%|%\}")
COMMENT = re.compile(r"\{#|#\}")


def find_variables(text: str) -> list[str]:
    """The plain variable names used in `text`, in order of first use, without repeats."""
    names = (PLAIN.fullmatch(inner) for inner in PLACEHOLDER.findall(text))
    return list(dict.fromkeys(match.group(1) for match in names if match))


def validate_template(
    text: str, allowed: Iterable[str], offered: str = "This mode offers"
) -> list[str]:
    """Everything wrong with `text` as a template whose variables must come from `allowed`
    (`offered` introduces them in the message: a prompt's mode, a question's template).

    An empty list means the template is safe to save.
    """
    allowed = sorted(allowed)
    errors = []
    if TAG.search(text):
        errors.append(
            "Template tags such as {% debug %} are not allowed: "
            "only {{ variable }} placeholders are filled in."
        )
    if COMMENT.search(text):
        errors.append("Template comments {# … #} are not allowed.")
    for inner in dict.fromkeys(PLACEHOLDER.findall(text)):
        errors.extend(_placeholder_errors(inner, allowed, offered))
    leftover = TAG.sub("", COMMENT.sub("", PLACEHOLDER.sub("", text)))
    if "{" in leftover or "}" in leftover:
        errors.append(
            "Stray braces (such as {0.__class__}, {name} or an unclosed {{) are not allowed: "
            "write a variable as {{ variable }}, with double braces."
        )
    return errors


def _placeholder_errors(inner: str, allowed: list[str], offered: str) -> list[str]:
    shown = "{{" + inner + "}}"
    match = PLAIN.fullmatch(inner)
    if not match:
        return [
            f"{shown} is not a plain variable: attribute access, indexing, filters and calls "
            "are not allowed; write {{ variable }} with one of: " + ", ".join(allowed) + "."
        ]
    if match.group(1) not in allowed:
        return [f"Unknown variable {shown}. {offered}: " + ", ".join(allowed) + "."]
    return []


def render(text: str, values: Mapping[str, str]) -> str:
    """Fill the placeholders whose name is in `values`; leave everything else as it is.

    One pass, so a value that itself looks like a placeholder is never expanded again.
    """
    for name, value in values.items():
        if not isinstance(value, str):
            raise TypeError(f"value of {name!r} must be a str, not {type(value).__name__}")

    def fill(match: re.Match) -> str:
        plain = PLAIN.fullmatch(match.group(1))
        if plain and plain.group(1) in values:
            return values[plain.group(1)]
        return match.group(0)

    return PLACEHOLDER.sub(fill, text)
