import pytest

from rally.templating import find_variables, render, validate_template

ALLOWED = ["home_team", "away_team", "score"]


def test_it_finds_the_plain_variables_in_order_without_repeats():
    text = "{{ score }}: {{home_team}} v {{ away_team }}, {{ score }}"
    assert find_variables(text) == ["score", "home_team", "away_team"]


def test_it_accepts_a_template_of_whitelisted_variables():
    assert validate_template("{{ home_team }} v {{away_team}}: {{ score }}", ALLOWED) == []


def test_it_refuses_an_unknown_variable_and_names_the_ones_on_offer():
    (error,) = validate_template("Hello {{ referee }}", ALLOWED)
    assert "Unknown variable {{ referee }}" in error
    assert "away_team, home_team, score" in error


@pytest.mark.parametrize(
    "hostile",
    [
        "{{ settings.SECRET_KEY }}",
        "{{ home_team.__class__ }}",
        "{{ home_team|safe }}",
        "{{ home_team[0] }}",
        "{{ home_team() }}",
        "{{ request.user }}",
        "{{ 7*7 }}",
    ],
)
def test_it_refuses_attribute_access_indexing_filters_and_calls(hostile):
    errors = validate_template(f"Say {hostile} now", ALLOWED)
    assert errors and "is not a plain variable" in errors[0]


def test_it_refuses_a_private_or_builtin_name_as_unknown():
    (error,) = validate_template("{{ __import__ }}", ALLOWED)
    assert "Unknown variable {{ __import__ }}" in error


@pytest.mark.parametrize("tag", ["{% debug %}", "{% load static %}", "{%", "{% include 'x' %}"])
def test_it_refuses_template_tags(tag):
    assert any("Template tags" in e for e in validate_template(f"a {tag} b", ALLOWED))


def test_it_refuses_template_comments():
    assert any("comments" in e for e in validate_template("a {# hidden #} b", ALLOWED))


@pytest.mark.parametrize("trick", ["{0.__class__}", "{home_team}", "{}", "{{ score", "score }}"])
def test_it_refuses_format_string_braces_and_unclosed_placeholders(trick):
    assert any("Stray braces" in e for e in validate_template(f"a {trick} b", ALLOWED))


def test_it_renders_whitelisted_values_and_leaves_everything_else_inert():
    text = "{{ home_team }} {{ settings.SECRET_KEY }} {0.__class__} {% debug %} {{ other }}"
    filled = render(text, {"home_team": "France"})
    assert filled == "France {{ settings.SECRET_KEY }} {0.__class__} {% debug %} {{ other }}"


def test_a_value_that_looks_like_a_placeholder_is_never_expanded_again():
    filled = render(
        "{{ home_team }} v {{ away_team }}", {"home_team": "{{ away_team }}", "away_team": "B"}
    )
    assert filled == "{{ away_team }} v B"


def test_it_renders_only_strings():
    with pytest.raises(TypeError):
        render("{{ score }}", {"score": object()})
