"""The one shared kiwipiepy model: built lazily, once per process, behind a lock.

Loading Kiwi takes 1-2 s and ~500 MB, so importing the package must not do it; every other
module goes through these helpers and never imports kiwipiepy itself.
"""

from __future__ import annotations

import os
import threading
import warnings
from collections.abc import Iterable, Iterator
from typing import Any

_kiwi: Any = None
_lock = threading.Lock()
WORKERS_ENV = "FACTCHECK_KIWI_WORKERS"


class Morpheme:
    """One token as plain Python attributes: a kiwipiepy Token rebuilds its strings on every access.

    The finders read `form` and `tag` of every token many times, so copying them once is cheaper.
    """

    __slots__ = ("form", "tag", "start", "len")

    def __init__(self, form: str, tag: str, start: int, length: int) -> None:
        self.form, self.tag, self.start, self.len = form, tag, start, length

    def __repr__(self) -> str:
        return f"{self.form}/{self.tag}@{self.start}"


def _sentences(tokens: Iterable[Any]) -> list[list[Morpheme]]:
    """Kiwi tokens as Morpheme lists, one per sentence (Kiwi numbers each token's sentence)."""
    sentences: list[list[Morpheme]] = []
    current: list[Morpheme] = []
    position = None
    for t in tokens:
        if t.sent_position != position:
            position, current = t.sent_position, []
            sentences.append(current)
        current.append(Morpheme(t.form, t.tag, t.start, t.len))
    return sentences


def get_kiwi() -> Any:
    """Return the process-wide Kiwi instance, building it on first use (thread-safe)."""
    if _kiwi is None:
        with _lock:
            if _kiwi is None:  # another thread may have built it while we waited
                _build(_configured_workers())
    return _kiwi


def load(num_workers: int | None = None) -> Any:
    """(Re)build the process-wide model with `num_workers` analysis threads (None: all cores).

    Benchmarks use it to compare single-threaded and batched runs in one process.
    """
    with _lock:
        _build(num_workers)
    return _kiwi


def preload_before_fork() -> Any:
    """Build and warm the model in a server's master process, so its forked web workers share it.

    Measured on gunicorn with 2 workers (bench/bench_search_workers.py): the workers share one copy
    (~5 MB private each instead of ~500 MB) and their first search takes milliseconds, not seconds.
    Two details make it work. No thread pool (`num_workers=0`): Kiwi's pool threads do not survive
    fork, and in a child a batch call and even process exit then hang forever; single-text calls
    (search queries, `extract` of one article) run on the calling thread anyway. And one analysis
    before fork: Kiwi allocates another ~220 MB on its first call, which each worker would otherwise
    pay for itself. Processes that batch (db_worker, import_articles) build their own with `get_kiwi`.
    """
    global _kiwi
    from kiwipiepy import Kiwi

    with _lock:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # kiwipiepy discourages 0; we need no pool
            _kiwi = Kiwi(num_workers=0)
        _kiwi.tokenize("모델을 미리 불러와 둔다.")
    return _kiwi


def _build(num_workers: int | None) -> None:
    global _kiwi
    from kiwipiepy import Kiwi

    _kiwi = Kiwi(num_workers=num_workers)


def _configured_workers() -> int | None:
    # Web processes that already run one request per core can set FACTCHECK_KIWI_WORKERS=1;
    # unset, Kiwi analyses batches on every core. (0 means "no thread pool", which batch calls need.)
    raw = os.environ.get(WORKERS_ENV, "").strip()
    if not raw:
        return None
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{WORKERS_ENV} must be a whole number of threads, not {raw!r}") from None
    if value < 1:
        raise ValueError(f"{WORKERS_ENV} must be at least 1, not {value}")
    return value


def is_loaded() -> bool:
    """Whether the model is already in memory (lets callers avoid triggering a load)."""
    return _kiwi is not None


def sentence_tokens(text: str) -> list[list[Morpheme]]:
    """Morphemes of one paragraph grouped by sentence; offsets index `text`.

    The Kiwi call is exactly a bare `tokenize`: `split_into_sents` would build a Sentence object per
    sentence on top and costs ~10-20% more.
    """
    return _sentences(get_kiwi().tokenize(text))


def sentence_tokens_many(texts: Iterable[str]) -> Iterator[list[list[Morpheme]]]:
    """Batch form of `sentence_tokens`: iterable input runs on Kiwi's own thread pool, results in order."""
    texts = list(texts)
    if not texts:
        return iter(())
    return map(_sentences, get_kiwi().tokenize(texts))


def tokenize(text: str) -> list[Any]:
    """Plain morphological analysis of `text` (tokens carry form, tag, start, len)."""
    return get_kiwi().tokenize(text)
