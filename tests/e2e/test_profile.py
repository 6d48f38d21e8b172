"""Legate's tools (issue 17): the driver's --profile timeline page opened in headless Chromium,
%%profile in a notebook executed by nbconvert and rendered to HTML, and the --dataflow and
--event graphs rendered by Graphviz. The page must load with no console error and no network
request, show a lane per rank and processor and the task spans a known script makes, and show a
task's details on hover; screenshots go to build/."""
import json
import os
import re
import shutil
import subprocess

import pytest

from conftest import DIST, ROOT, KERNELS

LEGATE = DIST / "bin" / "legate"
BROWSER = ROOT / "tests" / "browser"
CHECK = BROWSER / "check_profile.js"
SHOTS = ROOT / "build"

# a known script: a fill, three halo updates of a split 200x50 grid, a sum (a block: no JShell
# variables, whose values JShell would print with operations of their own)
HALO = """{
    NDArray g = np.ones(200, 50);
    for (int i = 0; i < 3; i++) g.set("1:-1", g.get("2:").add(g.get(":-2")).mul(0.5));
    System.out.println(g.sum());
}
"""


def legate(args, cwd, env_extra=None, timeout=240):
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEGATE_")}
    env.update(env_extra or {})
    return subprocess.run([str(LEGATE), *args], capture_output=True, text=True, timeout=timeout, cwd=cwd, env=env)


def browser_available():
    return shutil.which("node") and shutil.which("chromium") and (BROWSER / "node_modules" / "playwright-core").is_dir()


needs_browser = pytest.mark.skipif(not browser_available(),
                                   reason="no headless browser: node, Debian's chromium and tests/browser/node_modules "
                                          "(scripts/install-deps.sh installs them)")
needs_graphviz = pytest.mark.skipif(not (shutil.which("dot") and shutil.which("pdftoppm")),
                                    reason="no Graphviz dot or poppler's pdftoppm (scripts/install-deps.sh installs them)")


