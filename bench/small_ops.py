"""Small-array benchmark (not a test): the cost of one operation on 10^4 float64 elements, legate.numpy
(1 rank, --cpus 2, the `legate` driver) beside NumPy in this process, on this machine, in one run.
Each figure is the best of 8 batches of 3000 operations, in microseconds an operation; every result
is read (an element or the sum), so deferred arithmetic is computed and a new array made.

Usage: scripts/build.sh && /usr/bin/python3 bench/small_ops.py [N]   (N elements, default 10000)
"""
import pathlib
import subprocess
import sys
import timeit

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[1]
LEGATE = ROOT / "distribution" / "target" / "legate" / "bin" / "legate"


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    a = np.arange(n, dtype=np.float64) * (1.0 / n)
    b = np.arange(n, dtype=np.float64) * (2.0 / n) + 0.5
    numpy = {
        "sum": lambda: a.sum(),
        "a*b+1, sum": lambda: (a * b + 1.0).sum(),
        "a*b+1, item": lambda: (a * b + 1.0)[5],
        "a[1:]-a[:-1], item": lambda: (a[1:] - a[:-1])[5],
        "copy, item": lambda: a.copy()[5],
        "exp, item": lambda: np.exp(a)[5],
        "log(exp), item": lambda: np.log(np.exp(a))[5],
        "a**b, item": lambda: (a ** b)[5],
    }
    p = subprocess.run([str(LEGATE), "--cpus", "2", str(ROOT / "bench" / "small" / "ops.jsh"), str(n)],
                       capture_output=True, text=True, timeout=900)
    if p.returncode != 0:
        raise SystemExit(f"legate failed:\n{p.stdout[-2000:]}\n{p.stderr[-2000:]}")
    ours = dict((k, float(v)) for k, v in (line.split("\t") for line in p.stdout.splitlines() if "\t" in line))
    print(f"{n} float64, us an operation     legate.numpy     NumPy   NumPy/legate.numpy")
    for name, f in numpy.items():
        t = min(timeit.repeat(f, number=3000, repeat=8)) / 3000 * 1e6
        print(f"{name:28s} {ours[name]:14.2f} {t:9.2f} {t / ours[name]:12.3f}")


if __name__ == "__main__":
    main()
