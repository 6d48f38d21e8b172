"""Runs inside emulated host h0 (its network namespace), where rank 0 and the Jupyter client
must be: drives one scenario against a kernel whose ranks span the emulated hosts, and prints
what it saw as one JSON object on its last line for the test (test_many_hosts.py) to check.

    python3 multihost_client.py SCENARIO KERNEL [ARG...]
"""
import json
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from kernel_session import KernelSession  # noqa: E402

# every rank's share of a split array, and results whose bits are compared with one rank's
ARRAYS = """
var u = np.random(7).rand(768, 512);
for (int s = 0; s < 5; s++) {
    u.set("1:-1, 1:-1", u.get("2:, 1:-1").add(u.get(":-2, 1:-1")).add(u.get("1:-1, 2:")).add(u.get("1:-1, :-2")).mul(0.25));
}
var w = np.exp(u.mul(3.0)).add(np.sin(u)).add(np.tanh(u.sub(0.5))).add(u.pow(1.5)).add(np.log(u.add(1.0)));
var g = np.random(11).randn(768, 512);
long held = legate.runtime.task.ArrayRuntime.current().memory().chargedBytes();
String.join(" ", Long.toHexString(Double.doubleToLongBits(u.sum())), Long.toHexString(Double.doubleToLongBits(w.sum())),
        Long.toHexString(Double.doubleToLongBits(g.sum())), Long.toHexString(Double.doubleToLongBits(w.get("100:101, 7:9").sum())),
        "least-held=" + (Ranks.allreduce(held, ReduceOp.MIN) > 0))
"""


def result_text(outputs):
    data = KernelSession.result(outputs)
    return data["text/plain"] if data else None


def basics(kernel, probe=None):
    """`probe`: a shell command run once every rank is up (what listens where), its output returned."""
    out = {}
    k = KernelSession(kernel)
    try:
        t = time.time()
        reply, outputs = k.execute("1 + 1", timeout=120)
        out["first_cell_s"] = time.time() - t
        out["first"] = result_text(outputs)
        if probe:
            out["probe"] = subprocess.run(probe, shell=True, capture_output=True, text=True, timeout=60).stdout
        reply, outputs = k.execute("%legate_info", timeout=60)
        out["legate_info"] = KernelSession.stdout(outputs)
        reply, outputs = k.execute("new String(Ranks.broadcast(legate.runtime.launch.RankEnvironment.hostName().getBytes(), ranks() - 1))")
        out["last_rank_host"] = result_text(outputs)
        # whether the last rank sees the kernelspec rank 0 was started from
        reply, outputs = k.execute('new String(Ranks.broadcast(String.valueOf(java.nio.file.Files.exists(java.nio.file.Path.of('
                                   'System.getProperty("legate.kernelspec")))).getBytes(), ranks() - 1))')
        out["last_rank_sees_kernelspec"] = result_text(outputs)
        reply, outputs = k.execute(ARRAYS, timeout=120)
        out["arrays"] = result_text(outputs) if reply["status"] == "ok" else reply
        # stdin read on rank 0 reaches every rank
        msg_id = k.kc.execute('String line = readLine("name? "); Ranks.allreduce(line.length(), ReduceOp.MIN) + "/" + '
                              'Ranks.allreduce(line.length(), ReduceOp.MAX)', allow_stdin=True)
        req = k.kc.get_stdin_msg(timeout=60)
        out["prompt"] = req["content"]["prompt"]
        k.kc.input("across hosts")
        k.reply(msg_id, 60)
        out["stdin"] = result_text(k.collect(msg_id))
        # an interrupt reaches every rank, also one waiting in a collective
        msg_id = k.start_cell("while (true) { Ranks.allreduce(1.0, ReduceOp.SUM); }")
        t = time.time()
        k.km.interrupt_kernel()
        reply = k.reply(msg_id, 60)
        out["interrupt"] = {"status": reply["content"]["status"], "ename": reply["content"].get("ename"), "s": time.time() - t}
        reply, outputs = k.execute("Ranks.allreduce(1.0, ReduceOp.SUM)", timeout=60)
        out["after_interrupt"] = result_text(outputs)
    finally:
        k.close()
    return out


def arrays(kernel):
    """The same array cell on any kernel (one rank, for the reference bits)."""
    k = KernelSession(kernel)
    try:
        reply, outputs = k.execute(ARRAYS, timeout=120)
        return {"arrays": result_text(outputs) if reply["status"] == "ok" else reply}
    finally:
        k.close()


STARTED = time.time()


def step(what):
    """Says on stderr how far a scenario got, so that a timeout shows where it stood."""
    print(f"[{time.time() - STARTED:6.1f} s] {what}", file=sys.stderr, flush=True)


