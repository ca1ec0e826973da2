"""Every limit on what people send the desk, declared once.

A stored text field's limit is its model field's `max_length`; the limits below read it from there, and
what has no column to carry it (how long a review note may be, how many sources a verdict cites) is a
constant here. The services refuse what breaks a limit whoever calls them; the page forms and the API
serializers take the same numbers, so a browser's `maxlength`, the schema's `maxLength` and the service's
refusal never disagree. Upload sizes come from settings (MAX_UPLOAD_BYTES, MAX_ARTICLE_CHARS: a deployment
may change them); the parsers' structural caps sit beside the code they protect (ingest.MAX_HTML_DEPTH,
api.parsers.MAX_JSON_DEPTH, filters.MAX_ID).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext

from factcheck import ingest
from factcheck.models import ApiToken, Article, Source


def max_length(model: type[models.Model], field: str) -> int:
    return model._meta.get_field(field).max_length


ARTICLE_TITLE = max_length(Article, "title")
ARTICLE_OUTLET = max_length(Article, "outlet")
ARTICLE_BYLINE = max_length(Article, "byline")
ARTICLE_URL = max_length(Article, "url")
SOURCE_URL = max_length(Source, "url")
SOURCE_TITLE = max_length(Source, "title")
SOURCE_PUBLISHER = max_length(Source, "publisher")
TOKEN_NAME = max_length(ApiToken, "name")
USERNAME = max_length(get_user_model(), get_user_model().USERNAME_FIELD)

# Review.note holds a verdict's grounds, a rejection's or a reopening's reason: a few paragraphs, not a paper.
NOTE_MAX_CHARS = 10_000
# Source.excerpt: the passage that supports the verdict, quoted from the source.
EXCERPT_MAX_CHARS = 10_000
# Enough for any real verdict; a cap so one request cannot attach thousands of rows.
MAX_SOURCES = 10
# A time people send (an article's published_at, a source's accessed_at) a day inside either end of Python's
# calendar: moved to any time zone (±14 h) for storing or showing, it never overflows (year 1 or 9999 in
# Seoul time would, and answered with a 500).
EARLIEST_TIME = dt.datetime(1, 1, 2, tzinfo=dt.UTC)
LATEST_TIME = dt.datetime(9999, 12, 30, tzinfo=dt.UTC)

# "\ud800" is valid JSON but no text: no encoder (nor PostgreSQL) takes a lone surrogate.
_SURROGATE = re.compile("[\ud800-\udfff]")


def has_lone_surrogate(value: str) -> bool:
    return _SURROGATE.search(value) is not None


# Whitespace and invisible characters around a field's text ("\u200b제목 "): a field of nothing else is empty.
_EDGES = re.compile(f"^[\\s{ingest.ZERO_WIDTH}]+|[\\s{ingest.ZERO_WIDTH}]+$")


def clean_text(value: str | None) -> str:
    """Text as the desk stores it: NFC (a Mac sends Korean decomposed), without whitespace or zero-width
    characters around it (inside, it is kept as typed)."""
    return _EDGES.sub("", unicodedata.normalize("NFC", value or ""))


@dataclass(frozen=True)
class TextProblem:
    """Why a text cannot be stored: `code` for programs, `message` (translated) for people."""

    code: str  # null_character | unpaired_surrogate | too_long
    message: str


def text_problem(value: str, *, label: str, max_chars: int | None) -> TextProblem | None:
    """Why `value` (already cleaned) cannot be stored in the field called `label`, or None if it can.

    PostgreSQL refuses a NUL character in text and no encoder takes a lone surrogate: both would be a 500.
    """
    field = capfirst(label)
    if "\x00" in value:
        message = gettext("%(field)s contains a NUL character (\\0), which cannot be stored. Remove it.")
        return TextProblem("null_character", message % {"field": field})
    if has_lone_surrogate(value):
        message = gettext(
            "%(field)s contains a broken character (an unpaired surrogate). Copy the text from its source again."
        )
        return TextProblem("unpaired_surrogate", message % {"field": field})
    if max_chars is not None and len(value) > max_chars:
        message = gettext("%(field)s must be at most %(max)d characters (it has %(length)d).")
        return TextProblem("too_long", message % {"field": field, "max": max_chars, "length": len(value)})
    return None


def time_problem(value: dt.datetime | None) -> str | None:
    """Why a time cannot be stored, or None (no time is fine)."""
    if value is not None and not EARLIEST_TIME <= value <= LATEST_TIME:
        return gettext("Enter a time between the years 1 and 9999.")
    return None