def open_in_chromium(page, shot):
    SHOTS.mkdir(exist_ok=True)
    p = subprocess.run(["node", str(CHECK), str(page), str(shot)], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, (p.stdout, p.stderr)
    return json.loads(p.stdout)


@needs_browser
def test_a_two_rank_profile_opens_in_chromium_with_a_lane_per_rank_and_processor(tmp_path):
    (tmp_path / "halo.jsh").write_text(HALO)
    p = legate(["--ranks-per-node", "2", "--cpus", "1", "--profile", "halo.jsh"], tmp_path, {"LEGATE_PARTITION_THRESHOLD": "64"})
    assert p.returncode == 0, p.stderr
    assert p.stdout == "10000.0\n"
    page = tmp_path / "legate_prof" / "index.html"
    assert f"legate: --profile: 2 ranks, 10 array operations in " in p.stderr and str(page) in p.stderr, p.stderr
    seen = open_in_chromium(page, SHOTS / "profile-two-ranks.png")
    assert seen["consoleErrors"] == [] and seen["pageErrors"] == [], seen
    assert seen["requests"] == [], "the page fetched something: " + str(seen["requests"])
    for rank in (0, 1):
        for lane in ("operations", "cpu 0", "data plane"):
            assert f"rank {rank} \u00b7 {lane}" in seen["lanes"], (rank, lane, seen["lanes"])
        tasks = {k.split("|")[2]: v for k, v in seen["perName"].items() if k.startswith(f"rank {rank} \u00b7 cpu 0|task|")}
        # --cpus 1: one task a run of rows; each update runs twice (the rows it has, then those needing the halo)
        assert tasks == {"fill": 1, "fused add+mul": 6, "sum": 1}, (rank, tasks)
        assert seen["perLane"].get(f"rank {rank} \u00b7 data plane|send", 0) > 0, seen["perLane"]
    assert [row[:2] for row in seen["table"]] == [["fused add+mul", "6"], ["sum", "2"], ["fill", "2"]] or \
        sorted(row[0] + ":" + row[1] for row in seen["table"]) == ["fill:2", "fused add+mul:6", "sum:2"], seen["table"]
    assert seen["hover"] is not None and re.match(r"(fill|fused add\+mul|sum)\nrank \d \u00b7 cpu 0\nstart .*, duration .*\nrows \d+\.\.\d+$",
                                                  seen["hover"]), seen["hover"]
    assert (SHOTS / "profile-two-ranks.png").stat().st_size > 10000


@needs_browser
def test_profile_magic_in_a_notebook_rendered_to_html(tmp_path):
    nb = {"cells": [{"cell_type": "code", "execution_count": None, "id": "c1", "metadata": {}, "outputs": [],
                     "source": "%%profile\n{\n    NDArray g = np.ones(200, 50);\n    for (int i = 0; i < 3; i++) "
                               "g.set(\"1:-1\", g.get(\"2:\").add(g.get(\":-2\")).mul(0.5));\n}\n"}],
          "metadata": {"kernelspec": {"name": KERNELS["ranks2"], "display_name": "Legate 2 ranks", "language": "java"}},
          "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "profiled.ipynb"
    path.write_text(json.dumps(nb))
    env = dict(os.environ, LEGATE_PARTITION_THRESHOLD="64")
    p = subprocess.run(["/usr/bin/jupyter", "nbconvert", "--to", "html", "--execute", "--ExecutePreprocessor.timeout=240", str(path)],
                       capture_output=True, text=True, timeout=400, env=env)
    assert p.returncode == 0, p.stderr[-3000:]
    html = tmp_path / "profiled.html"
    text = html.read_text()
    assert "2 ranks, 8 array operations in " in text, text[-3000:]  # per rank: the fill and 3 updates
    seen = open_in_chromium(html, SHOTS / "profile-magic-notebook.png")
    assert seen["pageErrors"] == [], seen
    assert not [e for e in seen["consoleErrors"] if "legate" in e.lower()], seen["consoleErrors"]
    assert "rank 1 \u00b7 cpu 0" in seen["lanes"] and "rank 0 \u00b7 data plane" in seen["lanes"], seen["lanes"]
    for rank in (0, 1):
        tasks = {k.split("|")[2]: v for k, v in seen["perName"].items() if k.startswith(f"rank {rank} \u00b7 cpu 0|task|")}
        assert tasks == {"fill": 1, "fused add+mul": 6}, (rank, tasks)
    assert seen["hover"] is not None, seen


# the dataflow of a three-operation script: np.ones fills store 0, the fused mul and add read it
# and write store 1, the sum reads store 1
THREE = "System.out.println(np.ones(10).mul(2.0).add(1.0).sum());\n"


def dot_graph(text):
    nodes = set(re.findall(r"^\s*(\w+) \[", text, re.M)) - {"node"}
    edges = set(re.findall(r"^\s*(\w+ -> \w+)", text, re.M))
    return nodes, edges


@needs_graphviz
def test_dataflow_and_event_graphs_of_a_three_operation_script(tmp_path):
    (tmp_path / "three.jsh").write_text(THREE)
    p = legate(["--cpus", "1", "--dataflow", "--event", "three.jsh"], tmp_path)
    assert p.returncode == 0, p.stderr
    assert p.stdout == "30.0\n"
    assert f"legate: --dataflow: wrote {tmp_path / 'dataflow_legate.pdf'}" in p.stderr, p.stderr
    assert f"legate: --event: wrote {tmp_path / 'event_graph_legate.pdf'}" in p.stderr, p.stderr
    dataflow = (tmp_path / "dataflow_legate.dot").read_text()
    nodes, edges = dot_graph(dataflow)
    assert nodes == {"op0", "op1", "op2", "s0", "s1"}, dataflow
    assert edges == {"op0 -> s0", "s0 -> op1", "op1 -> s1", "s1 -> op2"}, dataflow
    assert '"0: fill\\n(10,)"' in dataflow and '"1: fused mul+add\\n(10,)"' in dataflow and '"2: sum\\n(10,)"' in dataflow, dataflow
    events = (tmp_path / "event_graph_legate.dot").read_text()
    nodes, edges = dot_graph(events)
    assert nodes == {"r0_start", "r0_op0", "r0_op1", "r0_op2"}, events
    assert edges == {"r0_start -> r0_op0", "r0_op0 -> r0_op1", "r0_op1 -> r0_op2"}, events
    for name in ("dataflow_legate", "event_graph_legate"):
        pdf = tmp_path / f"{name}.pdf"
        assert pdf.read_bytes().startswith(b"%PDF"), name
        r = subprocess.run(["pdftoppm", "-png", "-r", "50", "-singlefile", str(pdf), str(tmp_path / name)], capture_output=True, text=True)
        assert r.returncode == 0 and (tmp_path / f"{name}.png").stat().st_size > 1000, r.stderr


@needs_graphviz
def test_the_event_graph_of_two_ranks_shows_the_halo_blocks(tmp_path):
    (tmp_path / "halo.jsh").write_text(HALO)
    p = legate(["--ranks-per-node", "2", "--cpus", "1", "--event", "halo.jsh"], tmp_path, {"LEGATE_PARTITION_THRESHOLD": "64"})
    assert p.returncode == 0, p.stderr
    events = (tmp_path / "event_graph_legate.dot").read_text()
    assert "subgraph cluster_rank0" in events and "subgraph cluster_rank1" in events
    blocks = re.findall(r"^\s*r(\d)_op\d+ -> r(\d)_op\d+ \[color=\"#e15759\", style=dashed, label=\"(\d+) B", events, re.M)
    assert {(a, b) for a, b, _ in blocks} >= {("0", "1"), ("1", "0")}, events  # halo rows both ways, and the sum's exchange
    assert all(int(n) > 0 for _, _, n in blocks)


def test_without_graphviz_the_driver_says_so_and_keeps_the_dot_file(tmp_path):
    (tmp_path / "three.jsh").write_text(THREE)
    bin_dir = tmp_path / "bin"  # the PATH's programs, all but Graphviz's
    bin_dir.mkdir()
    for d in os.environ["PATH"].split(os.pathsep):
        if os.path.isdir(d):
            for name in os.listdir(d):
                if name not in ("dot", "neato", "fdp", "sfdp", "circo", "twopi") and not (bin_dir / name).exists():
                    os.symlink(os.path.join(d, name), bin_dir / name)
    p = legate(["--cpus", "1", "--dataflow", "three.jsh"], tmp_path, {"PATH": str(bin_dir)})
    assert p.returncode == 0, p.stderr
    assert (f"legate: --dataflow: Graphviz's dot is not installed (Debian: apt-get install graphviz), so there is no dataflow_legate.pdf; "
            f"the graph is in {tmp_path / 'dataflow_legate.dot'}") in p.stderr, p.stderr
    assert not (tmp_path / "dataflow_legate.pdf").exists()
    assert "op0 -> s0" in (tmp_path / "dataflow_legate.dot").read_text()


def test_a_kernel_installed_with_profile_leaves_a_timeline_per_cell_that_ran_arrays(tmp_path):
    from conftest import install
    name = install("legate-test-prof2", None, "--ranks-per-node", "2", "--cpus", "1", "--profile")
    spec = json.loads(subprocess.run(["/usr/bin/jupyter", "kernelspec", "list", "--json"], capture_output=True, text=True,
                                     check=True).stdout)["kernelspecs"][name]["spec"]
    assert spec["env"]["LEGATE_PROFILE"] == "legate_prof", spec["env"]
    cells = ["{\n    NDArray g = np.ones(200, 50);\n    g.set(\"1:-1\", g.get(\"2:\").add(g.get(\":-2\")).mul(0.5));\n}",
             "int plain = 6 * 7;\nSystem.out.println(plain);",  # no arrays: no page
             "%%profile\nnp.ones(300).sum()"]  # the magic inside a profiled kernel: its own inline timeline
    nb = {"cells": [{"cell_type": "code", "execution_count": None, "id": f"c{i}", "metadata": {}, "outputs": [], "source": c}
                    for i, c in enumerate(cells)],
          "metadata": {"kernelspec": {"name": name, "display_name": name, "language": "java"}}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "every-cell.ipynb"
    path.write_text(json.dumps(nb))
    env = dict(os.environ, LEGATE_PARTITION_THRESHOLD="64")
    p = subprocess.run(["/usr/bin/jupyter", "nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=240", str(path)],
                       capture_output=True, text=True, timeout=400, env=env, cwd=tmp_path)
    assert p.returncode == 0, p.stderr[-3000:]
    done = json.loads((tmp_path / "every-cell.nbconvert.ipynb").read_text())
    assert "".join(done["cells"][1]["outputs"][0]["text"]) == "42\n"
    shown = [o for o in done["cells"][2]["outputs"] if "text/html" in o.get("data", {})]
    assert shown and "Profile: 2 ranks, 4 array operations" in "".join(shown[0]["data"]["text/plain"]), done["cells"][2]["outputs"]
    prof = tmp_path / "legate_prof"
    assert sorted(f.name for f in prof.iterdir()) == ["cell-1.html", "index.html"], list(prof.iterdir())
    page = (prof / "cell-1.html").read_text()
    data = json.loads(re.search(r'<script type="application/json" id="legate-profile-data">(.*?)</script>', page, re.S).group(1))
    assert {"rank 0 \u00b7 cpu 0", "rank 1 \u00b7 cpu 0", "rank 0 \u00b7 data plane"} <= set(data["lanes"]), data["lanes"]
    assert "2 ranks, 4 array operations" in page  # per rank: the fill and the update
    index = (prof / "index.html").read_text()
    assert '<a href="cell-1.html">cell [1]</a>: 2 ranks, 4 array operations' in index, index
