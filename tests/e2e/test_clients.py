"""Real-client tests through jupyter_client: what a notebook or console user observes."""
import os
import subprocess
import signal
import time

import pytest
import zmq
from jupyter_client.session import Session
from jupyter_client.utils import run_sync

from conftest import KERNELS
from kernel_session import KernelSession, alive, wait_gone

JDKS = sorted(KERNELS)


@pytest.fixture(scope="module")
def kernel():
    k = KernelSession(KERNELS["jdk17"])
    yield k
    k.close()


def test_stdout_streams_while_the_cell_runs(kernel):
    code = 'System.out.println("first"); Thread.sleep(1500); System.out.println("second");'
    msg_id = kernel.kc.execute(code)
    while True:  # read IOPub as it arrives, before asking for the reply
        m = kernel.kc.get_iopub_msg(timeout=20)
        if m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "stream":
            break
    first_seen = time.time()
    assert m["content"]["text"] == "first\n"
    assert not run_sync(kernel.kc.shell_channel.msg_ready)(), "the reply came before the first line"
    reply = kernel.reply(msg_id)
    rest = kernel.collect(msg_id)
    assert kernel.stdout(rest) == "second\n"
    assert reply["arrived"] - first_seen > 1.0


def test_output_is_coalesced_not_per_character(kernel):
    reply, outputs = kernel.execute('for (int i = 0; i < 2000; i++) System.out.print("x");')
    streams = [m for m in outputs if m["msg_type"] == "stream"]
    assert "".join(m["content"]["text"] for m in streams) == "x" * 2000
    assert len(streams) <= 3


def test_non_ascii_both_ways(kernel):
    reply, outputs = kernel.execute('String s = "héllo ✓"; System.out.println(s); s')
    assert reply["status"] == "ok"
    assert kernel.stdout(outputs) == "héllo ✓\n"
    assert kernel.result(outputs)["text/plain"] == '"héllo ✓"'
    reply, outputs = kernel.execute('s.length() + " " + s.codePointCount(0, s.length())')
    assert kernel.result(outputs)["text/plain"] == '"7 7"'


def test_completion_cursor_counts_code_points(kernel):
    code = 'String ü = "✓✓"; ü.toUpperC'
    msg_id = kernel.kc.complete(code, len(code))
    reply = kernel.reply(msg_id)["content"]
    assert reply["matches"] == ["toUpperCase("]
    assert reply["cursor_end"] == len(code)  # Python len counts code points
    assert code[reply["cursor_start"]:] == "toUpperC"


def test_error_names_the_user_exception_and_maps_lines(kernel):
    reply, outputs = kernel.execute('int[] a = new int[2];\nint b = a[5];')
    assert reply["status"] == "error"
    assert reply["ename"] == "java.lang.ArrayIndexOutOfBoundsException"
    errors = [m for m in outputs if m["msg_type"] == "error"]
    assert len(errors) == 1
    tb = errors[0]["content"]["traceback"]
    assert tb[0].startswith("java.lang.ArrayIndexOutOfBoundsException: Index 5 out of bounds")
    assert any("line 2" in line for line in tb), tb


def test_compile_error_shows_line_and_caret(kernel):
    reply, outputs = kernel.execute('int ok = 1;\nString s = 42;')
    assert reply["ename"] == "CompilationError"
    assert reply["evalue"] == "incompatible types: int cannot be converted to java.lang.String"
    assert reply["traceback"][-2:] == ["String s = 42;", "           ^^"]


def test_stop_on_error_aborts_queued_cells(kernel):
    first = kernel.kc.execute('Thread.sleep(500); throw new RuntimeException("first fails");')
    second = kernel.kc.execute('System.out.println("must not run");')
    assert kernel.reply(first)["content"]["status"] == "error"
    r2 = kernel.reply(second)
    assert r2["content"]["status"] == "aborted"
    assert kernel.stdout(kernel.collect(second)) == ""
    # and afterwards the kernel runs cells again
    reply, outputs = kernel.execute("1 + 1")
    assert kernel.result(outputs)["text/plain"] == "2"


