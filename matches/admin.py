from django.contrib import admin

from matches.models import DemoClock, Fixture, ReplayAnchor, ReplayEvent


class ReplayAnchorInline(admin.StackedInline):
    model = ReplayAnchor
    extra = 0


@admin.register(Fixture)
class FixtureAdmin(admin.ModelAdmin):
    list_display = (
        "slug",
        "kind",
        "home_name",
        "away_name",
        "state_code",
        "starting_at",
        "updated_at",
    )
    list_filter = ("kind", "state_code")
    search_fields = ("slug", "title", "home_name", "away_name", "external_id")
    readonly_fields = ("content_hash", "updated_at")
    inlines = [ReplayAnchorInline]


@admin.register(ReplayAnchor)
class ReplayAnchorAdmin(admin.ModelAdmin):
    list_display = (
        "fixture",
        "base_started_at",
        "tick_ms",
        "pause_ms",
        "last_sequence",
        "created_at",
    )


@admin.register(ReplayEvent)
class ReplayEventAdmin(admin.ModelAdmin):
    list_display = (
        "sequence",
        "fixture",
        "quarter",
        "clock",
        "team",
        "player",
        "points",
        "kind",
        "description",
    )
    list_filter = ("fixture", "quarter", "team", "kind")
    search_fields = ("player", "description")
    ordering = ("fixture", "sequence")


@admin.register(DemoClock)
class DemoClockAdmin(admin.ModelAdmin):
    list_display = ("key", "started_at", "speed", "created_at")
