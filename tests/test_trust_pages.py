"""The trust pages (about, methodology, corrections, contact), the corrections
log an editor's correction note writes, and the "last checked" dates."""

import datetime
import importlib
import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from core.editors import ADMINISTRATORS
from core.models import Correction, PublicationStatus, SitePage, record_correction
from countries.models import AccordsStatus
from events.models import Event
from tests import factories
from tests.admin_forms import admin_url, change_url, changelist_url, errors_of, save
from tests.conftest import logged_in, query_counts
from tests.page_checks import get_public_page

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
NOTE = "The signing was on 15 September 2020, not 16 September."


@pytest.fixture(autouse=True)
def site_pages(db):
    """The four pages as the migration writes them: a test that flushes the
    database (``transactional_db``) takes them away from those after it."""
    from django.apps import apps

    pages = importlib.import_module("core.migrations.0004_site_pages")
    pages.create_pages(apps, None)


@pytest.fixture
def reader():
    """An anonymous reader, apart from the editor's client."""
    return Client()


@pytest.fixture
def event(event):
    """The published event, with the source it needs to stay published."""
    factories.cite(event)
    return event


def page(slug: str) -> SitePage:
    return SitePage.objects.get(slug=slug)


def correct(client, record, note: str = NOTE, **changes):
    """Save ``record`` in the admin with ``changes`` and a correction note."""
    response = save(client, record, correction_note=note, **changes)
    assert response.status_code == 302, errors_of(response)
    return response


# The pages -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "title", "text"),
    [
        ("/about/", "About Accords", "Every fact on the site"),
        ("/methodology/", "Methodology", "reported to be in talks"),
        ("/corrections/", "Corrections", "what was wrong"),
        ("/contact/", "Contact", "To report an error"),
    ],
)
def test_each_trust_page_shows_its_title_and_the_editors_text(
    client, path, title, text
):
    # One h1, a description, nothing inline or from another host.
    response = get_public_page(client, path)
    assert f"<h1>{title}</h1>" in response.text
    assert text in response.text
    assert f"<title>{title} · Accords</title>" in response.text


def test_the_methodology_defines_each_status_and_what_moves_a_country_on(client):
    text = client.get("/methodology/").text
    for term in ("<strong>Candidate</strong>", "<strong>Announced</strong>"):
        assert term in text
    assert "<strong>Signatory</strong>" in text
    assert "What moves a country on" in text
    assert "unnamed officials" in text  # a candidate: reported by whom
    assert "no day is\ninvented" in text or "no day is invented" in text
    assert "<strong>publication</strong>" in text
    assert "<em>Disputed</em>" in text


def test_every_page_links_to_the_trust_pages_in_its_footer(client, country):
    for path in ("/", country.get_absolute_url(), "/about/"):
        footer = client.get(path).text.split('<footer class="site-footer">')[1]
        for href in ("/about/", "/methodology/", "/corrections/", "/contact/"):
            assert f'href="{href}"' in footer


def test_a_page_with_an_empty_body_says_it_has_not_been_written(client):
    about = page("about")
    about.body = ""
    about.save()
    response = client.get("/about/")
    assert "The editors have not written this page yet." in response.text
    assert '<div class="prose">' not in response.text


def test_a_page_whose_row_is_gone_still_answers_with_the_empty_state(client):
    SitePage.objects.filter(slug="methodology").delete()
    response = client.get("/methodology/")
    assert response.status_code == 200
    assert "<h1>Methodology</h1>" in response.text
    assert "The editors have not written this page yet." in response.text


def test_a_page_body_is_markdown_with_scripts_and_handlers_removed(client):
    about = page("about")
    about.body = (
        "## Who we are\n\n<script>alert('x')</script>\n\n"
        '<a href="javascript:alert(1)" onclick="steal()">click</a> and '
        "[the API](/api/v1/)"
    )
    about.save()
    text = client.get("/about/").text
    assert "<h2>Who we are</h2>" in text
    assert "<script>alert" not in text
    assert "javascript:" not in text
    assert "onclick" not in text
    assert '<a href="/api/v1/" rel="noopener noreferrer nofollow">the API</a>' in text


def test_the_last_checked_date_of_a_page_shows_under_its_title(client):
    about = page("about")
    about.last_checked = datetime.date(2026, 11, 20)
    about.save()
    text = client.get("/about/").text
    assert (
        'Last checked by the editors on <time datetime="2026-11-20">20 November '
        "2026</time>." in text
    )
    assert "Last checked" not in client.get("/contact/").text


def test_the_contact_page_shows_the_configured_address(client, settings):
    settings.ACCORDS_CONTACT_EMAIL = "editors@example.org"
    text = client.get("/contact/").text
    link = '<a href="mailto:editors@example.org" dir="ltr">editors@example.org</a>'
    assert link in text
    assert "issue tracker" not in text


