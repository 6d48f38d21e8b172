"""Two ranks, started by the kernel itself (launcher none) and by mpirun: every cell runs on
both; the notebook sees one program."""
import os
import pathlib
import signal
import socket
import subprocess
import time

import nbformat
import pytest

from conftest import KERNELS, ROOT
from jupyter_client.manager import KernelManager
from kernel_session import KernelSession, children_of, quiet_ports, wait_gone

LAUNCHERS = ["ranks2", "mpirun2"]


@pytest.fixture(scope="module", params=LAUNCHERS)
def two(request):
    k = KernelSession(KERNELS[request.param])
    k.spec = request.param
    yield k
    k.close()


def descendants(pid):
    out = []
    for child in children_of(pid):
        out += [child] + descendants(child)
    return out


def rank_pids(k):
    """[rank 0, rank 1, ...]: rank 0 is the kernel JVM (under mpirun, a child of the launcher)."""
    _, outputs = k.execute("ProcessHandle.current().pid()")
    rank0 = int(k.result(outputs)["text/plain"])
    java = [p for p in descendants(k.pid()) + [k.pid()] if _is_java(p) and p != rank0]
    return [rank0] + sorted(java)


def _is_java(pid):
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip() == "java"
    except FileNotFoundError:
        return False


def worker_pids(k):
    return rank_pids(k)[1:]


def test_every_cell_runs_on_both_ranks_and_only_rank_0_is_shown(two):
    reply, outputs = two.execute('System.out.println("hello from rank " + rank() + " of " + ranks());\nrank()')
    assert two.stdout(outputs) == "hello from rank 0 of 2\n"
    assert two.result(outputs)["text/plain"] == "0"
    reply, outputs = two.execute("Ranks.allreduce(1L, ReduceOp.SUM)")  # each rank adds 1
    assert two.result(outputs)["text/plain"] == "2"
    assert len(worker_pids(two)) == 1


def test_only_rank_0_compiles_and_every_rank_runs_its_classes(two):
    """Ranks above 0 have no JShell: javac's compiler was never loaded there, yet they run every
    snippet (a class declared in one cell, its method called in the next) as rank 0 compiled it."""
    compiler = ('String classes = (String) java.lang.management.ManagementFactory.getPlatformMBeanServer().invoke('
                'new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "vmClassHierarchy", '
                'new Object[] {null}, new String[] {String[].class.getName()});\n'
                'long compiled = classes.contains("com.sun.tools.javac.main.JavaCompiler") ? 1L << rank() : 0L;\n'
                'Ranks.allreduce(compiled, ReduceOp.SUM)')
    reply, outputs = two.execute(compiler)
    assert reply["status"] == "ok", reply
    assert two.result(outputs)["text/plain"] == "1"  # the bit of rank 0 alone
    reply, _ = two.execute("record Point(long x, long y) { long sum() { return x + y + rank(); } }")
    assert reply["status"] == "ok", reply
    reply, outputs = two.execute("var p = new Point(40, 2);\nRanks.allreduce(p.sum(), ReduceOp.SUM)")
    assert two.result(outputs)["text/plain"] == "85"  # 42 on rank 0, 43 on rank 1


def test_every_rank_caps_its_young_generation(two):
    """Every rank's JVM runs with the young generation capped (Heap.YOUNG_CAP: a first run over
    small arrays does not spend seconds on memory touched for the first time), as its collector reads it."""
    code = ('var hotspot = java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);\n'
            'long young = Long.parseLong(hotspot.getVMOption("MaxNewSize").getValue());\n'
            'Ranks.allreduce(young, ReduceOp.MIN) + " " + Ranks.allreduce(young, ReduceOp.MAX)')
    reply, outputs = two.execute(code)
    assert reply["status"] == "ok", reply
    assert two.result(outputs)["text/plain"] == f'"{128 << 20} {128 << 20}"'


