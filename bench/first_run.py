"""First-run benchmark (not a test): what a notebook user feels in a fresh kernel, each figure beside
its baseline measured in the same run.

1. notebooks/02-cfd-channel-flow.ipynb's cells up to the result check, once, in a fresh kernel: from
   the first execute_request sent to the last idle received; against NumPy's same program
   (bench/cfd_numpy.py) as a fresh `python3` process, `import numpy` included. The loop cell alone
   against NumPy's loop alone.
2. notebooks/03-arrays-tour.ipynb's code cells, the same way, against bench/arrays_tour_numpy.py.
3. `1+1`, an empty cell and a 20-line class declaration on 1 and 2 ranks, right after start (the
   first cells) and after idle, beside ipykernel; start-up to the first answered cell.

Parts 1 and 2 run twice: with the cells sent as soon as the kernel is ready (Run All), and after
--reading seconds (a person opening the notebook; the kernel's warm-ups run while it is idle).
Medians over --runs fresh kernels (a kernel is never reused between runs: a first run happens once).

Usage: scripts/build.sh && /usr/bin/python3 bench/first_run.py [--runs 3] [--idle 20] [--reading 10] [--only cfd,tour,cells]
       [--jvm=-XX:... (added to kernel.json)] [--java-home JDK]
"""
import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

from jupyter_client.manager import KernelManager

ROOT = pathlib.Path(__file__).resolve().parents[1]
DIST = ROOT / "distribution" / "target" / "legate"
PYTHON = "/usr/bin/python3"

JAVA_CLASS = "\n".join([
    "class Particle {",
    "    double x, y, vx, vy;",
    "    Particle(double x, double y) {",
    "        this.x = x;",
    "        this.y = y;",
    "    }",
    "    void push(double fx, double fy, double dt) {",
    "        vx += fx * dt;",
    "        vy += fy * dt;",
    "        x += vx * dt;",
    "        y += vy * dt;",
    "    }",
    "    double energy() {",
    "        return 0.5 * (vx * vx + vy * vy);",
    "    }",
    "    @Override",
    "    public String toString() {",
    "        return \"Particle(\" + x + \", \" + y + \")\";",
    "    }",
    "}"])
PYTHON_CLASS = "\n".join([
    "class Particle:",
    "    def __init__(self, x, y):",
    "        self.x = x",
    "        self.y = y",
    "        self.vx = 0.0",
    "        self.vy = 0.0",
    "",
    "    def push(self, fx, fy, dt):",
    "        self.vx += fx * dt",
    "        self.vy += fy * dt",
    "        self.x += self.vx * dt",
    "        self.y += self.vy * dt",
    "",
    "    def energy(self):",
    "        return 0.5 * (self.vx * self.vx + self.vy * self.vy)",
    "",
    "    def __repr__(self):",
    "        return f'Particle({self.x}, {self.y})'",
    "",
    "    pass"])


class Kernel:
    """A fresh kernel, started and waited for as a notebook front end does."""

    def __init__(self, name):
        self.t0 = time.perf_counter()
        self.km = KernelManager(kernel_name=name)
        self.km.start_kernel()
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=120)
        self.ready = time.perf_counter() - self.t0

    def run(self, code, timeout=600):
        """(seconds from execute_request sent to idle received, status, text printed)."""
        t = time.perf_counter()
        msg_id = self.kc.execute(code, store_history=True)
        status, text = None, []
        while True:
            m = self.kc.get_iopub_msg(timeout=timeout)
            if m["parent_header"].get("msg_id") != msg_id:
                continue
            if m["msg_type"] == "stream":
                text.append(m["content"]["text"])
            elif m["msg_type"] == "error":
                text.append(m["content"]["ename"] + ": " + m["content"]["evalue"])
            elif m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                break
        while status is None:
            r = self.kc.get_shell_msg(timeout=timeout)
            if r["parent_header"].get("msg_id") == msg_id:
                status = r["content"]["status"]
        return time.perf_counter() - t, status, "".join(text)

    def close(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)


