"""Let staff read, add and delete announcements in the Django admin."""

from django.contrib import admin

from rooms.announcements import publish, retract
from rooms.models import Announcement


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    """List announcements by room; adding one publishes it, deleting one retracts it."""

    list_display = ("created", "room", "text", "author")
    list_filter = ("room",)
    search_fields = ("text",)
    fields = ("room", "text")

    def save_model(self, request, obj, form, change):
        """Publish the new announcement, by the signed-in user, instead of saving it plainly."""
        # Here, not in a post_save signal: post_save fires on every save, from
        # fixtures and scripts too, and would make saving the row the way to
        # publish. publish() stays the one place that saves and sends.
        published = publish(obj.room, obj.text, author=request.user)
        # The admin goes on with `obj` (its history entry, its redirect), so
        # obj becomes the row publish() saved.
        obj.pk = published.pk
        obj.refresh_from_db()

    def delete_model(self, request, obj):
        """Retract the announcement from its room instead of deleting it plainly."""
        retract(obj)

    def delete_queryset(self, request, queryset):
        """Retract each announcement the "delete selected" action deletes."""
        # The action calls this, not delete_model(): a bulk delete() would
        # remove the rows and tell no page.
        for announcement in queryset:
            retract(announcement)

    def has_change_permission(self, request, obj=None):
        """Refuse edits: a changed text would never reach the pages already showing it."""
        return False
