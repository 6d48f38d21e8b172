"""Legate's --show-progress (issue 17, item 4): the driver prints a line as each array operation
starts; a kernel installed with `legate-jupyter --show-progress` shows a long cell's progress as
one line under it that updates while the cell runs and is finalised when it ends (on the wire,
after nbconvert, and in the classic Notebook's page in headless Chromium); quick cells show none."""
import json
import os
import re
import shutil
import subprocess

import pytest

from conftest import DIST, ROOT, install
from kernel_session import KernelSession

LEGATE = DIST / "bin" / "legate"
BROWSER = ROOT / "tests" / "browser"
SHOTS = ROOT / "build"

# 1 fill, then 12 times an add and a sum: 25 array operations in about 3 s
LONG = """System.out.println("before");
{
    NDArray x = np.ones(1000);
    double s = 0;
    for (int i = 0; i < 12; i++) {
        s += x.add(i).sum();
        Thread.sleep(250);
    }
    System.out.println(s);
}"""
DONE = re.compile(r"legate: done, 25 array operations in (\d+\.\d) s$")
RUNNING = re.compile(r"legate: running, (\d+) array operations? in (\d+\.\d) s(; now: .+)?$")

KERNELS = {1: install("legate-test-progress", None, "--cpus", "2", "--show-progress"),
           2: install("legate-test-progress-2r", None, "--ranks-per-node", "2", "--cpus", "1", "--show-progress")}


def test_the_installer_writes_the_option_into_the_kernelspec():
    spec = json.loads(subprocess.run(["/usr/bin/jupyter", "kernelspec", "list", "--json"], capture_output=True, text=True,
                                     check=True).stdout)["kernelspecs"][KERNELS[1]]["spec"]
    assert spec["env"]["LEGATE_SHOW_PROGRESS"] == "1", spec["env"]
    helped = subprocess.run([str(DIST / "bin" / "legate-jupyter"), "--help"], capture_output=True, text=True, check=True).stdout
    assert "--show-progress" in helped


@pytest.mark.parametrize("ranks", [1, 2])
def test_the_driver_prints_a_line_as_each_operation_starts(tmp_path, ranks):
    (tmp_path / "halo.jsh").write_text("""{
    NDArray g = np.ones(200, 50);
    for (int i = 0; i < 3; i++) g.set("1:-1", g.get("2:").add(g.get(":-2")).mul(0.5));
    System.out.println(g.sum());
}
""")
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEGATE_")}
    args = ["--ranks-per-node", "2", "--cpus", "1"] if ranks == 2 else ["--cpus", "2"]
    p = subprocess.run([str(LEGATE), *args, "--show-progress", "halo.jsh"], capture_output=True, text=True, timeout=240,
                       cwd=tmp_path, env=dict(env, LEGATE_PARTITION_THRESHOLD="64"))
    assert p.returncode == 0, p.stderr
    assert p.stdout == "10000.0\n"
    lines = [l for l in p.stderr.splitlines() if l.startswith("legate: progress: ")]
    got = [re.sub(r", at \d+\.\d{3} s$", "", l) for l in lines]
    fill = "(10000,)" if ranks == 1 else "(5000,)"  # what this rank fills: its own rows, flat
    assert got == [f"legate: progress: operation 1, fill {fill}",
                   "legate: progress: operation 2, fused add+mul (198, 50)",
                   "legate: progress: operation 3, fused add+mul (198, 50)",
                   "legate: progress: operation 4, fused add+mul (198, 50)",
                   "legate: progress: operation 5, sum (200, 50)"], p.stderr
    times = [float(re.search(r"at (\d+\.\d{3}) s$", l).group(1)) for l in lines]
    assert times == sorted(times)
    # without the option: no line
    q = subprocess.run([str(LEGATE), *args, "halo.jsh"], capture_output=True, text=True, timeout=240, cwd=tmp_path,
                       env=dict(env, LEGATE_PARTITION_THRESHOLD="64"))
    assert q.returncode == 0 and "progress" not in q.stderr, q.stderr


def progress_messages(outputs):
    return [m for m in outputs if m["msg_type"] in ("display_data", "update_display_data")]


