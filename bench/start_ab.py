"""Start-up A/B (not a test): the first answered cell of fresh kernels from two builds, taken in turn.

A kernel's start-up is what changes most between two runs of this noisy machine, so a change to it
is measured against the build before it in the same run: both are installed as kernelspecs (each
with its own class-data archive, as legate-jupyter makes it), then fresh kernels of each are
started in turn, and each is timed from start_kernel to the idle after its first `1+1`.

With --cells N, one kernel of each build then stays up: after --idle seconds, N cells of `1+1` and
N empty cells are timed on each, taken in turn (the per-cell cost, which the same start-up code
sets up).

Usage: (git worktree add /tmp/base REV && cd /tmp/base && scripts/build.sh)
       /usr/bin/python3 bench/start_ab.py --base /tmp/base/distribution/target/legate [--runs 8] [--ranks 1,2]
       [--cells 100 --idle 20]
"""
import argparse
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from first_run import DIST, Kernel  # noqa: E402


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--base", required=True, help="the other build's distribution/target/legate")
    p.add_argument("--runs", type=int, default=8)
    p.add_argument("--ranks", default="1,2")
    p.add_argument("--cells", type=int, default=0, help="then time this many 1+1 and empty cells on one kernel of each")
    p.add_argument("--idle", type=float, default=20)
    a = p.parse_args()
    os.environ["JUPYTER_DATA_DIR"] = tempfile.mkdtemp(prefix="legate-start-ab-")
    builds = {"base": pathlib.Path(a.base), "this": DIST}
    for build, dist in builds.items():
        if not (dist / "bin" / "legate-jupyter").exists():
            sys.exit(f"no legate-jupyter in {dist}: build it first (scripts/build.sh)")
    for ranks in [int(r) for r in a.ranks.split(",")]:
        options = [] if ranks == 1 else ["--ranks-per-node", str(ranks), "--cpus", "1"]
        for build, dist in builds.items():
            subprocess.run([str(dist / "bin" / "legate-jupyter"), "--name", f"{build}-{ranks}r", *options], check=True,
                           capture_output=True)
        times = {b: [] for b in builds}
        for _ in range(a.runs):
            for build in builds:
                k = Kernel(f"{build}-{ranks}r")
                try:
                    _, status, text = k.run("1+1")
                    if status != "ok":
                        sys.exit(f"{build}, {ranks} rank(s): 1+1 answered {status}: {text}")
                    times[build].append(time.perf_counter() - k.t0)
                finally:
                    k.close()
        med = {b: statistics.median(t) for b, t in times.items()}
        print(f"{ranks} rank(s), start to the first answered 1+1, {a.runs} fresh kernels each, in turn:")
        for build, t in times.items():
            print(f"  {build:5} median {med[build]:.2f} s  (" + " ".join(f"{x:.2f}" for x in t) + ")")
        print(f"  this / base: {med['this'] / med['base']:.2f}", flush=True)
        if a.cells:
            cells(builds, ranks, a.cells, a.idle)


def cells(builds, ranks, n, idle):
    kernels = {b: Kernel(f"{b}-{ranks}r") for b in builds}
    try:
        for k in kernels.values():
            k.run("1+1")
        time.sleep(idle)
        times = {(b, code): [] for b in builds for code in ("1+1", "")}
        for _ in range(n):
            for code in ("1+1", ""):
                for b, k in kernels.items():
                    times[(b, code)].append(k.run(code)[0] * 1000)
        print(f"{ranks} rank(s), {n} cells each after {idle:g} s idle, taken in turn (median ms):")
        for code in ("1+1", ""):
            base, this = (statistics.median(times[(b, code)]) for b in ("base", "this"))
            print(f"  {code or 'empty':6} base {base:.2f}  this {this:.2f}  this / base {this / base:.2f}", flush=True)
    finally:
        for k in kernels.values():
            k.close()


if __name__ == "__main__":
    main()