def test_every_rank_asks_for_huge_pages_where_linux_gives_them_on_request(two):
    """Where transparent huge pages are given on request ("[madvise]"), every rank's heap asks
    for them (Heap.HUGE_PAGES: no page fault per 4 KB while the heap grows); elsewhere none does."""
    try:
        mode = open("/sys/kernel/mm/transparent_hugepage/enabled").read()
    except OSError:
        mode = ""
    code = ('var hotspot = java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);\n'
            'long huge = Boolean.parseBoolean(hotspot.getVMOption("UseTransparentHugePages").getValue()) ? 1 : 0;\n'
            'Ranks.allreduce(huge, ReduceOp.SUM)')
    reply, outputs = two.execute(code)
    assert reply["status"] == "ok", reply
    assert two.result(outputs)["text/plain"] == ("2" if "[madvise]" in mode else "0"), mode


def test_timeit_of_a_collective_runs_it_as_often_on_every_rank(two):
    """%timeit decides how often to run from the clock: every rank must decide alike, or a
    collective in the timed code waits forever; and the code may throw checked exceptions."""
    reply, outputs = two.execute("%timeit -r 3 Ranks.allreduce(1L, ReduceOp.SUM)", timeout=120)
    assert reply["status"] == "ok", reply
    assert " per loop (mean ± std. dev. of 3 runs, " in two.stdout(outputs)
    reply, outputs = two.execute("Ranks.allreduce(1L, ReduceOp.SUM)")  # the ranks are still in step
    assert two.result(outputs)["text/plain"] == "2"


def test_rank_zero_magics_run_once(two, tmp_path):
    log = tmp_path / "ran.txt"
    reply, outputs = two.execute(f"%%bash\necho ran >> {log}")
    assert reply["status"] == "ok", reply
    assert log.read_text() == "ran\n"  # once, not once per rank
    reply, _ = two.execute(f"%%writefile {tmp_path}/w.txt\nonce")
    assert (tmp_path / "w.txt").read_text() == "once\n"


def test_legate_info_lists_the_ranks_with_host_and_pid(two):
    _, outputs = two.execute("%legate_info")
    text = two.stdout(outputs)
    assert f"Kernel '{KERNELS[two.spec]}' configured for 1 node(s)" in text and "  CPUs to use per rank : 1\n" in text
    assert "  Ranks : 2\n" in text
    rank0, worker = rank_pids(two)
    assert f"    rank 0 : host " in text and f", pid {rank0}\n" in text
    assert f"    rank 1 : host " in text and f", pid {worker}\n" in text


def test_an_error_on_rank_1_only_is_the_cells_error_naming_the_rank(two):
    reply, outputs = two.execute('if (rank() == 1) throw new IllegalStateException("only here");\n"rank 0 is fine"')
    assert reply["status"] == "error"
    assert reply["ename"] == "java.lang.IllegalStateException"
    assert reply["evalue"] == "only here (on rank 1)"
    assert reply["traceback"][0] == "java.lang.IllegalStateException: only here"
    assert reply["traceback"][-1] == "(on rank 1 of 2)"
    assert [m["msg_type"] for m in outputs] == ["error"]
    reply, _ = two.execute('throw new ArithmeticException("everywhere");')
    assert (reply["ename"], reply["evalue"]) == ("java.lang.ArithmeticException", "everywhere")
    assert reply["traceback"][-1] == "(on every rank of 2)"
    reply, _ = two.execute('throw new IllegalArgumentException("rank " + rank());')
    assert reply["evalue"] == "rank 0 (on rank 0)"
    assert reply["traceback"][-2:] == ["Other errors:", "  rank 1: java.lang.IllegalArgumentException: rank 1"]


def test_a_cell_that_failed_on_one_rank_does_not_stop_the_next_long_one(two):
    """Rank 1's failed snippet was once still counted in the next cell: rank 0's watch stopped that
    cell after its grace (1.3 s), "Interrupted", though nothing failed in it."""
    reply, _ = two.execute('if (rank() == 1) throw new IllegalStateException("only here");\n"rank 0 is fine"')
    assert reply["evalue"] == "only here (on rank 1)", reply
    reply, outputs = two.execute('{ Thread.sleep(2500); System.out.println("slept on rank " + rank()); }')
    assert reply["status"] == "ok", reply
    assert two.stdout(outputs) == "slept on rank 0\n"


