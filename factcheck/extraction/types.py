"""Plain dataclasses the extraction engine returns; services turn them into rows."""

from __future__ import annotations

from dataclasses import dataclass, field

CLAIM_TYPES = (
    "statistic",
    "quote",
    "attribution",
    "comparison",
    "event",
    "reported",
    "prediction",
    "definition",
)

# How a quantity's figure relates to its value: "약 100조" approx, "1000억원 이상" at_least, "50% 미만" less_than.
QUALIFIERS = ("approx", "at_least", "at_most", "more_than", "less_than")


@dataclass(frozen=True)
class Quantity:
    """A number with its unit, offsets into the original article text.

    `qualifier` says how the figure relates to `value` (one of QUALIFIERS, or None for "exactly");
    `approx` is kept for older callers and is true only for approximations and ranges; `kind` is one of
    `units.KINDS` (money, count, percent, measure, duration, age, rank, score, ratio, other).
    """

    text: str
    start: int
    end: int
    value: float
    unit: str
    approx: bool = False
    qualifier: str | None = None
    kind: str = "other"


@dataclass(frozen=True)
class DateMention:
    """A date or time expression (never counted as a quantity)."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Sentence:
    """One sentence of the article with everything the extractor found in it.

    `start`/`end` index the original text, so `text == original[start:end]`.
    """

    index: int
    start: int
    end: int
    text: str
    check_worthy: bool
    score: float
    types: tuple[str, ...] = ()
    speaker: str | None = None
    quantities: tuple[Quantity, ...] = ()
    dates: tuple[DateMention, ...] = ()
    evidence: tuple[str, ...] = field(default=())
    boilerplate: bool = False
    terms: tuple[str, ...] = ()  # content-word search keys (extraction.terms), for claim search
    # One analysis per independent assertion when the sentence joins two or more (extraction.clauses): same
    # `index`, the clause's own span, figures, dates and score; what becomes a claim (`claim_units`).
    parts: tuple[Sentence, ...] = ()

    @property
    def clauses(self) -> tuple[tuple[int, int], ...]:
        """(start, end) of each of `parts`; () for a sentence that asserts one thing."""
        return tuple((p.start, p.end) for p in self.parts)
