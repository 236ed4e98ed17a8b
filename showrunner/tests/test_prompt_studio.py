"""The Prompt Studio in the admin, driven through Django's test client as an editor would."""

import json
import re

import pytest
from django.conf import settings
from django.urls import reverse

from showrunner import director
from showrunner.models import Prompt, Script
from testsupport.presenter import replay_moment
from testsupport.studio import SEEN as SEEN_FIELD
from testsupport.studio import seen_on

pytestmark = pytest.mark.django_db

CHANGE = "Open with the word Boom. "


def change_url(prompt):
    return reverse("admin:showrunner_prompt_change", args=[prompt.pk])


def post_json(client, url, **body):
    return client.post(url, json.dumps(body), content_type="application/json")


def preview(client, prompt, text, fixture=""):
    return post_json(
        client,
        reverse("admin:showrunner_prompt_preview", args=[prompt.pk]),
        text=text,
        fixture=fixture,
    )


def save(client, prompt, text, note="", seen=None, action="_save"):
    """Save as the change page's form does: with the versions the page was rendered with."""
    form = {
        "text": text,
        "note": note,
        action: "1",
        **(seen or seen_on(client, change_url(prompt))),
    }
    if prompt.fan_names:
        form["fan_names"] = "on"  # the box ticked, as the page shows it
    return client.post(change_url(prompt), form, follow=True)


def publish(client, prompt, number, note="ready", seen=None):
    url = reverse("admin:showrunner_prompt_publish", args=[prompt.pk, number])
    return client.post(url, {"note": note, **(seen or seen_on(client, url))}, follow=True)


def edited(prompt):
    return prompt.text.replace("Write ONE line", CHANGE + "Write ONE line")


def sent_prompt(model_server):
    return model_server.requests[-1].body["messages"][0]["content"]


def test_the_studio_shows_the_modes_variables_with_their_samples(signed_in, live_prompt):
    page = signed_in.get(change_url(live_prompt)).content.decode()
    for variable in live_prompt.spec.variables:
        assert f'data-insert="{variable.name}"' in page
    assert "France 52–47 Australia" in page and "Generate a sample script" in page


def test_an_editor_changes_the_live_prompt_previews_it_and_the_next_script_carries_it_once_published(
    signed_in, live_prompt, editor, replay, anthropic_backend
):
    text = edited(live_prompt)
    filled = preview(signed_in, live_prompt, text).json()["prompt"]
    assert CHANGE in filled and "France 52–47 Australia" in filled  # the samples
    on_replay = preview(signed_in, live_prompt, text, fixture=replay.slug).json()
    assert CHANGE in on_replay["prompt"] and on_replay["facts"]["score"] in on_replay["prompt"]

    saved = save(signed_in, live_prompt, text, note="louder openings").content.decode()
    assert "Saved as draft v2. Fans still get v1" in saved
    assert "louder openings" in saved and "data-draft-diff" in saved and CHANGE in saved

    (script,) = director.run_cycle(now=replay_moment(replay, "LIVE"))
    assert CHANGE not in sent_prompt(anthropic_backend)  # a draft never reaches the model
    assert script.prompt_version.number == 1

    published = publish(signed_in, live_prompt, 2, note="tested on the replay").content.decode()
    assert "Published v2" in published and "tested on the replay" in published
    (script,) = director.run_cycle(now=replay_moment(replay, "LIVE") + director.QUIET_GAP)
    assert CHANGE in sent_prompt(anthropic_backend)
    assert (script.prompt_version.number, script.prompt_version.created_by) == (2, editor)
    assert script.prompt_version.publish_note == "tested on the replay"


