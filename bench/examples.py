"""Example-program benchmark (not a test): every program in examples/ at its original default size
(cuPyNumeric's argparse defaults), beside its NumPy twin in the same run on this machine.

Each program runs its timed part RUNS times in one process (-b RUNS): the first run (a fresh JVM:
class loading, JIT, JShell compiling the script) and the median of the others are reported
separately. legate.numpy runs with the `legate` driver on 1 rank with --cpus 2, and on 2 ranks
(--ranks-per-node 2, --cpus 1 each); NumPy (Debian's, OpenBLAS) in a fresh python3. Ratios are
NumPy's time over legate.numpy's: above 1 is faster than NumPy. newton_raphson_2d and
compact_finite_difference have no timed part (a few small solves) and are left out.

Usage: scripts/build.sh && /usr/bin/python3 bench/examples.py [RUNS] [NAME ...]   (RUNS default 6)
Writes the table to stdout and to build/bench-examples.md.
"""
import math
import pathlib
import re
import statistics
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
LEGATE = ROOT / "distribution" / "target" / "legate" / "bin" / "legate"
EXAMPLES = ROOT / "examples"

# name, the original's default options (as this port spells them)
PROGRAMS = [
    ("black_scholes", ["-n", "10"]),
    ("cg", ["-n", "10"]),
    ("cholesky", ["-n", "10"]),
    ("edge_detection", ["-n", "256"]),
    ("einsum", ["-n", "100", "-i", "10"]),
    ("gemm", ["-n", "100", "-i", "100"]),
    ("jacobi", ["-n", "100", "-i", "1000"]),
    ("kmeans", ["-n", "10"]),
    ("linreg", ["-n", "10", "-i", "1000", "-s", "100000"]),
    ("logreg", ["-n", "10", "-i", "1000", "-s", "100000"]),
    ("lstm_forward", []),
    ("qr", ["-m", "1000", "-n", "1000"]),
    ("quantiles", ["-s", "1000"]),
    ("richardson_lucy", []),
    ("scan", ["-s", "10"]),
    ("solve", ["-n", "10"]),
    ("sort", ["-s", "1000000"]),
    ("stencil", ["-n", "100", "-i", "100"]),
]


def times(out):
    return [float(m) for m in re.findall(r"Elapsed Time: ([0-9.]+) ms", out)]


def run(cmd, cwd=None):
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=1800, cwd=cwd)
    if p.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, cmd))} failed:\n{p.stdout[-2000:]}\n{p.stderr[-2000:]}")
    return times(p.stdout)


def first_and_steady(ms):
    return ms[0], statistics.median(ms[1:]) if len(ms) > 1 else ms[0]


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 6
    names = [a for a in sys.argv[1:] if not a.isdigit()]
    rows = []
    for name, options in PROGRAMS:
        if names and name not in names:
            continue
        b = ["-b", str(runs)]
        numpy = first_and_steady(run(["/usr/bin/python3", str(EXAMPLES / "numpy" / f"{name}.py"), *options, *b], cwd=EXAMPLES / "numpy"))
        one = first_and_steady(run([str(LEGATE), "--cpus", "2", str(EXAMPLES / f"{name}.jsh"), *options, *b]))
        two = first_and_steady(run([str(LEGATE), "--ranks-per-node", "2", "--cpus", "1", str(EXAMPLES / f"{name}.jsh"), *options, *b]))
        rows.append((name, options, numpy, one, two))
        print(f"{name}: NumPy {numpy[1]:.3f} ms, 1 rank {one[1]:.3f} ms, 2 ranks {two[1]:.3f} ms (steady medians)", flush=True)
    head = ("| program (options) | NumPy first / steady ms | 1 rank --cpus 2 first / steady ms | ratio steady | "
            "2 ranks first / steady ms | ratio steady |\n|---|---|---|---|---|---|")
    lines = [head]
    for name, options, numpy, one, two in rows:
        lines.append(f"| {name} {' '.join(options)} | {numpy[0]:.2f} / {numpy[1]:.2f} | {one[0]:.1f} / {one[1]:.2f} | "
                     f"{numpy[1] / one[1]:.3f} | {two[0]:.1f} / {two[1]:.2f} | {numpy[1] / two[1]:.3f} |")
    if rows:
        g1 = math.exp(statistics.mean(math.log(r[2][1] / r[3][1]) for r in rows))
        g2 = math.exp(statistics.mean(math.log(r[2][1] / r[4][1]) for r in rows))
        f1 = math.exp(statistics.mean(math.log(r[2][0] / r[3][0]) for r in rows))
        lines.append(f"\nGeometric mean of NumPy/legate.numpy, steady state: 1 rank {g1:.3f}, 2 ranks {g2:.3f}; first runs, 1 rank: {f1:.3f} "
                     f"({runs} runs each, medians of runs 2..{runs}).")
    table = "\n".join(lines)
    print(table)
    out = ROOT / "build" / "bench-examples.md"
    out.parent.mkdir(exist_ok=True)
    out.write_text(table + "\n")


if __name__ == "__main__":
    main()
