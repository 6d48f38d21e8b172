"""Array benchmark (not a test): legate.numpy beside NumPy, both measured in this run on this machine.

Workloads (bench/arrays/workloads.jsh, run with the `legate` driver; NumPy in this process):
element-wise a*b+c on 10^7 float64; a 5-point stencil sweep on 4096x4096; sum() of 10^7; CFD Step 12
at 41x41 to convergence and at 1024x1024 for 50 steps (1 rank, --cpus 2); weak scaling of the
stencil: 1 rank x 1 cpu on 2048x4096 against 2 ranks x 1 cpu on 4096x4096.
Figures are medians over the repetitions after the first two (JIT warm-up, heap growth). Weak
scaling runs with --sysmem 1000 (a 2 GB heap, as kernel.json would give) and takes the median of
the second half of 60 sweeps: two JVMs compiling on two cores take about 20 sweeps to settle, and
each sweep's new 64 MB buffer lands in heap memory touched for the first time until the collector
has gone round the heap once, which on this VM costs ~35 ms per 64 MB.

Usage: scripts/build.sh && /usr/bin/python3 bench/arrays.py [weak|functions]   (only the weak-scaling part, or only the\nelement-wise functions: exp, log, sin, tanh, pow, randn, whose StrictMath makes every host give the same bits)
"""
import os
import pathlib
import statistics
import subprocess
import sys
import time

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[1]
# LEGATE_DRIVER: another build's driver (bench/profile_cost.py compares builds in one run)
LEGATE = pathlib.Path(os.environ.get("LEGATE_DRIVER", ROOT / "distribution" / "target" / "legate" / "bin" / "legate"))
HERE = pathlib.Path(__file__).resolve().parent / "arrays"
# the NumPy reference of CFD Step 12 lies beside the checkout (../shared/reference), or where this names
REFERENCE = pathlib.Path(os.environ.get("LEGATE_REFERENCE_DIR", ROOT.parent / "shared" / "reference"))


def legate(options, which, copies=1):
    """Runs a workload (in `copies` independent processes at once); returns {name: [ms per repetition]} of the first."""
    script = (HERE / "cfd.jsh").read_text() + "\n" + (HERE / "workloads.jsh").read_text()
    path = HERE / ".run.jsh"
    path.write_text(script)
    try:
        runs = [subprocess.Popen([str(LEGATE), *options, str(path), which], stdout=subprocess.PIPE, text=True) for _ in range(copies)]
        outs = [r.communicate(timeout=1800)[0] for r in runs]
        if any(r.returncode for r in runs):
            raise SystemExit(f"legate {' '.join(options)} {which} failed")
        out = outs[0]
    finally:
        path.unlink()
    times = {}
    for line in out.splitlines():
        name, ms, *rest = line.split()
        times.setdefault(name, []).append(float(ms))
        if name == "cfd41":
            times.setdefault("cfd41-check", []).append((int(rest[0]), float(rest[1])))
    return times


def settled(values):
    return statistics.median(values[2:] if len(values) > 3 else values)


