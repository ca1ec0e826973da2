"""End-to-end throughput of `manage.py extract_claims` against a plain kiwipiepy script, whole processes.

    .venv/bin/python bench/bench_extract_end_to_end.py [--rounds 5] [--chars 140000] [--keep DIR]

Builds ~140k characters of text from the article bodies of ../shared/corpus/articles.jsonl and
../shared/corpus-2/articles.jsonl (cycled until --chars is reached), one temporary file per body, then
times, interleaved for --rounds rounds, four subprocesses:

  ours full   `manage.py extract_claims --jsonl FILES... > /dev/null`
  ours one    the same over a one-sentence file
  bare full   a plain script: `Kiwi(num_workers=1)`, read the same files, `tokenize` every paragraph
              (lines, stripped, non-empty: the way segmentation.py splits them)
  bare one    the same over the one-sentence file

Throughput = chars / (median full - median one): the one-sentence run subtracts interpreter start-up
and model load. Both sides are single-threaded: FACTCHECK_KIWI_WORKERS=1 for ours (bench_extraction.py's
`morphology.load(num_workers=1)`), `Kiwi(num_workers=1)` for bare, and OMP/MKL/OpenBLAS at one thread.
The ratio ours/bare is what issue 10 asks to be >= 0.85. No assertions on time: the machine may be busy.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPORA = [REPO.parent / "shared" / "corpus" / "articles.jsonl", REPO.parent / "shared" / "corpus-2" / "articles.jsonl"]
ONE_SENTENCE = "LG는 초거대 AI 개발을 위해 1000억원 이상을 투자할 계획이다.\n"

# The plain side: nothing of ours imported; paragraphs as segmentation._paragraphs finds them.
BARE = """\
import re, sys
from kiwipiepy import Kiwi
k = Kiwi(num_workers=1)
line = re.compile(r"[^\\r\\n]+")
for path in sys.argv[1:]:
    with open(path, "rb") as fh:
        text = fh.read().decode("utf-8-sig")
    for m in line.finditer(text):
        para = m.group().strip()
        if para:
            k.tokenize(para)
"""


def load_bodies() -> list[str]:
    missing = [str(p) for p in CORPORA if not p.exists()]
    if missing:
        print(f"corpus not found: {', '.join(missing)} (expected next to the repo)", file=sys.stderr)
        sys.exit(2)
    bodies = []
    for path in CORPORA:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                bodies.append(json.loads(line)["body"])
    return bodies


def write_files(directory: Path, bodies: list[str], target: int) -> tuple[list[str], int]:
    paths, chars, i = [], 0, 0
    while chars < target:
        body = bodies[i % len(bodies)]
        path = directory / f"article-{i:04d}.txt"
        path.write_text(body, encoding="utf-8")
        paths.append(str(path))
        chars += len(body)
        i += 1
    return paths, chars


def run(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=REPO, env=env, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - t0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds of the four processes")
    parser.add_argument("--chars", type=int, default=140_000, help="characters of corpus text to process")
    parser.add_argument("--keep", metavar="DIR", help="write the text files here and keep them (default: temp)")
    args = parser.parse_args()

    bodies = load_bodies()
    tmp = None
    if args.keep:
        directory = Path(args.keep)
        directory.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory()
        directory = Path(tmp.name)
    files, chars = write_files(directory, bodies, args.chars)
    one = directory / "one-sentence.txt"
    one.write_text(ONE_SENTENCE, encoding="utf-8")
    bare_script = directory / "bare_tokenize.py"
    bare_script.write_text(BARE, encoding="utf-8")

    env = dict(os.environ)
    env.update(
        FACTCHECK_KIWI_WORKERS="1",
        OMP_NUM_THREADS="1",
        MKL_NUM_THREADS="1",
        OPENBLAS_NUM_THREADS="1",
        DJANGO_SETTINGS_MODULE="factcheck.settings",
    )
    python = sys.executable
    manage = [python, "manage.py", "extract_claims", "--jsonl"]
    commands = {
        "ours full": manage + files,
        "ours one": manage + [str(one)],
        "bare full": [python, str(bare_script)] + files,
        "bare one": [python, str(bare_script), str(one)],
    }
    print(f"text                 {chars:10d} chars in {len(files)} files ({len(bodies)} distinct bodies)")
    times: dict[str, list[float]] = {name: [] for name in commands}
    ratios = []
    for r in range(args.rounds):
        for name, cmd in commands.items():
            times[name].append(run(cmd, env))
        ours = times["ours full"][-1] - times["ours one"][-1]
        bare = times["bare full"][-1] - times["bare one"][-1]
        ratios.append(bare / ours)
        print(
            f"  round {r + 1}: ours {times['ours full'][-1]:6.2f} - {times['ours one'][-1]:5.2f} s,"
            f" bare {times['bare full'][-1]:6.2f} - {times['bare one'][-1]:5.2f} s, ratio {ratios[-1]:.2f}"
        )
    med = {name: statistics.median(values) for name, values in times.items()}
    ours_s, bare_s = med["ours full"] - med["ours one"], med["bare full"] - med["bare one"]
    print(f"medians of {args.rounds} interleaved rounds (whole processes, single-threaded)")
    for name in commands:
        spread = max(times[name]) - min(times[name])
        print(f"  {name:<18} {med[name]:8.2f} s   (spread {spread:.2f} s)")
    print(f"  extract_claims     {chars / ours_s:10.0f} chars/s   (start-up and model load subtracted)")
    print(f"  Kiwi.tokenize      {chars / bare_s:10.0f} chars/s")
    print(f"  ours / bare ratio  {bare_s / ours_s:10.2f}   (of medians)")
    print(f"  per-round ratios   {min(ratios):.2f}-{max(ratios):.2f}, median {statistics.median(ratios):.2f}")
    # The fastest run of each is the least disturbed by other work on the machine (as bench_extraction.py).
    best = {name: min(values) for name, values in times.items()}
    ours_b, bare_b = best["ours full"] - best["ours one"], best["bare full"] - best["bare one"]
    print(
        f"  ours / bare ratio  {bare_b / ours_b:10.2f}   (of best runs: {chars / ours_b:.0f} vs {chars / bare_b:.0f})"
    )
    if tmp is not None:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