def test_restoring_asks_first_makes_a_draft_and_takes_effect_once_published(
    signed_in, live_prompt, replay, anthropic_backend
):
    save(signed_in, live_prompt, edited(live_prompt))
    history = signed_in.get(
        reverse("admin:showrunner_prompt_history", args=[live_prompt.pk])
    ).content.decode()
    assert 'data-version="2"' in history and 'data-version="1"' in history and "editor" in history

    diff = signed_in.get(
        reverse("admin:showrunner_prompt_version", args=[live_prompt.pk, 2])
    ).content.decode()
    # Word by word within the line: only the words put in are marked, nothing taken out.
    assert f'<ins class="diff-added">{CHANGE}</ins>Write ONE line' in diff
    assert "<del" not in diff

    publish(signed_in, live_prompt, 2)
    restore_url = reverse("admin:showrunner_prompt_restore", args=[live_prompt.pk, 1])
    question = signed_in.get(restore_url).content.decode()
    assert (
        "Restore <strong>v1</strong>" in question and "as a new <strong>draft</strong>" in question
    )
    assert live_prompt.versions.count() == 2  # asking changed nothing

    restored = signed_in.post(restore_url, seen_on(signed_in, restore_url), follow=True)
    restored = restored.content.decode()
    assert "Restored version 1 as draft v3" in restored and "still get v2" in restored
    director.run_cycle(now=replay_moment(replay, "LIVE"))
    assert CHANGE in sent_prompt(anthropic_backend)  # the draft waits

    publish(signed_in, live_prompt, 3)
    director.run_cycle(now=replay_moment(replay, "LIVE") + director.QUIET_GAP)
    assert CHANGE not in sent_prompt(anthropic_backend)
    assert Script.objects.order_by("-at").first().prompt_version.number == 3


def test_an_unknown_variable_is_refused_at_save_with_a_clear_message(signed_in, live_prompt):
    page = save(signed_in, live_prompt, live_prompt.text + "\n{{ referee }}").content.decode()
    assert "Unknown variable {{ referee }}" in page and "This mode offers:" in page
    assert live_prompt.versions.count() == 1


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
def test_a_hostile_template_is_refused_by_save_and_preview_and_leaks_nothing(
    signed_in, live_prompt, hostile
):
    page = save(signed_in, live_prompt, f"Score: {hostile}")
    answer = preview(signed_in, live_prompt, f"Score: {hostile}")
    assert answer.status_code == 422 and answer.json()["errors"]
    for response in (page, answer):
        assert settings.SECRET_KEY not in response.content.decode()
    assert live_prompt.versions.count() == 1


def test_a_hostile_template_that_got_past_validation_is_sent_inert(
    live_prompt, replay, anthropic_backend
):
    # Written straight to the database, past every check: rendering still evaluates nothing.
    hostile = (
        "{{ settings.SECRET_KEY }} {0.__class__} {% debug %} {{ score.__class__ }} {{ score }}"
    )
    Prompt.objects.filter(pk=live_prompt.pk).update(text=hostile)
    live_prompt.versions.filter(number=1).update(text=hostile)
    replay.home_name = "{{ settings.SECRET_KEY }}"
    replay.save()
    director.run_cycle(now=replay_moment(replay, "LIVE"))
    sent = sent_prompt(anthropic_backend)
    assert settings.SECRET_KEY not in sent and "<class" not in sent
    assert sent.startswith(
        "{{ settings.SECRET_KEY }} {0.__class__} {% debug %} {{ score.__class__ }} "
    )
    assert sent.endswith("Australia")  # {{ score }} was filled


def test_a_sample_script_comes_from_the_configured_backend_and_is_not_stored(
    signed_in, live_prompt, anthropic_backend
):
    url = reverse("admin:showrunner_prompt_sample", args=[live_prompt.pk])
    body = post_json(signed_in, url, text=edited(live_prompt)).json()
    assert (body["backend"], body["input_tokens"], body["fallback_reason"]) == (
        "anthropic",
        321,
        "",
    )
    assert CHANGE in sent_prompt(anthropic_backend)
    assert not Script.objects.exists()


def test_a_sample_script_falls_back_to_offline_and_says_why(signed_in, live_prompt, settings):
    settings.SHOWRUNNER_BACKEND = "anthropic"
    settings.ANTHROPIC_API_KEY = ""
    url = reverse("admin:showrunner_prompt_sample", args=[live_prompt.pk])
    body = post_json(signed_in, url, text=live_prompt.text).json()
    assert (
        body["backend"] == "offline" and "ANTHROPIC_API_KEY is not set" in body["fallback_reason"]
    )