def lost_host(kernel, lose, restore):
    """Takes a host's link down while a cell runs; then later cells, %legate_info, and a restart once it is back."""
    out = {}
    step("starting the kernel")
    k = KernelSession(kernel)
    try:
        reply, outputs = k.execute("Ranks.allreduce(1.0, ReduceOp.SUM)", timeout=120)
        out["before"] = result_text(outputs)
        msg_id = k.start_cell("while (true) { Ranks.allreduce(1.0, ReduceOp.SUM); Thread.sleep(5); }")
        step("the cell runs; taking the link down")
        subprocess.run(lose, shell=True, check=True)
        t = time.time()
        reply = k.reply(msg_id, 60)["content"]
        out["running"] = {"ename": reply.get("ename"), "evalue": reply.get("evalue"), "s": time.time() - t}
        step(f"the running cell ended: {reply.get('ename')}")
        reply, outputs = k.execute("1 + 1", timeout=30)
        out["later"] = {"ename": reply.get("ename"), "evalue": reply.get("evalue")}
        reply, outputs = k.execute("%legate_info", timeout=30)
        out["legate_info"] = KernelSession.stdout(outputs)
        step("later cell and %legate_info answered; link up, restarting")
        subprocess.run(restore, shell=True, check=True)
        k.km.restart_kernel(now=False)
        step("restarted; waiting for the kernel")
        k.kc.wait_for_ready(timeout=120)
        step("ready; a cell on every rank")
        reply, outputs = k.execute("Ranks.allreduce(1.0, ReduceOp.SUM)", timeout=120)
        out["after_restart"] = result_text(outputs) if reply["status"] == "ok" else reply
        step("answered; closing")
    finally:
        k.close()
    return out


def killed_rank0(kernel):
    """SIGKILL of rank 0's JVM (under the launcher): the other ranks end by themselves."""
    out = {}
    k = KernelSession(kernel)
    try:
        reply, outputs = k.execute("ProcessHandle.current().pid()", timeout=120)
        pid = int(result_text(outputs))
        out["rank0_pid"] = pid
        subprocess.run(["kill", "-9", str(pid)], check=True)
        t = time.time()
        while time.time() - t < 30 and k.km.is_alive():
            time.sleep(0.2)
        out["launcher_ended_s"] = time.time() - t if not k.km.is_alive() else None
    finally:
        k.kc.stop_channels()
        if k.km.is_alive():
            k.km.shutdown_kernel(now=True)
    return out


def foreign(kernel, intruder):
    """While the kernel runs: a data-plane peer and a rank of another session try to get in (`intruder` says how)."""
    out = {}
    log = tempfile.TemporaryFile(mode="w+")
    k = KernelSession(kernel, stderr=log)
    try:
        reply, outputs = k.execute("Ranks.allreduce(1.0, ReduceOp.SUM)", timeout=120)
        out["before"] = result_text(outputs)
        run = subprocess.run(intruder, shell=True, capture_output=True, text=True, timeout=120)
        out["intruder"] = {"rc": run.returncode, "stdout": run.stdout[-3000:], "stderr": run.stderr[-3000:]}
        reply, outputs = k.execute("%legate_info", timeout=60)
        out["legate_info"] = KernelSession.stdout(outputs)
        reply, outputs = k.execute("Ranks.allreduce(1.0, ReduceOp.SUM)", timeout=60)
        out["after"] = result_text(outputs)
    finally:
        k.close()
    log.seek(0)
    out["kernel_log"] = log.read()[-5000:]
    return out


def no_replicate(kernel):
    """A --no-replicate kernel: cells run on rank 0; how soon the other ranks say they have nothing to do."""
    out = {}
    log = tempfile.TemporaryFile(mode="w+")
    t = time.time()
    k = KernelSession(kernel, stderr=log)
    try:
        reply, outputs = k.execute("1 + 1", timeout=120)
        out["first"] = result_text(outputs)
        said = [f"rank {r}: --no-replicate runs every cell on rank 0 only" for r in (1, 2, 3)]
        while time.time() - t < 60:
            log.seek(0)
            text = log.read()
            if all(s in text for s in said):
                out["idle_ranks_said_s"] = time.time() - t
                break
            time.sleep(0.2)
        reply, outputs = k.execute("%legate_info", timeout=60)
        out["legate_info"] = KernelSession.stdout(outputs)
    finally:
        k.close()
    log.seek(0)
    out["kernel_log"] = log.read()[-5000:]
    return out


if __name__ == "__main__":
    scenario, kernel, *rest = sys.argv[1:]
    result = {"basics": basics, "arrays": arrays, "lost-host": lost_host, "killed-rank0": killed_rank0,
              "foreign": foreign, "no-replicate": no_replicate}[scenario](kernel, *rest)
    print(json.dumps(result))
