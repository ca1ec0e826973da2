"""Fit the check-worthiness weights in factcheck/extraction/scoring.py on the labelled corpora.

    .venv/bin/python -m bench.fit_scoring_weights                  # both ../shared corpora: print the fit
    .venv/bin/python -m bench.fit_scoring_weights --check          # exit 1 if scoring.py is stale
    .venv/bin/python -m bench.fit_scoring_weights --corpus ../shared/corpus   # one folder only

Each sentence's evidence (the morphological features `scoring.features` names) is the input of an
L2-regularised logistic regression whose target is "gold label is CFS". The weights are fitted on the
union of the folders given; the figures that matter are the held-out ones:
- leave one article out: every article is scored by weights fitted on the other articles only;
- fixed cross-splits (two or more folders): fit on one folder, score each other folder.
The cut-off is the one with the best leave-one-article-out F1 at precision >= 0.80; it is folded into
the bias, so 0.5 stays the threshold, and the cross-splits are scored at that same cut-off. The script
prints the figures and a WEIGHTS table to paste into scoring.py (rounded to 0.1); `--check` (run by CI)
fails when the committed table is no longer what the features and labels give.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.evaluate_extraction import load_corpus, overlap  # noqa: E402
from factcheck import extraction  # noqa: E402
from factcheck.extraction import scoring  # noqa: E402

MIN_PRECISION = 0.80


DEFAULT_CORPORA = [REPO.parent / "shared" / "corpus", REPO.parent / "shared" / "corpus-2"]


def load(corpora: list[Path]) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(feature names, X, y, article id, folder name) for every non-boilerplate predicted sentence."""
    names = list(scoring.WEIGHTS)
    rows, labels, docs, folders = [], [], [], []
    for corpus in corpora:
        articles, gold_by_doc = load_corpus(corpus)
        for doc, gold in gold_by_doc.items():
            for s in extraction.extract(articles[doc]):
                g = max(gold, key=lambda g: overlap(g["start"], g["end"], s.start, s.end))
                if s.boilerplate or not overlap(g["start"], g["end"], s.start, s.end):
                    continue
                rows.append([float(n in s.evidence) for n in names])
                labels.append(float(g["label"] == "CFS"))
                docs.append(f"{corpus.name}/{doc}")
                folders.append(corpus.name)
    return names, np.array(rows), np.array(labels), np.array(docs), np.array(folders)


def fit(x: np.ndarray, y: np.ndarray, l2: float, steps: int = 4000) -> np.ndarray:
    """Logistic regression by gradient descent; w[0] is the (unregularised) bias."""
    xb = np.hstack([np.ones((len(x), 1)), x])
    w = np.zeros(xb.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-xb @ w))
        grad = xb.T @ (p - y) / len(y) + l2 * np.r_[0.0, w[1:]] / len(y)
        w -= 0.5 * grad
    return w


def predict(w: np.ndarray, x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-(np.hstack([np.ones((len(x), 1)), x]) @ w)))


def prf(predicted: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    tp = float((predicted & (y == 1)).sum())
    p = tp / max(predicted.sum(), 1)
    r = tp / max(y.sum(), 1)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--corpus",
        type=Path,
        action="append",
        help="a labelled folder; repeat for several (default: ../shared/corpus and ../shared/corpus-2)",
    )
    parser.add_argument("--l2", type=float, default=1.0, help="L2 penalty (default 1.0)")
    parser.add_argument("--check", action="store_true", help="exit 1 if scoring.py's weights differ from the fit")
    args = parser.parse_args()
    corpora = args.corpus or DEFAULT_CORPORA
    missing = [c for c in corpora if not (c / "labels.jsonl").exists()]
    if missing:
        print(f"corpus not found at {', '.join(map(str, missing))}", file=sys.stderr)
        return 2

    names, x, y, docs, folders = load(corpora)
    held_out = np.zeros(len(y))
    for doc in sorted(set(docs)):
        mask = docs == doc
        held_out[mask] = predict(fit(x[~mask], y[~mask], args.l2), x[mask])
    w = fit(x, y, args.l2)
    in_sample = predict(w, x)

    print(f"{len(y)} sentences, {int(y.sum())} check-worthy; leave-one-article-out vs in-sample")
    print(f"{'cut-off':>8} {'P':>7} {'R':>7} {'F1':>7}   {'P':>7} {'R':>7} {'F1':>7}")
    best = (0.5, -1.0)
    for cut in np.arange(0.25, 0.651, 0.05):
        held = prf(held_out >= cut, y)
        ins = prf(in_sample >= cut, y)
        figures = " ".join(f"{v:>7.3f}" for v in held) + "   " + " ".join(f"{v:>7.3f}" for v in ins)
        print(f"{cut:>8.2f} {figures}")
        if held[0] >= MIN_PRECISION and held[2] > best[1]:
            best = (float(cut), held[2])
    cut = best[0]
    print(f"\ncut-off {cut:.2f} (best leave-one-article-out F1 at precision >= {MIN_PRECISION:.2f})")
    for train in sorted(set(folders)) if len(set(folders)) > 1 else ():
        # The fixed split: weights that never saw the other folder, at the same cut-off.
        inside = folders == train
        w_train = fit(x[inside], y[inside], args.l2)
        for other in sorted(set(folders) - {train}):
            scored = folders == other
            p, r, f = prf(predict(w_train, x[scored]) >= cut, y[scored])
            print(f"fit on {train}, score {other}: P {p:.3f} R {r:.3f} F1 {f:.3f} ({int(scored.sum())} sentences)")
    bias = w[0] - math.log(cut / (1 - cut))
    print(f"\ncut-off {cut:.2f} folded into the bias so that 0.5 is the threshold\n")
    print(f"BIAS = {bias:.1f}")
    print("WEIGHTS = {")
    for name, weight in zip(names, w[1:], strict=True):
        print(f'    "{name}": {weight:.1f},')
    print("}")
    if args.check:
        fitted = {"BIAS": bias, **dict(zip(names, w[1:], strict=True))}
        committed = {"BIAS": scoring.BIAS, **scoring.WEIGHTS}
        stale = [
            f"{k}: committed {committed[k]} fitted {v:.2f}" for k, v in fitted.items() if abs(committed[k] - v) > 0.11
        ]
        if stale:
            print("\nscoring.py weights are stale; paste the table above:\n  " + "\n  ".join(stale), file=sys.stderr)
            return 1
        print("\nscoring.py weights match the fit")
    return 0


if __name__ == "__main__":
    sys.exit(main())
