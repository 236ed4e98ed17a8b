"""Question templates move from `str.format` to the Prompt Studio's template language
(rally/templating.py): `{home}` becomes `{{ home }}`, and whatever else a template held in
braces (a format spec, an attribute) goes. A template that still is not valid gets its default
text back. Editors may now reword a question already made (a bad one repaired in the admin)."""

import re

from django.db import migrations, models

from predictions.livegame import DEFAULT_TEMPLATES, QUESTION_VARIABLES
from rally.editors import grant_editors
from rally.templating import validate_template

OLD_PLACEHOLDER = re.compile(r"\{(home|away|at)(?:[.:!\[][^{}]*)?\}")
DEFAULTS = {template["key"]: template["question"] for template in DEFAULT_TEMPLATES}


def new_language(text):
    converted = OLD_PLACEHOLDER.sub(lambda match: "{{ " + match[1] + " }}", text)
    return (
        converted
        if not validate_template(converted, QUESTION_VARIABLES) and len(converted) <= 150
        else None
    )


def convert(apps, schema_editor):
    for template in apps.get_model("predictions", "PredictionTemplate").objects.all():
        question = new_language(template.question) or DEFAULTS.get(template.key)
        if question and question != template.question:
            template.question = question
            template.save(update_fields=["question"])


def back_to_format(apps, schema_editor):
    for template in apps.get_model("predictions", "PredictionTemplate").objects.all():
        template.question = re.sub(r"\{\{\s*(home|away|at)\s*\}\}", r"{\1}", template.question)
        template.save(update_fields=["question"])


def let_editors_reword_questions(apps, schema_editor):
    grant_editors(apps, "predictions", ["change_liveprediction"])


class Migration(migrations.Migration):
    dependencies = [("predictions", "0008_player_to_relay")]

    operations = [
        migrations.AlterField(
            model_name="predictiontemplate",
            name="question",
            field=models.CharField(
                help_text="{{ home }} and {{ away }} are the teams' names; {{ at }} the minute a round opens",
                max_length=150,
            ),
        ),
        migrations.AlterField(
            model_name="liveprediction",
            name="question",
            field=models.CharField(
                help_text="as fans read it; an editor may reword it (plain text)", max_length=200
            ),
        ),
        migrations.RunPython(convert, back_to_format),
        migrations.RunPython(let_editors_reword_questions, migrations.RunPython.noop),
    ]
