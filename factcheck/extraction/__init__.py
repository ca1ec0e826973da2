"""Claim extraction engine for Korean news: text in, one `Sentence` per sentence out.

Pure Python (no Django). kiwipiepy is loaded lazily by `morphology` on first use, never at import.
"""

from __future__ import annotations

from factcheck.extraction import morphology, terms
from factcheck.extraction.pipeline import DEFAULT_THRESHOLD, analyse_spans, claim_units, extract, extract_many
from factcheck.extraction.quantities import parse_korean_number
from factcheck.extraction.types import CLAIM_TYPES, DateMention, Quantity, Sentence

# Bump whenever the output for the same text can change (segmentation, rules, weights).
EXTRACTOR_VERSION = "1.9"

__all__ = [
    "CLAIM_TYPES",
    "DEFAULT_THRESHOLD",
    "EXTRACTOR_VERSION",
    "DateMention",
    "Quantity",
    "Sentence",
    "analyse_spans",
    "claim_units",
    "extract",
    "extract_many",
    "parse_korean_number",
    "terms",
    "warm_up",
]


def warm_up() -> None:
    """Load the Kiwi model now (workers and benchmarks) instead of on the first article."""
    morphology.get_kiwi()
    extract("모델을 미리 불러온다.")
