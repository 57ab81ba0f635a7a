"""Atom that any text an editor stored can go into, and the corrections feed.

Text that XML cannot carry (control characters stored before the editors'
checks, or by a script) is left out rather than failing the whole feed.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.models import Correction
from core.text import xml_safe

CORRECTIONS_IN_FEED = 50


class XmlSafeAtom1Feed(Atom1Feed):
    """Atom without the characters XML 1.0 cannot hold (Django refuses them)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.feed = {key: xml_safe(value) for key, value in self.feed.items()}

    def add_item(self, *args, **kwargs):
        super().add_item(*args, **kwargs)
        self.items[-1] = {key: xml_safe(value) for key, value in self.items[-1].items()}


class CorrectionsFeed(Feed):
    feed_type = XmlSafeAtom1Feed
    title = format_lazy(_("{site}: corrections"), site=settings.SITE_NAME)
    subtitle = _("Each correction of a published fact, with what was wrong.")
    link = reverse_lazy("corrections")

    def items(self):
        return Correction.objects.for_list()[:CORRECTIONS_IN_FEED]

    def item_title(self, item):
        return f"Correction: {item.object_repr}"

    def item_description(self, item):
        # Atom summaries are typed HTML: plain text must arrive escaped.
        return escape(item.note)

    def item_link(self, item):
        # The corrections page, not the record's: the record may be gone.
        return f"{reverse('corrections')}#correction-{item.pk}"

    def item_pubdate(self, item):
        return item.when
