"""What the profiler costs (a benchmark, not a test): the same workloads on three set-ups, in turns,
in one run: a build from before the profiler existed (its driver given as the first argument), this
build with profiling off, and this build with --profile. Workloads: bench/arrays.py's a*b+c on 10^7,
5-point stencil on 4096^2, sum of 10^7 and CFD Step 12 at 41^2 (1 rank, --cpus 2), and
examples/black_scholes.jsh at its default size (10,000 options, ~40 small operations a run: the
per-operation cost). Figures: medians after warm-up over the rounds; ratios against the baseline.

Usage: git worktree add /tmp/base <commit before the profiler> && (cd /tmp/base && scripts/build.sh)
       scripts/build.sh && /usr/bin/python3 bench/profile_cost.py /tmp/base/distribution/target/legate/bin/legate [ROUNDS]
"""
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import arrays  # noqa: E402

OURS = ROOT / "distribution" / "target" / "legate" / "bin" / "legate"


def black_scholes(driver, extra, cwd):
    p = subprocess.run([str(driver), "--cpus", "2", *extra, str(ROOT / "examples" / "black_scholes.jsh"), "-b", "30"],
                       capture_output=True, text=True, timeout=600, cwd=cwd)
    if p.returncode:
        raise SystemExit(p.stderr[-2000:])
    ms = [float(line.split()[2]) for line in p.stdout.splitlines() if line.startswith("Elapsed Time:")]
    return ms[5:]  # after the JIT's first runs


def main():
    base = pathlib.Path(sys.argv[1])
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    setups = [("before the profiler", base, []), ("profiling off", OURS, []), ("--profile", OURS, ["--profile"])]
    results = {name: {} for name, _, _ in setups}
    with tempfile.TemporaryDirectory() as cwd:
        os.chdir(cwd)  # --profile writes legate_prof/ here
        for r in range(rounds):
            for name, driver, extra in setups:
                arrays.LEGATE = driver
                times = arrays.legate(["--cpus", "2", *extra], "basic")
                times.update(arrays.legate(["--cpus", "2", *extra], "cfd41"))
                for w in ["elementwise", "stencil", "sum", "cfd41"]:
                    results[name].setdefault(w, []).append(arrays.settled(times[w]))
                results[name].setdefault("black_scholes", []).append(statistics.median(black_scholes(driver, extra, cwd)))
                print(f"round {r + 1} {name}: " + ", ".join(f"{w} {v[-1]:.2f}" for w, v in results[name].items()), flush=True)
    print(f"machine: {os.cpu_count()} cores; 1 rank, --cpus 2; medians of {rounds} rounds (each the median after warm-up); ms")
    print(f"{'workload':34}" + "".join(f"{n:>22}" for n, _, _ in setups) + f"{'off/before':>12}{'on/before':>12}")
    for w, label in [("elementwise", "a*b+c, 10^7 float64"), ("stencil", "5-point stencil, 4096^2"), ("sum", "sum(), 10^7"),
                     ("cfd41", "CFD Step 12, 41^2"), ("black_scholes", "black_scholes, 10^4 (40 small ops)")]:
        m = [statistics.median(results[n][w]) for n, _, _ in setups]
        print(f"{label:34}" + "".join(f"{v:22.2f}" for v in m) + f"{m[1] / m[0]:12.3f}{m[2] / m[0]:12.3f}", flush=True)


if __name__ == "__main__":
    main()
