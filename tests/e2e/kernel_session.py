"""A small driver over jupyter_client for the end-to-end tests: start a kernel from an
installed kernelspec, run cells, and collect what arrives on each channel."""
import os
import random
import socket
import subprocess
import sys
import time
from queue import Empty

from jupyter_client.manager import KernelManager

TIMEOUT = 30

# Below Linux's ephemeral range and the ranks' rendezvous ports (20000-31999): jupyter_client
# chooses a kernel's ports free and lets them go, and any process that binds port 0 (a starting
# rank, mpirun) could take one before the kernel listens. Nothing is given a port from here.
QUIET_PORTS = range(10000, 20000)


def quiet_ports(n=5):
    """`n` ports free now from QUIET_PORTS, for a kernel's connection file."""
    low = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
    assert QUIET_PORTS.stop <= low, f"the ephemeral range starts at {low}: QUIET_PORTS overlaps it"
    chosen = []
    while len(chosen) < n:
        p = random.choice(QUIET_PORTS)
        if p in chosen:
            continue
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", p))
            except OSError:
                continue
        chosen.append(p)
    return chosen


class KernelSession:
    def __init__(self, kernel_name, env=None, stderr=None, stdout=None):
        """`env`: variables to add to the kernel's environment (the ranks it starts inherit them);
        `stderr`, `stdout`: files for the kernel's own streams (what Jupyter shows in its log)."""
        kwargs = {"env": {**os.environ, **env}} if env else {}
        if stderr is not None:
            kwargs["stderr"] = stderr
        if stdout is not None:
            kwargs["stdout"] = stdout
        self.km = KernelManager(kernel_name=kernel_name, cache_ports=False)  # else it chooses its own ports
        self.km.shell_port, self.km.iopub_port, self.km.stdin_port, self.km.hb_port, self.km.control_port = quiet_ports()
        self.km.start_kernel(**kwargs)
        self.kc = self.km.client()
        self.kc.start_channels()
        try:
            self.kc.wait_for_ready(timeout=60)
        except RuntimeError:
            self.kc.stop_channels()
            self.km.shutdown_kernel()
            raise

    def close(self):
        self.kc.stop_channels()
        if self.km.is_alive():
            self.km.shutdown_kernel(now=False)

    def pid(self):
        return self.km.provisioner.process.pid

    def collect(self, msg_id, timeout=TIMEOUT):
        """IOPub messages for one request, up to its idle status, each with its arrival time."""
        out = []
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                m = self.kc.get_iopub_msg(timeout=max(0.05, deadline - time.time()))
            except Empty:
                break
            if m["parent_header"].get("msg_id") != msg_id:
                continue
            m["arrived"] = time.time()
            if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                return out
            out.append(m)
        raise AssertionError(f"no idle status for {msg_id} within {timeout}s; got {[x['msg_type'] for x in out]}")

    def reply(self, msg_id, timeout=TIMEOUT):
        deadline = time.time() + timeout
        while True:
            try:
                m = self.kc.get_shell_msg(timeout=max(0.05, deadline - time.time()))
            except Empty:
                self.dump_threads()
                raise
            if m["parent_header"].get("msg_id") == msg_id:
                m["arrived"] = time.time()
                return m

    def start_cell(self, code, marker="started"):
        """Sends a cell that first prints `marker`; returns its msg_id once that arrived (the cell runs)."""
        msg_id = self.kc.execute(f'System.out.println("{marker}");\n' + code)
        deadline = time.time() + 60
        while time.time() < deadline:
            m = self.kc.get_iopub_msg(timeout=max(0.05, deadline - time.time()))
            if (m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "stream"
                    and marker in m["content"]["text"]):
                time.sleep(0.2)  # into the code after the print
                return msg_id
        raise AssertionError(f"the cell never printed {marker!r}")

    def dump_threads(self):
        """On a timeout: the kernel's threads, so that a hang explains itself in the test log."""
        try:
            pid = self.pid()
            dump = subprocess.run(["jstack", str(pid)], capture_output=True, text=True, timeout=20).stdout
            print(f"--- no reply from kernel pid {pid}; its threads:\n{dump}", file=sys.stderr)
        except Exception as e:  # the dump is a diagnostic; the timeout is the failure
            print(f"--- no reply, and no thread dump: {e}", file=sys.stderr)

    def execute(self, code, timeout=TIMEOUT, **kw):
        """Runs a cell; returns (reply content, iopub outputs without status/execute_input)."""
        msg_id = self.kc.execute(code, **kw)
        reply = self.reply(msg_id, timeout)
        outputs = [m for m in self.collect(msg_id, timeout) if m["msg_type"] not in ("status", "execute_input")]
        return reply["content"], outputs

    @staticmethod
    def stdout(outputs, name="stdout"):
        return "".join(m["content"]["text"] for m in outputs if m["msg_type"] == "stream" and m["content"]["name"] == name)

    @staticmethod
    def result(outputs):
        found = [m["content"]["data"] for m in outputs if m["msg_type"] == "execute_result"]
        return found[0] if found else None


def alive(pid):
    """Whether a process runs (a zombie does not)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split()[2] != "Z"
    except FileNotFoundError:
        return False


def children_of(pid):
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def wait_gone(pids, seconds):
    """Waits up to `seconds` for every pid to end; returns those still running."""
    deadline = time.time() + seconds
    while time.time() < deadline and any(alive(p) for p in pids):
        time.sleep(0.1)
    return [p for p in pids if alive(p)]