def test_the_schedule_timeline_shows_the_day(signed_in, feed_fixture):
    from django.core.management import call_command

    call_command("analyze_schedule", "--no-feed", "--date", "2026-05-16", stdout=None)
    page = signed_in.get("/admin/showrunner/scheduleitem/?day=2026-05-16").content.decode()
    assert 'data-timeline-fixture="mci-v-qpr"' in page
    assert page.count('data-mode="') == 3
    assert (
        'data-left="62.5" data-width="7.986"' in page
    )  # LIVE: from 15:00, for 115 minutes (timeline.js places it)


def test_a_prompt_that_does_not_exist_is_not_found(signed_in):
    assert (
        signed_in.get("/admin/showrunner/prompt/nope/change/").status_code == 302
    )  # the admin's own answer
    assert signed_in.get("/admin/showrunner/prompt/nope/history/").status_code == 404
    assert signed_in.post("/admin/showrunner/prompt/999/preview/").status_code == 404


def test_any_two_versions_can_be_compared(signed_in, live_prompt):
    save(signed_in, live_prompt, edited(live_prompt))
    save(signed_in, live_prompt, edited(live_prompt).replace("Boom", "Bang"))
    url = reverse("admin:showrunner_prompt_version", args=[live_prompt.pk, 3])
    assert "v1 → v3" in signed_in.get(url + "?against=1").content.decode()
    assert "v2 → v3" in signed_in.get(url + "?against=junk").content.decode()


# Two editors, one text: nothing either typed is lost (issue 27).


