"""The kernel under the frontends people use, each driven as a user drives it: `jupyter console`
(lines piped in, and a real terminal, where the kernel's is_complete answers decide when a
statement continues on the next line) and the classic Notebook server (its REST API and the
websocket its browser page talks to). Each test also checks that no kernel process is left."""
import asyncio
import json
import os
import pathlib
import re
import secrets
import socket
import subprocess
import time
import urllib.request
import uuid

import pexpect
import pytest
from tornado.websocket import websocket_connect

from conftest import KERNELS
from kernel_session import alive, children_of, wait_gone

JUPYTER = "/usr/bin/jupyter"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def kernels_started_under(runtime_dir):
    """Pids of the processes whose command line names a connection file in `runtime_dir`."""
    found = []
    for proc in pathlib.Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                cmdline = (proc / "cmdline").read_bytes().decode(errors="replace")
            except OSError:
                continue
            if str(runtime_dir) in cmdline and "legate.kernel.Main" in cmdline and alive(int(proc.name)):
                found.append(int(proc.name))
    return found


def frontend_env(tmp_path):
    runtime = tmp_path / "runtime"
    runtime.mkdir()
    return runtime, {**os.environ, "JUPYTER_RUNTIME_DIR": str(runtime), "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
                     "PROMPT_TOOLKIT_NO_CPR": "1"}


def test_console_runs_piped_cells_and_leaves_no_kernel(tmp_path):
    runtime, env = frontend_env(tmp_path)
    cells = ["6 * 7", 'System.out.println("héllo ✓");', "int[] a = new int[1]; a[2] = 1;", 'String s = "after";', "s",
             'String n = readLine("name? ");', "Ada Lovelace", "n"]  # the console answers input_request from stdin
    console = subprocess.run([JUPYTER, "console", "--kernel", KERNELS["jdk17"], "--simple-prompt"],
                             input="\n".join(cells) + "\n", capture_output=True, text=True, timeout=120, env=env)
    out = console.stdout + console.stderr  # the console prints errors on stderr
    assert console.returncode == 0, console.stderr
    assert "Out[1]: 42" in out
    assert "héllo ✓" in out
    assert "java.lang.ArrayIndexOutOfBoundsException: Index 2 out of bounds for length 1" in out
    assert "at cell [3], line 1" in out
    assert 'Out[5]: "after"' in out, "the error must not have stopped the session"
    assert "name? " in out and 'Out[7]: "Ada Lovelace"' in out
    assert wait_gone(kernels_started_under(runtime), 10) == [], "a kernel outlived jupyter console"


def test_console_in_a_terminal_continues_an_unfinished_statement(tmp_path):
    """prompt_toolkit asks the kernel (is_complete_request) on every Enter: `{` continues the
    statement with the indent the kernel gives, `}` ends it and the whole loop runs as one cell."""
    runtime, env = frontend_env(tmp_path)
    term = pexpect.spawn(JUPYTER, ["console", "--kernel", KERNELS["jdk17"]], env=env, encoding="utf-8",
                         timeout=60, dimensions=(40, 200))
    seen = []
    term.logfile_read = type("Log", (), {"write": lambda self, s: seen.append(s), "flush": lambda self: None})()

    def prompt(n):
        return r"In \[(?:\x1b\[[0-9;?]*[A-Za-z])*" + str(n) + r"(?:\x1b\[[0-9;?]*[A-Za-z])*\]"

    try:
        term.expect(prompt(1))
        term.send("for (int i = 0; i < 3; i++) {\r")
        term.expect(r"\.\.\.:")  # incomplete: a continuation line, not a cell
        term.send('System.out.println("i=" + i);\r')
        term.expect(r"\.\.\.:")
        term.send("}\r")
        term.expect(prompt(2))
        text = ANSI.sub("", "".join(seen))
        assert re.search(r"i=0\s+i=1\s+i=2", text), text[-2000:]
        assert "   ...:     System.out.println" in text, "the kernel's indent after `{` is 4 spaces"
        assert "CompilationError" not in text, text[-2000:]
        term.send("6 * 7\r")
        term.expect(prompt(3))
        assert "Out[2]: 42" in ANSI.sub("", term.before)
        term.sendcontrol("d")
        if term.expect(["exit", pexpect.EOF]) == 0:
            term.send("y\r")
            term.expect(pexpect.EOF)
    finally:
        term.close(force=True)
    assert wait_gone(kernels_started_under(runtime), 10) == [], "a kernel outlived jupyter console"


class NotebookServer:
    """`jupyter notebook` on a free port with a token, in its own runtime and config dirs."""

    def __init__(self, tmp_path):
        self.runtime, env = frontend_env(tmp_path)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.token = secrets.token_hex(16)
        root = ["--allow-root"] if os.geteuid() == 0 else []
        self.proc = subprocess.Popen([JUPYTER, "notebook", "--no-browser", "--ip=127.0.0.1", f"--port={self.port}",
                                      f"--NotebookApp.token={self.token}", f"--notebook-dir={tmp_path}", *root],
                                     env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        deadline = time.time() + 60
        while True:
            try:
                self.api("GET", "/api/status")
                return
            except OSError:
                if self.proc.poll() is not None or time.time() > deadline:
                    self.close()
                    raise AssertionError("jupyter notebook did not start: " + self.proc.stderr.read()[-2000:])
                time.sleep(0.3)

    def api(self, method, path, body=None):
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", method=method,
                                     data=None if body is None else json.dumps(body).encode(),
                                     headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=60) as r:
            raw = r.read()
            return json.loads(raw) if raw else None

    def close(self):
        self.proc.terminate()  # SIGTERM: the server shuts its kernels down
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