def test_without_an_address_the_contact_page_points_to_the_issue_tracker(
    client, settings
):
    settings.ACCORDS_CONTACT_EMAIL = ""
    text = client.get("/contact/").text
    assert "mailto:" not in text
    assert "has no contact address set up" in text
    assert "issue tracker" in text


def test_site_pages_answer_only_reads(client):
    assert client.post("/about/").status_code == 405
    assert client.post("/corrections/").status_code == 405


# Editing the pages -----------------------------------------------------------------


def test_an_editor_edits_a_page_and_its_history_keeps_the_old_text(editor_client):
    about = page("about")
    assert save(editor_client, about, body="A first account.").status_code == 302
    response = save(
        editor_client, about, body="A new *account*.", last_checked="2026-11-30"
    )
    assert response.status_code == 302, errors_of(response)
    about.refresh_from_db()
    assert about.body_html == "<p>A new <em>account</em>.</p>"
    assert about.last_checked == datetime.date(2026, 11, 30)
    assert about.history.filter(body="A first account.").exists()
    assert "A new <em>account</em>." in editor_client.get("/about/").text
    history = editor_client.get(admin_url(about, "history", about.pk))
    assert history.status_code == 200
    assert "eve" in history.text


def test_nobody_adds_or_deletes_a_site_page_and_contributors_do_not_change_one(
    editor_client, contributor
):
    about = page("about")
    assert editor_client.get(changelist_url(SitePage)).status_code == 200
    assert editor_client.get(f"{changelist_url(SitePage)}add/").status_code == 403
    assert editor_client.get(f"{change_url(about)}delete/").status_code == 403
    assert logged_in(contributor).get(change_url(about)).status_code == 403


# Corrections -------------------------------------------------------------------------


def test_a_correction_note_on_a_published_record_appears_on_the_corrections_page(
    editor_client, reader, event, editor
):
    correct(editor_client, event, summary="Signed on 15 September 2020.")
    correction = Correction.objects.get()
    assert correction.object_repr == "Tokayev meets Rubio"
    assert correction.url == event.get_absolute_url()
    assert correction.editor == editor
    response = reader.get("/corrections/")
    assert f'<a href="{event.get_absolute_url()}">Tokayev meets Rubio</a>' in (
        response.text
    )
    assert NOTE in response.text
    today = timezone.localdate()
    assert f"{today.day} {today:%B %Y}</time>: {NOTE}" in response.text
    assert "No published fact has been corrected yet." not in response.text


def test_the_corrections_page_says_so_when_there_are_none(client):
    response = client.get("/corrections/")
    assert "No published fact has been corrected yet." in response.text


def test_corrections_are_listed_newest_first(editor_client, reader, event, country):
    correct(editor_client, country, note="The region was wrong.")
    correct(editor_client, event, note="The date was wrong.")
    text = reader.get("/corrections/").text
    assert text.index("The date was wrong.") < text.index("The region was wrong.")


