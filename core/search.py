"""Search that finds what people type: one normaliser, one index, one matcher.

Every searchable record (a country, an official, an event) has one row in
``SearchEntry``: its name, its other names and the rest of its text, each
reduced to *keys* by ``keys()``. A query is reduced the same way, so
``Kazakstan`` meets ``Kazakhstan``, ``nazarbaev`` meets ``Nazarbayev``,
``الإمارات`` meets ``الامارات`` and ``שָׁלוֹם`` meets ``שלום``.

Matching is word by word, each word a prefix, any word enough (``Lutnick
rubio`` finds both officials); results rank the exact name first, then an
exact other name, then a name that starts with a word of the query, then the
rest, and within each rank the records that match more of the words.

The index: on SQLite an FTS5 table over the entries' text; on PostgreSQL a
GIN index on ``to_tsvector('simple', text)`` for whole words and prefixes,
and a trigram GIN index for misspellings (both made by core's migration
0006). Entries follow every save and delete by signals, and bulk writes
through the querysets' ``bulk_create``/``update``/``bulk_update``; after
writing rows by other means, run ``manage.py rebuild_search_index``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, models
from django.db.models.expressions import RawSQL
from django.db.models.signals import post_delete, post_save
from django.utils.html import strip_tags

# A query of more words than this is cut: each word costs an index lookup.
MAX_QUERY_WORDS = 8
# Words that match nearly everything; dropped unless the query has no other.
STOP_WORDS = frozenset({"a", "an", "and", "of", "the", "in", "on", "to", "for"})
# Misspellings (trigram similarity, PostgreSQL only) from this many letters:
# shorter words share too many trigrams with unrelated ones.
FUZZY_MIN_LENGTH = 5

# Letters that are one letter to a reader: Arabic alef wasla, teh marbuta,
# alef maqsura, Persian yeh and keheh; Hebrew final forms. Tatweel (a
# stretching stroke), apostrophes and Hebrew geresh/gershayim are dropped, not
# turned into spaces: ז'ומרט and ארה"ב are one word each.
_LETTERS = str.maketrans(
    {
        "ٱ": "ا",
        "ة": "ه",
        "ى": "ي",
        "ی": "ي",
        "ک": "ك",
        "ـ": None,
        "ך": "כ",
        "ם": "מ",
        "ן": "נ",
        "ף": "פ",
        "ץ": "צ",
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ı": "i",
        "'": None,
        "’": None,
        "‘": None,
        "ʼ": None,
        "ʻ": None,
        "`": None,
        "׳": None,
        "״": None,
        '"': None,
    }
)
# A dot inside a word: U.A.E. is UAE.
_INNER_DOT = re.compile(r"(?<=\w)\.(?=\w)")
_WORD = re.compile(r"[^\W_]+")

# Latin transliteration differences, applied in order to a word of ASCII
# letters: Kazakhstan/Kazakstan, Lutnick/Lutnik, Qassym/Kassym,
# Zhomart/Jomart, Othmani/Otmani, Nazarbayev/Nazarbaev, Witkoff/Vitkof.
_LATIN = [
    (re.compile(r"dzh|dj|zh"), "j"),
    (re.compile(r"kh|ck|q"), "k"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"th"), "t"),
    (re.compile(r"w"), "v"),
    (re.compile(r"ee"), "i"),
    (re.compile(r"ou"), "u"),
    (re.compile(r"(?<=[aeiou])y(?=[aeiou])"), ""),
    (re.compile(r"y"), "i"),
    (re.compile(r"(.)\1+"), r"\1"),
    (re.compile(r"(?<=[aeiou])h$"), ""),
]


def normalize(text: str) -> str:
    """``text`` without case, accents, niqqud, cantillation, tashkeel,
    hamza seats, tatweel and the letter variants above; words apart by one
    space, punctuation gone."""
    text = unicodedata.normalize("NFKD", text.casefold())
    # Combining marks: Latin accents, Hebrew points, Arabic harakat and hamza
    # above/below (NFKD splits أ into ا and a hamza), Cyrillic diaeresis (ё).
    text = "".join(
        char for char in text if unicodedata.category(char) not in ("Mn", "Me", "Cf")
    )
    text = _INNER_DOT.sub("", text.translate(_LETTERS))
    return " ".join(_WORD.findall(text))


def fold_word(word: str) -> str:
    """One normalised word's key: Latin spellings folded together."""
    if word.isascii() and word.isalpha():
        for pattern, replacement in _LATIN:
            word = pattern.sub(replacement, word)
    return word


