"""What text an editor may store, from the admin or the API.

Refused, with a message that says what to fix:

- control characters other than tab, newline and carriage return (U+000B
  and the like, usually pasted from a word processor): feeds and most tools
  cannot carry them;
- in single-line text (names, titles), the invisible characters that force a
  writing direction (U+202A–U+202E, U+2066–U+2069): they make a name read
  differently from how it is stored;
- required text that holds nothing visible: only spaces and zero-width
  characters.

Feeds strip what XML cannot carry (``xml_safe``) as a last defence for text
stored before these checks or by a script.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

# C0 controls but tab, LF and CR; DEL and the C1 controls; the two
# non-characters U+FFFE, U+FFFF.
CONTROL_CHARS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff"
# Lone surrogates: a JSON string may carry one (escaped), no database can
# store it. Kept apart: JSON Schema patterns (ECMA 262) cannot name them.
SURROGATES = r"\ud800-\udfff"
DIRECTION_CHARS = r"\u202a-\u202e\u2066-\u2069"
# Characters that take no space: nothing an editor can see.
INVISIBLE_CHARS = (
    r"\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    r"\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0"
)
CONTROL = re.compile(f"[{CONTROL_CHARS}{SURROGATES}]")
DIRECTION_OVERRIDES = re.compile(f"[{DIRECTION_CHARS}]")
INVISIBLE = re.compile(f"[{INVISIBLE_CHARS}]")
# What XML 1.0 cannot hold at all.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _where(match: re.Match) -> str:
    return _("U+%(code)s at character %(position)s") % {
        "code": f"{ord(match.group()):04X}",
        "position": match.start() + 1,
    }


def text_problems(value: str, *, single_line: bool, required: bool) -> list[str]:
    """What is wrong with ``value``, in words for editors; empty when nothing."""
    problems = []
    control = CONTROL.search(value)
    if control:
        problems.append(
            _(
                "Contains an invisible control character (%(where)s), often "
                "pasted from a word processor; delete it or retype the text."
            )
            % {"where": _where(control)}
        )
    if single_line:
        override = DIRECTION_OVERRIDES.search(value)
        if override:
            problems.append(
                _(
                    "Contains an invisible writing-direction character "
                    "(%(where)s) that makes the text read differently from how "
                    "it is stored; delete it (right-to-left text needs none)."
                )
                % {"where": _where(override)}
            )
    if required and value and not is_visible(value):
        problems.append(
            _(
                "Holds only spaces and invisible characters (such as zero-width "
                "spaces); type the text."
            )
        )
    return problems


def is_visible(value: str) -> bool:
    """Whether ``value`` holds anything a reader can see."""
    return bool(INVISIBLE.sub("", value).strip())


def check_text(value: str, *, single_line: bool, required: bool) -> None:
    problems = text_problems(value, single_line=single_line, required=required)
    if problems:
        raise ValidationError(problems, code="invalid_text")


def is_text_field(field) -> bool:
    """A model field editors type free text into (not a fixed choice)."""
    return isinstance(field, models.CharField | models.TextField) and not field.choices


def is_single_line(field) -> bool:
    return not isinstance(field, models.TextField)


def check_field_text(field, value) -> None:
    """``check_text`` with what the model field says of its text."""
    if isinstance(value, str) and is_text_field(field):
        check_text(value, single_line=is_single_line(field), required=not field.blank)


def schema_pattern(*, single_line: bool, required: bool) -> str:
    """The rule as a JSON Schema ``pattern``, for the API's schema."""
    refused = CONTROL_CHARS + (DIRECTION_CHARS if single_line else "")
    if not required:
        return f"^[^{refused}]*$"
    return rf"^[^{refused}]*[^{refused}\s{INVISIBLE_CHARS}][^{refused}]*$"


def xml_safe(value):
    """``value`` without what XML cannot hold; other types are returned as is."""
    if isinstance(value, str):
        return XML_FORBIDDEN.sub("", value)
    if isinstance(value, list | tuple):
        return type(value)(xml_safe(item) for item in value)
    return value
