"""Start-up A/B (not a test): the first answered cell of fresh kernels from two builds, taken in turn.

A kernel's start-up is what changes most between two runs of this noisy machine, so a change to it
is measured against the build before it in the same run: both are installed as kernelspecs (each
with its own class-data archive, as legate-jupyter makes it), then fresh kernels of each are
started in turn, and each is timed from start_kernel to the idle after its first `1+1`.

Usage: (git worktree add /tmp/base REV && cd /tmp/base && scripts/build.sh)
       /usr/bin/python3 bench/start_ab.py --base /tmp/base/distribution/target/legate [--runs 8] [--ranks 1,2]
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


if __name__ == "__main__":
    main()
