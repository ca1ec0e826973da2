"""Extraction throughput against bare kiwipiepy, and the warm latency of one article.

    .venv/bin/python bench/bench_extraction.py [--runs 20]

Texts: the seed article plus every body of the labelled corpus when it is present next to the repo.
Kiwi's bare `tokenize` runs per paragraph, the way our pipeline feeds it, so the ratio is the cost of
everything we add on top of the morphological analysis.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from factcheck import extraction  # noqa: E402
from factcheck.extraction import morphology  # noqa: E402

SEED = REPO / "factcheck" / "fixtures" / "seed_article.txt"
CORPORA = [Path("/work/shared/corpus/articles.jsonl"), REPO.parent / "shared" / "corpus" / "articles.jsonl"]


def load_texts() -> list[str]:
    texts = [SEED.read_text(encoding="utf-8")]
    for path in CORPORA:
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    texts.append(json.loads(line)["body"])
            break
    return texts


def best_of(runs: int, fn) -> float:
    """Fastest wall time of `runs` calls: the least disturbed by the rest of the machine."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20, help="timed runs per measurement")
    args = parser.parse_args()

    texts = load_texts()
    chars = sum(len(t) for t in texts)
    paragraphs = [p for t in texts for p in t.splitlines() if p.strip()]

    t0 = time.perf_counter()
    extraction.warm_up()
    print(f"model load + warm-up       {1000 * (time.perf_counter() - t0):10.0f} ms")
    kiwi = morphology.get_kiwi()
    print(f"texts                      {len(texts):10d}   ({chars} chars, {len(paragraphs)} paragraphs)")

    def bare() -> None:
        for p in paragraphs:
            kiwi.tokenize(p)

    def ours() -> None:
        for t in texts:
            extraction.extract(t)

    bare_s = best_of(max(3, args.runs // 4), bare)
    ours_s = best_of(max(3, args.runs // 4), ours)
    batch_s = best_of(max(3, args.runs // 4), lambda: extraction.extract_many(texts))
    print(f"Kiwi.tokenize (bare)       {chars / bare_s:10.0f} chars/s")
    print(f"extract                    {chars / ours_s:10.0f} chars/s")
    print(f"extract_many (batched)     {chars / batch_s:10.0f} chars/s")
    print(f"extract / bare ratio       {bare_s / ours_s:10.2f}   (time: {ours_s / bare_s:.2f}x bare)")

    seed = texts[0]
    warm = []
    for _ in range(args.runs):
        t1 = time.perf_counter()
        extraction.extract(seed)
        warm.append(time.perf_counter() - t1)
    claims = sum(s.check_worthy for s in extraction.extract(seed))
    median_ms = 1000 * statistics.median(warm)
    print(f"extract(seed) warm median  {median_ms:10.1f} ms   ({len(seed)} chars, {args.runs} runs)")
    print(f"seed check-worthy claims   {claims:10d}   of {len(extraction.extract(seed))} sentences")
    return 0


if __name__ == "__main__":
    sys.exit(main())