def test_a_correction_note_appears_in_the_atom_feed_escaped(
    editor_client, reader, event
):
    correct(editor_client, event, note="Rubio & Tokayev met in <Washington>.")
    page_text = reader.get("/corrections/").text
    assert 'rel="alternate" type="application/atom+xml"' in page_text
    assert 'href="/corrections/feed/"' in page_text
    response = reader.get("/corrections/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.findtext(f"{ATOM}title") == "Accords: corrections"
    [entry] = root.findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == "Correction: Tokayev meets Rubio"
    # Atom summaries are HTML: the note's markup characters arrive escaped.
    assert entry.findtext(f"{ATOM}summary") == (
        "Rubio &amp; Tokayev met in &lt;Washington&gt;."
    )
    correction = Correction.objects.get()
    assert entry.find(f"{ATOM}link").get("href") == (
        f"http://testserver/corrections/#correction-{correction.pk}"
    )
    assert f'id="correction-{correction.pk}"' in page_text


def test_no_correction_is_logged_without_a_note(editor_client, reader, event):
    response = save(editor_client, event, summary="Met in Washington.")
    assert response.status_code == 302, errors_of(response)
    assert not Correction.objects.exists()
    assert (
        "No published fact has been corrected yet." in reader.get("/corrections/").text
    )


def test_the_note_is_offered_on_a_published_record_only(editor_client, event):
    form = editor_client.get(change_url(event)).context["adminform"].form
    assert "correction_note" in form.fields
    assert "readers see it on the corrections page" in (
        form.fields["correction_note"].help_text
    )
    draft = factories.EventFactory(draft=True, title="A draft")
    form = editor_client.get(change_url(draft)).context["adminform"].form
    assert "correction_note" not in form.fields


def test_a_note_posted_for_a_draft_is_ignored(editor_client, sourced_draft):
    response = save(
        editor_client, sourced_draft, summary="Changed.", correction_note=NOTE
    )
    assert response.status_code == 302, errors_of(response)
    assert not Correction.objects.exists()


def test_a_note_is_not_offered_on_an_inline_row(editor_client, kazakhstan):
    response = editor_client.get(change_url(kazakhstan))
    for inline in response.context["inline_admin_formsets"]:
        for form in inline.formset.forms:
            assert "correction_note" not in form.fields


def test_a_note_made_of_control_characters_is_refused(editor_client, event):
    response = save(editor_client, event, correction_note="Wrong\x0bdate")
    assert response.status_code == 200
    assert "correction_note" in response.context["adminform"].form.errors
    assert not Correction.objects.exists()


def test_a_correction_of_a_record_back_to_draft_shows_without_a_link(
    editor_client, reader, event
):
    correct(editor_client, event)
    Event.objects.filter(pk=event.pk).update(publication_status=PublicationStatus.DRAFT)
    text = reader.get("/corrections/").text
    assert "<strong>Tokayev meets Rubio</strong>, <time" in text
    assert f'href="{event.get_absolute_url()}"' not in text
    assert NOTE in text


def test_a_correction_of_a_deleted_record_keeps_its_name(editor_client, reader):
    country = factories.CountryFactory(name="Atlantis")
    correct(editor_client, country, note="Atlantis is not a country.")
    country.delete()
    text = reader.get("/corrections/").text
    assert "<strong>Atlantis</strong>" in text
    assert "Atlantis is not a country." in text


def test_a_bad_page_number_on_the_corrections_page_is_a_400(reader):
    for bad in ("abc", "0", "-1", "1.5"):
        response = reader.get("/corrections/", {"page": bad})
        assert response.status_code == 400
        assert "is not a page number" in response.text
    response = reader.get("/corrections/", {"page": "9"})
    assert response.status_code == 404
    assert "There is no page 9" in response.text


def test_corrections_are_read_only_in_admin_and_deleted_by_administrators(
    editor_client, user_with_role, event
):
    correct(editor_client, event)
    correction = Correction.objects.get()
    url = changelist_url(Correction)
    listed = editor_client.get(url)
    assert listed.status_code == 200
    assert NOTE in listed.text
    assert editor_client.get(f"{url}add/").status_code == 403
    assert editor_client.get(f"{url}{correction.pk}/delete/").status_code == 403
    administrator = logged_in(user_with_role("ada", ADMINISTRATORS))
    response = administrator.post(f"{url}{correction.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Correction.objects.exists()


def test_only_administrators_may_delete_corrections(db):
    deleters = Group.objects.filter(permissions__codename="delete_correction")
    assert [group.name for group in deleters] == [ADMINISTRATORS]
    assert not Group.objects.filter(
        permissions__codename__in=["add_correction", "change_correction"]
    ).exists()


@query_counts([3, 30], {"corrections": 5})
def test_the_corrections_page_uses_the_same_queries_whatever_its_length(
    client, editor, assert_queries, size, page, queries
):
    event = factories.EventFactory(title="An event")
    country = factories.CountryFactory(name="A country")
    for n in range(size):
        record = event if n % 2 else country
        record_correction(record=record, note=f"Note {n}", user=editor)
    assert_queries(client, "/corrections/", queries)


# Last checked ---------------------------------------------------------------------


def test_a_country_page_shows_when_its_status_was_last_checked(client, kazakhstan):
    kazakhstan.last_checked = datetime.date(2026, 11, 20)
    kazakhstan.save()
    text = client.get(kazakhstan.get_absolute_url()).text
    today = timezone.localdate()
    assert (
        f'Status as of <time datetime="{today.isoformat()}">{today.day} '
        f"{today:%B %Y}</time>. Last checked by the editors on "
        '<time datetime="2026-11-20">20 November 2026</time>.'
    ) in text


def test_a_country_never_checked_shows_no_such_line(client, kazakhstan):
    text = client.get(kazakhstan.get_absolute_url()).text
    assert "Last checked" not in text


def test_the_home_page_shows_the_latest_check_of_the_countries_it_lists(
    client, kazakhstan
):
    uae = factories.CountryFactory(name="United Arab Emirates")
    factories.status_timeline(uae, (AccordsStatus.SIGNATORY, "2020-09-15"))
    hidden = factories.CountryFactory(name="Unlisted", last_checked="2026-11-29")
    assert hidden.pk  # no status: not listed, so its check does not count
    kazakhstan.last_checked = datetime.date(2026, 11, 2)
    kazakhstan.save()
    uae.last_checked = datetime.date(2026, 11, 20)
    uae.save()
    text = client.get("/").text
    assert (
        'Last checked by the editors on <time datetime="2026-11-20">20 November '
        "2026</time>, the latest check of a country listed here" in text
    )


def test_the_home_page_makes_no_claim_when_no_country_was_checked(client, kazakhstan):
    assert "Last checked" not in client.get("/").text


def test_an_editor_sets_a_countrys_last_checked_date_in_admin(editor_client, country):
    response = save(editor_client, country, last_checked="2026-11-30")
    assert response.status_code == 302, errors_of(response)
    country.refresh_from_db()
    assert country.last_checked == datetime.date(2026, 11, 30)