@pytest.mark.parametrize("ranks", [1, 2])
def test_a_long_cell_shows_one_line_that_updates_and_is_finalised(ranks):
    k = KernelSession(KERNELS[ranks], env={"LEGATE_PARTITION_THRESHOLD": "64"})
    try:
        reply, first = k.execute("np.ones(10).sum()", timeout=120)  # the first cell waits for the ranks (it may show a line)
        assert reply["status"] == "ok"
        reply, quick = k.execute("np.ones(10).sum()")
        assert reply["status"] == "ok" and progress_messages(quick) == [], quick  # a quick cell: no line

        msg_id = k.kc.execute(LONG)
        reply = k.reply(msg_id, 60)
        outputs = [m for m in k.collect(msg_id, 60) if m["msg_type"] != "status"]
        assert reply["content"]["status"] == "ok"
        kinds = [m["msg_type"] for m in outputs]
        shown = progress_messages(outputs)
        # where the line first appears depends on what ran in the first second (compiling, or the code)
        assert kinds[0] == "execute_input" and kinds.count("display_data") == 1, kinds
        ids = {m["content"]["transient"]["display_id"] for m in shown}
        assert len(ids) == 1, ids  # one line, updated in place
        assert all(m["msg_type"] == "update_display_data" for m in shown[1:])
        texts = [m["content"]["data"]["text/plain"] for m in shown]
        running = [RUNNING.match(t) for t in texts[:-1]]
        assert all(running) and len(running) >= 3, texts  # about 3 s, twice a second after the first
        counts = [int(r.group(1)) for r in running]
        assert counts == sorted(counts) and 1 <= counts[0] and counts[-1] <= 25, counts
        first = shown[0]["header"]["date"] - outputs[0]["header"]["date"]
        assert first.total_seconds() >= 0.9, first  # nothing for the first second
        assert DONE.match(texts[-1]), texts[-1]
        assert 2.5 <= float(DONE.match(texts[-1]).group(1)) < 30
        assert "<progress" in shown[0]["content"]["data"]["text/html"] and "<progress" not in shown[-1]["content"]["data"]["text/html"]
        assert "".join(m["content"]["text"] for m in outputs if m["msg_type"] == "stream") == "before\n78000.0\n"
        assert kinds[-1] == "update_display_data", kinds  # finalised before the cell's reply

        # an interrupted cell and a failing one say so
        msg_id = k.start_cell("{ NDArray y = np.ones(100); while (true) { y.sum(); Thread.sleep(100); } }")
        import time
        time.sleep(2.5)  # the line shows after a second, then updates
        k.km.interrupt_kernel()
        assert k.reply(msg_id, 30)["content"]["ename"] == "Interrupted"
        shown = progress_messages(k.collect(msg_id, 30))
        assert shown, "no progress line in 2.5 s"
        last = shown[-1]["content"]["data"]["text/plain"]
        assert re.match(r"legate: interrupted, \d+ array operations in \d+\.\d s$", last), last
        reply, outputs = k.execute('{ np.ones(10).sum(); Thread.sleep(2500); throw new IllegalStateException("boom"); }')
        assert reply["status"] == "error"
        shown = progress_messages(outputs)
        assert shown, "no progress line in 2.5 s"
        last = shown[-1]["content"]["data"]["text/plain"]
        assert re.match(r"legate: failed \(java\.lang\.IllegalStateException\), 2 array operations in \d+\.\d s$", last), last
    finally:
        k.close()


def notebook(cells, name):
    return {"cells": [{"cell_type": "code", "execution_count": None, "id": f"c{i}", "metadata": {}, "outputs": [], "source": c}
                      for i, c in enumerate(cells)],
            "metadata": {"kernelspec": {"name": name, "display_name": name, "language": "java"}}, "nbformat": 4, "nbformat_minor": 5}


def test_nbconvert_keeps_the_finalised_line(tmp_path):
    path = tmp_path / "progress.ipynb"
    path.write_text(json.dumps(notebook([LONG, "6 * 7"], KERNELS[1])))
    p = subprocess.run(["/usr/bin/jupyter", "nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=120", str(path)],
                       capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert p.returncode == 0, p.stderr[-3000:]
    done = json.loads((tmp_path / "progress.nbconvert.ipynb").read_text())
    outs = done["cells"][0]["outputs"]
    lines = [o for o in outs if o["output_type"] == "display_data"]
    assert len(lines) == 1 and DONE.match("".join(lines[0]["data"]["text/plain"])), outs
    assert [o["output_type"] for o in done["cells"][1]["outputs"]] == ["execute_result"]  # a quick cell: nothing more


@pytest.mark.skipif(not (shutil.which("node") and shutil.which("chromium") and (BROWSER / "node_modules" / "playwright-core").is_dir()),
                    reason="no headless browser: node, Debian's chromium and tests/browser/node_modules "
                           "(scripts/install-deps.sh installs them)")
def test_the_classic_notebook_page_shows_the_line_updating_then_done(tmp_path):
    from test_frontends import NotebookServer
    (tmp_path / "progress.ipynb").write_text(json.dumps(notebook([LONG], KERNELS[1])))
    server = NotebookServer(tmp_path)
    try:
        SHOTS.mkdir(exist_ok=True)
        url = f"http://127.0.0.1:{server.port}/notebooks/progress.ipynb?token={server.token}"
        p = subprocess.run(["node", str(BROWSER / "check_progress.js"), url, str(SHOTS / "progress-running.png"),
                            str(SHOTS / "progress-done.png")], capture_output=True, text=True, timeout=240)
        assert p.returncode == 0, (p.stdout, p.stderr)
        seen = json.loads(p.stdout)
        assert "error" not in seen and seen["pageErrors"] == [], seen
        running = [t for t in seen["texts"] if RUNNING.match(t)]
        assert len(running) >= 2, seen["texts"]  # the user saw it change
        assert all(bar for t, bar in zip(seen["texts"], seen["withBar"]) if RUNNING.match(t)), seen
        assert DONE.match(seen["texts"][-1]) and not seen["withBar"][-1], seen
        assert seen["final"] is not None and len([t for t in seen["final"] if t.startswith("legate: ")]) == 1, seen["final"]
        # the cell's text, whole (above or below the line, as the line came before or after it)
        assert "\n".join(t for t in seen["final"] if not t.startswith("legate: ")) == "before\n78000.0", seen["final"]
        assert (SHOTS / "progress-running.png").stat().st_size > 5000
    finally:
        server.close()
