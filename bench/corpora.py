"""The labelled corpora in ../shared that the benchmarks build their desks from (research use: read in
place, never copied into the repository)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CORPORA = [REPO.parent / "shared" / name / "articles.jsonl" for name in ("corpus", "corpus-2")]


def corpus_records() -> list[dict[str, Any]]:
    """Every article record (title, body, labels…) of the corpora that are present; none without ../shared."""
    records: list[dict[str, Any]] = []
    for corpus in CORPORA:
        if corpus.exists():
            with corpus.open(encoding="utf-8") as f:
                records += [json.loads(line) for line in f if line.strip()]
    return records