def test_an_error_on_rank_1_only_names_the_cells_and_lines_of_its_frames(two):
    """Rank 1 runs rank 0's class bytes without JShell; its traceback still names cells and lines."""
    reply, _ = two.execute('int boom(int n) {\n    if (rank() == 1) throw new IllegalStateException("at " + n);\n    return n;\n}')
    assert reply["status"] == "ok", reply
    count = reply["execution_count"]
    reply, _ = two.execute("int a = 1;\nint b = boom(a);\nb")
    assert reply["status"] == "error" and reply["evalue"] == "at 1 (on rank 1)", reply
    assert reply["traceback"] == ["java.lang.IllegalStateException: at 1", f"    at boom (cell [{count}], line 2)",
                                  f"    at cell [{count + 1}], line 2", "(on rank 1 of 2)"]


def test_run_runs_a_script_on_every_rank_and_rank_1s_errors_name_its_lines(two, tmp_path):
    """%run: rank 0 reads the file and hands it to rank 1; a method declared below other code keeps its own lines."""
    script = tmp_path / "split.jsh"
    script.write_text('var ranArr = np.ones(30, 20).mul(2.5);\n\n'
                      'double fail(double x) {\n    if (rank() == 1 && x > 0) throw new IllegalStateException("rank 1 at " + x);\n'
                      '    return x;\n}\nSystem.out.println(args[0] + " " + ranArr.sum() + " on " + Ranks.allreduce(1L, ReduceOp.SUM));\n')
    reply, outputs = two.execute(f"%run {script} sum")
    assert reply["status"] == "ok", reply
    assert two.stdout(outputs) == "sum 1500.0 on 2\n"
    reply, _ = two.execute("fail(ranArr.get(\"1, 2\").item())")  # what the script declared stays
    assert reply["evalue"] == "rank 1 at 2.5 (on rank 1)", reply
    assert reply["traceback"][1] == "    at fail (split.jsh, line 4)", reply["traceback"]
    reply, _ = two.execute(f"%run {tmp_path / 'gone.jsh'}")  # said by every rank alike; the ranks stay in step
    assert (reply["ename"], reply["evalue"]) == ("UsageError", f"%run: no such file: {tmp_path / 'gone.jsh'}"), reply
    assert reply["traceback"][-1] == "(on every rank of 2)", reply
    reply, outputs = two.execute("ranArr.sum() + Ranks.allreduce(1L, ReduceOp.SUM)")
    assert two.result(outputs)["text/plain"] == "1502.0", outputs


def test_reduced_values_are_identical_so_ranks_branch_alike(two):
    code = ("double mine = Math.sin(rank() + 1.0) * 1e-3 + rank();\n"
            "double total = Ranks.allreduce(mine, ReduceOp.SUM);\n"
            "long tookBranch = total > 1.0 ? 1 : 0;\n"
            "long agree = Ranks.allreduce(tookBranch, ReduceOp.SUM);\n"
            "System.out.println(agree + \" \" + Double.doubleToLongBits(total));\n"
            "long bitsMin = Ranks.allreduce(Double.doubleToLongBits(total), ReduceOp.MIN);\n"
            "long bitsMax = Ranks.allreduce(Double.doubleToLongBits(total), ReduceOp.MAX);\n"
            "bitsMin == bitsMax")
    reply, outputs = two.execute(code)
    assert reply["status"] == "ok", reply
    assert two.stdout(outputs).startswith("2 ")  # both ranks took the branch
    assert two.result(outputs)["text/plain"] == "true"  # the same bits on both


def test_stdin_read_on_rank_0_reaches_every_rank(two):
    msg_id = two.kc.execute('String typed = readLine("word? ");\n'
                            'Ranks.allreduce((long) typed.hashCode(), ReduceOp.MIN) == Ranks.allreduce((long) typed.hashCode(), ReduceOp.MAX)',
                            allow_stdin=True)
    request = two.kc.get_stdin_msg(timeout=30)
    assert request["content"]["prompt"] == "word? "
    two.kc.input("höhe")
    assert two.reply(msg_id)["content"]["status"] == "ok"
    assert two.result(two.collect(msg_id))["text/plain"] == "true"


