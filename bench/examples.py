"""Example-program benchmark (not a test): every program in examples/ at its original default size
(cuPyNumeric's argparse defaults), beside its NumPy twin in the same run on this machine.

Each program runs its timed part many times in one process (-b N): the first run (a fresh JVM:
class loading, JIT, JShell compiling the script), the median of runs 2-6 ("early": a JVM still
compiling) and the median of the last half of the runs ("steady": after warm-up) are reported
separately, for NumPy too. N is chosen per program and configuration so that the runs take about
WARM seconds (a probe of 5 runs first; when the N runs took under half of that, they run again, N
from the speed their last half reached), at least 12 and at most 20,000: a Java program's hot code is
compiled after thousands of calls, which a program running 0.03 ms reaches only after a thousand or
more runs (scan of 10 elements: 0.03 ms a run up to run ~1,200, 0.003 ms after) and one running
400 ms after a few. legate.numpy runs with the `legate` driver on 1 rank with --cpus 2, and on 2 ranks
(--ranks-per-node 2, --cpus 1 each); NumPy (Debian's) in a fresh python3, the BLAS and LAPACK it
loaded named under the table (the reference BLAS or OpenBLAS, whichever the system has: gemm and qr
differ 5-10x between them). Ratios are
NumPy's time over legate.numpy's: above 1 is faster than NumPy. newton_raphson_2d and
compact_finite_difference have no timed part (a few small solves) and are left out.

Usage: scripts/build.sh && /usr/bin/python3 bench/examples.py [WARM] [NAME ...]   (WARM seconds, default 6)
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


def runs_for(cmd, warm, cwd=None):
    """How many runs take about `warm` seconds, from a probe of 5 runs (the fastest of the later four:
    a JVM's second and third runs can still take several times its later ones)."""
    probe = run([*cmd, "-b", "5"], cwd=cwd)
    each = max(min(probe[1:]), 1e-3)
    return max(12, min(20000, int(warm * 1000 / each)))


def measure(cmd, warm, cwd=None):
    """(first, early: median of runs 2-6, steady: median of the last half, runs) of the timed part.
    When the runs took less than half of `warm` (the program got faster than the probe's runs, as a
    JVM does over its first thousand runs), it runs again, as many times as its last half's speed
    fills `warm` seconds: the steady figure is then from runs after the warm-up, not during it."""
    n = runs_for(cmd, warm, cwd)
    ms = run([*cmd, "-b", str(n)], cwd=cwd)
    steady = statistics.median(ms[len(ms) // 2:])
    if sum(ms) < warm * 1000 / 2 and n < 20000:
        ms = run([*cmd, "-b", str(max(12, min(20000, int(warm * 1000 / max(steady, 1e-3)))))], cwd=cwd)
    return ms[0], statistics.median(ms[1:6]), statistics.median(ms[len(ms) // 2:]), len(ms)


def numpy_blas():
    """The BLAS and LAPACK libraries NumPy has loaded (Debian's python3-numpy takes whichever libblas.so.3
    the system's alternatives give: OpenBLAS where it is installed, else the reference BLAS, 5-10x slower on
    gemm and qr): the NumPy figures mean nothing without it."""
    probe = ("import numpy, os\nnumpy.ones((2, 2)) @ numpy.ones((2, 2)); numpy.linalg.qr(numpy.ones((2, 2)))\n"
             "libs = sorted({os.path.realpath(l.split()[-1]) for l in open('/proc/self/maps') if 'blas' in l or 'lapack' in l})\n"
             "print(numpy.__version__, ' '.join(libs))")
    p = subprocess.run(["/usr/bin/python3", "-c", probe], capture_output=True, text=True, timeout=120)
    return p.stdout.strip() if p.returncode == 0 else "unknown (" + p.stderr.strip()[-200:] + ")"


def main():
    warm = float(sys.argv[1]) if len(sys.argv) > 1 and re.fullmatch(r"[0-9.]+", sys.argv[1]) else 6.0
    names = [a for a in sys.argv[1:] if not re.fullmatch(r"[0-9.]+", a)]
    rows = []
    for name, options in PROGRAMS:
        if names and name not in names:
            continue
        numpy = measure(["/usr/bin/python3", str(EXAMPLES / "numpy" / f"{name}.py"), *options], warm, cwd=EXAMPLES / "numpy")
        one = measure([str(LEGATE), "--cpus", "2", str(EXAMPLES / f"{name}.jsh"), *options], warm)
        two = measure([str(LEGATE), "--ranks-per-node", "2", "--cpus", "1", str(EXAMPLES / f"{name}.jsh"), *options], warm)
        rows.append((name, options, numpy, one, two))
        print(f"{name}: NumPy {numpy[2]:.3f} ms, 1 rank {one[2]:.3f} ms, 2 ranks {two[2]:.3f} ms (steady medians; "
              f"{numpy[3]}, {one[3]}, {two[3]} runs)", flush=True)
    head = ("| program (options) | NumPy first / early / steady ms | 1 rank --cpus 2 first / early / steady ms | ratio steady | "
            "2 ranks first / early / steady ms | ratio steady | runs (NumPy, 1, 2) |\n|---|---|---|---|---|---|---|")
    lines = [head]
    for name, options, numpy, one, two in rows:
        def ms(t):
            return " / ".join(f"{x:.3g}" for x in t[:3])
        lines.append(f"| {name} {' '.join(options)} | {ms(numpy)} | {ms(one)} | {numpy[2] / one[2]:.3f} | "
                     f"{ms(two)} | {numpy[2] / two[2]:.3f} | {numpy[3]}, {one[3]}, {two[3]} |")
    if rows:
        def geo(k, i):
            return math.exp(statistics.mean(math.log(r[2][i] / r[k][i]) for r in rows))
        lines.append(f"\nGeometric mean of NumPy/legate.numpy: steady (median of the last half of the runs) 1 rank {geo(3, 2):.3f}, "
                     f"2 ranks {geo(4, 2):.3f}; early (runs 2-6) 1 rank {geo(3, 1):.3f}, 2 ranks {geo(4, 1):.3f}; "
                     f"first runs 1 rank {geo(3, 0):.3f}, 2 ranks {geo(4, 0):.3f} (runs: about {warm:g} s of each program).")
    lines.append(f"\nNumPy {numpy_blas()}")
    table = "\n".join(lines)
    print(table)
    out = ROOT / "build" / "bench-examples.md"
    out.parent.mkdir(exist_ok=True)
    out.write_text(table + "\n")


if __name__ == "__main__":
    main()
