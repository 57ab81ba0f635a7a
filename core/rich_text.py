"""Markdown that editors write, as the HTML readers get: simple formatting and
links only, whatever was typed or pasted (an event's account, a site page)."""

import markdown
import nh3
from django.conf import settings

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr", "li",
    "ol", "p", "pre", "strong", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}


def render_body(text: str) -> str:
    """Markdown to HTML, cleaned of anything but simple formatting and links."""
    html = markdown.markdown(text, output_format="html")
    return sanitize_html(html)


def render_bodies(record) -> None:
    """Each language's ``body_html`` from its ``body`` (core.translation); an
    empty one falls back to the English account when read."""
    for code, _ in settings.LANGUAGES:
        body = getattr(record, f"body_{code}", None)
        setattr(record, f"body_html_{code}", render_body(body) if body else "")


def sanitize_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
