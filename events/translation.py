"""The translated fields of events (see core.translation)."""

from modeltranslation.translator import register

from core.translation import Translated, register_history
from events.models import Event, Participant, Photo


@register(Event)
class EventTranslation(Translated):
    fields = ("title", "summary", "body", "body_html")


@register(Participant)
class ParticipantTranslation(Translated):
    fields = ("name", "role")


@register(Photo)
class PhotoTranslation(Translated):
    fields = ("caption", "alt_text")


register_history(
    Event, links=["countries", "status_changes", "citations", "participants", "photos"]
)
register_history(Participant)
# The officials shown are versioned with the photo, so that two editors'
# changes to them merge (core.merge) and a revert restores them.
register_history(Photo, links=["officials"])
