"""What every public page does the same way: a record's page found by slug
(published, a preview, or a redirect from a renamed slug) or by its permanent
UUID address, and a list page
driven by its FilterSet, a validated page number turned into a page of rows.
"""

from django.conf import settings
from django.core.paginator import EmptyPage, Paginator
from django.http import Http404, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views import View
from django.views.decorators.http import require_safe
from django.views.generic import DetailView

from core.api_policies import KeysetPage, NotACursor
from core.citing import cite_page
from core.downloads import downloads
from core.models import Correction, SitePage, SitePageSlug, mark_public
from core.slugs import find_by_old_slug


class PageOutOfRange(Exception):
    def __init__(self, number: int, last: int):
        super().__init__(number, last)
        self.number = number
        self.last = last


def page_context(queryset, *, name: str, number, per_page) -> dict:
    """Page ``number`` of ``queryset`` (the first when None), its rows as
    ``name``; past the end, ``page_out_of_range`` naming the last page.
    """
    paginator = Paginator(queryset, per_page)
    try:
        page = paginator.page(number or 1)
    except EmptyPage:
        return {"page_out_of_range": PageOutOfRange(number, paginator.num_pages)}
    return {"paginator": paginator, "page_obj": page, name: page.object_list}


class RecordDetailView(DetailView):
    """A publishable record's page, found by its slug.

    Readers see it once it is published; a reader who may see drafts sees a
    draft too, with ``preview`` set in the context. A slug the record had
    before a rename answers with a permanent redirect to its current address.
    A subclass narrows ``get_queryset()`` to what its page shows and adds to
    ``get_context_data()``.
    """

    http_method_names = ["get", "head"]

    def get_queryset(self):
        return self.model._default_manager.for_detail()

    def get(self, request, *args, **kwargs):
        slug = kwargs[self.slug_url_kwarg]
        queryset = self.get_queryset()
        try:
            self.object = queryset.visible_to(request.user).get(slug=slug)
        except queryset.model.DoesNotExist:
            return self.redirect_from_old_slug(queryset.model, slug)
        context = self.get_context_data(
            object=self.object,
            preview=not self.object.is_public,
            page_citation=cite_page(request, self.object),
        )
        return self.render_to_response(context)

    def redirect_from_old_slug(self, model, slug: str):
        renamed = find_by_old_slug(model, slug)
        if renamed is not None and renamed.is_visible_to(self.request.user):
            return HttpResponsePermanentRedirect(renamed.get_absolute_url())
        raise Http404(f"No {model._meta.verbose_name} at this address.")


@require_safe
def permalink(request, uuid, *, models):
    """The page of the record with ``uuid``, whichever of ``models`` it is: a
    permanent address that outlives slug changes."""
    for model in models:
        record = (
            model._default_manager.visible_to(request.user).filter(uuid=uuid).first()
        )
        if record is None:
            continue
        if record.is_public:
            return HttpResponsePermanentRedirect(record.get_absolute_url())
        # An editor's preview of a draft: browsers must not remember it for
        # good, since readers are not sent there.
        return HttpResponseRedirect(record.get_absolute_url())
    raise Http404("No page has this permanent address.")


