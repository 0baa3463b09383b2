"""Check what an organiser types into the room page's announce form."""

from django import forms

from rooms.models import Announcement


class AnnouncementForm(forms.ModelForm):
    """Take an announcement's text; the room comes from the URL, the author from the login."""

    class Meta:
        model = Announcement
        # The model's rules come along: at most MAX_ANNOUNCEMENT_LENGTH
        # characters, not blank once the form has stripped the spaces.
        fields = ("text",)