def interrupt_after_start(k, code):
    msg_id = k.start_cell(code)
    t0 = time.time()
    k.km.interrupt_kernel()
    reply = k.reply(msg_id, timeout=20)
    return reply, time.time() - t0


@pytest.mark.parametrize("code", ["while (true) { }",
                                  "if (rank() == 1) { while (true) { } }",
                                  "if (rank() == 0) { while (true) { } } else { Ranks.barrier(); }"],
                         ids=["both-spin", "rank1-spins", "rank1-in-a-collective"])
def test_interrupt_reaches_every_rank(two, code):
    reply, took = interrupt_after_start(two, code)
    assert reply["content"]["status"] == "error" and reply["content"]["ename"] == "Interrupted", reply["content"]
    assert took < 3
    reply, outputs = two.execute("Ranks.allreduce(10L, ReduceOp.SUM)")  # both ranks alive and in step
    assert two.result(outputs)["text/plain"] == "20"


@pytest.mark.parametrize("spec", LAUNCHERS)
def test_sigkill_of_a_worker_is_an_error_not_a_hang(spec):
    k = KernelSession(KERNELS[spec])
    try:
        k.execute("int x = 1;")
        worker = worker_pids(k)[0]
        os.kill(worker, signal.SIGKILL)
        t0 = time.time()
        reply, _ = k.execute("x + 1", timeout=30)
        assert time.time() - t0 < 10
        assert reply["ename"] == "RankLost"
        assert "lost rank 1" in reply["evalue"] and "restart the kernel" in reply["evalue"]
        reply, _ = k.execute("2")
        assert reply["ename"] == "RankLost"
        k.km.restart_kernel(now=False)
        k.kc.wait_for_ready(timeout=60)
        reply, outputs = k.execute("ranks()")
        assert k.result(outputs)["text/plain"] == "2"
    finally:
        k.close()


@pytest.mark.parametrize("failing", [0, 1])
def test_an_error_on_one_rank_before_an_exchange_is_reported_not_a_hang(failing):
    """The other rank waits for rows the failed rank never sends: it is stopped, and the cell's
    error is the real one, naming its rank."""
    k = KernelSession(KERNELS["ranks2"], env={"LEGATE_PARTITION_THRESHOLD": "64"})
    try:
        reply, _ = k.execute("ranks()", timeout=60)  # the ranks are up: what follows times the error alone
        t0 = time.time()
        reply, _ = k.execute(f'if (rank() == {failing}) throw new IllegalStateException("only here");\n'
                             'var z = np.arange(0.0, 1000.0, 1.0);\nz.get("1:").add(z.get(":-1")).sum()', timeout=30)
        print(f"the error came after {time.time() - t0:.1f} s")
        assert time.time() - t0 < 10
        assert reply["ename"] == "java.lang.IllegalStateException", reply
        assert reply["evalue"] == f"only here (on rank {failing})"
        assert "Other errors:" not in reply["traceback"]
        reply, outputs = k.execute("np.arange(0.0, 1000.0, 1.0).sum()")  # the ranks are in step again
        assert k.result(outputs)["text/plain"] == "499500.0"
    finally:
        k.close()


def test_sigkill_of_a_worker_in_the_middle_of_array_exchanges_is_an_error_not_a_hang():
    k = KernelSession(KERNELS["ranks2"], env={"LEGATE_PARTITION_THRESHOLD": "64"})
    try:
        msg_id = k.start_cell('var w = np.random(5).rand(300, 40);\n'
                              'while (true) { w.set("1:-1", w.get("2:").add(w.get(":-2")).mul(0.5)); }')
        os.kill(children_of(k.pid())[0], signal.SIGKILL)  # (worker_pids would run a cell: this one is busy)
        t0 = time.time()
        reply = k.reply(msg_id, timeout=30)["content"]
        assert time.time() - t0 < 10
        assert reply["ename"] == "RankLost" and "lost rank 1" in reply["evalue"], reply
    finally:
        k.close()


