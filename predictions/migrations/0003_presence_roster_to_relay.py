"""Presence and Roster now belong to the relay (relay 0001): removed from this app's state only,
their tables and rows stay where they are."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("predictions", "0002_presence_roster_pick"),
        ("relay", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Presence"),
                migrations.DeleteModel(name="Roster"),
            ],
            database_operations=[],
        ),
    ]
