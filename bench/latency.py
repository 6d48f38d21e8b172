"""Latency benchmark (not a test): the Legate Java kernel beside ipykernel, measured in the same run.

Prints, for each kernel: start-up to the first kernel_info reply, start-up to the first result,
and the median round trip of `1+1` over N cells (execute_request sent -> idle received), at once
after start-up and after the kernel was left idle for a while (as a user reading and typing leaves
it: the Java kernel warms its compiler up meanwhile); that round trip split into evaluation, kernel
overhead and client by the kernel's own header dates; then JShell's own eval time for the same
snippet in another JVM, as warm as the kernel's, and how much slower the evaluation is inside the
kernel (whose second core the client and the kernel's I/O threads share).

Usage: scripts/build.sh && /usr/bin/python3 bench/latency.py [--cells 200] [--starts 5] [--idle 20]
"""
import argparse
import datetime
import os
import pathlib
import statistics
import subprocess
import tempfile
import time

from jupyter_client.manager import KernelManager

ROOT = pathlib.Path(__file__).resolve().parents[1]
DIST = ROOT / "distribution" / "target" / "legate"


def wait_reply(kc, msg_id, timeout=60):
    while True:
        m = kc.get_shell_msg(timeout=timeout)
        if m["parent_header"].get("msg_id") == msg_id:
            return m


def wait_idle(kc, msg_id, timeout=60):
    """Waits for the request's idle status; returns the kernel's header dates by message type."""
    dates = {}
    while True:
        m = kc.get_iopub_msg(timeout=timeout)
        if m["parent_header"].get("msg_id") != msg_id:
            continue
        dates[m["msg_type"]] = m["header"]["date"]  # the last status: idle
        if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
            return dates


def start(kernel_name):
    """Start-up: (kernel_info reply, first 1+1 result) in seconds, with the kernel left running."""
    km = KernelManager(kernel_name=kernel_name)
    t0 = time.perf_counter()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    info = None
    while info is None:  # as clients do: ask until the kernel answers
        msg_id = kc.kernel_info()
        try:
            info = wait_reply(kc, msg_id, timeout=0.25)
        except Exception:
            pass
    t_info = time.perf_counter() - t0
    kc.wait_for_ready(timeout=60)  # as clients do: also wait until IOPub is connected
    msg_id = kc.execute("1+1")
    wait_reply(kc, msg_id)
    wait_idle(kc, msg_id)
    t_result = time.perf_counter() - t0
    return km, kc, t_info, t_result


def round_trips(kc, n, code="1+1", parts=None):
    """Round trips in ms (execute_request sent -> idle received). With a dict as `parts`, also,
    per cell, from the kernel's own header dates (same machine, same clock):
    'evaluation': execute_input -> execute_result, the kernel evaluating the cell;
    'kernel': request sent -> idle stamped, minus the evaluation: the kernel's own overhead
    (receiving, decoding, signing, publishing), with the client's send;
    'client': idle stamped -> idle and reply received: the client's share."""
    out = []
    for _ in range(n):
        sent = datetime.datetime.now(datetime.timezone.utc)
        t = time.perf_counter()
        msg_id = kc.execute(code)
        wait_reply(kc, msg_id)
        dates = wait_idle(kc, msg_id)
        out.append((time.perf_counter() - t) * 1000)
        if parts is not None:
            evaluation = (dates["execute_result"] - dates["execute_input"]).total_seconds() * 1000
            to_idle = (dates["status"] - sent).total_seconds() * 1000
            parts.setdefault("evaluation", []).append(evaluation)
            parts.setdefault("kernel", []).append(to_idle - evaluation)
            parts.setdefault("client", []).append(out[-1] - to_idle)
    return out


def start_ups(kernel_name, starts, keep=True):
    """Median start-up to kernel_info and to the first result; with `keep`, the last kernel is left running."""
    infos, results = [], []
    km = kc = None
    for i in range(starts):
        km, kc, t_info, t_result = start(kernel_name)
        infos.append(t_info)
        results.append(t_result)
        if i < starts - 1 or not keep:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
    return km, kc, statistics.median(infos), statistics.median(results)


def interleaved(clients, cells, code="1+1", parts=None):
    """Median round trips per client, their cells taken in turn, so that every kernel sees the same
    machine (this one's speed drifts by tens of percent within minutes)."""
    times = [[] for _ in clients]
    for _ in range(cells):
        for i, kc in enumerate(clients):
            times[i] += round_trips(kc, 1, code, None if parts is None else parts[i])
    return [statistics.median(t) for t in times]


