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
    """Editors switch a template off (no new questions from it on any feed fixture) and set its
    points and round. Its wording is written, previewed, versioned and published in the Prompt
    Studio (Showrunner › Question templates), which sets `question` here when it publishes."""

    list_display = ("key", "kind", "question", "points", "window_minutes", "enabled")
    fields = ("key", "kind", "question", "points", "window_minutes", "enabled")
    # The rules behind a kind live in predictions/livegame.py; the wording in the Studio.
    readonly_fields = ("key", "kind", "question")

    def has_add_permission(self, request):
        return False  # a new kind needs rules in code: the migration makes one template per kind

    def has_delete_permission(self, request, obj=None):
        return False  # switch it off instead: the questions made from it stay


@admin.register(LivePrediction)
class LivePredictionAdmin(admin.ModelAdmin):
    """What the feed fixtures were asked and how the feed settled them. The poller writes them;
    an editor may only reword a question already made (a template's text that went wrong) or
    void it, and the room gets the corrected question at once (live.reworded, live.void)."""

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
    actions = ["void_questions"]
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

    @admin.action(description="Void the selected questions (no points for anyone)")
    def void_questions(self, request, queryset):
        voided = live.void_by_editor(queryset, now_ms())
        self.message_user(
            request,
            f"Voided {len(voided)} question(s); the rooms have been told."
            if voided
            else "Nothing voided: those questions were void already.",
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "question" in form.changed_data:
            live.reworded(obj, now_ms())
