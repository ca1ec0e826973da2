"""Search keys for Korean text: the lemmas of its content words, normalised.

"파라미터를" and "파라미터가" both give `파라미터`; "투자할" and "투자한다" both give `투자`: a search
matches a claim whatever particles or endings either of them uses. The same analysis indexes a
claim (from the tokens extraction already has) and reads a query, so the two always agree.

Kiwi may cut the same compound differently in two contexts ("AI연구원장" as 연구원장 in one sentence,
연구 + 원장 in another), so the index also holds every run of adjacent nouns written together
(`연구원장`, `1750억`), and a query's run matches either that compound or all of its parts.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from factcheck.extraction import morphology

# Nouns, numerals, foreign words, hanja, roots, and the stems of verbs and adjectives. Kiwi writes an
# irregular stem's tag with a suffix ("VV-I" for 걷 in 걸어): only the part before "-" counts.
CONTENT_TAGS = frozenset({"NNG", "NNP", "NR", "SL", "SH", "SN", "XR", "VV", "VA"})
# Tags that join into one compound when written without a space between them.
_COMPOUND_TAGS = frozenset({"NNG", "NNP", "NR", "SL", "SH", "SN"})
_LONGEST_COMPOUND = 4

# Stems so common that requiring them would only lose matches ("했다" in a query, "한다" in a claim).
LIGHT_STEMS = frozenset({"하", "되", "있", "없", "않", "이", "아니", "같", "그렇", "이렇", "저렇"})

MAX_QUERY_CHARS = 200
MAX_QUERY_GROUPS = 12

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
# Letters and digits only: the same characters PostgreSQL's full-text parser keeps together.
_KEY_PART = re.compile(r"[^\W_]+")


def normalise(form: str) -> list[str]:
    """One morpheme as search keys: NFKC, zero-width characters removed, case folded, split on symbols."""
    key = unicodedata.normalize("NFKC", form).translate(_INVISIBLE).casefold()
    return _KEY_PART.findall(key)


@dataclass(frozen=True)
class Word:
    """One content morpheme of a text: its keys, and whether it continues the compound before it."""

    keys: tuple[str, ...]
    joins_previous: bool


@functools.lru_cache(maxsize=1 << 16)
def _form_keys(form: str) -> tuple[str, ...]:
    # The same forms recur in every article ("하", "AI", "기업"): normalise each once.
    return tuple(normalise(form))


@functools.lru_cache(maxsize=256)
def _tag_kind(tag: str) -> tuple[bool, bool, bool]:
    """(joins compounds, is a content tag, is a verb or adjective stem) of a Kiwi tag such as "VV-I"."""
    base = tag.partition("-")[0]
    return base in _COMPOUND_TAGS, base in CONTENT_TAGS, base in ("VV", "VA")


def _word_keys(tokens: Iterable[Any]) -> Iterator[tuple[tuple[str, ...], bool]]:
    """(search keys, written together with the word before) of each content word, in order."""
    previous_end, previous_compounds = None, False
    for token in tokens:
        compounds, content, stem = _tag_kind(token.tag)
        joins = compounds and previous_compounds and previous_end == token.start
        previous_end, previous_compounds = token.start + token.len, compounds
        if not content or (stem and token.form in LIGHT_STEMS):
            continue
        keys = _form_keys(token.form)
        if keys:
            yield keys, joins


def _words(tokens: Iterable[Any]) -> list[Word]:
    return [Word(keys, joins) for keys, joins in _word_keys(tokens)]


def _runs(words: list[Word]) -> list[list[Word]]:
    """Consecutive words written together, each list one run (a lone word is a run of one)."""
    runs: list[list[Word]] = []
    for word in words:
        if word.joins_previous and runs:
            runs[-1].append(word)
        else:
            runs.append([word])
    return runs


def _joined(run: list[Word]) -> str:
    return "".join(key for word in run for key in word.keys)


def index_keys(tokens: Iterable[Any]) -> tuple[str, ...]:
    """Every key a claim can be found by: content words, plus the compounds of nouns written together."""
    # Runs are built as the words come, without a Word per morpheme: this runs for every sentence.
    seen: dict[str, None] = {}
    run: list[tuple[str, ...]] = []  # the keys of each word of the current run

    def add_compounds() -> None:  # called only for runs of two or more words: a lone word has no compound
        for size in range(2, min(len(run), _LONGEST_COMPOUND) + 1):
            for first in range(len(run) - size + 1):
                seen.setdefault("".join(key for keys in run[first : first + size] for key in keys), None)

    for keys, joins in _word_keys(tokens):
        if not (joins and run):
            if len(run) > 1:
                add_compounds()
            run = [keys]
        else:
            run.append(keys)
        for key in keys:
            seen.setdefault(key, None)
    if len(run) > 1:
        add_compounds()
    return tuple(seen)


@dataclass(frozen=True)
class QueryGroup:
    """One word (or compound) of a query: a claim matches if it has any one alternative (all its keys)."""

    alternatives: tuple[tuple[str, ...], ...]


@functools.lru_cache(maxsize=512)
def query_groups(text: str) -> tuple[QueryGroup, ...]:
    """A search query as groups that must all match; empty when it has no content word.

    Cached: the queue analyses the same query for its filter, its count and its "searched for" line.
    """
    text = unicodedata.normalize("NFC", text or "").strip()[:MAX_QUERY_CHARS]
    if not text:
        return ()
    groups: list[QueryGroup] = []
    for run in _runs(_words(morphology.tokenize(text))):
        parts = tuple(key for word in run for key in word.keys)
        if len(run) == 1:
            groups.append(QueryGroup((parts,)))
        else:
            groups.append(QueryGroup(((_joined(run),), parts)))
    return tuple(groups[:MAX_QUERY_GROUPS])


def is_prefix_key(key: str) -> bool:
    """Whether a query key may match the start of a longer key: words of two letters or more, not numbers.

    "파라" finds "파라미터", but "3" must not find "3000" nor "돈" find "돈육".
    """
    return len(key) >= 2 and not key.isdigit()


def of_text(text: str) -> tuple[str, ...]:
    """`index_keys` for a text analysed on its own (a claim typed by hand, claims stored before the index)."""
    text = unicodedata.normalize("NFC", text or "")
    return index_keys(morphology.tokenize(text)) if text.strip() else ()