def measure(kernels, cells, starts, idle):
    """Per kernel: kernel_info and first-result start-up, round trips at once and after idle, the
    empty cell, and the parts of the round trip after idle."""
    times = [start_ups(k, starts, keep=False) for k in kernels]  # each alone on the machine
    started = [start_ups(k, 1) for k in kernels]
    clients = [s[1] for s in started]
    first = interleaved(clients, cells)  # at once after start-up
    time.sleep(idle)  # a user reads, types: the kernels are idle
    interleaved(clients, 20)  # warm-up
    parts = [{} for _ in kernels]
    rt = interleaved(clients, cells, parts=parts)
    empty = interleaved(clients, cells, code="")
    for km, kc, _, _ in started:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return [(times[i][2], times[i][3], first[i], rt[i], empty[i],
             *(statistics.median(parts[i][k]) for k in ("evaluation", "kernel", "client")))
            for i, s in enumerate(started)]


def jshell_eval_ms(cells, warm_up):
    """(bare, configured like the kernel) median in-process eval of 1+1, in ms, after as many
    evaluations as the kernel had done before its measured cells."""
    out = subprocess.run(["java", "-cp", str(DIST / "lib" / "*"), str(ROOT / "bench" / "JShellEvalBench.java"),
                          "1+1", str(cells), str(warm_up)], capture_output=True, text=True, check=True).stdout.split()
    return float(out[1]), float(out[3])


def setup(specs):
    """Command-line options, and kernelspecs (name: legate-jupyter options) in a fresh Jupyter data dir."""
    p = argparse.ArgumentParser()
    p.add_argument("--cells", type=int, default=200)
    p.add_argument("--starts", type=int, default=5)
    p.add_argument("--idle", type=float, default=20,
                   help="seconds the kernel is left idle after its first cells, before the measured ones")
    a = p.parse_args()
    os.environ["JUPYTER_DATA_DIR"] = tempfile.mkdtemp(prefix="legate-bench-")
    for name, options in specs.items():
        subprocess.run([str(DIST / "bin" / "legate-jupyter"), "--name", name, "--force", *options],
                       check=True, stdout=subprocess.DEVNULL)
    return a


def main():
    a = setup({"legate-bench": []})
    print(f"machine: {os.cpu_count()} cores; {a.starts} starts; median round trip over {a.cells} cells of `1+1`, "
          f"at once after start-up, then after {a.idle:g} s idle; the two kernels' cells taken in turn")
    java, py = measure(["legate-bench", "python3"], a.cells, a.starts, a.idle)
    bare, configured = jshell_eval_ms(a.cells, a.cells + 21)
    print(f"{'':36}{'legate-java':>12}{'ipykernel':>12}{'ratio':>8}")
    rows = [("start-up to kernel_info (s)", java[0], py[0]), ("start-up to first result (s)", java[1], py[1]),
            ("round trip 1+1, at once (ms)", java[2], py[2]), (f"round trip 1+1, after idle (ms)", java[3], py[3]),
            ("round trip, empty cell (ms)", java[4], py[4]),
            ("  of which evaluation (ms)", java[5], py[5]), ("  of which kernel overhead (ms)", java[6], py[6]),
            ("  of which client (ms)", java[7], py[7])]
    for name, j, q in rows:
        print(f"{name:36}{j:12.3f}{q:12.3f}{j / q:8.2f}")
    print(f"JShell's own eval of 1+1 in another JVM as warm, bare (ms):                  {bare:.3f}")
    print(f"JShell's own eval of 1+1 in another JVM as warm, kernel's imports (ms):      {configured:.3f}")
    print(f"kernel overhead (target < 1 ms) = request sent -> idle stamped, minus the evaluation (ms): {java[6]:.3f}")
    print(f"the evaluation inside the kernel minus JShell's alone, as warm, with the kernel's imports (ms): "
          f"{java[5] - configured:.3f}")
    print("(from the kernel's header dates: evaluation = execute_input -> execute_result; kernel overhead = request")
    print(" sent -> idle stamped, minus the evaluation; client = idle stamped -> reply and idle received. The")
    print(" empty-cell round trip is protocol + ZeroMQ + the Python client, with nothing to evaluate)")


if __name__ == "__main__":
    main()
