"""Label a production version for every prompt.

Before drafts existed the newest version was live, so it becomes production. A prompt no
editor ever touched gets the current default text (with the story facts) as a new version,
published; an edited prompt keeps its text, and the new default waits as a draft to review.
"""

from django.db import migrations
from django.utils import timezone

from showrunner.modes import MODES


def label_production(apps, schema_editor):
    Prompt = apps.get_model("showrunner", "Prompt")
    for prompt in Prompt.objects.all():
        versions = list(prompt.versions.order_by("number"))
        newest = versions[-1] if versions else None
        default = MODES[prompt.mode].default_prompt if prompt.mode in MODES else None
        untouched = all(version.created_by_id is None for version in versions)
        live = newest
        if newest is None or (default and newest.text != default):
            number = newest.number + 1 if newest else 1
            note = "default with the story facts" + ("" if untouched else ": review, then publish")
            added = prompt.versions.create(number=number, text=default, note=note)
            prompt.text = default  # the newest saved text, as the form shows it
            if untouched or newest is None:
                live = added
        live.published_at, live.publish_note = timezone.now(), "production when drafts arrived"
        live.save()
        prompt.production = live
        prompt.save()


class Migration(migrations.Migration):
    dependencies = [("showrunner", "0003_publishing_and_memory")]

    operations = [migrations.RunPython(label_production, migrations.RunPython.noop)]
