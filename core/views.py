"""What every public page does the same way: find a visible record by slug
(following renamed slugs), and turn a validated page number into a page.
"""

from django.core.paginator import EmptyPage, Paginator
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import render

from core.models import can_see_drafts
from core.slugs import find_by_old_slug


class PageOutOfRange(Exception):
    def __init__(self, number: int, last: int):
        super().__init__(number, last)
        self.number = number
        self.last = last


def render_page(
    request, template: str, context: dict, queryset, *, name: str, number, per_page
):
    """Render page ``number`` of ``queryset`` (the first when None), its rows as
    ``context[name]``; a page past the end is a 404 naming the last one.
    """
    paginator = Paginator(queryset, per_page)
    try:
        page = paginator.page(number or 1)
    except EmptyPage:
        context["page_out_of_range"] = PageOutOfRange(number, paginator.num_pages)
        return render(request, template, context, status=404)
    context.update(paginator=paginator, page_obj=page, **{name: page.object_list})
    return render(request, template, context)


def visible_or_redirect(request, queryset, slug: str):
    """The record at ``slug`` if the reader may see it.

    A slug the record had before a rename answers with a permanent redirect
    to its current address; a draft is a 404 except for readers who may
    preview it.
    """
    model = queryset.model
    try:
        return queryset.visible_to(request.user).get(slug=slug)
    except model.DoesNotExist:
        pass
    renamed = find_by_old_slug(model, slug)
    if renamed is not None and (
        renamed.is_published or can_see_drafts(request.user, model)
    ):
        return HttpResponsePermanentRedirect(renamed.get_absolute_url())
    raise Http404(f"No {model._meta.verbose_name} at this address.")


def is_preview(request, record) -> bool:
    return not record.is_published and can_see_drafts(request.user, type(record))