class Browser:
    """What the notebook page does: one websocket per kernel, messages as JSON with a channel."""

    def __init__(self, server, kernel_id):
        self.session = uuid.uuid4().hex
        url = f"ws://127.0.0.1:{server.port}/api/kernels/{kernel_id}/channels?session_id={self.session}&token={server.token}"
        self.ws = asyncio.get_event_loop().run_until_complete(websocket_connect(url))

    def run(self, code, timeout=60):
        """Sends a cell; returns (execute_reply content, the IOPub messages of the cell)."""
        msg_id = uuid.uuid4().hex
        self.ws.write_message(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": "user", "session": self.session,
                       "date": "2026-01-01T00:00:00.000000Z", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True}}))
        return asyncio.get_event_loop().run_until_complete(self._collect(msg_id, timeout))

    async def _collect(self, msg_id, timeout):
        reply, iopub, idle = None, [], False
        deadline = time.time() + timeout
        while reply is None or not idle:
            try:
                raw = await asyncio.wait_for(self.ws.read_message(), max(0.1, deadline - time.time()))
            except asyncio.TimeoutError:
                raise AssertionError(f"no execute_reply and idle within {timeout} s (reply: {reply})") from None
            assert raw is not None, "the server closed the kernel's websocket"
            m = json.loads(raw)
            if m["parent_header"].get("msg_id") != msg_id:
                continue
            if m["channel"] == "shell":
                assert m["msg_type"] == "execute_reply"
                reply = m["content"]
            elif m["channel"] == "iopub":
                iopub.append(m)
                idle = idle or (m["msg_type"] == "status" and m["content"]["execution_state"] == "idle")
        return reply, iopub

    def close(self):
        self.ws.close()


def results(iopub):
    return [m["content"]["data"]["text/plain"] for m in iopub if m["msg_type"] == "execute_result"]


@pytest.mark.parametrize("kernel_name", ["jdk17", "ranks2"])
def test_classic_notebook_runs_interrupts_restarts_and_shuts_down_the_kernel(kernel_name, tmp_path):
    asyncio.set_event_loop(asyncio.new_event_loop())
    server = NotebookServer(tmp_path)
    try:
        kernel = server.api("POST", "/api/kernels", {"name": KERNELS[kernel_name]})
        browser = Browser(server, kernel["id"])
        reply, iopub = browser.run('System.out.println("héllo ✓");\n6 * 7')
        assert reply["status"] == "ok"
        assert [m["content"]["text"] for m in iopub if m["msg_type"] == "stream"] == ["héllo ✓\n"]
        assert results(iopub) == ["42"]
        pid = int(results(browser.run("ProcessHandle.current().pid()")[1])[0])
        assert alive(pid)
        jvms = [pid, *children_of(pid)]  # with 2 ranks, rank 1's JVM too
        assert len(jvms) == (2 if kernel_name == "ranks2" else 1), jvms

        # the page's Interrupt button: the server sends interrupt_request (interrupt_mode "message")
        browser.ws.write_message(json.dumps({
            "header": {"msg_id": "loop", "msg_type": "execute_request", "username": "user", "session": browser.session,
                       "date": "2026-01-01T00:00:00.000000Z", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": "while (true) {}", "silent": False, "store_history": True, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True}}))
        time.sleep(1.5)
        server.api("POST", f"/api/kernels/{kernel['id']}/interrupt")
        reply, _ = asyncio.get_event_loop().run_until_complete(browser._collect("loop", 10))
        assert reply["status"] == "error" and reply["ename"] == "Interrupted"
        reply, iopub = browser.run("int z = 5;\nz + 1")
        assert results(iopub) == ["6"]

        # the Restart button: a fresh JVM, the old one gone
        server.api("POST", f"/api/kernels/{kernel['id']}/restart")
        assert wait_gone(jvms, 10) == [], "a JVM of the kernel outlived its restart"
        browser.close()
        browser = Browser(server, kernel["id"])
        reply, iopub = browser.run("z")
        assert reply["status"] == "error" and reply["ename"] == "CompilationError", "a restart forgets the session"
        new_pid = int(results(browser.run("ProcessHandle.current().pid()")[1])[0])
        assert new_pid != pid
        new_jvms = [new_pid, *children_of(new_pid)]
        assert len(new_jvms) == len(jvms), new_jvms
        browser.close()

        # closing the notebook's kernel (Shut Down)
        server.api("DELETE", f"/api/kernels/{kernel['id']}")
        assert wait_gone(new_jvms, 10) == [], "a JVM of the kernel outlived its shutdown"
    finally:
        server.close()
    assert wait_gone(kernels_started_under(server.runtime), 10) == [], "a kernel outlived the notebook server"