def code_cells(notebook, upto=None):
    nb = json.loads((ROOT / "notebooks" / notebook).read_text())
    cells = [c for c in nb["cells"] if c["cell_type"] == "code"]
    sources = ["".join(c["source"]) for c in cells]
    return sources[:upto] if upto else sources


def numpy_fresh(script):
    """(wall seconds of a fresh python3 running it, its output)."""
    t = time.perf_counter()
    p = subprocess.run([PYTHON, str(ROOT / "bench" / script)], capture_output=True, text=True, check=True)
    return time.perf_counter() - t, p.stdout


def ratio_line(name, ours, base, unit="s", scale=1.0, target=None):
    t = f"   (target {target})" if target else ""
    print(f"  {name:58}{ours * scale:10.3f}{base * scale:10.3f} {unit:3}{ours / base:8.2f}{t}", flush=True)


def cfd(kernel, runs, idle_before=0.0):
    cells = code_cells("02-cfd-channel-flow.ipynb", upto=4)  # definitions, functions, the loop, the result check
    loop_index = next(i for i, c in enumerate(cells) if "while (udiff" in c)
    totals, loops, per_cell = [], [], []
    np_totals, np_loops = [], []
    for _ in range(runs):
        k = Kernel(kernel)
        time.sleep(idle_before)
        try:
            times = []
            for c in cells:
                dt, status, text = k.run(c)
                if status != "ok":
                    sys.exit(f"first_run: a CFD cell failed in {kernel}: {text}")
                times.append(dt)
            totals.append(sum(times))
            loops.append(times[loop_index])
            per_cell.append(times)
        finally:
            k.close()
        wall, out = numpy_fresh("cfd_numpy.py")
        np_totals.append(wall)
        np_loops.append(float(next(line.split()[1] for line in out.splitlines() if line.startswith("loop "))))
    when = f"{idle_before:g} s after the kernel is ready (a person opening the notebook)" if idle_before else "as soon as the kernel is ready (Run All)"
    print(f"CFD notebook (02), cells up to the result check, once in a fresh kernel '{kernel}', {when} ({runs} runs):")
    print(f"  {'':58}{'legate':>10}{'NumPy':>10}{'':4}{'ratio':>8}")
    ratio_line("all cells: first request -> last idle / fresh python3", statistics.median(totals), statistics.median(np_totals),
               target="<= 1.5, goal 1.0")
    ratio_line("the loop cell / NumPy's loop", statistics.median(loops), statistics.median(np_loops), target="<= 1.0")
    med = [statistics.median(t[i] for t in per_cell) for i in range(len(cells))]
    print("  per cell (s): " + ", ".join(f"[{i + 1}] {m:.3f}" for i, m in enumerate(med)), flush=True)


def tour(kernel, runs, idle_before=0.0):
    cells = code_cells("03-arrays-tour.ipynb")
    totals, np_totals, per_cell = [], [], []
    for _ in range(runs):
        k = Kernel(kernel)
        time.sleep(idle_before)
        try:
            times = [k.run(c)[0] for c in cells]
        finally:
            k.close()
        totals.append(sum(times))
        per_cell.append(times)
        np_totals.append(numpy_fresh("arrays_tour_numpy.py")[0])
    when = f", {idle_before:g} s after it is ready" if idle_before else ", as soon as it is ready"
    print(f"arrays tour (03), its {len(cells)} code cells once in a fresh kernel '{kernel}'{when} ({runs} runs):")
    ratio_line("all cells: first request -> last idle / fresh python3", statistics.median(totals), statistics.median(np_totals))
    med = [statistics.median(t[i] for t in per_cell) for i in range(len(cells))]
    slowest = sorted(range(len(cells)), key=lambda i: -med[i])[:5]
    print("  slowest cells (s): " + ", ".join(f"[{i + 1}] {med[i]:.3f}" for i in slowest), flush=True)