def test_without_stop_on_error_queued_cells_run(kernel):
    first = kernel.kc.execute('Thread.sleep(300); throw new RuntimeException("x");', stop_on_error=False)
    second = kernel.kc.execute('System.out.println("runs");')
    assert kernel.reply(first)["content"]["status"] == "error"
    assert kernel.reply(second)["content"]["status"] == "ok"
    assert kernel.stdout(kernel.collect(second)) == "runs\n"


def test_input_request_round_trip(kernel):
    msg_id = kernel.kc.execute('String name = readLine("Your name: "); System.out.println("Hi " + name);',
                               allow_stdin=True)
    request = kernel.kc.get_stdin_msg(timeout=20)
    assert request["msg_type"] == "input_request"
    assert request["content"]["prompt"] == "Your name: "
    assert request["parent_header"]["msg_id"] == msg_id
    kernel.kc.input("Zoë ✓")
    assert kernel.reply(msg_id)["content"]["status"] == "ok"
    assert kernel.stdout(kernel.collect(msg_id)) == "Hi Zoë ✓\n"


def test_system_in_reads_from_the_frontend(kernel):
    msg_id = kernel.kc.execute('new java.util.Scanner(System.in).nextInt() * 2', allow_stdin=True)
    kernel.kc.get_stdin_msg(timeout=20)
    kernel.kc.input("21")
    kernel.reply(msg_id)
    assert kernel.result(kernel.collect(msg_id))["text/plain"] == "42"


def test_input_without_stdin_is_a_clear_error(kernel):
    reply, _ = kernel.execute('readLine("?")', allow_stdin=False)
    assert reply["status"] == "error"
    assert "does not accept input" in reply["evalue"]


def test_silent_publishes_nothing_and_keeps_the_count(kernel):
    before, _ = kernel.execute("1")
    msg_id = kernel.kc.execute('System.out.println("quiet"); 5', silent=True)
    reply = kernel.reply(msg_id)["content"]
    outputs = kernel.collect(msg_id)
    assert [m["msg_type"] for m in outputs] == ["status"]  # busy only
    after, _ = kernel.execute("2")
    assert after["execution_count"] == before["execution_count"] + 1
    assert reply["execution_count"] == before["execution_count"]


def test_user_expressions(kernel):
    reply, _ = kernel.execute("int base = 40;", user_expressions={"answer": "base + 2", "bad": "nope"})
    ue = reply["user_expressions"]
    assert ue["answer"] == {"status": "ok", "data": {"text/plain": "42"}, "metadata": {}}
    assert ue["bad"]["status"] == "error" and ue["bad"]["ename"] == "CompilationError"


def test_update_display_by_id(kernel):
    reply, outputs = kernel.execute('display("one", "d1"); updateDisplay("d1", "two");')
    kinds = [(m["msg_type"], m["content"]["data"]["text/plain"], m["content"]["transient"]["display_id"])
             for m in outputs]
    assert kinds == [("display_data", "one", "d1"), ("update_display_data", "two", "d1")]


def test_output_order_is_kept_between_prints_and_displays(kernel):
    reply, outputs = kernel.execute('System.out.println("a"); display("b"); System.err.println("c"); System.out.println("d");')
    seen = [m["content"].get("text") or m["content"]["data"]["text/plain"] for m in outputs]
    assert seen == ["a\n", "b", "c\n", "d\n"]


def test_comms(kernel):
    kernel.execute('Comms.current().registerTarget("echo", c -> c.onMessage(d -> c.send(Map.of("echo", d.get("x")))));')
    comm_id = "c0ffee"
    msg = kernel.kc.session.msg("comm_open", {"comm_id": comm_id, "target_name": "echo", "data": {}})
    kernel.kc.shell_channel.send(msg)
    kernel.collect(msg["header"]["msg_id"])
    info_id = kernel.kc.comm_info(target_name="echo")
    assert kernel.reply(info_id)["content"]["comms"] == {comm_id: {"target_name": "echo"}}
    msg = kernel.kc.session.msg("comm_msg", {"comm_id": comm_id, "data": {"x": 7}})
    kernel.kc.shell_channel.send(msg)
    outputs = kernel.collect(msg["header"]["msg_id"])
    echoes = [m["content"] for m in outputs if m["msg_type"] == "comm_msg"]
    assert echoes == [{"comm_id": comm_id, "data": {"echo": 7}}]