def steady(values):
    """The median of the second half: steady state, once the JIT of every JVM has settled."""
    return statistics.median(values[len(values) // 2:])


def numpy_times():
    def rep(name, n, fn):
        out = []
        for _ in range(n):
            t = time.perf_counter()
            fn()
            out.append((time.perf_counter() - t) * 1000)
        times[name] = out

    times = {}
    a, b, c = (np.random.rand(10_000_000) for _ in range(3))
    rep("elementwise", 20, lambda: a * b + c)
    rep("sum", 30, a.sum)
    del a, b, c
    u = np.random.rand(4096, 4096)

    def sweep(u=u):
        u[1:-1, 1:-1] = (u[2:, 1:-1] + u[:-2, 1:-1] + u[1:-1, 2:] + u[1:-1, :-2]) * 0.25
    rep("stencil", 16, sweep)
    if not (REFERENCE / "cfd_step12_numpy.py").is_file():
        raise SystemExit(f"no {REFERENCE / 'cfd_step12_numpy.py'}: set LEGATE_REFERENCE_DIR to the folder that holds it")
    sys.path.insert(0, str(REFERENCE))
    import cfd_step12_numpy as cfd
    rep("cfd41", 4, cfd.run)
    cfd.run(nx=1024, ny=1024, fixed_steps=2)
    rep("cfd1024", 2, lambda: cfd.run(nx=1024, ny=1024, fixed_steps=50))
    return times


def main():
    print(f"machine: {os.cpu_count()} cores; medians after warm-up; ms", flush=True)
    if sys.argv[1:] == ["functions"]:
        functions()
        return
    if sys.argv[1:] != ["weak"]:
        against_numpy()
        functions()
    weak_scaling()


def functions():
    """Element-wise functions, computed with StrictMath so that every host gives the same bits, beside NumPy,
    and the cost of StrictMath itself: one plain Java loop with Math (CPU-dependent intrinsics) and with StrictMath."""
    ours = legate(["--cpus", "2"], "functions")
    a = np.random.rand(10_000_000) * 2.0 + 0.5
    theirs = {}
    for name, fn in [("exp", lambda: np.exp(a)), ("log", lambda: np.log(a)), ("sin", lambda: np.sin(a)),
                     ("tanh", lambda: np.tanh(a)), ("pow", lambda: a ** 1.5),
                     ("randn", lambda: np.random.default_rng(1).standard_normal(10_000_000))]:
        out = []
        for _ in range(8):
            t = time.perf_counter()
            fn()
            out.append((time.perf_counter() - t) * 1000)
        theirs[name] = out
    print(f"{'10^7 float64 (1 rank, --cpus 2)':34}{'legate.numpy':>14}{'NumPy':>10}{'ratio':>8}")
    for name in ["exp", "log", "sin", "tanh", "pow", "randn"]:
        j, n = settled(ours[name]), settled(theirs[name])
        print(f"{name:34}{j:14.2f}{n:10.2f}{j / n:8.2f}", flush=True)
    for f in ["exp", "sin", "pow"]:
        m, s = settled(ours[f"loop-Math.{f}"]), settled(ours[f"loop-StrictMath.{f}"])
        print(f"plain Java loop, 1 thread, {f}: Math {m:.2f} ms, StrictMath {s:.2f} ms, StrictMath/Math {s / m:.2f}")


def against_numpy():
    two_cpus = ["--cpus", "2"]
    ours = legate(two_cpus, "basic")
    ours.update(legate(two_cpus, "cfd41"))
    ours.update(legate(two_cpus, "cfd1024"))
    theirs = numpy_times()
    print(f"{'workload (1 rank, --cpus 2)':34}{'legate.numpy':>14}{'NumPy':>10}{'ratio':>8}")
    for name, label in [("elementwise", "a*b+c, 10^7 float64"), ("stencil", "5-point stencil sweep, 4096^2"),
                        ("sum", "sum(), 10^7"), ("cfd41", "CFD Step 12, 41^2 to convergence"),
                        ("cfd1024", "CFD Step 12, 1024^2, 50 steps")]:
        j, n = settled(ours[name]), settled(theirs[name])
        print(f"{label:34}{j:14.2f}{n:10.2f}{j / n:8.2f}", flush=True)
    steps, max_u = ours["cfd41-check"][-1]
    print(f"CFD 41^2: {steps} steps, max u {max_u:.17g} (reference: 499, 3.4948961560287111)")


def weak_scaling():
    one_cpu = ["--cpus", "1", "--sysmem", "1000"]
    one = steady(legate(one_cpu, "weak-2048")["weak"])
    two = steady(legate([*one_cpu, "--ranks-per-node", "2"], "weak-2048")["weak"])
    apart = steady(legate(one_cpu, "weak-2048", copies=2)["weak"])
    print(f"weak scaling, stencil sweep: 1 rank x 1 cpu on 2048x4096 {one:.2f} ms, 2 ranks x 1 cpu on 4096x4096 "
          f"{two:.2f} ms, efficiency {one / two:.2f}")
    print(f"  ceiling of this machine: two independent 1-rank runs at once take {apart:.2f} ms each "
          f"(efficiency {one / apart:.2f} with no communication at all); the ranks reach {apart / two:.2f} of it")


if __name__ == "__main__":
    main()