def test_an_interrupt_in_the_middle_of_array_exchanges_leaves_the_ranks_in_step():
    """Halo rows already sent when the cell stops must not be taken for a later cell's."""
    k = KernelSession(KERNELS["ranks2"], env={"LEGATE_PARTITION_THRESHOLD": "64"})
    try:
        msg_id = k.start_cell('var w = np.random(5).rand(300, 40);\n'
                              'while (true) { w.set("1:-1", w.get("2:").add(w.get(":-2")).mul(0.5)); }')
        time.sleep(1.5)
        k.km.interrupt_kernel()
        reply = k.reply(msg_id, timeout=20)["content"]
        assert reply["ename"] == "Interrupted", reply
        # rows in arithmetic progression: the mean of the neighbours is the row itself, so the sum stays 0 + ... + 11999
        reply, outputs = k.execute('var v = np.arange(0.0, 12000.0, 1.0).reshape(300, 40);\n'
                                   'for (int i = 0; i < 5; i++) v.set("1:-1", v.get("2:").add(v.get(":-2")).mul(0.5));\n'
                                   'v.sum()')
        assert reply["status"] == "ok", reply
        assert k.result(outputs)["text/plain"] == "7.1994E7"
    finally:
        k.close()


@pytest.mark.parametrize("spec", LAUNCHERS)
def test_a_frozen_worker_is_noticed_within_ten_seconds(spec):
    k = KernelSession(KERNELS[spec])
    worker = None
    try:
        k.execute("1")
        worker = worker_pids(k)[0]
        os.kill(worker, signal.SIGSTOP)
        t0 = time.time()
        reply, _ = k.execute("2", timeout=30)
        assert reply["ename"] == "RankLost"
        assert time.time() - t0 < 10
    finally:
        if worker:
            os.kill(worker, signal.SIGKILL)
        k.close()


@pytest.mark.parametrize("spec", ["jdk17"] + LAUNCHERS)
def test_a_port_of_the_connection_file_another_process_took_ends_the_kernel_at_once_and_says_which(spec, tmp_path):
    """jupyter_client chooses the ports free and lets them go; a process that binds one before the
    kernel does (a starting rank, mpirun) leaves the kernel unable to serve. It says which port and
    ends, and so does every rank started beside it, so that the frontend soon starts it again on
    fresh ports. (Once rank 0 ended silently, and under mpirun the job lived on for the 30 s rank 1
    waited to join it.)"""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        km = KernelManager(kernel_name=KERNELS[spec], cache_ports=False)
        km.shell_port, km.stdin_port, km.hb_port, km.control_port = quiet_ports(4)
        km.iopub_port = port
        with open(tmp_path / "stderr", "w") as err:
            t0 = time.time()
            km.start_kernel(stderr=err)
            try:
                km.provisioner.process.wait(timeout=25)
            finally:
                took = time.time() - t0
                if km.is_alive():
                    km.shutdown_kernel(now=True)
        said = (tmp_path / "stderr").read_text()
        why = f"cannot listen on tcp://127.0.0.1:{port}, the iopub_port of the connection file: the address is already in use"
        assert f"legate kernel: {why}" in said, said
        if spec == "mpirun2":  # started beside rank 0: it learns why as it joins
            assert f"legate: rank 1: rank 0 could not start ({why}" in said, said
            assert "could not tell the other ranks" not in said, said
        else:  # rank 0 listens before it starts any other rank: none was
            assert "rank 1" not in said, said
        assert took < 25, f"the kernel took {took:.1f} s to end"  # mpirun, two JVMs, two members; rank 1 waited 30 s before
        left = subprocess.run(["pgrep", "-f", km.connection_file], capture_output=True, text=True).stdout.split()
        km.cleanup_resources()
        assert left == []


