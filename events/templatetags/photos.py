"""Responsive images: ``{% photo_srcset photo %}`` and ``{% photo_img photo %}``.

Renditions are made by sorl-thumbnail on first use, at widths below the
original's; the original file is kept untouched and is the largest candidate.
"""

import functools
import logging
import time

from django import template
from django.utils.html import format_html
from sorl.thumbnail import get_thumbnail
from sorl.thumbnail.helpers import ThumbnailError

from core.translation import FALLBACK, shown_value

register = template.Library()
logger = logging.getLogger(__name__)

RENDITION_WIDTHS = (320, 640, 1024)
DEFAULT_SIZES = "(min-width: 56rem) 48rem, 100vw"
# Waits before asking again for a rendition another process is writing.
RETRY_SECONDS = (0.05, 0.15, 0.3)


def renditions(image) -> list[tuple[str, int, int]]:
    """``[(url, width, height)]`` smallest first, ending with the original."""
    if not image:
        return []
    try:
        width, height = image.width, image.height
    except (OSError, ValueError):
        report_missing(image.name)
        return []
    sizes = []
    for target in RENDITION_WIDTHS:
        if target >= width:
            break
        if thumbnail := rendition(image, target):
            sizes.append((thumbnail.url, thumbnail.width, thumbnail.height))
    sizes.append((image.url, width, height))
    return sizes


def rendition(image, width: int):
    """sorl-thumbnail's rendition of ``image`` at ``width``, or None.

    Two processes showing a new photo at once both make its renditions: the
    second finds the file the first has created but not yet written, takes
    it as made and fails to read its size (a page's 500, seen with two app
    servers). It asks again once the first is likely done, when the file is
    whole or sorl's store has it; a rendition that still cannot be made is
    left out of the ``srcset``, where the original always is.
    """
    for wait in (*RETRY_SECONDS, None):
        try:
            return get_thumbnail(image, str(width), upscale=False, quality=85)
        # What Pillow and sorl raise for a file they cannot read (yet).
        except (OSError, SyntaxError, ValueError, ThumbnailError) as error:
            if wait is None:
                logger.warning("No %spx rendition of %s: %s", width, image.name, error)
                return None
            time.sleep(wait)


@functools.lru_cache(maxsize=1024)
def report_missing(name: str) -> None:
    """Log a missing file once per process, not on every page that shows it:
    a log line per photo per request cost more than the page."""
    logger.warning("Image file missing: %s", name)


def srcset_for(image) -> str:
    return ", ".join(f"{url} {width}w" for url, width, _ in renditions(image))


@register.simple_tag
def photo_srcset(photo) -> str:
    """The ``srcset`` value for a Photo (or any object with ``image``)."""
    return srcset_for(getattr(photo, "image", photo))


@register.simple_tag
def photo_img(photo, sizes: str = DEFAULT_SIZES, loading: str = "lazy"):
    """A complete ``<img>``: a mid-size ``src``, ``srcset``, size and alt text."""
    candidates = renditions(photo.image)
    if not candidates:
        return ""
    url, width, height = next((c for c in candidates if c[1] >= 640), candidates[-1])
    alt_text, fallen_back = shown_value(photo, "alt_text")
    # English alt text for want of a translation: the img says its language.
    lang = format_html(' lang="{}"', FALLBACK) if fallen_back else ""
    return format_html(
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{} '
        'loading="{}" decoding="async">',
        url,
        ", ".join(f"{u} {w}w" for u, w, _ in candidates),
        sizes,
        width,
        height,
        alt_text,
        lang,
        loading,
    )
