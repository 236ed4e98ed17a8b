"""Prompts per mode, their versions, and what the migrations leave behind."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from showrunner.models import Prompt
from showrunner.modes import MODES

pytestmark = pytest.mark.django_db


def test_after_migrate_each_mode_has_its_prompt_with_the_default_text_as_version_one():
    prompts = {prompt.key: prompt for prompt in Prompt.objects.all()}
    assert sorted(prompts) == [
        "PROMPT#SHOWRUNNER_LIVE",
        "PROMPT#SHOWRUNNER_POST_MATCH",
        "PROMPT#SHOWRUNNER_PRE_MATCH",
    ]
    for mode in MODES.values():
        prompt = prompts[mode.prompt_key]
        version = prompt.current_version()
        assert prompt.text == version.text == mode.default_prompt
        assert (version.number, version.note, version.author) == (1, "default", "Rally (default)")


def test_the_editors_group_may_edit_prompts_and_read_scripts_and_the_schedule_only():
    codenames = set(
        Group.objects.get(name="Editors")
        .permissions.filter(content_type__app_label="showrunner")
        .values_list("codename", flat=True)
    )
    assert codenames == {
        "view_prompt",
        "change_prompt",
        "view_questionprompt",
        "change_questionprompt",
        "view_script",
        "view_scheduleitem",
    }


def test_every_save_keeps_a_version_with_who_when_and_what(live_prompt, editor):
    text = live_prompt.text + "\nMention the clock."
    version = live_prompt.save_version(text, editor)
    live_prompt.refresh_from_db()
    assert (version.number, version.text, version.created_by) == (2, text, editor)
    assert version.created_at and live_prompt.text == text and live_prompt.updated_by == editor
    assert live_prompt.current_version() == version


def test_restoring_a_version_saves_its_text_as_the_newest_version(live_prompt, editor):
    original = live_prompt.text
    live_prompt.save_version("{{ score }} only.", editor)
    restored = live_prompt.restore(live_prompt.versions.get(number=1), editor)
    live_prompt.refresh_from_db()
    assert live_prompt.text == original
    assert (restored.number, restored.note) == (3, "restored version 1")
    assert list(live_prompt.versions.values_list("number", flat=True)) == [3, 2, 1]


def test_it_refuses_to_save_an_unknown_variable_and_keeps_the_old_text(live_prompt, editor):
    with pytest.raises(ValidationError) as refused:
        live_prompt.save_version("Say {{ final_score }} now.", editor)
    assert "Unknown variable {{ final_score }}" in str(refused.value)
    live_prompt.refresh_from_db()
    assert live_prompt.versions.count() == 1 and "final_score" not in live_prompt.text


@pytest.mark.parametrize(
    "hostile",
    [
        "{{ settings.SECRET_KEY }}",
        "{0.__class__}",
        "{% debug %}",
        "{{ score|safe }}",
        "{{ __import__ }}",
    ],
)
def test_it_refuses_to_save_a_hostile_template(live_prompt, editor, hostile):
    with pytest.raises(ValidationError):
        live_prompt.save_version(f"Score: {hostile}", editor)
    assert live_prompt.versions.count() == 1


def test_a_prompt_whose_row_is_gone_comes_back_with_its_default_text():
    Prompt.objects.filter(mode="LIVE").delete()
    prompt = Prompt.for_mode("LIVE")
    assert prompt.key == "PROMPT#SHOWRUNNER_LIVE" and prompt.text == MODES["LIVE"].default_prompt
    assert prompt.current_version().number == 1