def keys(text: str) -> list[str]:
    """The keys of the words of ``text``, in order."""
    return [fold_word(word) for word in normalize(text or "").split()]


def key(text: str) -> str:
    return " ".join(keys(text))


def query_words(text: str) -> list[str]:
    """The distinct keys a query looks for, stop words dropped (unless that
    leaves none), at most ``MAX_QUERY_WORDS``."""
    # Stop words are told before folding: "Ann" folds to "an".
    words = normalize(text or "").split()
    meaningful = [word for word in words if word not in STOP_WORDS] or words
    return list(dict.fromkeys(map(fold_word, meaningful)))[:MAX_QUERY_WORDS]


def translations(obj, name: str) -> list[str]:
    """The field ``name`` of ``obj`` and its per-language columns
    (``name_he``, ``name_ar`` …) where the model has them."""
    values = [getattr(obj, name, "")]
    for code, _ in settings.LANGUAGES:
        values.append(getattr(obj, f"{name}_{code.replace('-', '_')}", None))
    return [value for value in dict.fromkeys(values) if value]


def plain(html: str) -> str:
    return strip_tags(html or "")


# The registry -----------------------------------------------------------------


@dataclass
class Document:
    """What a record is found by: its ``name``, its other ``aliases``, and
    ``text`` that is searched but does not name it."""

    name: str
    aliases: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)


@dataclass
class Indexed:
    model: type[models.Model]
    document: Callable[[models.Model], Document]
    prefetch: tuple = ()


REGISTRY: dict[str, Indexed] = {}
CHUNK = 2000


def label(model) -> str:
    return model._meta.label_lower


def register(model, *, document, prefetch=()) -> None:
    """Index ``model``'s records by ``document(record)``, following their
    saves and deletes."""
    REGISTRY[label(model)] = Indexed(model, document, tuple(prefetch))
    post_save.connect(_saved, sender=model, dispatch_uid=f"search-{label(model)}")
    post_delete.connect(
        _deleted, sender=model, dispatch_uid=f"search-del-{label(model)}"
    )


def follow(model, records: Callable[[models.Model], Iterable[tuple]]) -> None:
    """Reindex what ``records(instance)`` names, ``(model, pks)`` pairs,
    when an instance of ``model`` (an other name, a participant) is saved or
    deleted."""

    def changed(sender, instance, **kwargs):
        for indexed_model, pks in records(instance):
            reindex(indexed_model, pks)

    uid = f"search-follow-{label(model)}-{id(records)}"
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=uid + "-del")


def _saved(sender, instance, raw=False, **kwargs):
    if not raw:
        reindex(sender, [instance.pk])


def _deleted(sender, instance, **kwargs):
    from core.models import SearchEntry

    SearchEntry.objects.filter(kind=label(sender), record_id=instance.pk).delete()


def entry_for(kind: str, record_id: int, document: Document):
    from core.models import SearchEntry

    name = key(document.name)
    aliases = list(dict.fromkeys(k for k in map(key, document.aliases) if k))
    words = [name, *aliases, *(key(text) for text in document.text)]
    return SearchEntry(
        kind=kind,
        record_id=record_id,
        name=name,
        aliases="|" + "|".join(aliases) + "|" if aliases else "",
        text=" ".join(word for word in words if word),
    )


