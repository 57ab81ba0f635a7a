from django import template
from django.utils.html import format_html

from core.embeds import embed_code, oembed_url

register = template.Library()


def page_embed(context, record):
    """The embed of the page being rendered, found by its URL name; none on a
    draft's preview, whose embed would be a 404."""
    request = context.get("request")
    if request is None or request.resolver_match is None or context.get("preview"):
        return None
    match = request.resolver_match
    return embed_code(request, match.view_name, match.kwargs, record)


@register.inclusion_tag("includes/embed_box.html", takes_context=True)
def embed_box(context, record=None):
    """``{% embed_box country %}``: the "Embed" box with the iframe code."""
    return {"embed": page_embed(context, record)}


@register.simple_tag(takes_context=True)
def oembed_link(context, record=None):
    """``{% oembed_link country %}`` in the page's head: oEmbed discovery."""
    embed = page_embed(context, record)
    if embed is None:
        return ""
    return format_html(
        '<link rel="alternate" type="application/json+oembed" href="{}" title="{}">',
        oembed_url(context["request"], embed.page_url),
        embed.title,
    )