def test_kernel_info_reports_the_language(kernel):
    msg_id = kernel.kc.kernel_info()
    c = kernel.reply(msg_id)["content"]
    li = c["language_info"]
    assert (li["name"], li["mimetype"], li["file_extension"], li["pygments_lexer"], li["codemirror_mode"]) == \
           ("java", "text/x-java-source", ".jsh", "java", "text/x-java")
    assert li["version"].startswith("17")
    assert c["protocol_version"] == "5.3" and c["debugger"] is False and c["status"] == "ok"


def test_bad_signature_and_malformed_messages_are_survived(kernel):
    info = kernel.km.get_connection_info(session=False)
    ctx = zmq.Context.instance()
    sock = ctx.socket(zmq.DEALER)
    sock.connect(f"{info['transport']}://{info['ip']}:{info['shell_port']}")
    try:
        wrong = Session(key=b"not-the-key")
        wrong.send(sock, "kernel_info_request", {})
        sock.send_multipart([b"<IDS|MSG>", b"", b"{not json", b"{}", b"{}", b"{}"])
        sock.send_multipart([b"garbage"])
        right = Session(key=info["key"] if isinstance(info["key"], bytes) else info["key"].encode())
        right.send(sock, "kernel_info_request", {})
        assert sock.poll(10000), "the kernel stopped answering"
        _, reply = right.feed_identities(sock.recv_multipart())
        reply = right.deserialize(reply)
        assert reply["msg_type"] == "kernel_info_reply"
        assert not sock.poll(300), "a bad message was answered"
    finally:
        sock.close(linger=0)


@pytest.mark.parametrize("jdk", JDKS)
def test_interrupt_stops_an_endless_loop(jdk):
    k = KernelSession(KERNELS[jdk])
    try:
        k.execute("int warm = 1;")
        msg_id = k.start_cell("while (true) { }")
        t0 = time.time()
        k.km.interrupt_kernel()
        reply = k.reply(msg_id, timeout=10)
        assert reply["arrived"] - t0 < 2.0
        assert reply["content"]["status"] == "error" and reply["content"]["ename"] == "Interrupted"
        # and a sleeping cell
        msg_id = k.start_cell("Thread.sleep(60_000);")
        k.km.interrupt_kernel()
        assert k.reply(msg_id, timeout=10)["content"]["ename"] == "Interrupted"
        reply, outputs = k.execute("warm + 1")
        assert k.result(outputs)["text/plain"] == "2"
    finally:
        k.close()


@pytest.mark.parametrize("kernel_name", [k for k in ("jdk17", "jdk25", "ranks2") if k in KERNELS])
def test_system_exit_in_a_cell_is_an_error_and_the_kernel_stays_up(kernel_name):
    """As IPython does with sys.exit(): the cell ends with SystemExit, the session keeps its state."""
    k = KernelSession(KERNELS[kernel_name])
    try:
        pid = k.pid()
        k.execute("int kept = 41;")
        reply, outputs = k.execute('System.out.println("bye");\nSystem.exit(3);')
        assert reply["status"] == "error" and reply["ename"] == "SystemExit", reply
        assert reply["evalue"].startswith("System.exit(3) was called: the kernel stays up")
        assert reply["traceback"][-1 if kernel_name != "ranks2" else -2].strip() == "at cell [2], line 2"
        assert k.stdout(outputs) == "bye\n"
        reply, outputs = k.execute("Runnable r = () -> Runtime.getRuntime().halt(4);\nr.run();")
        assert reply["ename"] == "SystemExit" and reply["evalue"].startswith("Runtime.halt(4)")
        reply, outputs = k.execute("kept + 1")
        assert k.result(outputs)["text/plain"] == "42"
        assert alive(pid)
    finally:
        k.close()


