"""Who sees what: Editors edit prompts and read scripts and the schedule; others see nothing."""

import pytest
from django.urls import reverse

from showrunner import director
from showrunner.models import Prompt, Script
from testsupport.presenter import PASSWORD, replay_moment

pytestmark = pytest.mark.django_db


def studio_pages(prompt):
    return [
        "/admin/showrunner/prompt/",
        reverse("admin:showrunner_prompt_change", args=[prompt.pk]),
        reverse("admin:showrunner_prompt_history", args=[prompt.pk]),
        reverse("admin:showrunner_prompt_version", args=[prompt.pk, 1]),
        "/admin/showrunner/script/",
        "/admin/showrunner/scheduleitem/",
    ]


def studio_actions(prompt):
    return [
        reverse("admin:showrunner_prompt_preview", args=[prompt.pk]),
        reverse("admin:showrunner_prompt_sample", args=[prompt.pk]),
        reverse("admin:showrunner_prompt_restore", args=[prompt.pk, 1]),
    ]


def sent_to_login(response):
    return response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_anonymous_visitors_see_nothing_of_the_studio(client, live_prompt):
    for url in studio_pages(live_prompt):
        assert sent_to_login(client.get(url)), url
    for url in studio_actions(live_prompt):
        assert sent_to_login(client.post(url)), url


def test_signed_in_fans_who_are_not_staff_see_nothing_either(
    client, live_prompt, django_user_model
):
    client.force_login(django_user_model.objects.create_user("fan", password=PASSWORD))
    for url in studio_pages(live_prompt):
        assert sent_to_login(client.get(url)), url
    for url in studio_actions(live_prompt):
        assert sent_to_login(client.post(url)), url


def test_staff_outside_the_editors_group_cannot_use_the_studio(
    client, live_prompt, django_user_model
):
    client.force_login(
        django_user_model.objects.create_user("clerk", password=PASSWORD, is_staff=True)
    )
    for url in studio_pages(live_prompt):
        assert client.get(url).status_code == 403, url
    for url in studio_actions(live_prompt):
        assert client.post(url).status_code == 403, url
    # Framed in the admin, saying whose account it is, with a way back.
    page = client.get(studio_pages(live_prompt)[1]).content.decode()
    assert "Your account (clerk) may not open this page" in page
    assert 'href="/admin/">Back to the admin home' in page and 'id="site-name"' in page


def test_an_editor_edits_prompts_and_reads_scripts_and_the_schedule(
    client, editor, live_prompt, replay
):
    director.run_cycle(now=replay_moment(replay, "LIVE"))
    client.force_login(editor)
    for url in studio_pages(live_prompt) + [
        f"/admin/showrunner/script/{Script.objects.get().pk}/change/"
    ]:
        assert client.get(url).status_code == 200, url
    index = client.get("/admin/").content.decode()
    assert "Prompts" in index and "Scripts" in index and "Schedule items" in index
    assert "Fixtures" not in index and "Users" not in index and "Groups" not in index


def test_an_editor_can_do_nothing_else(client, editor, live_prompt, replay):
    director.run_cycle(now=replay_moment(replay, "LIVE"))
    script = Script.objects.get()
    client.force_login(editor)
    refused = [
        "/admin/showrunner/prompt/add/",
        reverse("admin:showrunner_prompt_delete", args=[live_prompt.pk]),
        f"/admin/showrunner/script/{script.pk}/delete/",
        "/admin/matches/fixture/",
        "/admin/auth/user/",
        "/admin/auth/group/",
    ]
    for url in refused:
        assert client.get(url).status_code == 403, url
    client.post(f"/admin/showrunner/script/{script.pk}/change/", {"text": "changed"})
    assert Script.objects.get().text == script.text
    assert Prompt.objects.count() == 3