@pytest.fixture
def other_editor(django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(
        "ella", password="pw-for-tests-only", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def as_user(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def test_a_save_from_an_older_page_is_refused_with_the_other_editors_change_and_the_typed_text_kept(
    signed_in, live_prompt, other_editor
):
    ella = as_user(other_editor)
    bens_page = seen_on(signed_in, change_url(live_prompt))  # Ben opens v1
    save(ella, live_prompt, live_prompt.text + "\nName the scorer first.", note="scorer first")
    bens_text = edited(live_prompt)
    page = save(signed_in, live_prompt, bens_text, seen=bens_page).content.decode()
    assert "Not saved: someone else changed this text" in page
    assert "ella saved v2" in page and "scorer first" in page
    assert (
        '<ins class="diff-added">Name the scorer first.</ins>' in page
    )  # their change, word level
    assert CHANGE in page  # Ben's typed text is still in the box
    assert [v.number for v in live_prompt.versions.all()] == [2, 1]
    # The refusal showed Ella's v2: saving again after merging is a decision made with it in view.
    merged = bens_text + "\nName the scorer first."
    saved = save(signed_in, live_prompt, merged, seen=dict(SEEN_FIELD.findall(page)))
    assert "Saved as draft v3" in saved.content.decode()


def test_a_publish_from_an_older_page_is_refused_and_production_stays(
    signed_in, live_prompt, other_editor
):
    save(signed_in, live_prompt, edited(live_prompt))  # draft v2
    url = reverse("admin:showrunner_prompt_publish", args=[live_prompt.pk, 2])
    confirm = signed_in.get(url).content.decode()
    assert "Publish <strong>v2</strong>" in confirm and "data-publish-diff" in confirm
    assert f'<ins class="diff-added">{CHANGE}</ins>' in confirm  # its diff against production
    bens_page = seen_on(signed_in, url)
    ella = as_user(other_editor)
    save(ella, live_prompt, edited(live_prompt) + "\nName the scorer first.", note="scorer")
    refused = publish(signed_in, live_prompt, 2, seen=bens_page).content.decode()
    assert "Not published" in refused and "ella saved v3" in refused
    assert '<ins class="diff-added">Name the scorer first.</ins>' in refused
    assert Prompt.objects.get(pk=live_prompt.pk).production_version().number == 1
    # Ella publishes v3 while Ben's confirmation page for v2 is open: Ben's publish is refused.
    bens_page = seen_on(signed_in, url)
    publish(ella, live_prompt, 3, note="hers")
    refused = publish(signed_in, live_prompt, 2, seen=bens_page).content.decode()
    assert "ella published v3" in refused
    assert Prompt.objects.get(pk=live_prompt.pk).production_version().number == 3


def test_publish_with_typed_edits_saves_them_first_and_confirms_that_exact_version(
    signed_in, live_prompt
):
    save(signed_in, live_prompt, live_prompt.text + "\nwarmer")  # draft v2, not yet published
    typed = edited(live_prompt) + "\nwarmer, scorer first"
    confirm = save(signed_in, live_prompt, typed, action="_publish")
    assert confirm.redirect_chain[-1][0].endswith("/history/3/publish/")
    assert "Publish <strong>v3</strong>" in confirm.content.decode()
    published = publish(signed_in, live_prompt, 3, note="warmer, scorer first")
    assert "Published v3" in published.content.decode()
    assert Prompt.objects.get(pk=live_prompt.pk).production_version().text == typed


def test_an_unchanged_save_makes_no_draft(signed_in, live_prompt):
    text = live_prompt.text.replace("\n", "\r\n")  # as a browser sends a textarea
    page = save(signed_in, live_prompt, text).content.decode()
    assert "Nothing changed, so no draft was made." in page
    assert live_prompt.versions.count() == 1


def test_a_draft_is_discarded_and_kept_in_the_history(signed_in, live_prompt):
    save(signed_in, live_prompt, edited(live_prompt))
    url = reverse("admin:showrunner_prompt_discard", args=[live_prompt.pk, 2])
    page = signed_in.post(url, seen_on(signed_in, change_url(live_prompt)), follow=True)
    assert "Discarded draft v2" in page.content.decode()
    prompt = Prompt.objects.get(pk=live_prompt.pk)
    assert prompt.draft() is None and prompt.text == live_prompt.text
    history = signed_in.get(reverse("admin:showrunner_prompt_history", args=[prompt.pk]))
    assert "discarded" in history.content.decode()
    saved = save(signed_in, prompt, edited(prompt)).content.decode()
    assert "Saved as draft v3" in saved  # a discarded number is never reused


def test_a_text_over_the_limit_is_refused_with_a_clear_message_on_the_same_page(
    signed_in, live_prompt
):
    from showrunner.modes import PROMPT_MAX_CHARS

    long = "x" * 200_000
    page = save(signed_in, live_prompt, long)
    assert page.status_code == 200
    assert (
        f"The prompt is 200,000 characters long; the limit is {PROMPT_MAX_CHARS:,}"
        in page.content.decode()
    )
    answer = preview(signed_in, live_prompt, long)
    assert answer.status_code == 422 and "the limit is" in answer.json()["errors"][0]
    assert live_prompt.versions.count() == 1


def test_the_samples_follow_the_kind_of_fixture(signed_in, live_prompt):
    football = preview(signed_in, live_prompt, "{{ competition }}: {{ score }}", "sample:feed")
    basketball = preview(signed_in, live_prompt, "{{ competition }}: {{ score }}", "sample:replay")
    assert football.json()["prompt"] == "Premier League: Manchester City 1–0 Queens Park Rangers"
    assert basketball.json()["prompt"] == (
        "2019 FIBA World Cup, bronze medal game: France 52–47 Australia"
    )


def test_a_script_keeps_the_facts_the_presenter_was_given_and_scripts_filter_by_version(
    signed_in, live_prompt, replay
):
    (script,) = director.run_cycle(now=replay_moment(replay, "LIVE"))
    assert script.facts["score"] and script.facts["home_team"] == replay.home_name
    page = signed_in.get(reverse("admin:showrunner_script_change", args=[script.pk]))
    assert script.facts["score"] in page.content.decode()
    history = signed_in.get(reverse("admin:showrunner_prompt_history", args=[live_prompt.pk]))
    link = re.search(r'href="([^"]+)" data-scripts-of="1"', history.content.decode())[1]
    listed = signed_in.get(link.replace("&amp;", "&")).content.decode()
    assert script.text[:30] in listed and "PROMPT#SHOWRUNNER_LIVE v1" in listed  # the filter


def test_a_form_without_the_versions_it_was_made_from_is_refused_in_the_admins_frame(
    signed_in, live_prompt
):
    url = reverse("admin:showrunner_prompt_discard", args=[live_prompt.pk, 1])
    page = signed_in.post(url, {})
    assert page.status_code == 400
    assert "reload the page" in page.content.decode() and 'id="site-name"' in page.content.decode()
