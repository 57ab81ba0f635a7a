"""Publishing events: the rules of ``core.workflow`` for the API and admin.

``check_can_publish(record)`` raises a ValidationError listing what to fix;
``publication_problems(record)`` returns the same messages as a list. Both work
for any publishable record (events, status changes, positions, missions,
relations, countries, officials).
"""

from core.workflow import (
    check_can_publish,
    publication_problems,
    publish,
    unpublish,
)
from events.models import Event

__all__ = [
    "check_can_publish",
    "event_publish",
    "event_unpublish",
    "publication_problems",
    "publish",
    "unpublish",
]


def event_publish(*, event: Event, user=None) -> Event:
    """Publish ``event``, or raise ValidationError when it has no source."""
    return publish(record=event, user=user)


def event_unpublish(*, event: Event, user=None) -> Event:
    return unpublish(record=event, user=user)
