from django.contrib import admin

from matches.feed.clock import clock_display
from predictions import live
from predictions.models import LivePrediction, Prediction, PredictionTemplate
from rally.http import now_ms


@admin.register(Prediction)
class PredictionAdmin(admin.ModelAdmin):
    list_display = (
        "key",
        "fixture",
        "question",
        "on",
        "opens_at",
        "locks_at",
        "resolves_at",
        "points",
    )
    list_filter = ("fixture", "on")
    search_fields = ("key", "question")


@admin.register(PredictionTemplate)
class PredictionTemplateAdmin(admin.ModelAdmin):
    """Editors switch a template off (no new questions from it on any feed fixture) or reword it."""

    list_display = ("key", "kind", "question", "points", "window_minutes", "enabled")
    list_editable = ("enabled",)
    readonly_fields = ("key", "kind")  # the rules behind a kind live in predictions/livegame.py

    def has_add_permission(self, request):
        return False  # a new kind needs rules in code: the migration makes one template per kind

    def has_delete_permission(self, request, obj=None):
        return False  # switch it off instead: the questions made from it stay


@admin.register(LivePrediction)
class LivePredictionAdmin(admin.ModelAdmin):
    """What the feed fixtures were asked and how the feed settled them. The poller writes them;
    an editor may only reword a question already made (a template's text that went wrong), and
    the room gets the corrected question at once (live.reworded)."""

    list_display = (
        "question",
        "fixture",
        "key",
        "opens",
        "locks",
        "status",
        "answer",
        "void_reason",
    )
    list_filter = (
        "status",
        "kind",
        ("fixture", admin.RelatedOnlyFieldListFilter),
    )  # feed fixtures only
    search_fields = ("key", "question")
    fields = (
        "question",
        "fixture",
        "key",
        "kind",
        "options",
        "opens",
        "locks",
        "status",
        "answer",
        "void_reason",
    )
    readonly_fields = (
        "fixture",
        "key",
        "kind",
        "options",
        "opens",
        "locks",
        "status",
        "answer",
        "void_reason",
    )

    @admin.display(description="opens")
    def opens(self, row):
        return clock_display(row.opens_at)

    @admin.display(description="locks")
    def locks(self, row):
        return clock_display(row.locks_at)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # picks and standings refer to it

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "question" in form.changed_data:
            live.reworded(obj, now_ms())