def reindex(model, pks: Iterable | None = None) -> int:
    """Rebuild the entries of ``model``'s records ``pks`` (all when None);
    a record that no longer exists loses its entry. Returns the count."""
    from core.models import SearchEntry

    indexed = REGISTRY.get(label(model))
    if indexed is None:
        return 0
    kind = label(model)
    pks = None if pks is None else [pk for pk in dict.fromkeys(pks) if pk is not None]
    if pks is not None and not pks:
        return 0
    records = indexed.model._base_manager.order_by("pk")
    entries = SearchEntry.objects.filter(kind=kind)
    count = 0
    if pks is None:
        entries.delete()
        last = 0
        while True:
            chunk = list(
                records.filter(pk__gt=last).prefetch_related(*indexed.prefetch)[:CHUNK]
            )
            if not chunk:
                return count
            SearchEntry.objects.bulk_create(
                [entry_for(kind, r.pk, indexed.document(r)) for r in chunk]
            )
            count += len(chunk)
            last = chunk[-1].pk
    for start in range(0, len(pks), CHUNK):
        part = pks[start : start + CHUNK]
        entries.filter(record_id__in=part).delete()
        chunk = records.filter(pk__in=part).prefetch_related(*indexed.prefetch)
        created = SearchEntry.objects.bulk_create(
            [entry_for(kind, r.pk, indexed.document(r)) for r in chunk]
        )
        count += len(created)
    return count


def rebuild() -> dict[str, int]:
    """Every registered model's entries, from scratch."""
    return {kind: reindex(indexed.model) for kind, indexed in REGISTRY.items()}


class IndexedQuerySet(models.QuerySet):
    """Keeps the search index in step with bulk writes to ``searched_fields``
    (bulk_create, update, bulk_update), which send no signals."""

    searched_fields: frozenset[str] = frozenset()

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        reindex(self.model, [obj.pk for obj in created])
        return created

    def _touches(self, fields) -> bool:
        # A per-language column (title_he) counts as its field (title).
        return any(
            name in self.searched_fields
            or name.rsplit("_", 1)[0] in self.searched_fields
            for name in fields
        )

    def update(self, **kwargs):
        if not self._touches(kwargs):
            return super().update(**kwargs)
        pks = list(self.values_list("pk", flat=True))
        count = super().update(**kwargs)
        reindex(self.model, pks)
        return count

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        count = super().bulk_update(objs, fields, *args, **kwargs)
        if self._touches(fields):
            reindex(self.model, [obj.pk for obj in objs])
        return count


# Matching ----------------------------------------------------------------------


def _word_start(column: str, word: str) -> models.Q:
    return models.Q(**{f"{column}__startswith": word}) | models.Q(
        **{f"{column}__contains": f" {word}"}
    )


def _matching_ids(entries, words: list[str]):
    """The ids of ``entries`` whose text has a word starting with any of
    ``words`` (or, on PostgreSQL, a word close to one)."""
    if connection.vendor == "sqlite":
        expression = " OR ".join(f'"{word}"*' for word in words)
        return entries.filter(
            id__in=models.expressions.RawSQL(
                "SELECT rowid FROM core_searchentry_fts "
                "WHERE core_searchentry_fts MATCH %s",
                [expression],
            )
        )
    if connection.vendor == "postgresql":
        from django.contrib.postgres.lookups import TrigramWordSimilar
        from django.contrib.postgres.search import Lexeme, SearchQuery, SearchVector

        lexemes = Lexeme(words[0], prefix=True)
        for word in words[1:]:
            lexemes |= Lexeme(word, prefix=True)
        found = models.Q(
            search_vector=SearchQuery(lexemes, config="simple"),
        )
        for word in words:
            if len(word) >= FUZZY_MIN_LENGTH:
                # text %> word: the GIN trigram index answers it.
                found |= models.Q(TrigramWordSimilar(models.F("text"), word))
        return entries.alias(
            search_vector=SearchVector("text", config="simple")
        ).filter(found)
    # Any other database: a scan, with the same keys.
    found = models.Q()
    for word in words:
        found |= _word_start("text", word)
    return entries.filter(found)


