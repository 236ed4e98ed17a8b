"""A joined socket plays as a player (predictions.Player), which is now the nickname lock: the
presence rows' unique (fixture, key) goes, since one player may have several sockets."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("predictions", "0006_player_owns_picks"),
        ("relay", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="presence", name="unique_nickname_per_fixture"),
        migrations.AddField(
            model_name="presence",
            name="player",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                to="predictions.player",
            ),
        ),
        migrations.AlterField(
            model_name="presence",
            name="key",
            field=models.CharField(
                blank=True, help_text="the player's key", max_length=200, null=True
            ),
        ),
    ]