class FilteredListView(View):
    """A public list page driven by its FilterSet: the rows as
    ``context_object_name`` (page by page when ``paginate_by`` is set), the
    form as ``form`` and the FilterSet as ``filters``. The rows are those the
    reader may see, as the list shows them (``for_list()``, or the queryset
    method named in ``rows``). ``api_list``
    names the API list of the same FilterSet, which ``downloads`` links to.
    """

    http_method_names = ["get", "head"]
    filterset_class = None  # a core.filters.RecordFilterSet
    template_name = ""
    context_object_name = ""
    paginate_by: int | None = None
    # With a number, pages are numbered up to it and reached beyond it by
    # Next links carrying a keyset cursor (core.api_policies.KeysetPage), and
    # the rows are counted up to ``count_limit``: a long list costs the same
    # at any depth.
    numbered_pages: int | None = None
    count_limit = 10_000
    api_list = ""
    rows = "for_list"

    def get_queryset(self):
        model = self.filterset_class._meta.model
        return getattr(model.objects.visible_to(self.request.user), self.rows)()

    def get(self, request, *args, **kwargs):
        filters = self.filterset_class(
            request.GET,
            queryset=self.get_queryset(),
            request=request,
            paged=self.paginate_by is not None,
        )
        moved = filters.moved_query()
        if moved is not None:
            return HttpResponsePermanentRedirect(f"{request.path}?{moved}")
        name, template = self.context_object_name, self.template_name
        context = {"form": filters.form, "filters": filters, name: []}
        if not filters.is_valid():
            return render(request, template, context, status=400)
        if self.paginate_by is None:
            context[name] = list(filters.qs)
            count = len(context[name])
        elif self.numbered_pages:
            status = self.keyset_context(context, filters)
            if status != 200:
                return render(request, template, context, status=status)
            count = context["count"] if not context["count_capped"] else None
        else:
            context.update(
                page_context(
                    filters.qs,
                    name=name,
                    number=filters.form.cleaned_data["page"],
                    per_page=self.paginate_by,
                )
            )
            if "page_out_of_range" in context:
                return render(request, template, context, status=404)
            count = context["paginator"].count
        if self.api_list and (count or count is None and context.get(name)):
            context["downloads"] = downloads(
                filters, api_list=self.api_list, count=count
            )
        return render(request, template, context)

    def keyset_context(self, context, filters) -> int:
        """The page the address names into ``context``; its status."""
        number = filters.form.cleaned_data["page"] or 1
        cursor = self.request.GET.get("cursor") or None
        if number > self.numbered_pages:
            context["page_beyond_numbers"] = number
            context["numbered_pages"] = self.numbered_pages
            return 404
        try:
            page = KeysetPage(
                filters.qs, cursor=cursor, number=number, size=self.paginate_by
            )
        except NotACursor:
            context["bad_cursor"] = True
            return 400
        if number > 1 and not page.rows:
            context["page_beyond_end"] = number
            return 404
        # Only the keys: the rows' annotations (their related rows) cost
        # nothing to count.
        count = filters.qs.order_by().values("pk")[: self.count_limit + 1].count()
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("cursor", None)

        def link(**values):
            linked = query.copy()
            linked.update({k: v for k, v in values.items() if v is not None})
            return f"?{linked.urlencode()}" if linked else self.request.path

        if page.number is not None and page.number < self.numbered_pages:
            next_url = link(page=page.number + 1) if page.has_next else ""
        else:
            next_url = link(cursor=page.next_cursor) if page.next_cursor else ""
        if page.number is not None:
            previous_url = link(page=page.number - 1 if page.number > 2 else None)
            previous_url = previous_url if page.number > 1 else ""
        else:
            previous_url = link(cursor=page.previous_cursor)
        start = (page.number - 1) * self.paginate_by + 1 if page.number else None
        context.update(
            {
                self.context_object_name: page.rows,
                "page": page,
                "count": min(count, self.count_limit),
                "count_label": f"{min(count, self.count_limit):,}",
                "count_capped": count > self.count_limit,
                "first_shown": start,
                "last_shown": start + len(page.rows) - 1 if start else None,
                "next_url": next_url,
                "previous_url": previous_url,
                "first_url": link() if page.number is None else "",
            }
        )
        return 200


def record_paths(
    prefix: str, list_view, detail_view, *, name: str = ""
) -> list[URLPattern]:
    """A list page at ``<prefix>/`` and its records' pages at
    ``<prefix>/<slug>/``, named ``<name>list`` and ``<name>detail``."""
    return [
        path(f"{prefix}/", list_view, name=f"{name}list"),
        path(f"{prefix}/<slug:slug>/", detail_view, name=f"{name}detail"),
    ]


# The trust pages: about, methodology, contact, and corrections with its log

CORRECTIONS_PER_PAGE = 50


def site_page_or_blank(slug: str) -> SitePage:
    """The page as the editors wrote it; an unsaved blank one if its row is
    gone (a flushed test database), which shows the empty page's sentence."""
    page = SitePage.objects.filter(slug=slug).first()
    return page or SitePage(slug=slug, title=SitePageSlug(slug).label)


@require_safe
def site_page(request, *, slug: str):
    context = {"page": site_page_or_blank(slug)}
    if slug == SitePageSlug.CONTACT:
        context["contact_email"] = settings.ACCORDS_CONTACT_EMAIL
    return render(request, "pages/site_page.html", context)


@require_safe
def corrections(request):
    """Every correction to a published record, newest first, after the
    editors' introduction."""
    context = {"page": site_page_or_blank(SitePageSlug.CORRECTIONS)}
    number = request.GET.get("page")
    if number is not None and not (
        number.isascii() and number.isdigit() and int(number) > 0
    ):
        context["bad_page"] = number
        return render(request, "pages/corrections.html", context, status=400)
    context.update(
        page_context(
            Correction.objects.for_list(),
            name="corrections",
            number=int(number) if number else None,
            per_page=CORRECTIONS_PER_PAGE,
        )
    )
    if "page_out_of_range" in context:
        return render(request, "pages/corrections.html", context, status=404)
    # Rows whose record is no longer public are shown without a link.
    context["corrections"] = mark_public(list(context["corrections"]))
    return render(request, "pages/corrections.html", context)
