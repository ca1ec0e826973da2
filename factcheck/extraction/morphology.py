"""The one shared kiwipiepy model: built lazily, once per process, behind a lock.

Loading Kiwi takes 1-2 s and ~500 MB, so importing the package must not do it; every other
module goes through these helpers and never imports kiwipiepy itself.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from typing import Any

_kiwi: Any = None
_lock = threading.Lock()


def get_kiwi() -> Any:
    """Return the process-wide Kiwi instance, building it on first use (thread-safe)."""
    global _kiwi
    if _kiwi is None:
        with _lock:
            if _kiwi is None:  # another thread may have built it while we waited
                from kiwipiepy import Kiwi

                _kiwi = Kiwi()
    return _kiwi


def is_loaded() -> bool:
    """Whether the model is already in memory (lets callers avoid triggering a load)."""
    return _kiwi is not None


def split_sentences(text: str) -> list[Any]:
    """Kiwi sentences of one paragraph with their tokens; offsets index `text`."""
    return get_kiwi().split_into_sents(text, return_tokens=True)


def split_sentences_many(texts: Iterable[str]) -> Iterator[list[Any]]:
    """Batch form of `split_sentences`: iterable input runs on Kiwi's own thread pool, results in order."""
    texts = list(texts)
    if not texts:
        return iter(())
    return get_kiwi().split_into_sents(texts, return_tokens=True)


def tokenize(text: str) -> list[Any]:
    """Plain morphological analysis of `text` (tokens carry form, tag, start, len)."""
    return get_kiwi().tokenize(text)
