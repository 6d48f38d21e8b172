"""Ranks benchmark (not a test): what replication costs, measured in one run on this machine.

Prints kernel start-up to the first answered cell with 1 and 2 ranks, the round trip of a `1+1`
cell on 2 ranks beside 1 rank, then (bench/RanksBench.java) the data plane's bandwidth and
small-message round trip beside a plain TCP socket, and barrier and all-reduce latency.

Usage: scripts/build.sh && /usr/bin/python3 bench/ranks.py [--cells 200] [--starts 5] [--idle 20]
"""
import os
import pathlib
import statistics
import subprocess

import latency

ROOT = pathlib.Path(__file__).resolve().parents[1]
DIST = ROOT / "distribution" / "target" / "legate"


def main():
    a = latency.setup({"bench-1r": [], "bench-2r": ["--ranks-per-node", "2", "--cpus", "1"]})
    print(f"machine: {os.cpu_count()} cores; {a.starts} starts; median round trip over {a.cells} cells of `1+1` "
          f"after {a.idle:g} s idle, the two kernels' cells taken in turn")
    # start-ups each kernel alone; then both idle (every rank warms its compiler up), cells in turn
    one, two = latency.measure(["bench-1r", "bench-2r"], a.cells, a.starts, a.idle)
    (f1, r1, e1), (f2, r2, e2) = (one[1], one[3], one[4]), (two[1], two[3], two[4])
    print(f"start-up to the first answered cell: 1 rank {f1:.2f} s, 2 ranks {f2:.2f} s", flush=True)
    print(f"round trip of 1+1: 1 rank {r1:.2f} ms, 2 ranks {r2:.2f} ms, difference {r2 - r1:+.2f} ms", flush=True)
    print(f"round trip of an empty cell: 1 rank {e1:.2f} ms, 2 ranks {e2:.2f} ms, difference {e2 - e1:+.2f} ms", flush=True)
    subprocess.run(["java", "-cp", str(DIST / "lib" / "*"), "bench/RanksBench.java"], cwd=ROOT, check=True)


if __name__ == "__main__":
    main()
