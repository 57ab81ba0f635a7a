"""What the workflow says to an editor, in the editor's language.

The admin follows the editor's browser (``Accept-Language``): a refused
publication, a save that met another editor's and the partial dates' help
are in Hebrew, Arabic or Russian there, with the same facts (the record, who
saved, which field) as in English; English keeps its words.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from django.utils.html import escape

from core import reviews, workflow
from core.admin import partial_date_help
from core.partial_dates import PartialDate
from events.models import Event
from tests import factories
from tests.admin_forms import change_url, errors_of, post, save
from tests.conftest import skip_unless_installed

LOCALE = Path(settings.BASE_DIR) / "locale"
LANGUAGES = ["he", "ar", "ru"]


pytestmark = pytest.mark.usefixtures("compiled_messages", "english_afterwards")


@pytest.fixture
def draft(db, country):
    return factories.EventFactory(
        draft=True,
        title="Witkoff speaks in Florida",
        slug="witkoff-speaks-in-florida",
        summary="Leaders met.",
        countries=[country],
    )


def in_language(client, language: str):
    """``client``'s next requests as from a browser asking for ``language``."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    return client


def translated(language: str, function, *args, **kwargs) -> str:
    with translation.override(language):
        return str(function(*args, **kwargs))


# A refused publication -----------------------------------------------------------

ENGLISH_UNSOURCED = (
    "Add at least one source before publishing this event: nothing is "
    "published without one."
)


def test_english_keeps_its_refusal(editor_client, draft):
    response = save(editor_client, draft, publication_status="published")
    assert response.status_code == 200
    assert ENGLISH_UNSOURCED in errors_of(response)
    assert "Cite a publication below, or save it as a draft." in errors_of(response)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_refused_publication_is_in_the_editors_language(
    editor_client, draft, language
):
    response = save(
        in_language(editor_client, language), draft, publication_status="published"
    )
    assert response.status_code == 200
    assert response["Content-Language"] == language
    errors = errors_of(response)
    with translation.override(language):
        expected = workflow.publication_problems(draft)[0]
    assert expected in errors
    assert expected != ENGLISH_UNSOURCED
    assert "Add at least one source" not in errors
    assert "Cite a publication below" not in errors
    # The placeholder: the kind of record, in the same language.
    with translation.override(language):
        assert str(Event._meta.verbose_name) in expected
    draft.refresh_from_db()
    assert not draft.is_published


@pytest.mark.parametrize("language", LANGUAGES)
def test_only_editors_publish_in_the_editors_language(language):
    english = str(workflow.MAY_NOT_PUBLISH)
    with translation.override(language):
        with pytest.raises(PermissionDenied) as refusal:
            workflow.check_may_publish(_NoPermission())
        # Made into words where it is shown (the admin's message, the API's
        # error), in the language of the request.
        shown = str(refusal.value)
    assert shown != english
    assert english.startswith("Only editors publish and unpublish.")


class _NoPermission:
    def has_perm(self, permission):
        return False


# Counts: a plural form per language ---------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("count", [1, 2, 5, 11, 21])
def test_records_left_unsourced_are_counted_in_the_editors_language(language, count):
    records = [Event(title=f"Event {n}") for n in range(count)]
    english = workflow.unsourced_message(records, shown=3)
    message = translated(language, workflow.unsourced_message, records, shown=3)
    assert message != english
    assert str(count) in message
    for n in range(min(count, 3)):
        assert f"“Event {n}”" in message
    assert "Event 3" not in message
    if count > 3:
        assert str(count - 3) in message
    assert "published" not in message


def test_english_counts_records_as_before():
    one = workflow.unsourced_message([Event(title="Alone")])
    assert one.startswith("This would leave 1 published record without any source:")
    many = workflow.unsourced_message([Event(title=f"E{n}") for n in range(12)])
    assert many.startswith("This would leave 12 published records without any")
    assert "and 2 more." in many


def test_russian_uses_its_plural_forms():
    def russian(count):
        return translated(
            "ru",
            workflow.unsourced_message,
            [Event(title=f"E{n}") for n in range(count)],
            shown=1,
        )

    assert "1 опубликованная запись" in russian(1)
    assert "2 опубликованные записи" in russian(2)
    assert "5 опубликованных записей" in russian(5)


# Two editors at once -----------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_save_that_met_another_editors_is_refused_in_the_editors_language(
    editor_client, alice_saves_after_eve_opened, draft, language
):
    eve_form = alice_saves_after_eve_opened(draft, summary="Alice's summary.")
    response = post(
        in_language(editor_client, language),
        draft,
        eve_form,
        summary="Eve's summary.",
    )
    assert response.status_code == 200
    errors = errors_of(response)
    assert "Alice" in errors  # who saved in between
    with translation.override(language):
        summary = str(Event._meta.get_field("summary").verbose_name)
        not_saved = str(workflow.NOT_SAVED)
        name = str(Event._meta.verbose_name)
    assert summary in errors  # the field both changed
    assert name in errors
    assert not_saved in errors
    for english in (
        "saved this event",
        "after you opened it",
        "Your changes have not been saved",
        "You both changed",
    ):
        assert english not in errors
    draft.refresh_from_db()
    assert draft.summary == "Alice's summary."


