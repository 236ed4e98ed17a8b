"""A second nickname lock: what a name looks like at a glance (relay/nicknames.py look_of).

Existing players get their look; where two players of one fixture already look alike, the
older keeps the look and the newer has none (it still owns its own key)."""

from django.db import migrations, models


def looks(apps, schema_editor):
    from relay.nicknames import look_of  # the look as the relay computes it today

    Player = apps.get_model("relay", "Player")
    taken = set()
    for player in Player.objects.order_by("id"):
        look = (player.fixture_id, look_of(player.name))
        if look not in taken:
            taken.add(look)
            Player.objects.filter(id=player.id).update(look=look[1])


class Migration(migrations.Migration):
    dependencies = [("relay", "0004_player")]

    operations = [
        migrations.AddField(
            model_name="player",
            name="look",
            field=models.CharField(
                blank=True,
                help_text="what the name looks like at a glance (relay/nicknames.py look_of): a second lock",
                max_length=200,
                null=True,
            ),
        ),
        migrations.RunPython(looks, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="player",
            constraint=models.UniqueConstraint(
                fields=("fixture", "look"), name="one_owner_per_look"
            ),
        ),
    ]