@pytest.mark.parametrize("spec", LAUNCHERS)
def test_sigkill_of_the_kernel_takes_its_ranks_with_it(spec):
    """The kernel is the process Jupyter started: rank 0, or the launcher that started every rank."""
    k = KernelSession(KERNELS[spec])
    kernel = k.pid()
    ranks = rank_pids(k)
    assert len(ranks) == 2
    os.kill(kernel, signal.SIGKILL)
    assert wait_gone([kernel] + ranks, 10) == []
    k.kc.stop_channels()


@pytest.mark.parametrize("spec", ["srun2", "jsrun2"])
def test_srun_and_jsrun_kernels_run_every_cell_on_the_ranks_they_start(spec):
    """With stand-ins that set Slurm's and LSF's rank variables (tests/e2e/launchers), not Slurm or LSF."""
    k = KernelSession(KERNELS[spec])
    launcher = k.pid()
    ranks = []  # known once the cells ran; the launcher's end is checked either way
    try:
        reply, outputs = k.execute('System.out.println("rank " + rank() + " of " + ranks());\nRanks.allreduce(1L, ReduceOp.SUM)')
        assert k.stdout(outputs) == "rank 0 of 2\n" and k.result(outputs)["text/plain"] == "2"
        reply, _ = k.execute('if (rank() == 1) throw new IllegalStateException("here");')
        assert reply["evalue"] == "here (on rank 1)"
        ranks = rank_pids(k)
        assert len(ranks) == 2 and all(p in descendants(launcher) for p in ranks)
    finally:
        k.kc.shutdown()
        assert wait_gone([launcher] + ranks, 10) == []
        k.kc.stop_channels()
    assert not list(pathlib.Path(k.km.connection_file).parent.glob("*.legate-ranks"))


def test_sigkill_of_rank_0_under_mpirun_ends_the_job():
    k = KernelSession(KERNELS["mpirun2"])
    launcher = k.pid()
    ranks = rank_pids(k)
    os.kill(ranks[0], signal.SIGKILL)
    assert wait_gone([launcher] + ranks, 10) == []
    k.kc.stop_channels()


@pytest.mark.parametrize("spec", LAUNCHERS)
def test_shutdown_leaves_no_rank_behind(spec):
    k = KernelSession(KERNELS[spec])
    kernel = k.pid()
    ranks = rank_pids(k)
    k.kc.shutdown()
    assert wait_gone([kernel] + ranks, 10) == []
    k.kc.stop_channels()
    assert not list(pathlib.Path(k.km.connection_file).parent.glob("*.legate-ranks"))  # the rendezvous is gone


def test_no_replicate_runs_cells_on_rank_0_only():
    k = KernelSession(KERNELS["norepl"])
    try:
        reply, outputs = k.execute("rank() + \"/\" + ranks()")
        assert k.result(outputs)["text/plain"] == '"0/1"'
        assert worker_pids(k) == []
        _, outputs = k.execute("%legate_info")
        assert "  Ranks : 1 (--no-replicate: cells run on rank 0 only, as one rank)\n" in k.stdout(outputs)
    finally:
        k.close()


def test_the_same_notebook_gives_the_same_outputs_on_one_and_two_ranks(tmp_path):
    nb = ROOT / "notebooks" / "01-getting-started.ipynb"
    results = {}
    for name in ("jdk17", "ranks2", "mpirun2"):
        out = tmp_path / name
        subprocess.run(["/usr/bin/jupyter", "nbconvert", "--to", "notebook", "--execute", str(nb),
                        f"--ExecutePreprocessor.kernel_name={KERNELS[name]}", "--output-dir", str(out)],
                       check=True, capture_output=True, timeout=600)
        cells = nbformat.read(out / nb.name, as_version=4).cells
        results[name] = [(c.source, [(o.output_type, o.get("text") or o.get("data", {}).get("text/plain") or o.get("ename"))
                                     for o in c.outputs])
                         for c in cells if c.cell_type == "code" and not c.source.startswith(("%legate_info", "%timeit"))]
    assert results["jdk17"] == results["ranks2"]
    assert results["jdk17"] == results["mpirun2"]