def test_the_api_stale_message_keeps_its_english_words(db, draft):
    message = workflow.stale_message(
        draft,
        loaded_version=draft.version,
        stored=draft.version,
        next_step=str(workflow.STALE_IN_API),
    )
    assert message == (
        "This event was changed after you opened it. Your changes have not been "
        "saved: read the record again and send your change with its current version."
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_script_is_named_in_the_editors_language(language):
    english = workflow.editor_name(None)
    assert english == "Someone (a script or import)"
    assert translated(language, workflow.editor_name, None) != english


# Partial dates -----------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_partial_dates_are_explained_in_the_editors_language(language):
    field = Event._meta.get_field("date_precision")
    english = str(field.help_text)
    assert english == "How precisely the date is known."
    assert translated(language, lambda: field.help_text) != english
    help_text = translated(language, partial_date_help, Event._meta.get_field("date"))
    assert "Use YYYY" not in help_text
    assert "Type only what the source says" not in help_text
    for example in ("YYYY-MM-DD", "1992-04-15", "1992-04"):
        assert example in help_text


def test_the_admin_form_explains_partial_dates_in_hebrew(editor_client, draft):
    page = in_language(editor_client, "he").get(change_url(draft)).text
    expected = translated("he", partial_date_help, Event._meta.get_field("date"))
    assert escape(expected) in page
    assert "Type only what the source says" not in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_impossible_day_is_refused_in_the_editors_language(language):
    with translation.override(language), pytest.raises(ValidationError) as refusal:
        PartialDate.parse("2021-02-30")
    message = refusal.value.messages[0]
    assert "2021-02-30" in message and "28" in message and "2021" in message
    assert "has days 01 to" not in message


def test_an_impossible_day_keeps_its_english_words():
    with pytest.raises(ValidationError) as refusal:
        PartialDate.parse("2021-02-30")
    assert refusal.value.messages == ["“2021-02-30”: February 2021 has days 01 to 28."]


# Reviews -----------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_review_refusals_are_in_the_editors_language(language):
    long = "x" * (reviews.MAX_COMMENT + 5)
    with pytest.raises(ValidationError) as english:
        reviews.clean_comment(long, required=True)
    with translation.override(language), pytest.raises(ValidationError) as refusal:
        reviews.clean_comment(long, required=True)
    message = refusal.value.messages[0]
    assert message != english.value.messages[0]
    assert str(reviews.MAX_COMMENT) in message and str(len(long)) in message
    with translation.override(language), pytest.raises(ValidationError) as empty:
        reviews.clean_comment("  ", required=True)
    assert "Write a comment" not in empty.value.messages[0]


# The catalogues ----------------------------------------------------------------

PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")


def entries(path: Path) -> list[dict]:
    """Each entry of a .po file: msgid, msgid_plural, its msgstr values by
    key and its flags (the header, msgid "", is left out)."""
    found, entry, field = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if entry and entry["msgid"]:
                found.append(entry)
            entry, field = None, None
            continue
        entry = entry or {"msgid": "", "msgid_plural": "", "msgstr": {}, "flags": []}
        if line.startswith("#,"):
            entry["flags"] += [flag.strip() for flag in line[2:].split(",")]
        elif line.startswith("#"):
            continue
        elif match := re.match(
            r'(msgid|msgid_plural|msgctxt|msgstr(?:\[\d+\])?) "(.*)"$', line
        ):
            field, value = match.groups()
            if field.startswith("msgstr"):
                entry["msgstr"][field] = value
            elif field in ("msgid", "msgid_plural"):
                entry[field] = value
        elif line.startswith('"') and field:
            if field.startswith("msgstr"):
                entry["msgstr"][field] += line[1:-1]
            elif field in ("msgid", "msgid_plural"):
                entry[field] += line[1:-1]
    return found


def nplurals(path: Path) -> int:
    match = re.search(r"nplurals=(\d+)", path.read_text(encoding="utf-8"))
    return int(match.group(1))


def catalogue_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "django.po"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated_with_its_placeholders(language):
    path = catalogue_path(language)
    forms = nplurals(path)
    found = entries(path)
    assert len(found) > 800
    untranslated = [e["msgid"] for e in found if not all(e["msgstr"].values())]
    fuzzy = [e["msgid"] for e in found if "fuzzy" in e["flags"]]
    assert not untranslated, f"{len(untranslated)} untranslated: {untranslated[:5]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy: {fuzzy[:5]}"
    wrong_forms = [
        e["msgid"] for e in found if e["msgid_plural"] and len(e["msgstr"]) != forms
    ]
    assert not wrong_forms, f"not {forms} plural forms: {wrong_forms[:5]}"
    # Every named placeholder of the English is in the translation, and the
    # translation names no other (a plural's singular form may leave out the
    # count, as Hebrew's "one version" does).
    for entry in found:
        if (
            "python-format" not in entry["flags"]
            and "python-brace-format" not in (entry["flags"])
        ):
            continue
        english = {a or b for a, b in PLACEHOLDER.findall(entry["msgid"])}
        for key, value in entry["msgstr"].items():
            named = {a or b for a, b in PLACEHOLDER.findall(value)}
            assert named <= english | {
                a or b for a, b in PLACEHOLDER.findall(entry["msgid_plural"])
            }, (entry["msgid"], key)
            if not entry["msgid_plural"]:
                assert named == english, (entry["msgid"], key)


@pytest.mark.parametrize("language", LANGUAGES)
def test_msgfmt_finds_nothing_untranslated_or_fuzzy(language):
    if shutil.which("msgfmt") is None:
        skip_unless_installed("msgfmt (GNU gettext) is not installed")
    result = subprocess.run(
        [
            "msgfmt",
            "--check",
            "--statistics",
            "-o",
            "/dev/null",
            str(catalogue_path(language)),
        ],
        capture_output=True,
        text=True,
        env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"\d+ translated messages\.\n", result.stderr), result.stderr