# Up to this many matches, ``matches`` hands each list its records' ids.
FEW_MATCHES = 200


def matches(text: str) -> dict[str, list[int]] | None:
    """The ids of the records ``text`` finds, by kind (``label``), in one
    query; None when there are more than ``FEW_MATCHES``.

    A page that searches several lists asks this first: a list nothing
    matched costs no query, and the others look up their ids directly.
    """
    from core.models import SearchEntry

    words = query_words(text)
    if not words:
        return {}
    rows = list(
        _matching_ids(SearchEntry.objects.order_by(), words).values_list(
            "kind", "record_id"
        )[: FEW_MATCHES + 1]
    )
    if len(rows) > FEW_MATCHES:
        return None
    found: dict[str, list[int]] = {}
    for kind, record_id in rows:
        found.setdefault(kind, []).append(record_id)
    return found


def search(queryset, text: str, *, among: dict[str, list[int]] | None = None):
    """``queryset``'s records that ``text`` finds, annotated with
    ``search_rank`` (lower is better; see ``ranked``). ``among``: what
    ``matches`` found for the same text, if it was asked."""
    from core.models import SearchEntry

    words = query_words(text)
    if not words:
        # Nothing to look for (only punctuation): nothing found.
        return queryset.annotate(search_rank=models.Value(0)).none()
    kind = label(queryset.model)
    if among is not None:
        found = among.get(kind, [])
        if not found:
            return queryset.annotate(search_rank=models.Value(0)).none()
    else:
        entries = SearchEntry.objects.filter(kind=kind)
        found = _matching_ids(entries, words).values("record_id")
    return queryset.filter(pk__in=found).annotate(
        search_rank=_rank(queryset.model, kind, words)
    )


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _rank(model, kind: str, words: list[str]) -> RawSQL:
    """The rank of the entry of each record: its exact name 0, an exact other
    name 100, a name or other name with a word starting with one of ``words``
    200, any other match 300; less one for each word its text has.

    Written as SQL: built from expressions, it cost more to compile than the
    query takes to run.
    """
    from core.models import SearchEntry

    qn = connection.ops.quote_name
    entries_table = SearchEntry._meta.db_table
    record = f"{qn(model._meta.db_table)}.{qn(model._meta.pk.column)}"
    like = "LIKE %s ESCAPE '\\'"
    whole = " ".join(words)
    named, named_params, text, text_params = [], [], [], []
    for word in words:
        escaped = _like(word)
        named += [
            f"e.name {like}",
            f"e.name {like}",
            f"e.aliases {like}",
            f"e.aliases {like}",
        ]
        named_params += [
            f"{escaped}%",
            f"% {escaped}%",
            f"%|{escaped}%",
            f"% {escaped}%",
        ]
        text.append(f"CASE WHEN e.text {like} OR e.text {like} THEN 1 ELSE 0 END")
        text_params += [f"{escaped}%", f"% {escaped}%"]
    sql = (
        "(SELECT CASE WHEN e.name = %s THEN 0"
        f" WHEN e.aliases {like} THEN 100"
        f" WHEN {' OR '.join(named)} THEN 200 ELSE 300 END"
        f" - {' - '.join(text)}"
        f" FROM {qn(entries_table)} e"
        f" WHERE e.kind = %s AND e.record_id = {record})"
    )
    params = [whole, f"%|{_like(whole)}|%", *named_params, *text_params, kind]
    return RawSQL(sql, params, output_field=models.IntegerField())


def ranked(queryset):
    """``queryset`` in search rank first when it was searched, its own order
    after."""
    if "search_rank" not in queryset.query.annotations:
        return queryset
    query = queryset.query
    order = query.order_by or (
        queryset.model._meta.ordering if query.default_ordering else ()
    )
    return queryset.order_by("search_rank", *order)
