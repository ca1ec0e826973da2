"""Evaluate the extractor on the labelled corpus and gate CI on a committed baseline.

    .venv/bin/python -m bench.evaluate_extraction --corpus ../shared/corpus            # print the table
    .venv/bin/python -m bench.evaluate_extraction --corpus ../shared/corpus --check    # exit 1 below baseline
    .venv/bin/python -m bench.evaluate_extraction --corpus ../shared/corpus --write-baseline

Figures (per corpus group and overall): check-worthy precision/recall/F1 (gold CFS vs predicted claims,
a match is a character overlap of at least half the gold sentence), quantity span recall/precision and
value/unit accuracy, date recall/precision, speaker accuracy on gold sentences with a speaker, claim-type
micro-F1, and segmentation F1 on the sentence-split sets next to bare kiwipiepy's.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from factcheck import extraction  # noqa: E402
from factcheck.extraction import morphology  # noqa: E402

BASELINE_PATH = Path(__file__).with_name("extraction_baseline.json")


def overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


@dataclass
class Tally:
    """Counts for one group of articles; figures are derived, never stored."""

    cfs_gold: int = 0
    cfs_found: int = 0
    claims: int = 0
    claims_correct: int = 0
    q_gold: int = 0
    q_found: int = 0
    q_value_ok: int = 0
    q_unit_ok: int = 0
    q_pred: int = 0
    q_pred_ok: int = 0
    d_gold: int = 0
    d_found: int = 0
    d_pred: int = 0
    d_pred_ok: int = 0
    speaker_gold: int = 0
    speaker_ok: int = 0
    type_tp: int = 0
    type_fp: int = 0
    type_fn: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def figures(self) -> dict[str, float]:
        p = ratio(self.claims_correct, self.claims)
        r = ratio(self.cfs_found, self.cfs_gold)
        tp, fp, fn = self.type_tp, self.type_fp, self.type_fn
        return {
            "checkworthy_precision": p,
            "checkworthy_recall": r,
            "checkworthy_f1": f1(p, r),
            "quantity_recall": ratio(self.q_found, self.q_gold),
            "quantity_precision": ratio(self.q_pred_ok, self.q_pred),
            "quantity_value_accuracy": ratio(self.q_value_ok, self.q_found),
            "quantity_unit_accuracy": ratio(self.q_unit_ok, self.q_found),
            "date_recall": ratio(self.d_found, self.d_gold),
            "date_precision": ratio(self.d_pred_ok, self.d_pred),
            "speaker_accuracy": ratio(self.speaker_ok, self.speaker_gold),
            "type_micro_f1": f1(ratio(tp, tp + fp), ratio(tp, tp + fn)),
        }


def ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def norm(s: str | None) -> str:
    return " ".join((s or "").split())


def score_article(body: str, gold: list[dict]) -> Tally:
    t = Tally()
    predicted = extraction.extract(body)
    claims = [s for s in predicted if s.check_worthy]
    cfs = [g for g in gold if g["label"] == "CFS"]

    def matches(g: dict, s) -> bool:
        return overlap(g["start"], g["end"], s.start, s.end) * 2 >= g["end"] - g["start"]

    def best(g: dict):
        return max(predicted, key=lambda s: overlap(g["start"], g["end"], s.start, s.end), default=None)

    t.cfs_gold = len(cfs)
    for g in cfs:
        if any(matches(g, s) for s in claims):
            t.cfs_found += 1
        else:
            t.misses.append(f"missed CFS: {g['text'][:70]}")
    t.claims = len(claims)
    for s in claims:
        if any(matches(g, s) for g in cfs):
            t.claims_correct += 1
        else:
            t.misses.append(f"extra claim: {s.text[:70]}")

    pred_q = [q for s in predicted for q in s.quantities]
    gold_q = [q for g in gold for q in g["quantities"]]
    t.q_gold, t.q_pred = len(gold_q), len(pred_q)
    for gq in gold_q:
        hits = [q for q in pred_q if overlap(gq["start"], gq["end"], q.start, q.end)]
        if not hits:
            t.misses.append(f"missed quantity: {gq['text']}")
            continue
        t.q_found += 1
        q = max(hits, key=lambda q: overlap(gq["start"], gq["end"], q.start, q.end))
        if math.isclose(q.value, gq["value"], rel_tol=1e-9):
            t.q_value_ok += 1
        else:
            t.misses.append(f"quantity value: {gq['text']} gold {gq['value']} got {q.value}")
        t.q_unit_ok += q.unit == gq["unit"]
    t.q_pred_ok = sum(any(overlap(g["start"], g["end"], q.start, q.end) for g in gold_q) for q in pred_q)

    pred_d = [d for s in predicted for d in s.dates]
    gold_d = [d for g in gold for d in g["dates"]]
    t.d_gold, t.d_pred = len(gold_d), len(pred_d)
    t.d_found = sum(any(overlap(g["start"], g["end"], d.start, d.end) for d in pred_d) for g in gold_d)
    t.d_pred_ok = sum(any(overlap(g["start"], g["end"], d.start, d.end) for g in gold_d) for d in pred_d)

    for g in gold:
        s = best(g)
        if g["speaker"]:
            t.speaker_gold += 1
            if s is not None and norm(s.speaker) == norm(g["speaker"]):
                t.speaker_ok += 1
            else:
                t.misses.append(f"speaker: gold {g['speaker']!r} got {s.speaker if s else None!r}")
        if g["label"] in ("CFS", "UFS"):
            got = set(s.types) if s is not None else set()
            want = set(g["types"])
            t.type_tp += len(got & want)
            t.type_fp += len(got - want)
            t.type_fn += len(want - got)
    return t


def read_split_set(path: Path) -> list[list[str]]:
    docs, current = [], []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.strip():
            current.append(line.strip())
        elif current:
            docs.append(current)
            current = []
    if current:
        docs.append(current)
    return docs


def span_f1(gold: set[tuple[int, int]], pred: set[tuple[int, int]]) -> tuple[int, int, int]:
    return len(gold & pred), len(pred), len(gold)


def segmentation(split_dir: Path) -> dict[str, dict[str, float]]:
    """Exact sentence-span F1 of our segmentation and of bare kiwipiepy on each gold split set."""
    kiwi = morphology.get_kiwi()
    results = {}
    for path in sorted(split_dir.glob("*.txt")):
        ours, bare = [0, 0, 0], [0, 0, 0]
        for sentences in read_split_set(path):
            text = " ".join(sentences)
            gold, pos = set(), 0
            for s in sentences:
                gold.add((pos, pos + len(s)))
                pos += len(s) + 1
            mine = {(s.start, s.end) for s in extraction.extract(text)}
            theirs = set()
            for s in kiwi.split_into_sents(text):
                piece = text[s.start : s.end]
                lead = len(piece) - len(piece.lstrip())
                theirs.add((s.start + lead, s.start + len(piece.rstrip())))
            for acc, pred in ((ours, mine), (bare, theirs)):
                for i, v in enumerate(span_f1(gold, pred)):
                    acc[i] += v
        results[path.stem] = {
            "ours": f1(ratio(ours[0], ours[1]), ratio(ours[0], ours[2])),
            "kiwipiepy": f1(ratio(bare[0], bare[1]), ratio(bare[0], bare[2])),
        }
    return results


def load_corpus(corpus: Path) -> tuple[dict[str, str], dict[str, list[dict]]]:
    """Article bodies by id, and the gold sentences of each article in order."""
    bodies = {}
    for line in (corpus / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            a = json.loads(line)
            bodies[a["id"]] = a["body"]
    gold_by_doc: dict[str, list[dict]] = defaultdict(list)
    for line in (corpus / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            g = json.loads(line)
            gold_by_doc[g["doc"]].append(g)
    return bodies, gold_by_doc


def evaluate(corpus: Path, verbose: bool = False) -> dict[str, float]:
    bodies, gold_by_doc = load_corpus(corpus)
    groups: dict[str, Tally] = defaultdict(Tally)
    for doc_id, gold in gold_by_doc.items():
        tally = score_article(bodies[doc_id], gold)
        groups[doc_id.split("/")[0]].add(tally)
        if verbose:
            for m in tally.misses:
                print(f"  [{doc_id}] {m}")
    overall = Tally()
    for tally in groups.values():
        overall.add(tally)

    table = {name: tally.figures() for name, tally in sorted(groups.items())}
    table["overall"] = overall.figures()
    names = list(table)
    print(f"{'figure':<26}" + "".join(f"{n[:20]:>22}" for n in names))
    for key in table["overall"]:
        print(f"{key:<26}" + "".join(f"{table[n][key]:>22.3f}" for n in names))

    seg = segmentation(corpus / "sentence-split")
    print(f"\n{'segmentation F1':<26}{'ours':>10}{'kiwipiepy':>12}")
    for name, row in seg.items():
        print(f"{name:<26}{row['ours']:>10.3f}{row['kiwipiepy']:>12.3f}")

    figures = {f"overall.{k}": v for k, v in table["overall"].items()}
    figures.update({f"{n}.{k}": v for n in names if n != "overall" for k, v in table[n].items()})
    figures.update({f"segmentation.{n}": row["ours"] for n, row in seg.items()})
    figures.update({f"segmentation_margin.{n}": row["ours"] - row["kiwipiepy"] for n, row in seg.items()})
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--check", action="store_true", help="exit 1 if any figure is below the committed baseline")
    parser.add_argument(
        "--baseline",
        type=Path,
        default=BASELINE_PATH,
        help=f"the baseline file for this corpus (default {BASELINE_PATH.name}, the first corpus)",
    )
    parser.add_argument("--write-baseline", action="store_true", help="write the figures to the baseline file")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    args = parser.parse_args()
    if not (args.corpus / "labels.jsonl").exists():
        print(f"corpus not found at {args.corpus}", file=sys.stderr)
        return 2

    figures = evaluate(args.corpus, verbose=args.verbose)
    if args.write_baseline:
        args.baseline.write_text(json.dumps({k: round(v, 4) for k, v in sorted(figures.items())}, indent=2) + "\n")
        print(f"\nwrote {args.baseline}")
    if args.check:
        baseline = json.loads(args.baseline.read_text())
        drops = [
            f"{k}: {figures.get(k, float('nan')):.4f} < baseline {v:.4f}"
            for k, v in baseline.items()
            if not figures.get(k, -1) >= v - 5e-4
        ]
        if drops:
            print("\nquality dropped below the committed baseline:\n  " + "\n  ".join(drops), file=sys.stderr)
            return 1
        print(f"\nall {len(baseline)} figures at or above the baseline")
    return 0


if __name__ == "__main__":
    sys.exit(main())