@pytest.mark.skipif(signal.getsignal(signal.SIGINT) == signal.SIG_IGN,
                    reason="SIGINT is ignored in this test run (nohup, or a background job of a shell without job control): "
                           "the processes it starts ignore it too, and a JVM cannot undo that")
def test_sigint_interrupts_the_cell():
    k = KernelSession(KERNELS["jdk17"])
    try:
        msg_id = k.start_cell("long n = 0;\nwhile (true) { n++; }")
        os.kill(k.pid(), signal.SIGINT)
        assert k.reply(msg_id, timeout=10)["content"]["ename"] == "Interrupted"
        assert k.km.is_alive()
        reply, outputs = k.execute("n > 0")
        assert k.result(outputs)["text/plain"] == "true"
    finally:
        k.close()


def test_interrupt_while_jshell_starts_stops_the_waiting_cell():
    k = KernelSession(KERNELS["jdk17"])
    try:
        # right after start, before JShell is ready: the interrupt must not be lost while the cell waits
        msg_id = k.kc.execute("while (true) { }")
        while True:  # the kernel has taken the cell once it announces its input
            m = k.kc.get_iopub_msg(timeout=30)
            if m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "execute_input":
                break
        k.km.interrupt_kernel()
        assert k.reply(msg_id, timeout=30)["content"]["ename"] == "Interrupted"
        reply, outputs = k.execute("4")
        assert k.result(outputs)["text/plain"] == "4"
    finally:
        k.close()


def test_interrupt_ends_a_pending_input_request():
    k = KernelSession(KERNELS["jdk17"])
    try:
        msg_id = k.kc.execute('readLine("never answered")', allow_stdin=True)
        k.kc.get_stdin_msg(timeout=20)
        k.km.interrupt_kernel()
        assert k.reply(msg_id, timeout=10)["content"]["ename"] == "Interrupted"
        reply, outputs = k.execute("3")
        assert k.result(outputs)["text/plain"] == "3"
    finally:
        k.close()


def test_restart_gives_a_fresh_kernel_and_ends_the_old_one():
    k = KernelSession(KERNELS["jdk17"])
    try:
        k.execute("int kept = 1;")
        old = k.pid()
        k.km.restart_kernel(now=False)
        k.kc.wait_for_ready(timeout=60)
        assert not alive(old)
        reply, _ = k.execute("kept")
        assert reply["status"] == "error" and reply["ename"] == "CompilationError"
        reply, outputs = k.execute("1 + 2")
        assert k.result(outputs)["text/plain"] == "3"
    finally:
        k.close()


def test_shutdown_leaves_no_process_behind():
    k = KernelSession(KERNELS["jdk17"])
    pid = k.pid()
    k.execute('System.out.println("bye");')
    t0 = time.time()
    k.kc.shutdown()
    while alive(pid) and time.time() - t0 < 10:
        time.sleep(0.05)
    exited_after = time.time() - t0
    k.kc.stop_channels()
    assert not alive(pid), "the kernel JVM is still running 10 s after shutdown_request"
    assert exited_after < 3.0, f"the kernel took {exited_after:.1f}s to exit"
    k.km.cleanup_resources()


def test_a_killed_frontend_takes_its_kernel_along(tmp_path):
    """Like ipykernel: the kernel watches the Jupyter process that launched it (JPY_PARENT_PID)."""
    frontend = subprocess.Popen(["/usr/bin/python3", "-c", f"""
import sys, time
from jupyter_client.manager import start_new_kernel
km, kc = start_new_kernel(kernel_name={KERNELS['jdk17']!r}, startup_timeout=60)
print(km.provisioner.process.pid, flush=True)
time.sleep(600)
"""], stdout=subprocess.PIPE, text=True, env={**os.environ})
    kernel = int(frontend.stdout.readline())
    assert alive(kernel)
    frontend.kill()
    frontend.wait()
    assert wait_gone([kernel], 5) == [], "the kernel outlived its frontend"
