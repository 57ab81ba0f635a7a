"""Addresses of records by slug, the URL pattern reversed once, not per record.

A list links each card to its record and its countries, and an API list gives
each record its address: Django's ``reverse()`` walks the URL resolver every
time (some 70 times for one events page). Two records' addresses differ by
their slug alone, so the pattern is reversed once per view, language, script
prefix and URLconf with a stand-in slug, and each record's slug is put in its
place. A slug with characters ``reverse()`` would quote, or a view whose
pattern refuses the stand-in, goes through ``reverse()`` as before.
"""

import functools
import re

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

# What a slug converter accepts and reverse() leaves as it is.
PLAIN = re.compile(r"[-a-zA-Z0-9_]+")
# Every kind of character PLAIN allows: a pattern stricter than a slug's
# refuses it, and its view is reversed the usual way.
STAND_IN = "Zz09-_stand-in"


@functools.lru_cache(maxsize=256)
def _around(view_name: str, key: str, language, prefix: str, urlconf: str):
    """The address's text before and after the stand-in, or None."""
    try:
        url = reverse(view_name, kwargs={key: STAND_IN}, urlconf=urlconf)
    except NoReverseMatch:
        return None
    before, found, after = url.partition(STAND_IN)
    return (before, after) if found and STAND_IN not in after else None


def reverse_slug(view_name: str, slug: str, key: str = "slug") -> str:
    """``reverse(view_name, kwargs={key: slug})``, for the current language."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    around = _around(view_name, key, get_language(), get_script_prefix(), urlconf)
    if around is None or not PLAIN.fullmatch(slug):
        return reverse(view_name, kwargs={key: slug})
    return f"{around[0]}{slug}{around[1]}"


@receiver(setting_changed)
def _forget(*, setting, **kwargs):
    # Tests swap URLconfs and prefixes (Django clears its own caches so too).
    if setting in {"ROOT_URLCONF", "FORCE_SCRIPT_NAME", "LANGUAGES"}:
        _around.cache_clear()
