"""A/B benchmark of example programs (not a test): a previous build against this one, in alternation.

Each round runs each build once per program (-b RUNS in one JVM); a round's figure is the median of
the last half of its runs (after warm-up, as bench/examples.py), the result the median over rounds. 1 rank, --cpus 2. The previous build is any
distribution folder (e.g. `git worktree add /tmp/base REV && (cd /tmp/base && scripts/build.sh)`, or a
copy of distribution/target/legate taken before rebuilding).

Usage: /usr/bin/python3 bench/examples_ab.py BASE_DIST RUNS ROUNDS [NAME ...]
"""
import pathlib
import re
import statistics
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from examples import PROGRAMS  # noqa: E402

NEW = ROOT / "distribution" / "target" / "legate" / "bin" / "legate"


def once(legate, name, options, runs):
    out = subprocess.run([str(legate), "--cpus", "2", str(ROOT / "examples" / f"{name}.jsh"), *options, "-b", str(runs)],
                         capture_output=True, text=True, timeout=1800)
    ms = [float(x) for x in re.findall(r"Elapsed Time: ([\d.]+) ms", out.stdout)]
    if len(ms) < 2:
        raise SystemExit(f"{legate} {name}: no timings\n{out.stdout[-2000:]}\n{out.stderr[-2000:]}")
    return ms[0], statistics.median(ms[len(ms) // 2:])


def main():
    if len(sys.argv) < 4:
        raise SystemExit(__doc__)
    base = pathlib.Path(sys.argv[1]) / "bin" / "legate"
    runs, rounds = int(sys.argv[2]), int(sys.argv[3])
    names = sys.argv[4:]
    for name, options in PROGRAMS:
        if names and name not in names:
            continue
        b, n = [], []
        for _ in range(rounds):
            b.append(once(base, name, options, runs))
            n.append(once(NEW, name, options, runs))
        bs, ns = statistics.median(x[1] for x in b), statistics.median(x[1] for x in n)
        bf, nf = statistics.median(x[0] for x in b), statistics.median(x[0] for x in n)
        print(f"{name}: steady before {bs:.2f} ms, after {ns:.2f} ms, before/after {bs / ns:.2f}; "
              f"first run before {bf:.1f} ms, after {nf:.1f} ms", flush=True)


if __name__ == "__main__":
    main()
