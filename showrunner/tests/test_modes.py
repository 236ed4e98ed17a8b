import pytest

from rally.templating import find_variables, render, validate_template
from showrunner.modes import LIVE, MODES, POST_MATCH, PRE_MATCH, get_mode


def test_there_are_three_modes_with_their_prompt_keys():
    assert [mode.prompt_key for mode in MODES.values()] == [
        "PROMPT#SHOWRUNNER_PRE_MATCH",
        "PROMPT#SHOWRUNNER_LIVE",
        "PROMPT#SHOWRUNNER_POST_MATCH",
    ]
    assert [MODES[key].badge for key in (PRE_MATCH, LIVE, POST_MATCH)] == [
        "PRE-MATCH",
        "LIVE",
        "POST-MATCH",
    ]


@pytest.mark.parametrize("mode", MODES.values(), ids=lambda mode: mode.key)
def test_each_default_prompt_is_valid_uses_every_variable_and_fills_completely(mode):
    assert validate_template(mode.default_prompt, mode.names) == []
    assert set(find_variables(mode.default_prompt)) == set(mode.names)
    assert "{{" not in render(mode.default_prompt, mode.samples)


@pytest.mark.parametrize("mode", MODES.values(), ids=lambda mode: mode.key)
def test_each_default_prompt_keeps_the_presenter_to_the_facts_and_fresh(mode):
    prompt = mode.default_prompt
    assert "presenter" in prompt and "Use only the facts" in prompt
    assert "do not repeat" in prompt and "words" in prompt


def test_each_variable_has_a_description_and_a_sample():
    for mode in MODES.values():
        assert all(v.description and v.sample for v in mode.variables)


def test_an_unknown_mode_is_refused():
    with pytest.raises(ValueError, match="unknown showrunner mode"):
        get_mode("HALF_TIME")
