"""Latency benchmark (not a test): the Legate Java kernel beside ipykernel, measured in the same run.

Prints, for each kernel: start-up to the first kernel_info reply, start-up to the first result,
and the median round trip of `1+1` over N cells (execute_request sent -> idle received); then
JShell's own in-process eval time for the same snippet and the kernel's overhead over it.

Usage: scripts/build.sh && /usr/bin/python3 bench/latency.py [--cells 200] [--starts 5]
"""
import argparse
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
    while True:
        m = kc.get_iopub_msg(timeout=timeout)
        if (m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "status"
                and m["content"]["execution_state"] == "idle"):
            return


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


def round_trips(kc, n, code="1+1"):
    out = []
    for _ in range(n):
        t = time.perf_counter()
        msg_id = kc.execute(code)
        wait_reply(kc, msg_id)
        wait_idle(kc, msg_id)
        out.append((time.perf_counter() - t) * 1000)
    return out


def measure(kernel_name, cells, starts):
    infos, results = [], []
    km = kc = None
    for i in range(starts):
        km, kc, t_info, t_result = start(kernel_name)
        infos.append(t_info)
        results.append(t_result)
        if i < starts - 1:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
    round_trips(kc, 20)  # warm-up
    rt = round_trips(kc, cells)
    empty = round_trips(kc, cells, code="")
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    return statistics.median(infos), statistics.median(results), statistics.median(rt), statistics.median(empty)


def jshell_eval_ms(cells):
    """(bare, configured like the kernel) median in-process eval of 1+1, in ms."""
    out = subprocess.run(["java", "-cp", str(DIST / "lib" / "*"), str(ROOT / "bench" / "JShellEvalBench.java"),
                          "1+1", str(cells)], capture_output=True, text=True, check=True).stdout.split()
    return float(out[1]), float(out[3])


def setup(specs):
    """Command-line options, and kernelspecs (name: legate-jupyter options) in a fresh Jupyter data dir."""
    p = argparse.ArgumentParser()
    p.add_argument("--cells", type=int, default=200)
    p.add_argument("--starts", type=int, default=5)
    a = p.parse_args()
    os.environ["JUPYTER_DATA_DIR"] = tempfile.mkdtemp(prefix="legate-bench-")
    for name, options in specs.items():
        subprocess.run([str(DIST / "bin" / "legate-jupyter"), "--name", name, "--force", *options],
                       check=True, stdout=subprocess.DEVNULL)
    return a


def main():
    a = setup({"legate-bench": []})
    print(f"machine: {os.cpu_count()} cores; {a.starts} starts, median round trip over {a.cells} cells of `1+1`")
    java = measure("legate-bench", a.cells, a.starts)
    py = measure("python3", a.cells, a.starts)
    js = jshell_eval_ms(a.cells)
    print(f"{'':28}{'legate-java':>14}{'ipykernel':>12}{'ratio':>8}")
    rows = [("start-up to kernel_info (s)", java[0], py[0]), ("start-up to first result (s)", java[1], py[1]),
            ("round trip 1+1 (ms)", java[2], py[2]), ("round trip, empty cell (ms)", java[3], py[3])]
    for name, j, q in rows:
        print(f"{name:28}{j:14.3f}{q:12.3f}{j / q:8.2f}")
    bare, configured = js
    print(f"JShell's own eval of 1+1 in-process, bare (ms):                          {bare:.3f}")
    print(f"JShell's own eval of 1+1 in-process, kernel's imports and classpath (ms): {configured:.3f}")
    print(f"kernel overhead = round trip - JShell eval (ms): {java[2] - bare:.3f} over bare, "
          f"{java[2] - configured:.3f} over configured")
    print("(the empty-cell round trip is protocol + ZeroMQ + the Python client, with nothing to evaluate)")


if __name__ == "__main__":
    main()
