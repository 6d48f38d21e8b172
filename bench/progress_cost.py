"""What --show-progress costs (a benchmark, not a test). One JVM (`legate --cpus 2`, 1 rank) runs
the same workloads in turns with progress off, with the count a kernel installed with
`legate-jupyter --show-progress` keeps (Progress.count), and with the driver's --show-progress
lines (Progress.lines, written to a file as a user's `2> progress.log`), so the JIT and the heap are
the same for all three. Workloads: CFD Step 12 at 41^2 to convergence (about 109,000 small
operations a run: the per-operation cost) and a*b+c on 10^7 float64 (one large operation).
Figures: medians over the rounds after the first; ms; ratios against off in the same run.

Usage: scripts/build.sh && /usr/bin/python3 bench/progress_cost.py [ROUNDS]
"""
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[1]
LEGATE = ROOT / "distribution" / "target" / "legate" / "bin" / "legate"

SCRIPT = """
var rt = legate.runtime.task.ArrayRuntime.current();
var log = new java.io.PrintStream(new java.io.FileOutputStream("progress.log"), false);
var a = np.random(2).rand(10_000_000); var b = np.random(3).rand(10_000_000); var c = np.random(4).rand(10_000_000);
void measure(String mode) {
    double[] x = cfd(41, 0);
    System.out.printf(java.util.Locale.ROOT, "%s cfd41 %.3f%n", mode, x[1] * 1000);
    for (int r = 0; r < 3; r++) {
        long t0 = System.nanoTime();
        a.mul(b).add(c).item(0);
        System.out.printf(java.util.Locale.ROOT, "%s elementwise %.3f%n", mode, (System.nanoTime() - t0) / 1e6);
    }
}
for (int round = 0; round < Integer.parseInt(args[0]); round++) {
    measure("off");
    legate.runtime.profile.Progress.count(rt, true);
    measure("count");
    legate.runtime.profile.Progress.count(rt, false);
    legate.runtime.profile.Progress.lines(rt, log);
    measure("lines");
    legate.runtime.profile.Progress.lines(rt, null);
}
"""


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    with tempfile.TemporaryDirectory() as cwd:
        path = pathlib.Path(cwd) / "progress_cost.jsh"
        path.write_text((ROOT / "bench" / "arrays" / "cfd.jsh").read_text() + SCRIPT)
        p = subprocess.run([str(LEGATE), "--cpus", "2", str(path), str(rounds + 1)], capture_output=True, text=True, cwd=cwd,
                           timeout=3600)
        if p.returncode:
            raise SystemExit(p.stderr[-3000:])
        logged = sum(1 for _ in open(pathlib.Path(cwd) / "progress.log"))
    times = {}
    for line in p.stdout.splitlines():
        mode, w, ms = line.split()
        times.setdefault((mode, w), []).append(float(ms))
    print(f"machine: {os.cpu_count()} cores; 1 rank, --cpus 2; one JVM, modes in turns; medians of {rounds} rounds after the first; ms")
    print(f"progress lines written: {logged}")
    print(f"{'workload':32}{'off':>10}{'count':>10}{'lines':>10}{'count/off':>11}{'lines/off':>11}")
    for w, label in [("cfd41", "CFD Step 12, 41^2 (~109k ops)"), ("elementwise", "a*b+c, 10^7 float64")]:
        skip = 1 if w == "cfd41" else 3
        m = [statistics.median(times[(mode, w)][skip:]) for mode in ("off", "count", "lines")]
        print(f"{label:32}{m[0]:10.2f}{m[1]:10.2f}{m[2]:10.2f}{m[1] / m[0]:11.3f}{m[2] / m[0]:11.3f}")


if __name__ == "__main__":
    main()
