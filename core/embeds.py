"""Embeds: pages other sites may show in an iframe, and the oEmbed endpoint
that hands out their iframe code.

Only a view decorated with ``@embeddable`` may be framed: every other page
keeps ``X-Frame-Options: DENY`` and ``frame-ancestors 'none'``. An embed looks
the same to everyone, so it never reads the session and never sets a cookie.

A page that has an embed registers it (``register``) under the page's URL
name; the embed's URL takes the same arguments as the page's. The page then
shows the "Embed" box (``{% embed_box %}``) and the oEmbed discovery link
(``{% oembed_link %}``) from ``core/templatetags/embeds.py``, and ``oembed``
answers for its address.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import NoReverseMatch, Resolver404, ResolverMatch, resolve, reverse
from django.utils.cache import patch_cache_control
from django.utils.html import format_html
from django.views.decorators.http import require_safe

# How long a browser or a cache may keep an embed, and what oEmbed's
# ``cache_age`` tells consumers: short, so a correction reaches them soon.
EMBED_CACHE_SECONDS = 60 * 60


def embeddable(view):
    """Let any site frame this view's responses, and only this view's.

    The strict CSP otherwise holds (no inline script or style, nothing from
    other hosts). The view sees an anonymous reader whoever is logged in, so
    it neither shows a draft nor touches the session: no Set-Cookie, no
    ``Vary: Cookie``, one response for everyone.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        request.user = AnonymousUser()
        response = view(request, *args, **kwargs)
        # Read at request time, so a settings override in tests applies.
        response._csp_config = {**settings.SECURE_CSP, "frame-ancestors": ["*"]}
        response.xframe_options_exempt = True
        if response.status_code == 200:
            patch_cache_control(response, public=True, max_age=EMBED_CACHE_SECONDS)
        return response

    return wrapped


@dataclass(frozen=True)
class Embed:
    """The embed of one kind of page.

    ``view``: the embed's URL name. ``title``: the iframe's title, given the
    page's record (None for a page of no record). ``find``: that record from
    the page's URL arguments when it is public, else Http404; the oEmbed
    endpoint calls it, the page passes the record it already has.
    """

    view: str
    width: int
    height: int
    title: Callable[[Any], str]
    find: Callable[..., Any] = lambda **kwargs: None


# The page's URL name (``"countries:detail"``) → its embed.
EMBEDS: dict[str, Embed] = {}


def register(page: str, embed: Embed) -> None:
    EMBEDS[page] = embed


@dataclass(frozen=True)
class EmbedCode:
    """What a page shows in its Embed box and oEmbed returns."""

    src: str  # the embed's absolute URL
    page_url: str
    title: str
    width: int
    height: int

    @property
    def html(self) -> str:
        return format_html(
            '<iframe src="{}" width="{}" height="{}" title="{}" loading="lazy">'
            "</iframe>",
            self.src,
            self.width,
            self.height,
            self.title,
        )


def embed_code(
    request: HttpRequest,
    page: str,
    kwargs: dict,
    record=None,
    *,
    max_width: int | None = None,
    max_height: int | None = None,
) -> EmbedCode | None:
    """The embed of the page named ``page`` with URL arguments ``kwargs``, or
    None if that kind of page has none."""
    embed = EMBEDS.get(page)
    if embed is None:
        return None
    try:
        src = reverse(embed.view, kwargs=kwargs)
        page_url = reverse(page, kwargs=kwargs)
    except NoReverseMatch:
        return None
    return EmbedCode(
        src=request.build_absolute_uri(src),
        page_url=request.build_absolute_uri(page_url),
        title=embed.title(record),
        width=min(embed.width, max_width or embed.width),
        height=min(embed.height, max_height or embed.height),
    )


def oembed_url(request: HttpRequest, page_url: str) -> str:
    return request.build_absolute_uri(
        reverse("oembed") + "?" + urlencode({"url": page_url, "format": "json"})
    )


class BadRequest(Exception):
    pass


def positive_int(value: str | None, name: str) -> int | None:
    if value is None or value == "":
        return None
    # Bounded in length before int(): Python refuses to convert very long ones.
    if not (value.isascii() and value.isdigit() and len(value) <= 9 and int(value)):
        raise BadRequest(f"{name} must be a whole number of pixels above 0.")
    return int(value)


def oembed_error(status: int, message: str) -> HttpResponse:
    return JsonResponse({"error": message}, status=status)


def resolve_page(path: str) -> ResolverMatch | None:
    """The page at ``path``, also when a copied address lost its final slash
    (the site would redirect it)."""
    for candidate in (path, f"{path}/"):
        try:
            return resolve(candidate)
        except Resolver404:
            continue
    return None


@require_safe
def oembed(request):
    """The oEmbed endpoint (https://oembed.com/): for the address of one of
    our pages that has an embed, its iframe code as a "rich" response."""
    # XML is optional in the specification, which asks for a 501 then.
    fmt = request.GET.get("format", "json")
    if fmt != "json":
        return oembed_error(501, "Only format=json is offered.")
    url = request.GET.get("url", "")
    if not url:
        return oembed_error(400, "Give the address of a page as url=.")
    try:
        max_width = positive_int(request.GET.get("maxwidth"), "maxwidth")
        max_height = positive_int(request.GET.get("maxheight"), "maxheight")
    except BadRequest as error:
        return oembed_error(400, str(error))
    try:
        parts = urlsplit(url)
    except ValueError:  # an unclosed "[" of an IPv6 host
        return oembed_error(404, "That address is not a page of this site.")
    if parts.scheme not in ("http", "https") or parts.netloc != request.get_host():
        return oembed_error(404, "That address is not a page of this site.")
    match = resolve_page(parts.path)
    if match is None:
        return oembed_error(404, "That address is not a page of this site.")
    embed = EMBEDS.get(match.view_name)
    if embed is None:
        return oembed_error(404, "That page has no embed.")
    try:
        record = embed.find(**match.kwargs)
    except Http404:
        return oembed_error(404, "That page has no published record.")
    code = embed_code(
        request,
        match.view_name,
        match.kwargs,
        record,
        max_width=max_width,
        max_height=max_height,
    )
    if code is None:
        return oembed_error(404, "That page has no embed.")
    body = {
        "version": "1.0",
        "type": "rich",
        "title": code.title,
        "provider_name": settings.SITE_NAME,
        "provider_url": request.build_absolute_uri(reverse("home")),
        "html": code.html,
        "width": code.width,
        "height": code.height,
        "cache_age": EMBED_CACHE_SECONDS,
    }
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), content_type="application/json"
    )
    patch_cache_control(response, public=True, max_age=EMBED_CACHE_SECONDS)
    return response