def small_cells(kernels, runs, idle, n=10):
    """Per kernel: start-up to the first answered cell; medians of 1+1, empty, class right after start and after idle."""
    out = {}
    for name in kernels:
        java = name != "python3"
        first, at_once, after = [], {}, {}
        for _ in range(runs):
            k = Kernel(name)
            try:
                k.run("1+1")
                first.append(time.perf_counter() - k.t0)
                for when, store in (("at once", at_once), ("after idle", after)):
                    if when == "after idle":
                        time.sleep(idle)
                    for _ in range(n):
                        for kind, code in (("1+1", "1+1"), ("empty", ""), ("class", JAVA_CLASS if java else PYTHON_CLASS)):
                            store.setdefault(kind, []).append(k.run(code)[0] * 1000)
            finally:
                k.close()
        out[name] = (statistics.median(first), {k: statistics.median(v) for k, v in at_once.items()},
                     {k: statistics.median(v) for k, v in after.items()})
    return out


def cells_report(r, one, two, py, idle):
    print(f"small cells (median of the first 10 after the first answered cell, and of 10 after {idle:g} s idle), in ms:")
    print(f"  {'':34}{'1 rank':>10}{'2 ranks':>10}{'ipykernel':>10}{'1r/ipyk':>9}{'2r-1r':>9}")
    for when, i in (("right after start", 1), ("after idle", 2)):
        for kind in ("1+1", "empty", "class"):
            a, b, c = r[one][i][kind], r[two][i][kind], r[py][i][kind]
            print(f"  {kind + ', ' + when:34}{a:10.2f}{b:10.2f}{c:10.2f}{a / c:9.2f}{b - a:+9.2f}")
    print("  targets: 1+1 on 2 ranks <= 1 rank + 3 ms; 1+1 right after start <= 3x ipykernel, after idle <= 2x")
    print(f"start-up to the first answered cell (s): 1 rank {r[one][0]:.2f}, 2 ranks {r[two][0]:.2f} (target <= 2), "
          f"ipykernel {r[py][0]:.2f}", flush=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--idle", type=float, default=20)
    p.add_argument("--only", default="cfd,tour,cells")
    p.add_argument("--reading", type=float, default=10,
                   help="seconds a person takes before the first cell, for the notebooks' second measurement (0: skip it)")
    p.add_argument("--jvm", action="append", default=[], help="a JVM option added to the kernels' kernel.json (repeatable)")
    p.add_argument("--java-home", help="install the kernels on this JDK (legate-jupyter runs on it), e.g. /usr/lib/jvm/temurin-25-jdk-amd64")
    a = p.parse_args()
    if a.java_home:
        os.environ["JAVA_HOME"] = a.java_home
    os.environ["JUPYTER_DATA_DIR"] = tempfile.mkdtemp(prefix="legate-first-run-")
    specs = {"first-1r": [], "first-2r": ["--ranks-per-node", "2", "--cpus", "1"]}
    for name, options in specs.items():
        subprocess.run([str(DIST / "bin" / "legate-jupyter"), "--name", name, "--force", *options], check=True, stdout=subprocess.DEVNULL)
        if a.jvm:
            spec = pathlib.Path(os.environ["JUPYTER_DATA_DIR"]) / "kernels" / name / "kernel.json"
            k = json.loads(spec.read_text())
            k["argv"][1:1] = a.jvm
            spec.write_text(json.dumps(k))
    java = subprocess.run([os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else "java", "-version"],
                          capture_output=True, text=True).stderr.splitlines()[0]
    print(f"machine: {os.cpu_count()} cores; kernels on {java}{' ' + ' '.join(a.jvm) if a.jvm else ''}; medians of {a.runs} fresh kernels; NumPy {subprocess.run([PYTHON, '-c', 'import numpy; print(numpy.__version__)'], capture_output=True, text=True).stdout.strip()}", flush=True)
    only = a.only.split(",")
    for idle_before in [0.0] + ([a.reading] if a.reading > 0 else []):
        if "cfd" in only:
            cfd("first-1r", a.runs, idle_before)
        if "tour" in only:
            tour("first-1r", a.runs, idle_before)
    if "cells" in only:
        r = small_cells(["first-1r", "first-2r", "python3"], a.runs, a.idle)
        cells_report(r, "first-1r", "first-2r", "python3", a.idle)


if __name__ == "__main__":
    main()
