"""How many of the statements Korean fact-checkers chose to check does the extractor flag?

    .venv/bin/python -m bench.evaluate_snu                       # ../shared/snu-factcheck/claims-2017-2020.csv
    .venv/bin/python -m bench.evaluate_snu --csv PATH --misses 20

Every row of the SNU FactCheck file is a statement member newsrooms checked and published (2017–2020), so
the share flagged check-worthy is a recall. Each statement is extracted on its own, as the extractor would
meet it in an article; it counts as flagged when any of its sentences is check-worthy.

What is done to a statement first: surrounding whitespace is stripped, and so are quotation marks that
wrap the whole statement (the fact-checkers' way of marking a quote as the thing checked). The trailing `?`
of headline-style statements ("…처벌된다?") is the fact-checkers' phrasing, not the claim's; the extractor
does meet sentences that end in `?` in articles (and scores them as questions), so both figures are
printed: statements as written, and with a trailing `?` removed.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from factcheck import extraction  # noqa: E402

DEFAULT_CSV = REPO.parent / "shared" / "snu-factcheck" / "claims-2017-2020.csv"
_WRAPPING_QUOTES = {'"': '"', "“": "”", "'": "'", "‘": "’"}


def statement_text(title: str, *, strip_question: bool) -> str:
    """The statement as the extractor gets it (see the module docstring)."""
    text = title.strip()
    if len(text) > 2 and _WRAPPING_QUOTES.get(text[0]) == text[-1]:
        text = text[1:-1].strip()
    if strip_question:
        text = text.rstrip("?？").rstrip()
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--csv", type=Path, default=DEFAULT_CSV)
    parser.add_argument("--misses", type=int, default=10, help="print this many missed statements")
    args = parser.parse_args()
    if not args.csv.exists():
        print(f"SNU FactCheck statements not found at {args.csv}", file=sys.stderr)
        return 2
    with args.csv.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))

    for strip_question in (False, True):
        flagged_by: dict[str, list[bool]] = defaultdict(list)
        missed_evidence: Counter[str] = Counter()
        missed: list[tuple[float, str]] = []
        for row in rows:
            text = statement_text(row["title"], strip_question=strip_question)
            sentences = [s for s in extraction.extract(text) if not s.boilerplate]
            flagged = any(s.check_worthy for s in sentences)
            for key in ("all", f"year {row['date'][:4]}", f"verdict {row['judge'].strip()}"):
                flagged_by[key].append(flagged)
            if not flagged:
                missed_evidence.update({e for s in sentences for e in s.evidence})
                missed.append((max((s.score for s in sentences), default=0.0), text))
        label = "trailing ? removed" if strip_question else "as written"
        total = flagged_by["all"]
        print(f"\n{label}: flagged {sum(total)}/{len(total)} = {sum(total) / len(total):.3f}")
        for key in sorted(k for k in flagged_by if k != "all"):
            values = flagged_by[key]
            print(f"  {key:<24} {sum(values) / len(values):.3f}  ({len(values)})")
        print("  evidence on the missed statements: " + ", ".join(f"{e} {n}" for e, n in missed_evidence.most_common()))
        for score, text in missed[: args.misses]:
            print(f"  missed {score:.2f}  {text[:90]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
